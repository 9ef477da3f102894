// The Prisma client singleton, over better-sqlite3 through Prisma's driver adapter (no native engine).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { env } from "./env.ts";

/** `onStatement` sees every SQL statement sent to SQLite: tests count database round trips with it. */
export function createPrisma(databaseFile: string = env.databaseFile, onStatement?: (sql: string) => void): PrismaClient {
  const verbose = onStatement ? (message?: unknown) => onStatement(String(message)) : undefined;
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${databaseFile}`, verbose }) });
}

export const prisma: PrismaClient = createPrisma();
