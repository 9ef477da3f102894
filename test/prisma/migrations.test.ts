// The migrations must build exactly the database prisma/schema.prisma describes: a schema change
// without a migration (see `npm run migration:new`) fails here, not in production.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";

type Shape = Record<string, { columns: unknown[]; indexes: unknown[]; foreignKeys: unknown[] }>;

function shapeOf(db: Database.Database): Shape {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(
    tables.map((table) => [
      table,
      {
        columns: db.prepare(`PRAGMA table_info("${table}")`).all(),
        indexes: (db.prepare(`PRAGMA index_list("${table}")`).all() as { name: string; unique: number }[])
          .map((index) => ({ unique: index.unique, columns: db.prepare(`PRAGMA index_info("${index.name}")`).all().map((c) => (c as { name: string }).name) }))
          .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
        foreignKeys: db.prepare(`PRAGMA foreign_key_list("${table}")`).all().map(({ id: _id, seq: _seq, ...rest }: any) => rest),
      },
    ]),
  );
}

describe("prisma/migrations", () => {
  it("builds the same tables, columns, indexes and foreign keys as prisma/schema.prisma", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const prisma = createRequire(import.meta.url).resolve("prisma/build/index.js");
    // The CLI opens the configured database even for this diff: point it at a scratch file.
    const scratch = path.join(mkdtempSync(path.join(tmpdir(), "status-atlas-diff-")), "scratch.db");
    const diff = spawnSync(process.execPath, [prisma, "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: `file:${scratch}` },
    });
    rmSync(path.dirname(scratch), { recursive: true, force: true });
    expect(diff.status, diff.stderr).toBe(0);
    const expected = new Database(":memory:");
    expected.exec(diff.stdout.replace(/^Loaded Prisma config.*$/m, ""));
    const migrated = new Database(inject("templateDatabase"), { readonly: true });
    expect(shapeOf(migrated)).toEqual(shapeOf(expected));
    expect(Object.keys(shapeOf(migrated))).toContain("StatusCode");
  });
});
