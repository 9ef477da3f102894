// SQLite, the embedded default: Prisma over better-sqlite3 through its driver adapter (no native engine).
// Other processes' commits are seen through `PRAGMA data_version` on a connection of our own.
import BetterSqlite3 from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { CONTENT_STATE_ID, READ_TIMEOUT_MS, type ContentVersionWatch, type Database } from "./database.ts";
import { DatabaseStartError, recordWriteOutcome } from "./faults.ts";
import { checkpointInBackground, type Checkpointer } from "./sqlite-checkpoints.ts";

/**
 * Commits made by this process, on any connection. A commit made in the same event-loop turn as a
 * data_version check would otherwise go unseen until the next turn (better-sqlite3 is synchronous, so a
 * whole transaction can run on microtasks alone).
 */
let localCommits = 0;

export type SqliteOptions = {
  /** Sees every SQL statement sent: tests count database round trips with it. */
  onStatement?: (sql: string) => void;
  /**
   * A server's: checkpoints of the write-ahead log run on a thread of their own (src/db/sqlite-checkpoints.ts),
   * not on the event loop at the COMMIT that fills the log; `onFailure` hears of one that failed.
   */
  backgroundCheckpoints?: { onFailure: (message: string) => void };
};

export function createSqliteDatabase(file: string, options: SqliteOptions = {}): Database {
  useWriteAheadLog(file);
  const verbose = options.onStatement ? (message?: unknown) => options.onStatement!(String(message)) : undefined;
  let checkpoints: Checkpointer | undefined;
  const writer = releasingRolledBackTransactions(new PrismaBetterSQLite3({ url: `file:${file}`, verbose }));
  if (options.backgroundCheckpoints) {
    const { onFailure } = options.backgroundCheckpoints;
    onWriterConnected(writer, (connection) => {
      // Once the writer's connection exists, so does the file the worker opens.
      connection.pragma("wal_autocheckpoint = 0");
      checkpoints ??= checkpointInBackground(file, {
        onFailure,
        // SQLite's own checkpoints again, rather than a log that grows until restart.
        onStopped: () => {
          if (connection.open) connection.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
        },
      });
    });
  }
  const prisma = new PrismaClient({ adapter: writer });
  // Read transactions get a connection of their own. The adapter runs one transaction at a time per
  // connection, so on the writer's they queued behind any write: a job's poll (GET /imports/{id}) and the
  // load of a new snapshot waited for a 101-locale import's whole transaction and timed out (P2028). In WAL
  // mode a reader on another connection sees the last commit and neither waits for nor holds back a writer.
  // Made on first use: most CLI commands never read a snapshot.
  let reader: PrismaClient | undefined;
  const readerClient = () =>
    (reader ??= new PrismaClient({
      adapter: releasingRolledBackTransactions(new PrismaBetterSQLite3({ url: `file:${file}`, verbose })),
    }));
  const watches = new Set<ContentVersionWatch>();
  return {
    provider: "sqlite",
    prisma,
    // SQLite has one isolation level, SERIALIZABLE: every statement of the transaction reads the same
    // committed state. In WAL mode a reader holds back no writer: a long load (101 locales on a loaded
    // machine) may take its time.
    readSnapshot: (read) => readerClient().$transaction(read, { timeout: READ_TIMEOUT_MS }),
    async write(write) {
      try {
        const result = await prisma.$transaction(write, { timeout: 120_000, maxWait: 10_000 });
        checkpoints?.committed();
        recordWriteOutcome(prisma);
        return result;
      } catch (error) {
        recordWriteOutcome(prisma, error);
        throw error;
      } finally {
        localCommits++;
      }
    },
    async watchContentVersion() {
      const watch = watchDataVersion(file);
      watches.add(watch);
      return watch;
    },
    async close() {
      await Promise.all([...watches].map((w) => w.close()));
      await Promise.all([prisma.$disconnect(), reader?.$disconnect()]);
      await checkpoints?.close();
    },
  };
}

/**
 * SQLite rolls a transaction back by itself on SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY or SQLITE_NOMEM
 * (sqlite.org/lang_transaction.html, "Response To Errors Within A Transaction"). Prisma then sends ROLLBACK,
 * which fails ("no transaction is active"), and so never calls the adapter's rollback(), which releases the
 * adapter's one-transaction-at-a-time lock: every later write waited for it until its maxWait ran out, for as
 * long as the process lived. Here ROLLBACK with no transaction open is the no-op it should be, so the lock
 * is released, and the error Prisma reports is the one that made the write fail.
 *
 * In WAL mode most writes reach the disk at COMMIT, so that is where a full disk fails them, and after a
 * failed COMMIT Prisma sends nothing more at all: the transaction is ended and the lock released here.
 */
function releasingRolledBackTransactions(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      const executeRaw = transaction.executeRaw.bind(transaction);
      // The adapter's transaction runs on the adapter's better-sqlite3 connection, which says whether one is open.
      const connection = (transaction as unknown as { client: BetterSqlite3.Database }).client;
      transaction.executeRaw = async (query) => {
        if (query.sql === "ROLLBACK" && !connection.inTransaction) return 0;
        if (query.sql !== "COMMIT") return executeRaw(query);
        try {
          return await executeRaw(query);
        } catch (error) {
          // Prisma neither rolls back nor calls commit() or rollback() after a failed COMMIT: end the
          // transaction (SQLite may have rolled it back already) and release the lock here.
          if (connection.inTransaction) {
            try {
              connection.prepare("ROLLBACK").run();
            } catch {
              // The error that failed the COMMIT is the one to report.
            }
          }
          await transaction.rollback();
          throw error;
        }
      };
      return transaction;
    };
    return adapter;
  };
  return factory;
}

/** SQLite's default wal_autocheckpoint (sqlite.org/pragma.html#pragma_wal_autocheckpoint). */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/** Calls `connected` with the better-sqlite3 connection of each adapter `factory` connects. */
function onWriterConnected(
  factory: PrismaBetterSQLite3,
  connected: (connection: BetterSqlite3.Database) => void,
): void {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    // The adapter keeps its connection as `client` (@prisma/adapter-better-sqlite3), as its transactions do above.
    connected((adapter as unknown as { client: BetterSqlite3.Database }).client);
    return adapter;
  };
}

/**
 * In WAL mode a reader's transaction keeps its snapshot while another connection commits, and a writer
 * never waits for readers: a server loading a snapshot and a CLI import do not block each other. The
 * mode is stored in the file, so setting it once per open is enough; a file that does not exist yet
 * (before the first migration) is left alone.
 */
function useWriteAheadLog(file: string): void {
  let connection: BetterSqlite3.Database;
  try {
    connection = new BetterSqlite3(file, { fileMustExist: true });
  } catch {
    return;
  }
  try {
    connection.pragma("journal_mode = WAL");
  } catch (error) {
    // The first write of a start-up: a file that cannot be written fails here, and would fail every write after.
    const { code, message } = error as { code?: string; message?: string };
    throw new DatabaseStartError(
      `The SQLite database ${file} cannot be written (${code ?? "error"}: ${message ?? String(error)}): make the file, its folder (SQLite keeps -wal and -shm files beside it) and its filesystem writable by this process.`,
      { cause: error },
    );
  } finally {
    connection.close();
  }
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
  // Not read-only: in WAL mode a read-only connection cannot create the shared-memory file it needs.
  const connection = new BetterSqlite3(file, { fileMustExist: true });
  const dataVersion = connection.prepare("PRAGMA data_version").pluck();
  const contentVersion = connection
    .prepare(`SELECT version FROM "ContentState" WHERE id = ${CONTENT_STATE_ID}`)
    .pluck();
  let seenDataVersion = -1;
  let version = 0;
  let checkedThisTurn = false;
  let checkedAtCommit = -1;
  return {
    latest() {
      if (checkedThisTurn && checkedAtCommit === localCommits) return version;
      checkedAtCommit = localCommits;
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
