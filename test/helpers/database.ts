// A migrated database of the test's own, on the project's provider (SQLite or PostgreSQL), and a Prisma
// client that counts SQL statements.
import { randomUUID } from "node:crypto";
import { copyFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { afterEach, beforeEach, inject } from "vitest";
import { readContentVersion } from "../../src/db/database.ts";
import { createDatabase, type Database } from "../../src/db/index.ts";
import { createPostgresDatabase } from "../../src/db/postgres.ts";
import { createSqliteDatabase } from "../../src/db/sqlite.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { admin, withDatabase } from "./postgres.ts";

export type TestDatabase = Database & {
  /** A scratch directory of the test's own, removed with the database. */
  dir: string;
  /** SQL statements sent since the last reset (transaction control included). */
  statements: string[];
  /** The DATABASE_URL a child process (the CLI, a server) uses to open this database. */
  url: string;
  /** Another connection to the same database, as another process would have. */
  openAnother(): Database;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-test-"));
  const statements: string[] = [];
  const onStatement = (sql: string) => void statements.push(sql);
  let url: string;
  let database: Database;
  let drop = async () => {};
  if (inject("provider") === "postgresql") {
    const adminUrl = inject("postgresAdminUrl");
    const name = `${inject("postgresPrefix")}_${randomUUID().replaceAll("-", "")}`;
    await admin(adminUrl, (client) =>
      client.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDatabase")}"`),
    );
    url = withDatabase(adminUrl, name);
    database = createPostgresDatabase(url, { onStatement });
    drop = () =>
      admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {});
  } else {
    const file = path.join(dir, "test.db");
    copyFileSync(inject("templateDatabase"), file);
    url = `file:${file}`;
    database = createSqliteDatabase(file, { onStatement });
  }
  return {
    ...database,
    dir,
    statements,
    url,
    openAnother: () => createDatabase(url),
    async close() {
      await database.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A database with nothing in it, not even migrations, on the project's provider: what a first deploy meets. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (inject("provider") === "postgresql") {
    const adminUrl = inject("postgresAdminUrl");
    const name = `${inject("postgresPrefix")}_empty_${randomUUID().replaceAll("-", "")}`;
    await admin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    return {
      url: withDatabase(adminUrl, name),
      drop: () =>
        admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-empty-"));
  return {
    url: `file:${path.join(dir, "status-atlas.db")}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Resolves once this process knows of the database's current content version: at once on SQLite (its
 * watch asks on every request), when the notification arrives on PostgreSQL. What a replica's next
 * request after an import by another process can rely on.
 */
export async function untilCurrent(db: Database): Promise<number> {
  const version = await readContentVersion(db.prisma);
  const watch = await db.watchContentVersion();
  try {
    if (watch.latest() < version) {
      await new Promise<void>((resolve) => {
        const off = watch.onChange((known) => {
          if (known >= version) {
            off();
            resolve();
          }
        });
      });
    }
    return version;
  } finally {
    await watch.close();
  }
}

export const SEEDS_DIR = path.resolve(import.meta.dirname, "../../seeds");
export const FIXTURES_DIR = path.resolve(import.meta.dirname, "../fixtures");

/** A writable copy of a content folder, for tests that edit files. */
export function copyContent(from: string = SEEDS_DIR): string {
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-content-"));
  cpSync(from, dir, { recursive: true });
  return dir;
}

/** For every test of the file: an empty, migrated database of its own, closed after the test. Read `db` inside tests. */
export function useTestDatabase(): { readonly db: TestDatabase } {
  let current: TestDatabase | undefined;
  beforeEach(async () => {
    current = await createTestDatabase();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get db() {
      if (!current) throw new Error("useTestDatabase: read db inside a test or hook, not while the file loads");
      return current;
    },
  };
}

/**
 * For every test of the file: a database of its own with a writable copy of seeds/ imported into it,
 * closed and removed after the test. Read `db` and `dir` inside tests: each test gets new ones.
 */
export function useImportedCopy(): { readonly db: TestDatabase; readonly dir: string } {
  let current: { db: TestDatabase; dir: string } | undefined;
  beforeEach(async () => {
    const db = await createTestDatabase();
    const dir = copyContent();
    current = { db, dir };
    const report = await runImport(db, { dir });
    if (!report.ok) throw new Error(`importing a copy of seeds/ failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
  });
  afterEach(async () => {
    if (!current) return;
    await current.db.close();
    rmSync(current.dir, { recursive: true, force: true });
    current = undefined;
  });
  const now = () => {
    if (!current) throw new Error("useImportedCopy: read db and dir inside a test or hook, not while the file loads");
    return current;
  };
  return {
    get db() {
      return now().db;
    },
    get dir() {
      return now().dir;
    },
  };
}

/** Every content table as plain rows, to compare the database before and after. */
export async function snapshotContent(prisma: PrismaClient) {
  const [locales, codes, related, codeTexts, comparisons, comparisonTexts, messages, revisions] = await Promise.all([
    prisma.locale.findMany({ orderBy: { code: "asc" } }),
    prisma.statusCode.findMany({ orderBy: { code: "asc" } }),
    prisma.relatedCode.findMany({ orderBy: [{ fromCode: "asc" }, { toCode: "asc" }] }),
    prisma.statusCodeTranslation.findMany({ orderBy: [{ code: "asc" }, { locale: "asc" }] }),
    prisma.comparison.findMany({ orderBy: [{ codeA: "asc" }, { codeB: "asc" }] }),
    prisma.comparisonTranslation.findMany({ orderBy: [{ codeA: "asc" }, { codeB: "asc" }, { locale: "asc" }] }),
    prisma.message.findMany({ orderBy: [{ locale: "asc" }, { key: "asc" }] }),
    prisma.sourceRevision.findMany({ orderBy: { hash: "asc" } }),
  ]);
  return { locales, codes, related, codeTexts, comparisons, comparisonTexts, messages, revisions };
}
