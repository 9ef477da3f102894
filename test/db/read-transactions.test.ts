// A snapshot is loaded inside one read transaction. On a loaded machine a full or large delta load of 101
// locales takes seconds; with Prisma's default 5 s the load failed on every retry and the server stayed on
// its old version (src/db/database.ts, READ_TIMEOUT_MS).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContentVersion } from "../../src/db/database.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe("a read transaction", () => {
  it("may outlast Prisma's 5 s default and still read what it began with", { timeout: 30_000 }, async () => {
    const read = await db.readSnapshot(async (tx) => {
      const before = await readContentVersion(tx);
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      return { before, after: await readContentVersion(tx) };
    });
    expect(read.after).toBe(read.before);
  });
});
