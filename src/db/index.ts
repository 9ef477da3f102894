// Chooses the database from DATABASE_URL and holds the process's one connection to it.
import type { Database } from "./database.ts";
import { createPostgresDatabase, type PostgresOptions } from "./postgres.ts";
import { createSqliteDatabase, type SqliteOptions } from "./sqlite.ts";
import { parseDatabaseUrl, type DatabaseLocation } from "./url.ts";

export type { ContentVersionWatch, Database, Provider, Tx } from "./database.ts";
export { databaseUrlOf, describeDatabase, parseDatabaseUrl, type DatabaseLocation } from "./url.ts";

/**
 * `options.onWatchError`: where PostgreSQL's content-version watch reports a lost connection (the server's
 * outage log). `options.backgroundCheckpoints`: a server's, for SQLite (src/db/sqlite-checkpoints.ts).
 */
export function openDatabase(location: DatabaseLocation, options: DatabaseOptions = {}): Database {
  return location.provider === "sqlite"
    ? createSqliteDatabase(location.file, { backgroundCheckpoints: options.backgroundCheckpoints })
    : createPostgresDatabase(location.url, { onWatchError: options.onWatchError });
}

export type DatabaseOptions = Pick<PostgresOptions, "onWatchError"> & Pick<SqliteOptions, "backgroundCheckpoints">;

/** Opens the database a DATABASE_URL names. */
export function createDatabase(url: string): Database {
  const parsed = parseDatabaseUrl(url);
  if (!parsed.ok) throw new Error(`DATABASE_URL ${parsed.message}`);
  return openDatabase(parsed.location);
}
