// Runs import jobs in the background of the process that accepted them: reads the upload (or the content
// folder), runs the importer with the job's lease renewed by a heartbeat, and records the outcome. The
// outcome of an import that writes commits in the content's own transaction (store.ts finishJob).
import type { Database } from "../db/database.ts";
import { readContentArchive } from "../releases/archive.ts";
import { silentLogger, type Logger } from "../logger.ts";
import { runImport, type ImportReport } from "../pipeline/import.ts";
import type { ContentIssue } from "../pipeline/issues.ts";
import { cutOffReason, summarizePlan, type ImportJobRow, type Progress } from "./job.ts";
import {
  createOwnerId,
  finishJob,
  HEARTBEAT_MS,
  LEASE_MS,
  LeaseLost,
  markRunning,
  readImportJob,
  readImportUpload,
  renewLease,
  type JobOutcome,
} from "./store.ts";

export type ImportRunnerOptions = {
  db: Database;
  /** The server's content folder, imported by jobs started without an upload. */
  contentDir: string;
  owner?: string;
  leaseMs?: number;
  heartbeatMs?: number;
  logger?: Logger;
  /** Called with each job once its outcome is stored (webhooks, tests). */
  onFinished?: (job: ImportJobRow) => void;
};

export type ImportRunner = {
  readonly owner: string;
  /** Runs an ACCEPTED job of this process's in the background; resolves when it is finished. */
  run(jobId: string): Promise<void>;
  /** The progress of a job running here, fresher than what the last heartbeat stored. */
  progressOf(jobId: string): Progress | undefined;
  /** How many jobs are running here now. */
  running(): number;
  /**
   * The row of a job running here, as it was when it started running (with progressOf, what it is now):
   * for answering about it when its row cannot be read meanwhile (on SQLite it waits behind the import's
   * own transaction, and the wait times out while a large import writes).
   */
  runningRow?(jobId: string): ImportJobRow | undefined;
  /** Resolves when no job is running here (graceful shutdown, tests). */
  idle(): Promise<void>;
};

/** The runner a server makes for itself: it can also cut its jobs off when it shuts down. */
export type OwnImportRunner = ImportRunner & {
  /**
   * Cuts off every job running here (a shutdown past its deadline): each stops at its next time slice,
   * its import transaction rolls back, and it is marked FAILED with the reason. `idle()` says when.
   */
  cutOff(): void;
};

/** The reason a job's import is aborted with when its server cuts it off. */
export class ImportCutOff extends Error {
  readonly code = "SHUTDOWN";
  constructor() {
    super("SHUTDOWN: the server is shutting down; the import was cut off and nothing of it was written.");
    this.name = "ImportCutOff";
  }
}

/** One failure per upload problem, naming the archive entry the way content issues name files. */
const archiveIssues = (errors: { entry: string; message: string }[]): ContentIssue[] =>
  errors.map((e) => ({ file: e.entry || "(upload)", line: 0, field: "", message: e.message }));

function failureOf(report: Exclude<ImportReport, { ok: true }>): string {
  const first = report.errors[0];
  return `${report.code}: ${report.errors.length} error(s); nothing was written.${first ? ` First: ${first.file}${first.line ? `:${first.line}` : ""}${first.field ? ` ${first.field}` : ""}: ${first.message}` : ""}`;
}

export function createImportRunner(options: ImportRunnerOptions): OwnImportRunner {
  const { db, logger = silentLogger } = options;
  const owner = options.owner ?? createOwnerId();
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const progress = new Map<string, Progress>();
  const running = new Set<Promise<void>>();
  const cutOffs = new Map<string, AbortController>();
  const rows = new Map<string, ImportJobRow>();
  // Once shutting down, a job that only now reaches its start is cut off at once.
  let cuttingOff = false;

  async function finishOutside(jobId: string, outcome: JobOutcome): Promise<void> {
    await db.write((tx) => finishJob(tx, jobId, owner, outcome, new Date()));
  }

  async function execute(jobId: string): Promise<void> {
    if (!(await markRunning(db, jobId, owner, new Date(), leaseMs))) return;
    const job = (await readImportJob(db, jobId))!;
    rows.set(jobId, job);
    const live: Progress = { unitsDone: 0, unitsTotal: null };
    progress.set(jobId, live);
    const cutOff = new AbortController();
    cutOffs.set(jobId, cutOff);
    if (cuttingOff) cutOff.abort(new ImportCutOff());
    let lost = false;
    const heartbeat = setInterval(() => {
      renewLease(db, jobId, owner, live, new Date(), leaseMs).then(
        (held) => void (lost ||= !held),
        // A missed beat is not fatal: the lease outlives several (SQLite makes a beat wait for the import's own transaction).
        (error: unknown) => logger.warn({ err: error, jobId }, "import job heartbeat failed"),
      );
    }, heartbeatMs);
    heartbeat.unref();
    let leaseLost: LeaseLost | null = null;
    try {
      let files: { path: string; text: Uint8Array }[] | undefined;
      if (job.source === "upload") {
        const upload = await readImportUpload(db, jobId);
        const read = upload
          ? await readContentArchive(upload.body, upload.contentType)
          : { ok: false as const, code: "BAD_ARCHIVE", errors: [{ entry: "", message: "the upload is missing" }] };
        if (!read.ok) {
          return await finishOutside(jobId, {
            status: "FAILED",
            failureReason: `${read.code}: the upload could not be read.`,
            errors: archiveIssues(read.errors),
            warnings: [],
            progress: live,
          });
        }
        files = read.files.map((f) => ({ path: f.path, text: f.bytes }));
      }
      cutOff.signal.throwIfAborted();
      const report = await runImport(db, {
        dir: job.source === "upload" ? "" : options.contentDir,
        files,
        dryRun: job.dryRun,
        prune: job.prune,
        signal: cutOff.signal,
        onProgress: (done, total) => Object.assign(live, { unitsDone: done, unitsTotal: total }),
        // Inside the import's transaction: the job is SUCCEEDED exactly when the content committed.
        finish: async (tx, applied) => {
          if (lost) throw new LeaseLost(jobId);
          const outcome = {
            status: "SUCCEEDED" as const,
            plan: summarizePlan(applied.plan),
            warnings: [],
            contentVersion: applied.version,
            runId: applied.runId,
            progress: live,
          };
          await finishJob(tx, jobId, owner, outcome, new Date());
        },
      });
      if (!report.ok) {
        await finishOutside(jobId, {
          status: "FAILED",
          failureReason: failureOf(report),
          errors: report.errors,
          warnings: report.warnings,
          progress: live,
        });
      } else if (report.applied) {
        // The outcome committed with the content; only the warnings (not needed for it to be right) are added.
        await db.write((tx) =>
          tx.importJob.update({ where: { id: jobId }, data: { warnings: JSON.stringify(report.warnings) } }),
        );
      } else {
        const plan = summarizePlan(report.plan);
        await finishOutside(jobId, {
          status: "SUCCEEDED",
          plan,
          warnings: report.warnings,
          contentVersion: report.version,
          runId: null,
          progress: { unitsDone: 0, unitsTotal: 0 },
        });
      }
    } catch (error) {
      if (error instanceof LeaseLost) {
        // Said below, once the job is read back: cancelled (by anyone, in any replica) or failed as abandoned.
        leaseLost = error;
        return;
      }
      if (error instanceof ImportCutOff) {
        // Its transaction rolled back (or never began): failed now, rather than once its lease runs out.
        logger.warn({ jobId }, `import job ${jobId} was cut off by the shutdown; nothing of it was written`);
        const outcome = {
          status: "FAILED" as const,
          failureReason: cutOffReason(owner, new Date()),
          errors: [],
          warnings: [],
          progress: live,
        };
        await finishOutside(jobId, outcome).catch((failure: unknown) =>
          logger.warn(
            { err: failure, jobId },
            "the cut-off job could not be marked failed: it is failed as abandoned once its lease runs out",
          ),
        );
        return;
      }
      logger.error({ err: error, jobId }, `import job ${jobId} failed unexpectedly`);
      const reason = `INTERNAL: ${(error as Error).message.split("\n")[0]}. Nothing was written.`;
      await finishOutside(jobId, {
        status: "FAILED",
        failureReason: reason,
        errors: [],
        warnings: [],
        progress: live,
      }).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
      progress.delete(jobId);
      cutOffs.delete(jobId);
      rows.delete(jobId);
      const finished = await readImportJob(db, jobId).catch(() => null);
      // Either way its import transaction rolled back.
      if (leaseLost && finished?.status === "CANCELLED")
        logger.info({ jobId }, `import job ${jobId} was cancelled; nothing was written`);
      else if (leaseLost) logger.warn({ jobId }, leaseLost.message);
      if (finished) options.onFinished?.(finished);
    }
  }

  return {
    owner,
    run(jobId) {
      const done = execute(jobId).catch((error: unknown) =>
        logger.error({ err: error, jobId }, "import job could not be run"),
      );
      running.add(done);
      void done.finally(() => running.delete(done));
      return done;
    },
    progressOf: (jobId) => progress.get(jobId),
    running: () => running.size,
    runningRow: (jobId) => rows.get(jobId),
    async idle() {
      while (running.size) await Promise.all([...running]);
    },
    cutOff() {
      cuttingOff = true;
      for (const controller of cutOffs.values()) controller.abort(new ImportCutOff());
    },
  };
}
