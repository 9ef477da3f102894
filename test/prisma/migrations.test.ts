// The migrations must build exactly the database the schema describes, on each provider: a schema change
// without a migration (see `npm run migration:new`) fails here, not in production.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { admin, withDatabase } from "../helpers/postgres.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PRISMA = createRequire(import.meta.url).resolve("prisma/build/index.js");

/** What `prisma migrate diff --from-empty` says a new database should run to match the schema. */
function schemaFromEmpty(schema: string, databaseUrl: string): string {
  const diff = spawnSync(
    process.execPath,
    [PRISMA, "migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: databaseUrl },
    },
  );
  expect(diff.status, diff.stderr).toBe(0);
  return diff.stdout.replace(/^Loaded Prisma config.*$/m, "");
}

type SqliteShape = Record<string, { columns: unknown[]; indexes: unknown[]; foreignKeys: unknown[] }>;

function sqliteShapeOf(db: Database.Database): SqliteShape {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((table) => [
      table,
      {
        columns: db.prepare(`PRAGMA table_info("${table}")`).all(),
        indexes: (db.prepare(`PRAGMA index_list("${table}")`).all() as { name: string; unique: number }[])
          .map((index) => ({
            unique: index.unique,
            columns: db
              .prepare(`PRAGMA index_info("${index.name}")`)
              .all()
              .map((c) => (c as { name: string }).name),
          }))
          .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
        foreignKeys: db
          .prepare(`PRAGMA foreign_key_list("${table}")`)
          .all()
          .map(({ id: _id, seq: _seq, ...rest }: any) => rest),
      },
    ]),
  );
}

/** Tables, columns (type, nullability, default), indexes and constraints of the public schema. */
async function postgresShapeOf(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = async (sql: string) => (await client.query(sql)).rows;
    return {
      columns:
        await rows(`SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`),
      indexes: await rows(
        `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`,
      ),
      constraints:
        await rows(`SELECT t.relname AS table_name, k.conname, pg_get_constraintdef(k.oid) AS definition FROM pg_constraint k
        JOIN pg_class t ON t.oid = k.conrelid WHERE k.connamespace = 'public'::regnamespace AND t.relname <> '_prisma_migrations' ORDER BY k.conname`),
    };
  } finally {
    await client.end();
  }
}

describe.runIf(inject("provider") === "sqlite")("prisma/migrations (SQLite)", () => {
  it("builds the same tables, columns, indexes and foreign keys as prisma/schema.prisma", () => {
    // The CLI opens the configured database even for this diff: point it at a scratch file.
    const scratch = path.join(mkdtempSync(path.join(tmpdir(), "status-atlas-diff-")), "scratch.db");
    const script = schemaFromEmpty("prisma/schema.prisma", `file:${scratch}`);
    rmSync(path.dirname(scratch), { recursive: true, force: true });
    const expected = new Database(":memory:");
    expected.exec(script);
    const migrated = new Database(inject("templateDatabase"), { readonly: true });
    expect(sqliteShapeOf(migrated)).toEqual(sqliteShapeOf(expected));
    expect(Object.keys(sqliteShapeOf(migrated))).toContain("StatusCode");
  });
});

describe.runIf(inject("provider") === "postgresql")("prisma/postgresql/migrations (PostgreSQL)", () => {
  it("builds the same tables, columns, indexes and constraints as prisma/postgresql/schema.prisma", async () => {
    const adminUrl = inject("postgresAdminUrl");
    const prefix = inject("postgresPrefix");
    // The template itself must stay free of connections (it is copied while this runs): copy it.
    const migrated = `${prefix}_migrated_${randomUUID().replaceAll("-", "")}`;
    const scratch = `${prefix}_expected_${randomUUID().replaceAll("-", "")}`;
    await admin(adminUrl, async (client) => {
      await client.query(`CREATE DATABASE "${migrated}" TEMPLATE "${inject("templateDatabase")}"`);
      await client.query(`CREATE DATABASE "${scratch}"`);
    });
    try {
      const script = schemaFromEmpty("prisma/postgresql/schema.prisma", withDatabase(adminUrl, scratch));
      // Applied by PostgreSQL itself, whole, in one implicit transaction.
      const client = new pg.Client({ connectionString: withDatabase(adminUrl, scratch) });
      await client.connect();
      await client.query(script);
      await client.end();
      const [got, want] = await Promise.all([
        postgresShapeOf(withDatabase(adminUrl, migrated)),
        postgresShapeOf(withDatabase(adminUrl, scratch)),
      ]);
      expect(got).toEqual(want);
      expect(got.columns.map((c) => c.table_name)).toContain("StatusCode");
      // Beyond what the schema can say: the version row and the trigger that announces its changes.
      const extras = await admin(withDatabase(adminUrl, migrated), async (c) => ({
        state: (await c.query(`SELECT id, version FROM "ContentState"`)).rows,
        triggers: (
          await c.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = '"ContentState"'::regclass AND NOT tgisinternal`)
        ).rows.map((r) => r.tgname),
      }));
      expect(extras).toEqual({ state: [{ id: 1, version: 0 }], triggers: ["ContentState_notify_version"] });
    } finally {
      await admin(adminUrl, async (client) => {
        for (const name of [migrated, scratch]) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    }
  });
});
