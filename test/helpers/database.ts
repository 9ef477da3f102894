// A migrated SQLite database of the test's own, and a Prisma client that counts SQL statements.
import { copyFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { inject } from "vitest";
import type { Database } from "../../src/db/index.ts";
import { createSqliteDatabase } from "../../src/db/sqlite.ts";

export type TestDatabase = Database & {
  file: string;
  dir: string;
  /** SQL statements sent since the last reset. */
  statements: string[];
  /** The DATABASE_URL a child process (the CLI, a server) uses to open this database. */
  url: string;
};

export function createTestDatabase(): TestDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(inject("templateDatabase"), file);
  const statements: string[] = [];
  const database = createSqliteDatabase(file, { onStatement: (sql) => statements.push(sql) });
  return {
    ...database,
    file,
    dir,
    statements,
    url: `file:${file}`,
    async close() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const SEEDS_DIR = path.resolve(import.meta.dirname, "../../seeds");
export const FIXTURES_DIR = path.resolve(import.meta.dirname, "../fixtures");

/** A writable copy of a content folder, for tests that edit files. */
export function copyContent(from: string = SEEDS_DIR): string {
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-content-"));
  cpSync(from, dir, { recursive: true });
  return dir;
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
