// Chooses the database from DATABASE_URL and holds the process's one connection to it.
import { env } from "../env.ts";
import type { Database } from "./database.ts";
import { createSqliteDatabase } from "./sqlite.ts";

export type { ContentVersionWatch, Database, Provider, Tx } from "./database.ts";

export function createDatabase(url: string = env.DATABASE_URL): Database {
  return createSqliteDatabase(url.replace(/^file:/, ""));
}

/** The process's database, opened on first use so that commands which never query it don't connect. */
let shared: Database | undefined;
export function database(): Database {
  return (shared ??= createDatabase());
}
