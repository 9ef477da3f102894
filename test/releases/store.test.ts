import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { readContentVersion } from "../../src/db/database.ts";
import { createImportRunner } from "../../src/releases/runner.ts";
import {
  cancelImportJob,
  finishJob,
  LEASE_MS,
  LeaseLost,
  markRunning,
  readImportJob,
  recoverAbandonedJobs,
  startImportJob,
} from "../../src/releases/store.ts";
import { runImport } from "../../src/pipeline/import.ts";
import {
  createTestDatabase,
  FIXTURES_DIR,
  SEEDS_DIR,
  snapshotContent,
  type TestDatabase,
} from "../helpers/database.ts";

const CONTENT_MIN = path.join(FIXTURES_DIR, "content-min");
const FOLDER_JOB = { dryRun: false, prune: false, source: "folder" as const, createdBy: "test" };
const later = (ms: number) => new Date(Date.now() + ms);

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
  await runImport(db, { dir: CONTENT_MIN });
});
afterEach(async () => {
  await db.close();
});

describe("the import lease", () => {
  it("hands a second start the active job instead of starting another", async () => {
    const first = await startImportJob(db, FOLDER_JOB, { owner: "replica-a" });
    const second = await startImportJob(db, FOLDER_JOB, { owner: "replica-b" });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, job: { id: first.job.id, owner: "replica-a" } });
  });

  // Two connections in one process block each other on SQLite (better-sqlite3 waits for a lock synchronously,
  // so the holder never gets to commit); replicas on SQLite are processes, and the HTTP test covers one process.
  it.runIf(inject("provider") === "postgresql")(
    "lets two replicas starting at once create exactly one job between them",
    async () => {
      const other = db.openAnother();
      try {
        const results = await Promise.all([
          startImportJob(db, FOLDER_JOB, { owner: "replica-a" }),
          startImportJob(other, FOLDER_JOB, { owner: "replica-b" }),
        ]);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(results[0]!.job.id).toBe(results[1]!.job.id);
        expect(await db.prisma.importJob.count()).toBe(1);
      } finally {
        await other.close();
      }
    },
  );

  it("is taken over from a job whose lease ran out, which is failed with the reason", async () => {
    const abandoned = await startImportJob(db, FOLDER_JOB, { owner: "dead-replica", leaseMs: 1_000 });
    const next = await startImportJob(db, FOLDER_JOB, { owner: "replica-b", now: later(2_000) });
    expect(next.created).toBe(true);
    expect(await readImportJob(db, abandoned.job.id)).toMatchObject({
      status: "FAILED",
      failureReason: expect.stringMatching(/^ABANDONED: the process running this import \(dead-replica\)/),
    });
  });

  it("keeps a job from committing content once it has been failed as abandoned: the content and the job's outcome commit together", async () => {
    const { job } = await startImportJob(db, FOLDER_JOB, { owner: "slow-replica", leaseMs: 1_000 });
    await markRunning(db, job.id, "slow-replica", new Date(), 1_000);
    await recoverAbandonedJobs(db, later(2_000));
    const before = await snapshotContent(db.prisma);
    const versionBefore = await readContentVersion(db.prisma);
    const outcome = {
      status: "SUCCEEDED" as const,
      plan: null,
      warnings: [],
      contentVersion: 0,
      runId: null,
      progress: { unitsDone: 0, unitsTotal: 0 },
    };
    const run = runImport(db, {
      dir: SEEDS_DIR,
      finish: (tx) => finishJob(tx, job.id, "slow-replica", outcome, new Date()),
    });
    await expect(run).rejects.toBeInstanceOf(LeaseLost);
    expect(await snapshotContent(db.prisma)).toEqual(before);
    expect(await readContentVersion(db.prisma)).toBe(versionBefore);
    expect(await readImportJob(db, job.id)).toMatchObject({ status: "FAILED" });
  });
});

describe("cancelling a job", () => {
  const SUCCEEDED = {
    status: "SUCCEEDED" as const,
    plan: null,
    warnings: [],
    contentVersion: 0,
    runId: null,
    progress: { unitsDone: 0, unitsTotal: 0 },
  };

  it("cancels a job accepted by another replica: CANCELLED with who and when, and the lease free for the next start", async () => {
    const { job } = await startImportJob(db, FOLDER_JOB, { owner: "replica-b" });
    const now = new Date("2026-12-02T10:00:00Z");
    const outcome = await cancelImportJob(db, job.id, "edna", now);
    expect(outcome).toMatchObject({
      ok: true,
      job: {
        id: job.id,
        status: "CANCELLED",
        finishedAt: now,
        failureReason: expect.stringMatching(/^CANCELLED: cancelled by edna at 2026-12-02T10:00:00.000Z\./),
      },
    });
    expect(await db.prisma.importLease.findUnique({ where: { id: 1 } })).toEqual({ id: 1, jobId: null });
    expect((await startImportJob(db, FOLDER_JOB, { owner: "replica-a" })).created).toBe(true);
  });

  it("keeps a running job from committing content once it has been cancelled: its import transaction rolls back", async () => {
    const { job } = await startImportJob(db, FOLDER_JOB, { owner: "busy-replica" });
    await markRunning(db, job.id, "busy-replica", new Date());
    await cancelImportJob(db, job.id, "edna");
    const before = await snapshotContent(db.prisma);
    const versionBefore = await readContentVersion(db.prisma);
    const run = runImport(db, {
      dir: SEEDS_DIR,
      finish: (tx) => finishJob(tx, job.id, "busy-replica", SUCCEEDED, new Date()),
    });
    await expect(run).rejects.toBeInstanceOf(LeaseLost);
    expect(await snapshotContent(db.prisma)).toEqual(before);
    expect(await readContentVersion(db.prisma)).toBe(versionBefore);
    expect(await readImportJob(db, job.id)).toMatchObject({ status: "CANCELLED" });
  });

  it("leaves a job cancelled before its runner got to it unrun", async () => {
    const runner = createImportRunner({ db, contentDir: SEEDS_DIR });
    const { job } = await startImportJob(db, FOLDER_JOB, { owner: runner.owner });
    await cancelImportJob(db, job.id, "edna");
    const versionBefore = await readContentVersion(db.prisma);
    await runner.run(job.id);
    expect(await readImportJob(db, job.id)).toMatchObject({ status: "CANCELLED", startedAt: null });
    expect(await readContentVersion(db.prisma)).toBe(versionBefore);
  });

  it("refuses a job that has already finished, showing how it ended, and knows no unknown job", async () => {
    const { job } = await startImportJob(db, FOLDER_JOB, { owner: "replica-a" });
    await markRunning(db, job.id, "replica-a", new Date());
    await db.write((tx) => finishJob(tx, job.id, "replica-a", SUCCEEDED, new Date()));
    expect(await cancelImportJob(db, job.id, "edna")).toMatchObject({
      ok: false,
      code: "FINISHED",
      job: { id: job.id, status: "SUCCEEDED", failureReason: null },
    });
    expect(await cancelImportJob(db, "imp_nope", "edna")).toEqual({ ok: false, code: "NOT_FOUND" });
  });
});

describe("recoverAbandonedJobs, at server start", () => {
  it("fails a RUNNING job whose owner stopped renewing its lease, and frees the lease", async () => {
    const { job } = await startImportJob(db, FOLDER_JOB, { owner: "dead-replica", leaseMs: 1_000 });
    await markRunning(db, job.id, "dead-replica", new Date(), 1_000);
    const recovery = await recoverAbandonedJobs(db, later(2_000));
    expect(recovery).toEqual({ failed: [job.id], nextExpiry: null });
    expect(await readImportJob(db, job.id)).toMatchObject({
      status: "FAILED",
      finishedAt: expect.any(Date),
      failureReason: expect.stringContaining("the content is as it was before"),
    });
    expect(await db.prisma.importLease.findUnique({ where: { id: 1 } })).toEqual({ id: 1, jobId: null });
  });

  it("leaves a job whose lease is still held alone, and says when that lease runs out", async () => {
    const { job } = await startImportJob(db, FOLDER_JOB, { owner: "live-replica" });
    const recovery = await recoverAbandonedJobs(db);
    expect(recovery).toEqual({ failed: [], nextExpiry: job.leaseExpiresAt });
    expect(await readImportJob(db, job.id)).toMatchObject({ status: "ACCEPTED" });
  });

  it("fails the job of a process killed with SIGKILL inside its import transaction, with the content exactly as before", {
    timeout: 60_000,
  }, async () => {
    const before = await snapshotContent(db.prisma);
    const versionBefore = await readContentVersion(db.prisma);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.resolve(import.meta.dirname, "../helpers/import-job-child.ts"), db.url, SEEDS_DIR],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stderr!.on("data", (chunk) => (output += chunk));
    const jobId = await new Promise<string>((resolve, reject) => {
      child.stdout!.on("data", (chunk) => {
        output += chunk;
        const match = /IN_TRANSACTION (\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.on("exit", (code) =>
        reject(new Error(`the child exited (${code}) before reaching the transaction:\n${output}`)),
      );
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    expect(await readImportJob(db, jobId)).toMatchObject({ status: "RUNNING" });

    // The next replica to start, once the dead process's lease has run out.
    const recovery = await recoverAbandonedJobs(db, later(LEASE_MS + 1_000));
    expect(recovery.failed).toEqual([jobId]);
    expect(await readImportJob(db, jobId)).toMatchObject({
      status: "FAILED",
      failureReason: expect.stringContaining("ABANDONED"),
    });
    expect(await snapshotContent(db.prisma)).toEqual(before);
    expect(await readContentVersion(db.prisma)).toBe(versionBefore);
  });
});
