// Chooses the database from DATABASE_URL and holds the process's one connection to it.
import { env } from "../env.ts";
import type { Database } from "./database.ts";
import { createPostgresDatabase, type PostgresOptions } from "./postgres.ts";
import { createSqliteDatabase } from "./sqlite.ts";
import { parseDatabaseUrl, type DatabaseLocation } from "./url.ts";

export type { ContentVersionWatch, Database, Provider, Tx } from "./database.ts";
export { databaseUrlOf, describeDatabase, parseDatabaseUrl, type DatabaseLocation } from "./url.ts";

/** `options.onWatchError`: where PostgreSQL's content-version watch reports a lost connection (the server's outage log). */
export function openDatabase(location: DatabaseLocation, options: Pick<PostgresOptions, "onWatchError"> = {}): Database {
  return location.provider === "sqlite" ? createSqliteDatabase(location.file) : createPostgresDatabase(location.url, options);
}

/** Opens the database a DATABASE_URL names (default: the one in the environment). */
export function createDatabase(url?: string): Database {
  if (url === undefined) return openDatabase(env.database);
  const parsed = parseDatabaseUrl(url);
  if (!parsed.ok) throw new Error(`DATABASE_URL ${parsed.message}`);
  return openDatabase(parsed.location);
}

/** The process's database, opened on first use so that commands which never query it don't connect. The first caller's options hold. */
let shared: Database | undefined;
export function database(options: Pick<PostgresOptions, "onWatchError"> = {}): Database {
  return (shared ??= openDatabase(env.database, options));
}
