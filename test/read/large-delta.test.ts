// A server moving to a version that changed thousands of units (a release adding 19 locales): the delta is
// read in pages of bounded statements, with the event loop turning between them (src/read/load.ts
// readInPages). One statement naming every changed row passed SQLite's limit on parameters (P2029), so the
// server stayed on its old version for good, and compiling it held the loop for seconds at 101 locales.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/corpus.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { createContentStore, type SnapshotLoad } from "../../src/read/store.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
let corpus: string;
beforeAll(async () => {
  corpus = generateCorpus(21);
  db = await createTestDatabase();
  expect((await runImport(db, { dir: SEEDS_DIR })).ok).toBe(true);
});
afterAll(async () => {
  await db.close();
  rmSync(corpus, { recursive: true, force: true });
});

const sorted = (list: readonly unknown[]) => list.map((item) => JSON.stringify(item)).sort();

describe("a server following a release of 19 new locales", () => {
  it("moves by one delta of every changed unit, read in pages while requests are answered", {
    timeout: 120_000,
  }, async () => {
    const loads: SnapshotLoad[] = [];
    const store = createContentStore(db, { onLoad: (load) => loads.push(load) });
    try {
      const before = await store.ready();
      const imported = await runImport(db, { dir: corpus });
      expect(imported).toMatchObject({ ok: true, applied: true });
      db.statements.length = 0;
      // Turns of the event loop while the load runs: a load in one piece would leave this at 0 or 1.
      let turns = 0;
      let loading = true;
      const spin = () => {
        turns++;
        if (loading) setImmediate(spin);
      };
      setImmediate(spin);
      const moved = await store.ready().finally(() => (loading = false));
      expect(moved.version).toBe(before.version + 1);
      expect(loads.at(-1)).toMatchObject({ kind: "delta", from: before.version, to: moved.version });
      expect(loads.at(-1)!.units).toBeGreaterThan(2_500);
      expect(turns).toBeGreaterThan(2);
      // Code texts alone are 1,470 rows: more than one statement, none naming them all.
      const codeTextReads = db.statements.filter((sql) =>
        /FROM [`"]?\w*[`"]?\.?[`"]?StatusCodeTranslation[`"]?/.test(sql),
      );
      expect(codeTextReads.length).toBeGreaterThan(1);
      for (const sql of db.statements) expect(sql.match(/\?|\$\d+/g)?.length ?? 0).toBeLessThan(999);
      // What a server loading everything now serves.
      const full = createContentStore(db);
      const fresh = await full.ready();
      await full.close();
      expect(fresh.version).toBe(moved.version);
      for (const key of [
        "locales",
        "codes",
        "codeTranslations",
        "comparisons",
        "comparisonTranslations",
        "messages",
      ] as const)
        expect(sorted(moved.content[key])).toEqual(sorted(fresh.content[key]));
      expect(new Map([...moved.revisions].sort())).toEqual(new Map([...fresh.revisions].sort()));
      expect(moved.model.codeView(404, "xaa")).toEqual(fresh.model.codeView(404, "xaa"));
      expect(moved.model.compare(401, 403, "xas")).toEqual(fresh.model.compare(401, 403, "xas"));
    } finally {
      await store.close();
    }
  });
});
