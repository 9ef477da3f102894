// An edit takes a scope's published records from the snapshot of the version it reads instead of the
// database (src/editorial/write.ts). That is right only if publishedInScope picks exactly what
// loadStoredContent reads for the same scope: compared here, scope by scope, on both providers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_SCOPE, publishedInScope, type ContentScope } from "../../src/content/scope.ts";
import type { ContentSet } from "../../src/content/records.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { loadStoredContent } from "../../src/read/load.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
let everything: ContentSet;
beforeAll(async () => {
  db = await createTestDatabase();
  const imported = await runImport(db, { dir: SEEDS_DIR });
  if (!imported.ok) throw new Error("seeds/ did not import");
  everything = await loadStoredContent(db.prisma);
});
afterAll(async () => {
  await db.close();
});

/** A content set without drafts, its records in one order, so two reads of the same rows compare equal. */
function published(content: ContentSet) {
  const by = (key: (r: any) => string) => (a: unknown, b: unknown) => key(a).localeCompare(key(b));
  return {
    locales: content.locales,
    codes: [...content.codes].sort(by((c) => String(c.code))),
    codeTranslations: [...content.codeTranslations].sort(by((t) => `${t.code} ${t.locale}`)),
    comparisons: [...content.comparisons].sort(by((c) => `${c.codeA} ${c.codeB}`)),
    comparisonTranslations: [...content.comparisonTranslations].sort(by((t) => `${t.codeA} ${t.codeB} ${t.locale}`)),
    messages: [...content.messages].sort(by((m) => `${m.locale} ${m.key}`)),
  };
}

const scopes: [string, ContentScope][] = [
  ["a code's text in vi and en", { ...EMPTY_SCOPE, codes: [404], codeTexts: [{ code: 404, locales: ["en", "vi"] }] }],
  ["codes that are and are not stored", { ...EMPTY_SCOPE, codes: [404, 410, 999] }],
  ["every code", { ...EMPTY_SCOPE, codes: "all" }],
  ["a pair in every locale", { ...EMPTY_SCOPE, codes: [401, 403], pairs: [{ a: 401, b: 403, locales: "all" }] }],
  ["a pair that is not curated", { ...EMPTY_SCOPE, pairs: [{ a: 100, b: 599, locales: ["vi"] }] }],
  ["one locale's messages", { ...EMPTY_SCOPE, messages: ["vi"] }],
  ["every locale's messages", { ...EMPTY_SCOPE, messages: "all" }],
  ["nothing", EMPTY_SCOPE],
];

describe("publishedInScope", () => {
  it.each(scopes)("picks from the whole content what the database holds for %s", async (_name, scope) => {
    const fromDatabase = await loadStoredContent(db.prisma, scope);
    expect(published(publishedInScope(everything, scope))).toEqual(published(fromDatabase));
  });

  it("found something in each scope that names something stored", () => {
    const sizes = scopes.map(([, scope]) => {
      const picked = publishedInScope(everything, scope);
      return (
        picked.codes.length +
        picked.codeTranslations.length +
        picked.comparisonTranslations.length +
        picked.messages.length
      );
    });
    // Not a comparison of two empty sets: every scope but the last two names stored rows.
    expect(sizes.filter((n) => n > 0)).toHaveLength(scopes.length - 2);
  });
});
