// What an import job is and how it is shown: statuses, the lease rule and the JSON a client polls. Pure:
// no database, no clock (time is passed in), so the rules are tested without either.
import type { ContentIssue } from "../pipeline/issues.ts";
import type { Plan } from "../pipeline/plan.ts";
import { fieldChanges, WHOLE_RECORD } from "../write/history.ts";

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

/** One field a planned change alters, as text a person reads: a list one item a line, an object one "key: value" a line. */
export type PlannedField = { field: string; before: string | null; after: string | null };

/** What a job keeps of its plan: the counts, and each unit it changes (the unchanged ones would be most of it). */
export type PlanSummary = {
  counts: Plan["counts"];
  /** `fields`: what changes in the unit, field by field; absent once the summary's text budget is spent. */
  changes: { unit: string; action: string; file: string; fields?: PlannedField[] }[];
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
export const nothingToCancel = (job: Pick<ImportJobView, "id" | "status">) =>
  `Import ${job.id} has already ${job.status.toLowerCase()}; there is nothing to cancel.`;

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

/** A field's value as lines of text, the way history shows a whole record (src/workbench/pages.ts). */
export function readableValue(value: unknown, prefix = ""): string[] {
  if (value !== null && typeof value === "object" && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => readableValue(v, prefix ? `${prefix}.${k}` : k));
  const text =
    typeof value === "string"
      ? value
      : Array.isArray(value) && value.every((v) => typeof v === "string")
        ? value.join("\n")
        : JSON.stringify(value);
  return [prefix ? `${prefix}: ${text}` : text];
}

/**
 * Characters of field text a summary keeps: enough for a release's diff to be read in full (seeds/ changes
 * a few units at a time), while a first import of a whole corpus stays a small row; past it, units list
 * without fields.
 */
export const PLAN_TEXT_BUDGET = 200_000;

/** The plan's changes field by field (history's own reading, src/write/history.ts), within `budget` characters. */
function plannedFields(entry: Plan["entries"][number], budget: { left: number }): PlannedField[] | undefined {
  if (budget.left <= 0) return undefined;
  const next = entry.action === "delete" || entry.action === "keep" ? undefined : entry.unit;
  const fields = fieldChanges(entry.previous, next).map((c) => ({
    field: c.field === WHOLE_RECORD ? "*" : c.field,
    before: c.before === null || c.before === undefined ? null : readableValue(c.before).join("\n"),
    after: c.after === null || c.after === undefined ? null : readableValue(c.after).join("\n"),
  }));
  budget.left -= fields.reduce((n, f) => n + (f.before?.length ?? 0) + (f.after?.length ?? 0), 0);
  return budget.left >= 0 ? fields : undefined;
}

export function summarizePlan(plan: Plan, textBudget = PLAN_TEXT_BUDGET): PlanSummary {
  const budget = { left: textBudget };
  return {
    counts: plan.counts,
    changes: plan.entries
      .filter((e) => e.action !== "unchanged")
      .map((e) => {
        const fields =
          e.action === "keep" || (e.action === "delete" && !plan.prune) ? undefined : plannedFields(e, budget);
        return {
          unit: e.unit.id,
          action: e.action === "delete" && !plan.prune ? "keep" : e.action,
          file: e.file,
          ...(fields ? { fields } : {}),
        };
      }),
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
