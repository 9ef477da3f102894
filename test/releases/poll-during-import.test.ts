// A job's poll (GET /imports/{id}) is answered while the import's own write transaction is open, from the
// last commit. On SQLite read transactions once shared the writer's one connection, which runs one transaction
// at a time: a poll waited for the whole import and failed after Prisma's 2 s wait (P2028), and so did the
// load of each new snapshot (src/db/sqlite.ts readSnapshot).
import { describe, expect, it } from "vitest";
import { markRunning, readImportJob, startImportJob } from "../../src/releases/store.ts";
import { useTestDatabase } from "../helpers/database.ts";

const test = useTestDatabase();

describe("a job polled while an import's transaction is open", () => {
  it("is read at once, as last committed, without the import's uncommitted writes", async () => {
    const { db } = test;
    const { job } = await startImportJob(
      db,
      { dryRun: false, prune: false, source: "folder", createdBy: "editor" },
      { owner: "here" },
    );
    expect(await markRunning(db, job.id, "here", new Date())).toBe(true);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let writing!: () => void;
    const opened = new Promise<void>((resolve) => (writing = resolve));
    // The import's transaction: it has written the job's outcome and stays open, as a large import's does.
    const importing = db.write(async (tx) => {
      await tx.importJob.update({ where: { id: job.id }, data: { status: "SUCCEEDED" } });
      writing();
      await held;
    });
    try {
      await opened;
      const started = performance.now();
      // Before the fix the poll waited for the transaction this test holds open: give up after 3 s, not at the test's timeout.
      const polled = await Promise.race([
        readImportJob(db, job.id),
        new Promise((resolve) => setTimeout(() => resolve("still waiting after 3 s"), 3000)),
      ]);
      const waited = performance.now() - started;
      expect(polled).toMatchObject({ id: job.id, status: "RUNNING" });
      // Prisma waits 2 s for a busy connection before P2028; a poll on a free one takes milliseconds.
      expect(waited).toBeLessThan(1000);
    } finally {
      release();
      await importing;
    }
    expect(await readImportJob(db, job.id)).toMatchObject({ status: "SUCCEEDED" });
  });
});
