// The process's one database: the one DATABASE_URL names, opened on first use so that commands which never
// query it don't connect. It sits above both `env.ts` and `db/`, which therefore need not know each other.
import { openDatabase, type Database, type DatabaseOptions } from "./db/index.ts";
import { env } from "./env.ts";
import type { Logger, OutageLog } from "./logger.ts";

let shared: Database | undefined;
/** The first caller's options hold (src/db/index.ts). */
export function database(options: DatabaseOptions = {}): Database {
  return (shared ??= openDatabase(env.database, options));
}

/**
 * The database as a server opens it: a lost PostgreSQL watch goes to the outage log, and SQLite checkpoints
 * on a thread of its own (src/db/sqlite-checkpoints.ts), so a large commit does not stop the event loop.
 */
export function serverDatabase(logger: Logger, outage: OutageLog): Database {
  return database({
    onWatchError: (message) => outage.failed(message),
    backgroundCheckpoints: { onFailure: (message) => logger.warn(message) },
  });
}
