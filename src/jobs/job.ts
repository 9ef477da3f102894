// What an import job is and how it is shown: statuses, the lease rule and the JSON a client polls. Pure:
// no database, no clock (time is passed in), so the rules are tested without either.
import type { ContentIssue } from "../pipeline/issues.ts";
import type { Plan } from "../pipeline/plan.ts";

export const JOB_STATUSES = ["ACCEPTED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses of a job that still holds (or waits to use) the import lease. */
export const ACTIVE_STATUSES = ["ACCEPTED", "RUNNING"] as const satisfies readonly JobStatus[];

export type JobSource = "upload" | "folder";

/** An ImportJob row as the database returns it; JSON columns still as text. */
export type ImportJobRow = {
  id: string;
  status: string;
  dryRun: boolean;
  prune: boolean;
  source: string;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  unitsDone: number;
  unitsTotal: number | null;
  plan: string | null;
  errors: string;
  warnings: string;
  contentVersion: number | null;
  runId: number | null;
  owner: string;
  heartbeatAt: Date;
  leaseExpiresAt: Date;
  failureReason: string | null;
};

/** What a job keeps of its plan: the counts, and each unit it changes (the unchanged ones would be most of it). */
export type PlanSummary = {
  counts: Plan["counts"];
  changes: { unit: string; action: string; file: string }[];
  newlyOutdated: Plan["newlyOutdated"];
};

export type Progress = { unitsDone: number; unitsTotal: number | null };

/** The job as GET /imports/{id} answers it. */
export type ImportJobView = {
  id: string;
  href: string;
  status: JobStatus;
  dryRun: boolean;
  prune: boolean;
  source: JobSource;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: Progress;
  plan: PlanSummary | null;
  errors: ContentIssue[];
  warnings: ContentIssue[];
  contentVersion: number | null;
  runId: number | null;
  failureReason: string | null;
};

export const jobHref = (id: string) => `/imports/${encodeURIComponent(id)}`;

export function isActive(status: string): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}

/**
 * A job is abandoned when it is still active but its lease ran out: the process running it stopped
 * renewing it (killed, crashed, partitioned away). Only then may another process take the lease.
 */
export function isAbandoned(job: Pick<ImportJobRow, "status" | "leaseExpiresAt">, now: Date): boolean {
  return isActive(job.status) && job.leaseExpiresAt.getTime() <= now.getTime();
}

export function abandonedReason(job: Pick<ImportJobRow, "owner" | "heartbeatAt">): string {
  return (
    `ABANDONED: the process running this import (${job.owner}) stopped renewing its lease after ${job.heartbeatAt.toISOString()}. ` +
    "Its import transaction never committed, so the content is as it was before; start the import again."
  );
}

export const noSuchJob = (id: string) => `No import job ${id}.`;

/** Why a cancel of a job that has ended changes nothing. */
export const nothingToCancel = (job: Pick<ImportJobView, "id" | "status">) => `Import ${job.id} has already ${job.status.toLowerCase()}; there is nothing to cancel.`;

/** Why a job its server cut off when shutting down (SHUTDOWN_TIMEOUT_MS) failed. */
export function cutOffReason(owner: string, now: Date): string {
  return (
    `SHUTDOWN: the server running this import (${owner}) shut down at ${now.toISOString()} before the import finished. ` +
    "Its import transaction never committed, so the content is as it was before; start the import again."
  );
}

export function cancelledReason(cancelledBy: string, now: Date): string {
  return `CANCELLED: cancelled by ${cancelledBy} at ${now.toISOString()}. Its import transaction never committed, so the content is as it was before.`;
}

export function summarizePlan(plan: Plan): PlanSummary {
  return {
    counts: plan.counts,
    changes: plan.entries.filter((e) => e.action !== "unchanged").map((e) => ({ unit: e.unit.id, action: e.action === "delete" && !plan.prune ? "keep" : e.action, file: e.file })),
    newlyOutdated: plan.newlyOutdated,
  };
}

/** The view of a row; `live` is the running process's own progress, newer than the last heartbeat stored. */
export function viewOfJob(row: ImportJobRow, live?: Progress): ImportJobView {
  return {
    id: row.id,
    href: jobHref(row.id),
    status: row.status as JobStatus,
    dryRun: row.dryRun,
    prune: row.prune,
    source: row.source as JobSource,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    progress: live && isActive(row.status) ? live : { unitsDone: row.unitsDone, unitsTotal: row.unitsTotal },
    plan: row.plan === null ? null : (JSON.parse(row.plan) as PlanSummary),
    errors: JSON.parse(row.errors) as ContentIssue[],
    warnings: JSON.parse(row.warnings) as ContentIssue[],
    contentVersion: row.contentVersion,
    runId: row.runId,
    failureReason: row.failureReason,
  };
}
