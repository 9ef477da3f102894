// Preloaded into the benchmark's server (`BENCH_SERVER_PROFILE=<dir>`, bench/import.ts): a CPU profile and the
// event loop's stalls over BENCH_STALL_MS (60 by default; when, how long), written at SIGTERM or exit. Node 20 refuses --cpu-prof in
// NODE_OPTIONS, which is how a child started by the CLI gets flags. Find what held a stall with the profile's
// samples in that window (Chrome DevTools, or any reader of .cpuprofile).
// Preloads run in worker threads too (SQLite's checkpoint thread, src/db/sqlite-checkpoints.ts): the event
// loop measured is the main thread's.
if (!require("node:worker_threads").isMainThread) return;
const inspector = require("node:inspector");
const fs = require("node:fs");
const path = require("node:path");
const { monitorEventLoopDelay } = require("node:perf_hooks");

const dir = process.env.BENCH_SERVER_PROFILE;
const session = new inspector.Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: 500 });
session.post("Profiler.start");
const started = performance.now();
const stalls = [];
const stallMs = Number(process.env.BENCH_STALL_MS ?? 60);
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last > stallMs) stalls.push({ atSeconds: (last - started) / 1000, ms: now - last });
  last = now;
}, 5).unref();
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

let written = false;
function write() {
  if (written) return;
  written = true;
  session.post("Profiler.stop", (error, result) => {
    if (error) return;
    const name = path.join(dir, `server-${process.pid}`);
    fs.writeFileSync(`${name}.cpuprofile`, JSON.stringify(result.profile));
    const ms = (ns) => ns / 1e6;
    fs.writeFileSync(
      `${name}.stalls.json`,
      JSON.stringify({ p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), stalls }),
    );
  });
}
process.on("SIGTERM", write);
process.on("exit", write);
