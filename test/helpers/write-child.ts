// A process that imports a content folder and stops inside the import's write transaction, after every row
// (content, change log, history) is written but before the commit, to be killed there with SIGKILL by
// test/read/delta.test.ts: what a crash in the middle of a version leaves for the servers that read it.
// Usage: node --import tsx write-child.ts <DATABASE_URL> <content dir>
import { createDatabase } from "../../src/db/index.ts";
import { runImport } from "../../src/pipeline/import.ts";

const [url, dir] = process.argv.slice(2) as [string, string];
// force: the files win over whatever the API changed since the last import, so the write always has work to do.
const report = await runImport(createDatabase(url), {
  dir,
  force: true,
  beforeCommit: async () => {
    console.log("IN_TRANSACTION");
    await new Promise(() => {});
  },
});
// Reaching here means the import never got to its transaction: say why, for the test's message.
console.error(JSON.stringify(report).slice(0, 2000));
process.exit(1);
