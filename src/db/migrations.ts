// Whether a database already has every migration this build ships, asked of the database itself, so that
// `start` spawns Prisma's migrate CLI (a second of start-up) only when there is something to apply.
import { readdirSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../paths.ts";
import type { Database } from "./database.ts";

/** The provider's migrations folder, as prisma.config.ts names it. */
function migrationsDir(db: Database): string {
  return path.join(projectRoot, db.provider === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations");
}

/** Migration names this build ships that the database has not finished applying; all of them when it has none. */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const shipped = readdirSync(migrationsDir(db), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  let applied: Set<string>;
  try {
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    applied = new Set(rows.map((row) => row.migration_name));
  } catch {
    // No migrations table (a new database): everything is pending.
    return shipped;
  }
  return shipped.filter((name) => !applied.has(name));
}
