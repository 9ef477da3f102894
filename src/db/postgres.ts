// PostgreSQL: Prisma over node-postgres through @prisma/adapter-pg (no native engine). Other processes'
// commits are announced by a trigger on ContentState (prisma/postgresql/migrations) with NOTIFY, heard on
// a dedicated LISTEN connection.
import { createRequire } from "node:module";
import type { PrismaPg as PrismaPgAdapter } from "@prisma/adapter-pg";
import type pg from "pg";
import type { PrismaClient as SqlitePrismaClient } from "@prisma/client";
// The client generated from prisma/postgresql/schema.prisma (see its generator `output`).
import type { PrismaClient as PostgresPrismaClient } from "../../node_modules/.prisma/postgresql/index.js";
import {
  CONTENT_STATE_ID,
  READ_TIMEOUT_MS,
  readContentVersion,
  type ContentVersionWatch,
  type Database,
} from "./database.ts";
import { recordWriteOutcome } from "./faults.ts";

/** The channel the ContentState trigger notifies, with the new version as payload. */
export const CONTENT_VERSION_CHANNEL = "status_atlas_content_version";

/** How long close() waits for pooled connections still in use. */
const CLOSE_WAIT_MS = 10_000;

/** Shown in pg_stat_activity, so an operator can tell the listener from the pool's connections. */
export const WATCH_APPLICATION_NAME = "status-atlas content-version watch";

export type PostgresOptions = {
  /** Sees every SQL statement sent by the Prisma client: tests count database round trips with it. */
  onStatement?: (sql: string) => void;
  /** Where the watch reports a lost or refused connection; it keeps retrying either way. */
  onWatchError?: (message: string) => void;
  /** Reconnection delays of the watch: the first retry waits `minMs`, doubling up to `maxMs`. */
  reconnect?: { minMs: number; maxMs: number };
};

/**
 * node-postgres, its Prisma adapter and the PostgreSQL client, loaded when a PostgreSQL database is opened:
 * a server on the SQLite default never pays for loading them (cold start, bench/cold-start.ts). All three
 * are CommonJS, so they load synchronously; `.prisma/postgresql` is a name only require() resolves.
 */
let modules: { pg: typeof pg; PrismaPg: typeof PrismaPgAdapter; PrismaClient: typeof PostgresPrismaClient } | undefined;
function postgresModules() {
  const require = createRequire(import.meta.url);
  return (modules ??= {
    pg: require("pg") as typeof pg,
    PrismaPg: (require("@prisma/adapter-pg") as { PrismaPg: typeof PrismaPgAdapter }).PrismaPg,
    PrismaClient: (require(".prisma/postgresql") as { PrismaClient: typeof PostgresPrismaClient }).PrismaClient,
  });
}

export function createPostgresDatabase(url: string, options: PostgresOptions = {}): Database {
  const { pg, PrismaPg, PrismaClient } = postgresModules();
  // A query waiting for a pooled connection gives up after 30 s with an error instead of waiting forever:
  // a request or a job should fail and say so, never hang (pg's default is no limit).
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: 30_000,
    Client: options.onStatement ? recordingClient(options.onStatement) : pg.Client,
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  // One LISTEN connection per process, shared by every watch: all of them learn of a version in the
  // same event, so whatever one watcher saw, the others' latest() already says.
  let listener: Promise<Listener> | undefined;
  const handles = new Set<ContentVersionWatch>();
  // The two generated clients have the same models but are distinct types; this cast is the one place
  // they meet, and nothing outside src/db/ sees the PostgreSQL client's type.
  const client = prisma as unknown as SqlitePrismaClient;
  return {
    provider: "postgresql",
    prisma: client,
    // REPEATABLE READ: every statement of the transaction reads the snapshot taken by its first one.
    // Starting one means taking a pooled connection (maybe opening it) and two statements: Prisma's
    // default 2 s wait for that is too short on a loaded machine.
    // Prisma's default 5 s would end a full or large delta load on a loaded machine (101 locales, an import
    // running): such a load would then fail on every retry, and the server stay on its old version.
    readSnapshot: (read) =>
      prisma.$transaction((tx) => read(tx as never), {
        isolationLevel: "RepeatableRead",
        maxWait: 10_000,
        timeout: READ_TIMEOUT_MS,
      }),
    // READ COMMITTED is enough: a write's first statement is claimNextVersion's conditional UPDATE, which
    // takes ContentState's row lock, so concurrent writers are serialized on it and all but one give up.
    async write(write, options) {
      let result: Awaited<ReturnType<typeof write>>;
      try {
        result = await prisma.$transaction((tx) => write(tx as never), { timeout: 120_000, maxWait: 10_000 });
      } catch (error) {
        recordWriteOutcome(client, error);
        throw error;
      }
      recordWriteOutcome(client);
      // This process's own request right after its own write must see it, and the NOTIFY may still be
      // on its way: the write says which version it left, or the database is asked once (as the SQLite
      // watch counts local commits). A draft save spares one of its round trips so.
      if (listener) (await listener).advance(options?.versionAfter?.(result) ?? (await readContentVersion(client)));
      return result;
    },
    async watchContentVersion() {
      const shared = await (listener ??= listenForVersions(url, options));
      const subscriptions = new Set<() => void>();
      const handle: ContentVersionWatch = {
        latest: shared.latest,
        onChange(callback) {
          const off = shared.onChange(callback);
          subscriptions.add(off);
          return () => {
            subscriptions.delete(off);
            off();
          };
        },
        async close() {
          for (const off of subscriptions) off();
          handles.delete(handle);
          // The last watch closed: nobody needs the connection any more.
          if (handles.size === 0 && listener) {
            listener = undefined;
            await shared.close();
          }
        },
      };
      handles.add(handle);
      return handle;
    },
    async close() {
      await Promise.all([...handles].map((w) => w.close()));
      // Disconnecting waits for every pooled connection to come back. One held by a transaction that never
      // ends would make close(), and so a shutdown, wait forever: after CLOSE_WAIT_MS it is left behind,
      // and said so. (A test teardown once waited here past its 60 s limit.)
      const disconnected = prisma.$disconnect().then(() => true);
      const waited = new Promise<false>((resolve) => setTimeout(() => resolve(false), CLOSE_WAIT_MS).unref());
      if (!(await Promise.race([disconnected, waited]))) {
        console.warn(
          `PostgreSQL: ${pool.totalCount - pool.idleCount} connection(s) still in use ${CLOSE_WAIT_MS} ms after close(); not waiting for them`,
        );
      }
    },
  };
}

/** A pg client class that reports the text of every query it sends. */
function recordingClient(onStatement: (sql: string) => void): typeof pg.Client {
  const { pg } = postgresModules();
  return class RecordingClient extends pg.Client {
    // pg's overloads make a faithful override signature unreadable; the arguments are passed on as given.
    // biome-ignore lint/suspicious/noExplicitAny: the override must accept and return what every overload does.
    override query(...args: unknown[]): any {
      const [config] = args;
      const text = typeof config === "string" ? config : (config as { text?: string } | undefined)?.text;
      if (text) onStatement(text);
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
  } as typeof pg.Client;
}

/** "host:port: cause", for messages about a connection that failed. */
export function describeConnectionFailure(url: string, error: unknown): string {
  const { hostname, port, pathname } = new URL(url);
  const cause =
    error instanceof Error
      ? `${(error as NodeJS.ErrnoException).code ? `${(error as NodeJS.ErrnoException).code} ` : ""}${error.message}`
      : String(error);
  return `PostgreSQL at ${hostname}:${port || 5432}${pathname} is unreachable: ${cause}`;
}

/**
 * Listens for the content version on a connection of its own (a pooled connection cannot hold LISTEN).
 * After every (re)connect it LISTENs first and then reads the version: a commit landing in between is
 * either read or notified, so a notification missed while disconnected cannot leave this process stale.
 * A lost connection is retried with exponential backoff until close().
 */
type Listener = ContentVersionWatch & { advance(version: number): void };

async function listenForVersions(url: string, options: PostgresOptions): Promise<Listener> {
  const { minMs, maxMs } = options.reconnect ?? { minMs: 100, maxMs: 10_000 };
  const report = options.onWatchError ?? ((message: string) => console.warn(`content-version watch: ${message}`));
  const listeners = new Set<(version: number) => void>();
  let version = 0;
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;

  const advance = (next: number) => {
    if (!Number.isSafeInteger(next) || next <= version) return;
    version = next;
    for (const listener of listeners) listener(next);
  };

  const connect = async (): Promise<void> => {
    retry = undefined;
    if (closed) return;
    const candidate = new (postgresModules().pg.Client)({
      connectionString: url,
      application_name: WATCH_APPLICATION_NAME,
    });
    client = candidate;
    // 'error' and 'end' both mean this connection is gone; whichever comes first schedules one retry.
    const lost = (error?: unknown) => {
      if (client !== candidate) return;
      client = undefined;
      candidate.removeAllListeners("notification");
      candidate.end().catch(() => {});
      if (closed) return;
      if (error) report(describeConnectionFailure(url, error));
      const delay = Math.min(maxMs, minMs * 2 ** failures++);
      retry = setTimeout(() => void connect(), delay);
      // The watch must not be what keeps a process alive; a server has its listening socket for that.
      retry.unref();
    };
    candidate.on("error", lost);
    candidate.on("end", () => lost(new Error("connection closed")));
    candidate.on("notification", (message) => {
      if (message.channel === CONTENT_VERSION_CHANNEL) advance(Number(message.payload));
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${CONTENT_VERSION_CHANNEL}`);
      const { rows } = await candidate.query<{ version: number }>(`SELECT version FROM "ContentState" WHERE id = $1`, [
        CONTENT_STATE_ID,
      ]);
      if (client !== candidate) return;
      failures = 0;
      advance(Number(rows[0]?.version ?? 0));
    } catch (error) {
      lost(error);
    }
  };

  // The first attempt is awaited so that latest() is right from the start when the database is up; when
  // it is not, the watch keeps retrying and requests meanwhile read the database directly.
  await connect();
  return {
    latest: () => version,
    advance,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      listeners.clear();
      await current?.end().catch(() => {});
    },
  };
}
