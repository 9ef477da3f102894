// A model keeps LOCALES_KEPT locales built (src/read/model.ts): at 101 locales every locale built was about
// 100 MB of a server's heap (#21). The least recently used is built again when asked, and serves the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extraLocales } from "../../bench/corpus.ts";
import type { ContentSet } from "../../src/content/records.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { loadStoredContent } from "../../src/read/load.ts";
import { buildContentModel, LOCALES_KEPT } from "../../src/read/model.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
let content: ContentSet;
/** The seeds with Vietnamese cloned under codes xaa, xab, …: more locales than a model keeps built. */
const clones = extraLocales(LOCALES_KEPT + 6);
beforeAll(async () => {
  db = await createTestDatabase();
  expect((await runImport(db, { dir: SEEDS_DIR })).ok).toBe(true);
  const seeds = await loadStoredContent(db.prisma);
  const vi = <T extends { locale: string }>(list: readonly T[]) => list.filter((item) => item.locale === "vi");
  const cloned = <T extends { locale: string }>(list: readonly T[]) => [
    ...list,
    ...clones.flatMap((locale) => vi(list).map((item) => ({ ...item, locale }))),
  ];
  content = {
    ...seeds,
    locales: [
      ...seeds.locales,
      ...clones.map((code, i) => ({
        code,
        name: code,
        nativeName: code,
        fallback: "en",
        position: seeds.locales.length + i,
      })),
    ],
    codeTranslations: cloned(seeds.codeTranslations),
    comparisonTranslations: cloned(seeds.comparisonTranslations),
    messages: cloned(seeds.messages),
  };
});
afterAll(async () => {
  await db.close();
});

describe("a model read in more locales than it keeps built", () => {
  it("keeps the most recently used locales' objects and builds the oldest again, equal to what it was", () => {
    const model = buildContentModel(content);
    const first = new Map(clones.map((locale) => [locale, model.codeView(404, locale)]));
    const newest = clones.at(-1)!;
    const oldest = clones[0]!;
    // The newest is still built: the very same object.
    expect(model.codeView(404, newest)).toBe(first.get(newest));
    // The oldest was let go: built again, and the same by value.
    const again = model.codeView(404, oldest);
    expect(again).not.toBe(first.get(oldest));
    expect(again).toEqual(first.get(oldest));
    expect(model.compare(401, 403, oldest)).toEqual(buildContentModel(content).compare(401, 403, oldest));
  });

  it("keeps as many as it is told to (MODEL_LOCALES_KEPT): every locale's objects, when that covers them all", () => {
    const model = buildContentModel(content, { localesKept: clones.length + 2 });
    const first = new Map(clones.map((locale) => [locale, model.codeView(404, locale)]));
    for (const locale of clones) expect(model.codeView(404, locale)).toBe(first.get(locale));
  });

  it("hands the next version the locales it kept, in their order of use", () => {
    const model = buildContentModel(content);
    for (const locale of clones) model.codeView(404, locale);
    const kept = clones.slice(-LOCALES_KEPT);
    const next = buildContentModel(content, { previous: { model, stale: new Set() } });
    for (const locale of kept) expect(next.codeView(404, locale)).toBe(model.codeView(404, locale));
    expect(next.codeView(404, clones[0]!)).not.toBe(model.codeView(404, clones[0]!));
  });
});
