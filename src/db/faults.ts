// What a database error means for a caller, whichever provider raised it: the database cannot be reached
// (retry later: 503), or it has no room to write (507). Everything else is not a fault of the database's
// availability and stays an unexpected error. Also remembers whether the last write failed for either
// reason, so /ready can say that the write path is failing while reads are still served from memory.

export type DatabaseFaultCode = "DATABASE_UNAVAILABLE" | "STORAGE_FULL";
export type DatabaseFault = { code: DatabaseFaultCode; message: string };

export const DATABASE_UNAVAILABLE_MESSAGE =
  "The database cannot be reached right now; nothing was changed. Try again shortly.";
export const STORAGE_FULL_MESSAGE =
  "The database has no space left to write; nothing was changed. Try again once space is freed.";

/** Prisma's codes for a server it cannot reach or that went away (prisma.io/docs/orm/reference/error-reference). */
const UNREACHABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** @prisma/driver-adapter-utils' kinds for the same. */
const UNREACHABLE_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
/** Node's socket errors. */
const UNREACHABLE_SYSTEM_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** PostgreSQL SQLSTATEs (Appendix A): admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const UNREACHABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
/** SQLite result codes for a full disk or database (sqlite.org/rescode.html#full); PostgreSQL's disk_full (53100). */
const FULL_CODES = new Set(["SQLITE_FULL", "53100"]);

/** The errors an error wraps, itself first: Prisma's cause chain and its driver adapter's error. */
function* chainOf(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  let next: unknown = error;
  while (next !== null && typeof next === "object" && !seen.has(next)) {
    seen.add(next);
    const record = next as Record<string, unknown>;
    yield record;
    const adapter = (record.meta as { driverAdapterError?: { cause?: unknown } } | undefined)?.driverAdapterError;
    if (adapter?.cause && typeof adapter.cause === "object") yield adapter.cause as Record<string, unknown>;
    next = record.cause ?? record.originalError;
  }
}

export function databaseFaultOf(error: unknown): DatabaseFault | null {
  for (const link of chainOf(error)) {
    const code = typeof link.code === "string" ? link.code : undefined;
    const message = typeof link.message === "string" ? link.message : "";
    if (
      (code && FULL_CODES.has(code)) ||
      link.originalCode === "SQLITE_FULL" ||
      /database or disk is full/.test(message)
    ) {
      return { code: "STORAGE_FULL", message: STORAGE_FULL_MESSAGE };
    }
    const unreachable =
      link.name === "PrismaClientInitializationError" ||
      (code !== undefined &&
        (UNREACHABLE_PRISMA_CODES.has(code) ||
          UNREACHABLE_SYSTEM_CODES.has(code) ||
          UNREACHABLE_SQLSTATES.has(code) ||
          code.startsWith("08"))) ||
      (typeof link.kind === "string" && UNREACHABLE_ADAPTER_KINDS.has(link.kind)) ||
      // node-postgres: a pooled connection whose server went away.
      /^Connection terminated( unexpectedly| due to connection timeout)?$/.test(message);
    if (unreachable) return { code: "DATABASE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE };
  }
  return null;
}

/** The last write's fault per database (keyed by its Prisma client, which every copy of a Database shares). */
const writeFaults = new WeakMap<object, DatabaseFault & { since: string }>();

/** Called by each provider's write(): a write that failed for a database fault marks the write path failing; any that commits clears it. */
export function recordWriteOutcome(prisma: object, error?: unknown): void {
  if (error === undefined) {
    writeFaults.delete(prisma);
    return;
  }
  const fault = databaseFaultOf(error);
  if (fault && !writeFaults.has(prisma)) writeFaults.set(prisma, { ...fault, since: new Date().toISOString() });
}

/** Why the last write failed, when it failed for a database fault and nothing has committed since. */
export function writeFaultOf(prisma: object): (DatabaseFault & { since: string }) | null {
  return writeFaults.get(prisma) ?? null;
}

/**
 * The database cannot be opened as the server needs it (a SQLite file on a read-only filesystem, say). Its
 * message is one line naming the file and the cause: start-up prints it and stops, with no stack.
 */
export class DatabaseStartError extends Error {
  override readonly name = "DatabaseStartError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
