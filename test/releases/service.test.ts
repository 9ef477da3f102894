// A job running in this process is answered from here when its row cannot be read: on SQLite that read waits
// behind the import's own transaction and times out while a large import writes (src/releases/service.ts read).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { createImportService } from "../../src/releases/service.ts";
import { createImportRunner, type ImportRunner } from "../../src/releases/runner.ts";
import { markRunning, readImportJob, startImportJob } from "../../src/releases/store.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.close();
});

/** The database, with its read transactions failing as a timed-out wait for the connection does. */
const timingOut = (db: Database): Database => ({
  ...db,
  readSnapshot: () =>
    Promise.reject(
      Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), {
        code: "P2028",
      }),
    ),
});

describe("reading a job whose row cannot be read", () => {
  it("answers RUNNING, with the live progress, for a job running in this process", async () => {
    const owner = createImportRunner({ db, contentDir: SEEDS_DIR }).owner;
    const { job } = await startImportJob(
      db,
      { dryRun: false, prune: false, source: "folder", createdBy: "editor" },
      { owner },
    );
    expect(await markRunning(db, job.id, owner, new Date())).toBe(true);
    const row = (await readImportJob(db, job.id))!;
    const runner: ImportRunner = {
      owner,
      run: () => Promise.resolve(),
      progressOf: (id) => (id === job.id ? { unitsDone: 120, unitsTotal: 13816 } : undefined),
      running: () => 1,
      idle: () => Promise.resolve(),
      runningRow: (id) => (id === job.id ? row : undefined),
    };
    const service = createImportService({ db: timingOut(db), runner });
    expect(await service.read(job.id)).toMatchObject({
      id: job.id,
      status: "RUNNING",
      progress: { unitsDone: 120, unitsTotal: 13816 },
    });
    // A job not running here has nothing to answer with: the failure is the caller's, as before.
    await expect(service.read("imp_elsewhere")).rejects.toMatchObject({ code: "P2028" });
  });
});
