// SQLite, the embedded default: Prisma over better-sqlite3 through its driver adapter (no native engine).
// Other processes' commits are seen through `PRAGMA data_version` on a connection of our own.
import BetterSqlite3 from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { CONTENT_STATE_ID, type ContentVersionWatch, type Database } from "./database.ts";

export type SqliteOptions = {
  /** Sees every SQL statement sent: tests count database round trips with it. */
  onStatement?: (sql: string) => void;
};

export function createSqliteDatabase(file: string, options: SqliteOptions = {}): Database {
  const verbose = options.onStatement ? (message?: unknown) => options.onStatement!(String(message)) : undefined;
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, verbose }) });
  const watches = new Set<ContentVersionWatch>();
  return {
    provider: "sqlite",
    prisma,
    // SQLite has one isolation level, SERIALIZABLE: every statement of the transaction reads the same
    // committed state. The adapter runs one transaction at a time per connection.
    readSnapshot: (read) => prisma.$transaction(read),
    async watchContentVersion() {
      const watch = watchDataVersion(file);
      watches.add(watch);
      return watch;
    },
    async close() {
      await Promise.all([...watches].map((w) => w.close()));
      await prisma.$disconnect();
    },
  };
}

/**
 * `PRAGMA data_version` changes whenever another connection commits, and costs one call: it is checked
 * once per event-loop turn (every request handled in a turn was read from its socket before the turn's
 * first check, so none can have arrived after a commit the check missed), and only when it moved is the
 * content version read, synchronously, on the same connection.
 */
function watchDataVersion(file: string): ContentVersionWatch {
  // A connection of its own: data_version only reports commits made by *other* connections, and
  // Prisma's writes come through a different one.
  const connection = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const dataVersion = connection.prepare("PRAGMA data_version").pluck();
  const contentVersion = connection.prepare(`SELECT version FROM "ContentState" WHERE id = ${CONTENT_STATE_ID}`).pluck();
  let seenDataVersion = -1;
  let version = 0;
  let checkedThisTurn = false;
  return {
    latest() {
      if (checkedThisTurn) return version;
      const now = dataVersion.get() as number;
      if (now !== seenDataVersion) {
        seenDataVersion = now;
        version = Number((contentVersion.get() as number | bigint | undefined) ?? 0);
      }
      checkedThisTurn = true;
      setImmediate(() => {
        checkedThisTurn = false;
      });
      return version;
    },
    // Pull-based: requests learn of new versions through latest().
    onChange: () => () => {},
    async close() {
      connection.close();
    },
  };
}
