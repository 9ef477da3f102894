// Chooses the database from DATABASE_URL and holds the process's one connection to it.
import type { Database } from "./database.ts";
import { createPostgresDatabase, type PostgresOptions } from "./postgres.ts";
import { createSqliteDatabase } from "./sqlite.ts";
import { parseDatabaseUrl, type DatabaseLocation } from "./url.ts";

export type { ContentVersionWatch, Database, Provider, Tx } from "./database.ts";
export { databaseUrlOf, describeDatabase, parseDatabaseUrl, type DatabaseLocation } from "./url.ts";

/** `options.onWatchError`: where PostgreSQL's content-version watch reports a lost connection (the server's outage log). */
export function openDatabase(
  location: DatabaseLocation,
  options: Pick<PostgresOptions, "onWatchError"> = {},
): Database {
  return location.provider === "sqlite"
    ? createSqliteDatabase(location.file)
    : createPostgresDatabase(location.url, options);
}

/** Opens the database a DATABASE_URL names. */
export function createDatabase(url: string): Database {
  const parsed = parseDatabaseUrl(url);
  if (!parsed.ok) throw new Error(`DATABASE_URL ${parsed.message}`);
  return openDatabase(parsed.location);
}
