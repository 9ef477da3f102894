// The bulk INSERT the write path uses for its large batches: rows read back exactly as createMany's do, on
// both providers, and a row that leaves a column to chance is refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertRows, MAX_BOUND_VALUES, STATEMENT_CHARS, upsertRow } from "../../src/db/bulk.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.close();
});

const entry = (unit: string, at: Date) => ({
  version: 7,
  at,
  actor: "import",
  importRunId: null,
  unit,
  locale: "vi",
  field: "*",
  before: null,
  after: JSON.stringify({ title: "Không tìm thấy", quote: 'it\'s "quoted"; DROP TABLE x; --' }),
  note: null,
});

describe("insertRows", () => {
  it("stores rows that read back exactly as the same rows written by createMany", async () => {
    const at = new Date("2026-12-07T10:11:12.345Z");
    await db.write(async (tx) => {
      await tx.historyEntry.createMany({ data: [entry("code.404", at)] });
      expect(await insertRows(tx, "HistoryEntry", [entry("code.404", at)])).toBe(1);
    });
    const [byPrisma, byInsert] = await db.prisma.historyEntry.findMany({ orderBy: { id: "asc" } });
    expect(byInsert).toEqual({ ...byPrisma, id: byPrisma!.id + 1 });
    expect(byInsert!.at.toISOString()).toBe("2026-12-07T10:11:12.345Z");
  });

  it("splits rows into statements under the providers' limit of bound values, and inserts every row", async () => {
    // Numbers only: no text, so only the bound values cut the statements (STATEMENT_CHARS counts text).
    const rows = Array.from({ length: Math.ceil(MAX_BOUND_VALUES / 2) + 5 }, (_, i) => ({ codeA: i, codeB: i + 1 }));
    db.statements.length = 0;
    const inserted = await db.write((tx) => insertRows(tx, "Comparison", rows));
    expect(inserted).toBe(rows.length);
    expect(await db.prisma.comparison.count()).toBe(rows.length);
    expect(db.statements.filter((sql) => /INSERT INTO "Comparison"/.test(sql))).toHaveLength(2);
  });

  it("cuts statements at STATEMENT_CHARS of text, so the client's debug history holds little of a large import", async () => {
    const at = new Date();
    const rows = Array.from({ length: 10 }, (_, i) => ({
      ...entry(`code.${i}`, at),
      after: "x".repeat(STATEMENT_CHARS / 4),
    }));
    db.statements.length = 0;
    // `between` (an import job's pause) runs after each statement, so requests are answered between them.
    const between: number[] = [];
    const counted = () => db.statements.filter((sql) => /INSERT INTO "HistoryEntry"/.test(sql)).length;
    expect(await db.write((tx) => insertRows(tx, "HistoryEntry", rows, async () => void between.push(counted())))).toBe(
      10,
    );
    // 4 rows reach the limit, so 4 + 4 + 2.
    expect(counted()).toBe(3);
    expect(between).toEqual([1, 2, 3]);
    expect((await db.prisma.historyEntry.findMany({ select: { after: true } })).map((r) => r.after)).toEqual(
      rows.map((r) => r.after),
    );
  });

  it("refuses a row without a DateTime column createMany would have filled in, and writes nothing", async () => {
    const { at: _at, ...withoutTime } = entry("code.404", new Date());
    await expect(db.write((tx) => insertRows(tx, "HistoryEntry", [withoutTime as never]))).rejects.toThrow(
      /HistoryEntry\.at must be given/,
    );
    expect(await db.prisma.historyEntry.count()).toBe(0);
  });

  it("refuses a row missing a column the first row has, and a column the table does not have", async () => {
    const first = entry("code.404", new Date());
    const { note: _note, ...second } = entry("code.405", new Date());
    await expect(db.write((tx) => insertRows(tx, "HistoryEntry", [first, second as never]))).rejects.toThrow(
      /HistoryEntry\.note is missing from a row/,
    );
    await expect(
      db.write((tx) => insertRows(tx, "ImportBase", [{ unit: "code.404", hash: "h", extra: 1 } as never])),
    ).rejects.toThrow(/ImportBase has no column extra/);
    expect(await db.prisma.historyEntry.count()).toBe(0);
  });
});

describe("upsertRow", () => {
  it("creates the row its key names, then updates that row alone, as Prisma's upsert would", async () => {
    const key = { unit: "code.404", locale: "vi" };
    const other = { unit: "code.410", locale: "vi", text: '{"title":"Gone"}', state: "draft", sourceHash: "b" };
    await db.prisma.translationDraft.create({ data: other });
    await db.write((tx) =>
      upsertRow(tx, "TranslationDraft", key, { text: '{"title":"Không tìm thấy"}', state: "draft", sourceHash: null }),
    );
    await db.write((tx) =>
      upsertRow(tx, "TranslationDraft", key, { text: '{"title":"Không thấy"}', state: "reviewed", sourceHash: "a" }),
    );
    expect(await db.prisma.translationDraft.findMany({ orderBy: { unit: "asc" } })).toEqual([
      { ...key, text: '{"title":"Không thấy"}', state: "reviewed", sourceHash: "a" },
      other,
    ]);
  });

  it("refuses a column the table does not have, an undefined value and a missing DateTime, and writes nothing", async () => {
    const key = { unit: "code.404", locale: "vi" };
    await expect(
      db.write((tx) => upsertRow(tx, "TranslationDraft", key, { text: "{}", state: "draft", colour: "red" })),
    ).rejects.toThrow(/TranslationDraft has no column colour/);
    await expect(
      db.write((tx) => upsertRow(tx, "TranslationDraft", key, { text: "{}", state: undefined, sourceHash: null })),
    ).rejects.toThrow(/TranslationDraft\.state is undefined/);
    await expect(db.write((tx) => upsertRow(tx, "HistoryEntry", { id: 1 }, { version: 1 }))).rejects.toThrow(
      /HistoryEntry\.at must be given/,
    );
    expect(await db.prisma.translationDraft.count()).toBe(0);
  });
});
