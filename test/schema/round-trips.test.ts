import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runImport } from "../../src/pipeline/import.ts";
import { createTestDatabase, FIXTURES_DIR, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";
import { createTestServer } from "../helpers/graphql.ts";

const PAGE = `{ statusCodes(first: 50) { totalCount edges { node { code title related { code title classLabel related { code } } } } } }`;
const databases: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.close()));
});

/** Queries sent, leaving out transaction control (PostgreSQL's BEGIN and SET TRANSACTION are two statements). */
const queries = (db: TestDatabase) =>
  db.statements.filter((sql) => !/^\s*(BEGIN|COMMIT|ROLLBACK|SET TRANSACTION)\b/i.test(sql)).length;

/** SQL statements one request costs, on a cold read model and on a warm one. */
async function statementsFor(contentDir: string) {
  const db = await createTestDatabase();
  databases.push(db);
  expect((await runImport(db, { dir: contentDir })).ok).toBe(true);
  const server = createTestServer(db, { responseCache: false });
  db.statements.length = 0;
  const cold = await server.query(PAGE);
  expect(cold.errors).toBeUndefined();
  const coldCount = queries(db);
  db.statements.length = 0;
  await server.query(PAGE);
  const warmCount = queries(db);
  server.close();
  return { coldCount, warmCount, codes: cold.data!.statusCodes.totalCount as number };
}

describe("database round trips", () => {
  it("are a small constant for 50 codes with nested related codes, whatever the corpus size", async () => {
    const full = await statementsFor(SEEDS_DIR);
    const small = await statementsFor(path.join(FIXTURES_DIR, "content-min"));
    expect(full.codes).toBe(70);
    expect(small.codes).toBe(3);
    // One statement per table of the read model, loaded once per content version.
    expect(full.coldCount).toBeLessThanOrEqual(10);
    expect(full.coldCount).toBe(small.coldCount);
    // Until the content changes, requests do not touch Prisma at all.
    expect(full.warmCount).toBe(0);
  });
});
