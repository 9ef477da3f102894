// Checkpoints of SQLite's write-ahead log, run on a thread of their own for a server.
//
// SQLite checkpoints by itself at the COMMIT that takes the log past 1,000 pages, on the connection that
// committed and before COMMIT returns (sqlite.org/wal.html#automatic_checkpoint). better-sqlite3 is
// synchronous, so for a server that was the event loop: after a 101-locale import job (a 60 MB log) the
// checkpoint copied every page back into the database file and synced it, 170–200 ms in which no request
// was answered (bench/import.ts, reads during an import job). A server's writer turns that off, and a
// worker thread with its own connection checkpoints instead, soon after commits.
//
// The worker runs PASSIVE checkpoints: they wait for no reader or writer and never hold a writer back, and
// what they cannot copy yet (a reader still on an older snapshot) the next one copies. COMMIT still syncs
// the log (synchronous=FULL, the default), so what is acknowledged survives a power loss as before.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * The longest a commit waits for its checkpoint, and the shortest time between two: each syncs the database
 * file. At 300 draft saves/s SQLite's own threshold (1,000 pages) was reached about this often; at 200 ms the
 * saves' latency was the same (bench/editorial.ts), so the rarer syncs are kept.
 */
export const CHECKPOINT_INTERVAL_MS = 1000;

const FAILURE_REPORT_MS = 30_000;

/** The worker's whole program. A string, not a file: the bundle (scripts/build.ts) and the TypeScript sources
 * run the same code, with no second entry point or loader for a worker. CommonJS, as `eval` workers run. */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const { file, intervalMs } = workerData;
// [0]: commits announced by the writer; [1]: 1 once the database is closing.
const signals = new Int32Array(workerData.signals);
const db = new Database(file, { fileMustExist: true });
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    // SQLITE_FULL, SQLITE_IOERR: the pages stay in the log, which readers and writers still use; try again later.
    parentPort.postMessage({ failed: String(error && error.message || error) });
  }
};
let seen = Atomics.load(signals, 0);
while (Atomics.load(signals, 1) === 0) {
  // Woken by a commit (or at once if one came meanwhile); a timeout checkpoints what other writes left.
  Atomics.wait(signals, 0, seen, 5000);
  if (Atomics.load(signals, 1) !== 0) break;
  seen = Atomics.load(signals, 0);
  checkpoint();
  // At most one checkpoint per interval, however many commits: each syncs the database file.
  Atomics.wait(signals, 1, 0, intervalMs);
}
checkpoint();
db.close();
`;

export type Checkpointer = {
  /** A write committed: checkpoint soon. */
  committed(): void;
  /** Runs a last checkpoint and stops the thread. */
  close(): Promise<void>;
};

/**
 * Starts the worker for `file`. `onFailure` hears of a checkpoint that failed, and of a worker that stopped:
 * then `onStopped` is called too, and the writer should checkpoint by itself again.
 */
export function checkpointInBackground(
  file: string,
  hooks: { onFailure: (message: string) => void; onStopped: () => void },
): Checkpointer {
  const signals = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      file,
      intervalMs: CHECKPOINT_INTERVAL_MS,
      signals: signals.buffer,
      // Resolved here: an eval worker resolves modules from the working directory, not from this package.
      driver: createRequire(import.meta.url).resolve("better-sqlite3"),
    },
  });
  let stopped = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  // A full disk fails every checkpoint until space is freed: one report per FAILURE_REPORT_MS, not one per attempt.
  let reportedAt = -Infinity;
  worker.on("message", (message: { failed?: string }) => {
    if (!message.failed || performance.now() - reportedAt < FAILURE_REPORT_MS) return;
    reportedAt = performance.now();
    hooks.onFailure(`SQLite checkpoint failed (the write-ahead log keeps the pages; retried): ${message.failed}`);
  });
  worker.on("error", (error) => {
    stopped = true;
    hooks.onFailure(`SQLite checkpoint thread stopped: ${error.message}`);
    hooks.onStopped();
  });
  // A thread that only waits must not keep a CLI or a test process alive. After the listeners: adding a
  // 'message' listener refs the worker's port again.
  worker.unref();
  return {
    committed() {
      if (stopped) return;
      Atomics.add(signals, 0, 1);
      Atomics.notify(signals, 0);
    },
    async close() {
      stopped = true;
      // Waited for: unref'd, its exit is no reason to stay alive, and a process closing its database would
      // end right here, before the work after close() (the server's "Shutdown complete.").
      worker.ref();
      Atomics.store(signals, 1, 1);
      Atomics.notify(signals, 0);
      Atomics.notify(signals, 1);
      await exited;
    },
  };
}
