// The Prisma client singleton, over better-sqlite3 through Prisma's driver adapter (no native engine).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { env } from "./env.ts";

export function createPrisma(databaseFile: string = env.databaseFile): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${databaseFile}` }) });
}

export const prisma: PrismaClient = createPrisma();
