// Starting, reading and listing import jobs for both front doors, POST /imports (src/http/releases.ts) and
// GraphQL (src/schema/import-job.ts): one code path, and one runner per server, so both see the same jobs.
import type { Database } from "../db/database.ts";
import { readContentArchive, type ArchiveError, type ArchiveErrorCode } from "../releases/archive.ts";
import { isAbandoned, viewOfJob, type ImportJobRow, type ImportJobView } from "./job.ts";
import type { ImportRunner } from "./runner.ts";
import {
  cancelImportJob,
  listImportJobs,
  readImportJob,
  readImportUpload,
  recoverAbandonedJobs,
  startImportJob,
} from "./store.ts";

export type ImportUpload = { contentType: string; body: Uint8Array };

export type StartImportRequest = { dryRun: boolean; prune: boolean; createdBy: string; upload?: ImportUpload };

/**
 * `started: false`: another job holds the import lease and `job` is that one; nothing new was started.
 * A refused archive names its bad entries, and no job exists for it.
 */
export type StartImportOutcome =
  | { ok: true; started: boolean; job: ImportJobView }
  | { ok: false; code: ArchiveErrorCode; errors: ArchiveError[] };

/** `FINISHED`: the job had already ended, and `job` shows how; a CANCELLED one is cancelled again as a success. */
export type CancelImportOutcome =
  | { ok: true; job: ImportJobView }
  | { ok: false; code: "NOT_FOUND" }
  | { ok: false; code: "FINISHED"; job: ImportJobView };

export type ImportService = {
  readonly runner: ImportRunner;
  start(request: StartImportRequest): Promise<StartImportOutcome>;
  /** The job, or null; an abandoned one is failed first, so it is never shown RUNNING after its process died. */
  read(id: string): Promise<ImportJobView | null>;
  /** Newest first; `after` is a job id from an earlier page (key-based: new jobs do not shift the pages). */
  list(page: { after?: string | null; take: number }): Promise<ImportJobView[] | null>;
  /** Cancels an active job, wherever it runs: it writes nothing (src/releases/store.ts cancelImportJob). */
  cancel(id: string, cancelledBy: string): Promise<CancelImportOutcome>;
  /**
   * What a job imported, to import it again (the workbench applies a dry run's archive this way, with no second
   * upload): its archive, or null for a job of the content folder; undefined when there is no such job.
   */
  sourceOf(id: string): Promise<ImportUpload | null | undefined>;
};

export function createImportService({ db, runner }: { db: Database; runner: ImportRunner }): ImportService {
  const view = (row: ImportJobRow) => viewOfJob(row, runner.progressOf(row.id));
  const settled = async (rows: ImportJobRow[], reread: () => Promise<ImportJobRow[]>) => {
    if (!rows.some((row) => isAbandoned(row, new Date()))) return rows;
    await recoverAbandonedJobs(db);
    return reread();
  };
  return {
    runner,
    async start(request) {
      if (request.upload) {
        // Read now, so a bad archive is refused with its entries named before a job exists; the job reads it again from the database.
        const read = await readContentArchive(request.upload.body, request.upload.contentType);
        if (!read.ok) return { ok: false, code: read.code, errors: read.errors };
      }
      const started = await startImportJob(
        db,
        {
          dryRun: request.dryRun,
          prune: request.prune,
          source: request.upload ? "upload" : "folder",
          createdBy: request.createdBy,
          upload: request.upload,
        },
        { owner: runner.owner },
      );
      if (started.created) void runner.run(started.job.id);
      return { ok: true, started: started.created, job: view(started.job) };
    },
    async read(id) {
      const read = async () => {
        const row = await readImportJob(db, id);
        return row ? [row] : [];
      };
      let here: ImportJobRow | undefined;
      const rows = await read().catch((error: unknown) => {
        // A job running here is still known here when its row cannot be read: on SQLite the read waits for
        // the import's own transaction and times out while a large import writes. Its last state, RUNNING
        // with live progress, is the answer, rather than an error.
        here = runner.runningRow?.(id);
        if (!here) throw error;
        return null;
      });
      if (rows === null) return view(here!);
      const [row] = await settled(rows, read);
      return row ? view(row) : null;
    },
    async cancel(id, cancelledBy) {
      const outcome = await cancelImportJob(db, id, cancelledBy);
      if (!outcome.ok && outcome.code === "NOT_FOUND") return outcome;
      // Asking again for a job already cancelled gets what it asked for: a retried request is not an error.
      if (outcome.ok || outcome.job.status === "CANCELLED") return { ok: true, job: view(outcome.job) };
      return { ok: false, code: "FINISHED", job: view(outcome.job) };
    },
    async sourceOf(id) {
      const job = await readImportJob(db, id);
      if (!job) return undefined;
      return job.source === "upload" ? await readImportUpload(db, id) : null;
    },
    async list(page) {
      const rows = await listImportJobs(db, page);
      if (!rows) return null;
      return (await settled(rows, async () => (await listImportJobs(db, page)) ?? [])).map(view);
    },
  };
}
