// src/db/postgres-migrate-adapter.ts works around bugs of the plain PrismaPg adapter in the migrate path.
// Each "still needs" test checks one bug on the plain adapter: when one fails, that bug is fixed upstream
// and its part of the workaround can go (all of them: delete the file and use PrismaPg in prisma.config.ts).
import { PrismaPg } from "@prisma/adapter-pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PrismaPgForMigrate } from "../../src/db/postgres-migrate-adapter.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { admin } from "../helpers/postgres.ts";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.close();
});

const query = (sql: string) => ({ sql, args: [], argTypes: [] });
const CATALOG_QUERY = query(
  `SELECT 'ContentState'::name AS table_name, 'r'::"char" AS kind, ARRAY['a'::name] AS names`,
);

describe("the plain PrismaPg adapter (6.19.3) still needs the migrate workaround", () => {
  it('cannot read `name` and "char" columns, which schema introspection reads (prisma/orm#27403)', async () => {
    const adapter = await new PrismaPg({ connectionString: db.url }).connect();
    try {
      await expect(adapter.queryRaw(CATALOG_QUERY)).rejects.toMatchObject({
        cause: { kind: "UnsupportedNativeDataType" },
      });
    } finally {
      await adapter.dispose();
    }
  });

  it("connects its shadow database to the main database when given a connection string", async () => {
    const factory = new PrismaPg({ connectionString: db.url });
    const shadow = await factory.connectToShadowDb();
    try {
      const result = await shadow.queryRaw(query("SELECT current_database()::text AS name"));
      expect(result.rows[0]?.[0]).toBe(new URL(db.url).pathname.slice(1));
    } finally {
      await shadow.dispose().catch(() => {});
      await dropShadowDatabases();
    }
  });

  it("splits scripts on every semicolon, string literals included", async () => {
    const adapter = await new PrismaPg({ connectionString: db.url }).connect();
    try {
      await expect(adapter.executeScript(`SELECT 'a;b'`)).rejects.toBeDefined();
    } finally {
      await adapter.dispose();
    }
  });
});

describe("PrismaPgForMigrate", () => {
  it("reads catalog columns as text", async () => {
    const adapter = await new PrismaPgForMigrate(db.url).connect();
    try {
      const result = await adapter.queryRaw(CATALOG_QUERY);
      expect(result.rows).toEqual([["ContentState", "r", ["a"]]]);
    } finally {
      await adapter.dispose();
    }
  });

  it("gives the shadow database a database of its own and drops it when done", async () => {
    const shadow = await new PrismaPgForMigrate(db.url).connectToShadowDb();
    const result = await shadow.queryRaw(query("SELECT current_database()::text"));
    const name = String(result.rows[0]?.[0]);
    expect(name).toMatch(/^prisma_migrate_shadow_db_/);
    await shadow.dispose();
    const left = await admin(
      db.url,
      async (client) => (await client.query(`SELECT datname FROM pg_database WHERE datname = $1`, [name])).rows,
    );
    expect(left).toEqual([]);
  });

  it("sends a script whole, as the native engine does", async () => {
    const adapter = await new PrismaPgForMigrate(db.url).connect();
    try {
      await adapter.executeScript(`CREATE TABLE "Scratch" (note text); INSERT INTO "Scratch" VALUES ('a;b');`);
      expect((await adapter.queryRaw(query(`SELECT note FROM "Scratch"`))).rows).toEqual([["a;b"]]);
    } finally {
      await adapter.dispose();
    }
  });
});

/** The plain adapter's shadow databases, which its dispose may fail to drop. */
async function dropShadowDatabases(): Promise<void> {
  await admin(db.url, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`,
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
