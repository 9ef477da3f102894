// A process that starts an import job and stops inside the import's write transaction, to be killed there
// with SIGKILL by test/releases/store.test.ts: what a crash mid-import leaves behind.
// Usage: node --import tsx import-job-child.ts <DATABASE_URL> <content dir>
import { createDatabase } from "../../src/db/index.ts";
import { markRunning, startImportJob } from "../../src/releases/store.ts";
import { runImport } from "../../src/pipeline/import.ts";

const [url, dir] = process.argv.slice(2) as [string, string];
const db = createDatabase(url);
const owner = `child:${process.pid}`;
const { job } = await startImportJob(
  db,
  { dryRun: false, prune: false, source: "folder", createdBy: "test" },
  { owner },
);
await markRunning(db, job.id, owner, new Date());
await runImport(db, {
  dir,
  beforeCommit: async () => {
    console.log(`IN_TRANSACTION ${job.id}`);
    await new Promise(() => {});
  },
});
