// The code_storage migration adds a column and fixes data already stored: a database is right before its
// next import, and that import does not refuse codes no one edited as "changed through the API". Run on
// each provider against a database built by the migrations before it, in the order they are shipped.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createEmptyDatabase } from "../helpers/database.ts";

const MIGRATION = "20261207065431_code_storage";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A connection that runs whole migration scripts and plain queries, on either provider. */
type Sql = { script(sql: string): Promise<void>; rows<T>(sql: string): Promise<T[]>; close(): Promise<void> };

async function connect(url: string): Promise<Sql> {
  if (inject("provider") === "postgresql") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // Without parameters pg sends the simple query protocol, which runs a script of several statements.
    return {
      script: async (sql) => void (await client.query(sql)),
      rows: async (sql) => (await client.query(sql)).rows,
      close: () => client.end(),
    };
  }
  const db = new Database(url.replace(/^file:/, ""));
  return {
    script: async (sql) => void db.exec(sql),
    rows: async <T>(sql: string) => db.prepare(sql).all() as T[],
    close: async () => void db.close(),
  };
}

const folder = () => (inject("provider") === "postgresql" ? "prisma/postgresql/migrations" : "prisma/migrations");
const migrations = () =>
  readdirSync(folder(), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
const migration = (name: string) => readFileSync(path.join(folder(), name, "migration.sql"), "utf8");

// The columns StatusCode had before this migration: rows as an earlier release stored them.
const COLUMNS = `"code", "class", "reasonPhrase", "registryStatus", "specDocument", "specSection", "specUrl", "cacheable", "retry", "hasBody", "auth", "headers", "file"`;
const row = (code: number, cacheable: boolean) =>
  `(${code}, '${Math.floor(code / 100)}xx', 'Phrase', 'permanent', 'RFC 9110', '15', 'https://www.rfc-editor.org/rfc/rfc9110', ${cacheable}, 'no', true, 'none', '[]', 'codes/en/${code}.md')`;

describe("the code_storage migration", () => {
  it("comes after main's content_changes_and_draft_state on both providers", () => {
    for (const dir of ["prisma/migrations", "prisma/postgresql/migrations"]) {
      const names = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
      expect(names.indexOf(MIGRATION), dir).toBeGreaterThan(
        names.indexOf("20261207065406_content_changes_and_draft_state"),
      );
      expect(names.indexOf("20261207065406_content_changes_and_draft_state"), dir).toBeGreaterThan(-1);
    }
  });

  it("forbids storage for 1xx and RFC 6585's codes, and forgets the import bases only of code facts no one edited through the API", async () => {
    const empty = await createEmptyDatabase();
    cleanups.push(() => empty.drop());
    const sql = await connect(empty.url);
    cleanups.push(() => sql.close());
    const all = migrations();
    expect(all).toContain(MIGRATION);
    for (const name of all.slice(0, all.indexOf(MIGRATION))) await sql.script(migration(name));

    const codes = [100, 103, 200, 404, 428, 429, 431, 451, 511, 520];
    await sql.script(
      `INSERT INTO "StatusCode" (${COLUMNS}) VALUES ${codes.map((c) => row(c, c === 200 || c === 404)).join(", ")}`,
    );
    await sql.script(`INSERT INTO "ImportBase" ("unit", "hash") VALUES
      ('code:100', 'a'), ('code:200', 'b'), ('code:404', 'c'), ('code:429', 'd'), ('code.404', 'e'), ('comparison:401-vs-403', 'f')`);
    // 404's facts were edited through the API; 200's English text was, which is not its facts' unit; 100 was
    // only ever imported.
    await sql.script(`INSERT INTO "HistoryEntry" ("version", "actor", "unit", "locale", "field", "before", "after") VALUES
      (2, 'editor-token', 'code.404', NULL, 'cacheable', 'false', 'true'),
      (3, 'editor-token', 'code.200', 'en', 'summary', '"a"', '"b"'),
      (4, 'import', 'code.100', NULL, 'retry', '"no"', '"not-applicable"')`);

    await sql.script(migration(MIGRATION));

    const storage = await sql.rows<{ code: number; storage: string }>(
      `SELECT "code", "storage" FROM "StatusCode" ORDER BY "code"`,
    );
    expect(storage.map((r) => `${r.code} ${r.storage}`)).toEqual([
      "100 forbidden",
      "103 forbidden",
      "200 allowed",
      "404 allowed",
      "428 forbidden",
      "429 forbidden",
      "431 forbidden",
      "451 allowed",
      "511 forbidden",
      "520 allowed",
    ]);
    const bases = await sql.rows<{ unit: string }>(`SELECT "unit" FROM "ImportBase"`);
    // Kept: the facts edited through the API (a change on both sides is still refused) and every unit that is
    // not a code's facts.
    expect(bases.map((b) => b.unit).sort()).toEqual(["code.404", "code:404", "comparison:401-vs-403"]);
  });
});
