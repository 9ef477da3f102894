// Import jobs in the database: starting one under the single import lease, renewing that lease, finishing
// a job, and failing the jobs whose process died. Every call is one transaction through `Database`, so
// replicas sharing the database agree on which job may write.
import { randomBytes } from "node:crypto";
import type { Database, Tx } from "../db/database.ts";
import type { ContentIssue } from "../pipeline/issues.ts";
import { enqueueEvent } from "../write/outbox.ts";
import {
  abandonedReason,
  ACTIVE_STATUSES,
  cancelledReason,
  isAbandoned,
  isActive,
  viewOfJob,
  type ImportJobRow,
  type JobSource,
  type PlanSummary,
  type Progress,
} from "./job.ts";

/** The single ImportLease row. */
const LEASE_ID = 1;

/** A lease outlives a few missed heartbeats: on SQLite a heartbeat waits for the import's own write transaction. */
export const LEASE_MS = 60_000;
export const HEARTBEAT_MS = 10_000;

export const createJobId = () => `imp_${randomBytes(12).toString("base64url")}`;

/** Names this process as a lease holder; random, because a restarted container reuses hostname and pid. */
export const createOwnerId = () =>
  `${process.env.HOSTNAME ?? "local"}:${process.pid}:${randomBytes(4).toString("hex")}`;

/** The job no longer belongs to this process (its lease ran out and another failed it): it must not write. */
export class LeaseLost extends Error {
  readonly code = "LEASE_LOST";
  constructor(readonly jobId: string) {
    super(`LEASE_LOST: import job ${jobId} is no longer held by this process; nothing was written.`);
    this.name = "LeaseLost";
  }
}

export type StartJobRequest = {
  dryRun: boolean;
  prune: boolean;
  source: JobSource;
  createdBy: string;
  upload?: { contentType: string; body: Uint8Array };
};

export type StartJobOptions = { owner: string; now?: Date; leaseMs?: number; id?: string };

/** `created: false` means another job holds the lease, and `job` is that one: nothing new was started. */
export type StartedJob = { created: boolean; job: ImportJobRow };

async function failAbandoned(tx: Tx, job: ImportJobRow, now: Date): Promise<boolean> {
  // Conditional on the lease still being expired: a holder that renewed (or finished) in between wins.
  const { count } = await tx.importJob.updateMany({
    where: { id: job.id, status: { in: [...ACTIVE_STATUSES] }, leaseExpiresAt: { lte: now } },
    data: { status: "FAILED", finishedAt: now, failureReason: abandonedReason(job) },
  });
  if (count === 1) {
    await tx.importLease.updateMany({ where: { id: LEASE_ID, jobId: job.id }, data: { jobId: null } });
    await announceOutcome(tx, job.id, now);
  }
  return count === 1;
}

const OUTCOME_EVENTS = {
  SUCCEEDED: "import.succeeded",
  FAILED: "import.failed",
  CANCELLED: "import.cancelled",
} as const;

/** import.succeeded, import.failed or import.cancelled with the job as it now is, in the transaction that settled it. */
async function announceOutcome(tx: Tx, jobId: string, now: Date): Promise<void> {
  const job = await tx.importJob.findUniqueOrThrow({ where: { id: jobId } });
  await enqueueEvent(tx, OUTCOME_EVENTS[job.status as keyof typeof OUTCOME_EVENTS], viewOfJob(job), now);
}

/**
 * Starts an import job unless one is active, in one transaction holding the lease row's lock: a holder
 * whose lease ran out is failed first, and the lease passes to the new job. Dry runs take the lease too:
 * a plan made while another import writes is stale before anyone reads it.
 */
export async function startImportJob(
  db: Database,
  request: StartJobRequest,
  options: StartJobOptions,
): Promise<StartedJob> {
  const now = options.now ?? new Date();
  const id = options.id ?? createJobId();
  const leaseMs = options.leaseMs ?? LEASE_MS;
  return db.write(async (tx) => {
    // A write first: it takes the lease row's lock (PostgreSQL) or the database's write lock (SQLite), so
    // concurrent starts run one after another and each reads what the one before committed.
    const { count } = await tx.importLease.updateMany({ where: { id: LEASE_ID }, data: { id: LEASE_ID } });
    if (count !== 1) throw new Error("The import lease row (ImportLease id 1) is missing: run the migrations.");
    const lease = await tx.importLease.findUniqueOrThrow({ where: { id: LEASE_ID } });
    if (lease.jobId !== null) {
      const holder = await tx.importJob.findUnique({ where: { id: lease.jobId } });
      if (holder && isAbandoned(holder, now)) await failAbandoned(tx, holder, now);
      else if (holder && isActive(holder.status)) return { created: false, job: holder };
    }
    await tx.importLease.update({ where: { id: LEASE_ID }, data: { jobId: id } });
    const job = await tx.importJob.create({
      data: {
        id,
        status: "ACCEPTED",
        dryRun: request.dryRun,
        prune: request.prune,
        source: request.source,
        createdBy: request.createdBy,
        createdAt: now,
        owner: options.owner,
        heartbeatAt: now,
        leaseExpiresAt: new Date(now.getTime() + leaseMs),
      },
    });
    if (request.upload)
      await tx.importUpload.create({
        data: { jobId: id, contentType: request.upload.contentType, body: Buffer.from(request.upload.body) },
      });
    return { created: true, job };
  });
}

export function readImportJob(db: Database, id: string): Promise<ImportJobRow | null> {
  return db.readSnapshot((tx) => tx.importJob.findUnique({ where: { id } }));
}

export function readImportUpload(
  db: Database,
  jobId: string,
): Promise<{ contentType: string; body: Uint8Array } | null> {
  return db.readSnapshot((tx) =>
    tx.importUpload.findUnique({ where: { jobId }, select: { contentType: true, body: true } }),
  );
}

/** ACCEPTED → RUNNING by its owner; false when it is not this process's to run any more. */
export async function markRunning(
  db: Database,
  jobId: string,
  owner: string,
  now: Date,
  leaseMs = LEASE_MS,
): Promise<boolean> {
  const { count } = await db.write((tx) =>
    tx.importJob.updateMany({
      where: { id: jobId, owner, status: "ACCEPTED" },
      data: { status: "RUNNING", startedAt: now, heartbeatAt: now, leaseExpiresAt: new Date(now.getTime() + leaseMs) },
    }),
  );
  return count === 1;
}

/** Moves the lease forward and stores the progress; false when the job is no longer this process's. */
export async function renewLease(
  db: Database,
  jobId: string,
  owner: string,
  progress: Progress,
  now: Date,
  leaseMs = LEASE_MS,
): Promise<boolean> {
  const { count } = await db.write((tx) =>
    tx.importJob.updateMany({
      where: { id: jobId, owner, status: { in: [...ACTIVE_STATUSES] } },
      data: {
        heartbeatAt: now,
        leaseExpiresAt: new Date(now.getTime() + leaseMs),
        unitsDone: progress.unitsDone,
        unitsTotal: progress.unitsTotal,
      },
    }),
  );
  return count === 1;
}

export type JobOutcome =
  | {
      status: "SUCCEEDED";
      plan: PlanSummary | null;
      warnings: ContentIssue[];
      contentVersion: number;
      runId: number | null;
      progress: Progress;
    }
  | {
      status: "FAILED";
      failureReason: string;
      errors: ContentIssue[];
      warnings: ContentIssue[];
      plan?: PlanSummary | null;
      progress: Progress;
    };

/**
 * Records the outcome and gives the lease back, inside `tx`: for an import that writes, the content's
 * own transaction, so the content and the job's SUCCEEDED commit together or not at all. Throws LeaseLost
 * (rolling that transaction back) if the job was failed as abandoned meanwhile.
 */
export async function finishJob(tx: Tx, jobId: string, owner: string, outcome: JobOutcome, now: Date): Promise<void> {
  const common = {
    status: outcome.status,
    finishedAt: now,
    unitsDone: outcome.progress.unitsDone,
    unitsTotal: outcome.progress.unitsTotal,
    warnings: JSON.stringify(outcome.warnings),
  };
  const data =
    outcome.status === "SUCCEEDED"
      ? {
          ...common,
          plan: outcome.plan && JSON.stringify(outcome.plan),
          contentVersion: outcome.contentVersion,
          runId: outcome.runId,
        }
      : {
          ...common,
          failureReason: outcome.failureReason,
          errors: JSON.stringify(outcome.errors),
          ...(outcome.plan ? { plan: JSON.stringify(outcome.plan) } : {}),
        };
  const { count } = await tx.importJob.updateMany({
    where: { id: jobId, owner, status: { in: [...ACTIVE_STATUSES] } },
    data,
  });
  if (count !== 1) throw new LeaseLost(jobId);
  await tx.importLease.updateMany({ where: { id: LEASE_ID, jobId }, data: { jobId: null } });
  await announceOutcome(tx, jobId, now);
}

/** `FINISHED`: the job had already ended (SUCCEEDED, FAILED or CANCELLED), and `job` shows how. */
export type CancelOutcome =
  | { ok: true; job: ImportJobRow }
  | { ok: false; code: "NOT_FOUND" }
  | { ok: false; code: "FINISHED"; job: ImportJobRow };

/**
 * Cancels an active job from any replica: CANCELLED, with who and when, and the lease freed, in one
 * transaction. The process running it finds out at its next write: its heartbeat and its finish only
 * touch an active job, so its import transaction rolls back (LeaseLost) and writes nothing. A job that
 * has already committed cannot be cancelled; the caller is shown how it ended.
 */
export async function cancelImportJob(
  db: Database,
  id: string,
  cancelledBy: string,
  now: Date = new Date(),
): Promise<CancelOutcome> {
  return db.write(async (tx) => {
    const { count } = await tx.importJob.updateMany({
      where: { id, status: { in: [...ACTIVE_STATUSES] } },
      data: { status: "CANCELLED", finishedAt: now, failureReason: cancelledReason(cancelledBy, now) },
    });
    const job = await tx.importJob.findUnique({ where: { id } });
    if (!job) return { ok: false, code: "NOT_FOUND" };
    if (count !== 1) return { ok: false, code: "FINISHED", job };
    await tx.importLease.updateMany({ where: { id: LEASE_ID, jobId: id }, data: { jobId: null } });
    await announceOutcome(tx, id, now);
    return { ok: true, job };
  });
}

export type Recovery = {
  /** Jobs failed as abandoned now. */
  failed: string[];
  /** When the earliest lease still held runs out: a job of a process that died moments ago is failed then. */
  nextExpiry: Date | null;
};

/**
 * Fails every active job whose lease ran out, with the reason, and frees the lease. Called when a server
 * starts: a job whose process was killed mid-import is reported FAILED, and its import transaction, never
 * committed, left the content as it was.
 */
export async function recoverAbandonedJobs(db: Database, now: Date = new Date()): Promise<Recovery> {
  return db.write(async (tx) => {
    const active = await tx.importJob.findMany({ where: { status: { in: [...ACTIVE_STATUSES] } } });
    const failed: string[] = [];
    let nextExpiry: Date | null = null;
    for (const job of active) {
      if (isAbandoned(job, now)) {
        if (await failAbandoned(tx, job, now)) failed.push(job.id);
      } else if (!nextExpiry || job.leaseExpiresAt < nextExpiry) nextExpiry = job.leaseExpiresAt;
    }
    return { failed, nextExpiry };
  });
}

/**
 * Jobs newest first, `take` of them after the job `after` (a key, not an offset, so jobs started meanwhile do
 * not shift a page); null when `after` names no job.
 */
export async function listImportJobs(
  db: Database,
  { after, take }: { after?: string | null; take: number },
): Promise<ImportJobRow[] | null> {
  return db.readSnapshot(async (tx) => {
    let where = {};
    if (after) {
      const cursor = await tx.importJob.findUnique({ where: { id: after }, select: { id: true, createdAt: true } });
      if (!cursor) return null;
      // Ties on createdAt (two starts in one millisecond) are ordered by id, so no job is skipped or repeated.
      where = { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] };
    }
    return tx.importJob.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
  });
}
