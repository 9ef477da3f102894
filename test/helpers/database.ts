// A migrated SQLite database of the test's own, and a Prisma client that counts SQL statements.
import { copyFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { inject } from "vitest";
import { createPrisma } from "../../src/db.ts";

export type TestDatabase = {
  file: string;
  dir: string;
  prisma: PrismaClient;
  /** SQL statements sent since the last reset. */
  statements: string[];
  close(): Promise<void>;
};

export function createTestDatabase(): TestDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(inject("templateDatabase"), file);
  const statements: string[] = [];
  const prisma = createPrisma(file, (sql) => statements.push(sql));
  return {
    file,
    dir,
    prisma,
    statements,
    async close() {
      await prisma.$disconnect();
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
