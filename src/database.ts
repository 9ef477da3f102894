// The process's one database: the one DATABASE_URL names, opened on first use so that commands which never
// query it don't connect. It sits above both `env.ts` and `db/`, which therefore need not know each other.
import { openDatabase, type Database } from "./db/index.ts";
import type { PostgresOptions } from "./db/postgres.ts";
import { env } from "./env.ts";

let shared: Database | undefined;
/** The first caller's options hold. `onWatchError`: where PostgreSQL's content-version watch reports a lost connection. */
export function database(options: Pick<PostgresOptions, "onWatchError"> = {}): Database {
  return (shared ??= openDatabase(env.database, options));
}
