// `start` asks the database whether a migration is due before spawning Prisma's CLI for it.
import { afterEach, describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { createDatabase } from "../../src/db/index.ts";
import { pendingMigrations } from "../../src/db/migrations.ts";
import { migrateDatabase } from "../../src/cli/migrate.ts";
import { createEmptyDatabase, createTestDatabase } from "../helpers/database.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("pending migrations", () => {
  it("are none on a migrated database", async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.close());
    expect(await pendingMigrations(db)).toEqual([]);
  });

  it("are every migration on a new database, and none once migrate has run", async () => {
    const empty = await createEmptyDatabase();
    cleanups.push(() => empty.drop());
    const db = createDatabase(empty.url);
    cleanups.push(() => db.close());
    const shipped = readdirSync(db.provider === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations", {
      withFileTypes: true,
    })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect((await pendingMigrations(db)).sort()).toEqual(shipped.sort());
    migrateDatabase(empty.url);
    expect(await pendingMigrations(db)).toEqual([]);
  });
});
