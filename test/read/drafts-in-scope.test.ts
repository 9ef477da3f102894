// An edit reads its scope's drafts with one raw statement (src/read/load.ts), and a read in pages resumes
// after the last (unit, locale) it read. Both must pick exactly the drafts the scope names, in key order, on
// both providers: a draft missed is a translator's work dropped from the check and the CONFLICT payload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_SCOPE, type ContentScope } from "../../src/content/scope.ts";
import { loadStoredContent, ROWS_PER_STATEMENT } from "../../src/read/load.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

const LOCALES = ["de", "vi", "vi-x-b"];
// More rows than one statement takes, so a read in pages has to resume after a key at least once.
const CODES = Array.from({ length: Math.ceil((ROWS_PER_STATEMENT * 1.5) / LOCALES.length) }, (_, i) => 100 + i);
const rows = CODES.flatMap((code) =>
  LOCALES.map((locale) => ({
    unit: `code.${code}`,
    locale,
    text: JSON.stringify({ summary: `${code} ${locale}` }),
    state: code % 2 ? "draft" : "reviewed",
    sourceHash: code % 3 ? `hash-${code}` : null,
  })),
);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.translationDraft.createMany({
    data: [...rows, { unit: "comparison.401-vs-403", locale: "vi", text: "{}", state: "draft", sourceHash: null }],
  });
});
afterAll(async () => {
  await db.close();
});

const keys = (content: { drafts?: readonly { locale: string; code?: number; codeA?: number }[] }) =>
  (content.drafts ?? []).map((d) => `${"code" in d ? `code.${d.code}` : `comparison.${d.codeA}`}:${d.locale}`);
const expected = (pick: (row: (typeof rows)[number]) => boolean) =>
  rows
    .filter(pick)
    .map((r) => ({ key: `${r.unit}:${r.locale}`, unit: r.unit, locale: r.locale }))
    .sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : a.locale < b.locale ? -1 : 1))
    .map((r) => r.key);

const everyCode: ContentScope = {
  ...EMPTY_SCOPE,
  drafts: CODES.map((code) => ({ unit: `code.${code}`, locales: "all" })),
};

describe("a scope's drafts", () => {
  it("are the named unit's drafts in the named locales, with their text, state and source hash", async () => {
    const read = await loadStoredContent(db.prisma, {
      ...EMPTY_SCOPE,
      drafts: [{ unit: "code.101", locales: ["vi", "de", "fr"] }],
    });
    expect(read.drafts).toEqual([
      { code: 101, locale: "de", text: { summary: "101 de" }, state: "draft", sourceHash: "hash-101", file: "" },
      { code: 101, locale: "vi", text: { summary: "101 vi" }, state: "draft", sourceHash: "hash-101", file: "" },
    ]);
  });

  it("are every locale's for a unit asked in all, and none for a unit asked in no locale", async () => {
    const read = await loadStoredContent(db.prisma, {
      ...EMPTY_SCOPE,
      drafts: [
        { unit: "code.102", locales: "all" },
        { unit: "code.103", locales: [] },
      ],
    });
    expect(keys(read)).toEqual(expected((r) => r.unit === "code.102"));
  });

  it("are read whole in pages, each resuming after the last key read, as in one statement", async () => {
    let pauses = 0;
    const inPages = (scope: ContentScope) =>
      loadStoredContent(db.prisma, scope, undefined, async () => {
        pauses++;
      });
    const paged = await inPages(everyCode);
    const statements = pauses;
    pauses = 0;
    await inPages({ ...EMPTY_SCOPE, drafts: [{ unit: "code.101", locales: "all" }] });
    expect(keys(paged)).toEqual(expected(() => true));
    expect(paged.drafts).toEqual((await loadStoredContent(db.prisma, everyCode)).drafts);
    // One statement more than for a single unit's drafts: the first page was full, and a second resumed.
    expect(statements - pauses).toBe(1);
  });

  it("are not read without a scope that asks for them", async () => {
    expect((await loadStoredContent(db.prisma)).drafts).toEqual([]);
    expect((await loadStoredContent(db.prisma, EMPTY_SCOPE)).drafts).toEqual([]);
  });
});
