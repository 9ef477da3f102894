// The one interface the rest of src/ has to the database. Which provider runs (SQLite or PostgreSQL) is
// known only inside src/db/: callers get a Prisma client, a read snapshot and a content-version watch.
import type { Prisma, PrismaClient } from "@prisma/client";

export type Provider = "sqlite" | "postgresql";

/** The client inside a transaction. Both providers' generated clients have the same models. */
export type Tx = Prisma.TransactionClient;

export type Database = {
  /** For logs and /ready only: nothing outside src/db/ branches on it. */
  readonly provider: Provider;
  readonly prisma: PrismaClient;
  /**
   * Runs `read` in one transaction that sees a single committed state of the database (a SQLite read
   * transaction; REPEATABLE READ on PostgreSQL), so what it returns never mixes two content versions.
   */
  readSnapshot<T>(read: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `write` in one write transaction. Every content write goes through here. `versionAfter` names the
   * content version the write left (its claim, or the version a draft write read): the watch learns it
   * from the result instead of asking the database once more after the commit.
   */
  write<T>(write: (tx: Tx) => Promise<T>, options?: WriteOptions<T>): Promise<T>;
  /** Subscribes to content-version changes made by any process on this database. */
  watchContentVersion(): Promise<ContentVersionWatch>;
  close(): Promise<void>;
};

export type WriteOptions<T> = { versionAfter?: (result: T) => number };

export type ContentVersionWatch = {
  /**
   * The newest committed content version this process knows of. Cheap enough to call per request: it
   * never waits for the database (SQLite checks `data_version` once per event-loop turn; PostgreSQL
   * keeps what the last LISTEN notification or re-read after a reconnect said).
   */
  latest(): number;
  /** Called when a newer version becomes known without a request asking (push-based providers). */
  onChange(listener: (version: number) => void): () => void;
  close(): Promise<void>;
};

/** The single row of ContentState: the content version every content write moves forward. */
export const CONTENT_STATE_ID = 1;

/** Raw: every edit reads it twice and every snapshot load once, and a model query costs 4× as much (src/db/bulk.ts). */
export async function readContentVersion(tx: Pick<Tx, "$queryRaw">): Promise<number> {
  const rows = await tx.$queryRaw<
    { version: number | bigint }[]
  >`SELECT "version" FROM "ContentState" WHERE "id" = ${CONTENT_STATE_ID}`;
  // SQLite's driver answers integers as bigint.
  return Number(rows[0]?.version ?? 0);
}

/** How long a read transaction (a snapshot's load, an edit's read) may run before it is ended. */
export const READ_TIMEOUT_MS = 60_000;
