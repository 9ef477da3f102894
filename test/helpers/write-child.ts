// A process that imports a content folder and stops inside the import's write transaction, after every row
// (content, change log, history) is written but before the commit, to be killed there with SIGKILL by
// test/read/delta.test.ts: what a crash in the middle of a version leaves for the servers that read it.
// Usage: node --import tsx write-child.ts <DATABASE_URL> <content dir>
import { createDatabase } from "../../src/db/index.ts";
import { runImport } from "../../src/pipeline/import.ts";

const [url, dir] = process.argv.slice(2) as [string, string];
await runImport(createDatabase(url), {
  dir,
  beforeCommit: async () => {
    console.log("IN_TRANSACTION");
    await new Promise(() => {});
  },
});
