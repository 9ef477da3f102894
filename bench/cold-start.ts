// Part of `npm run bench`: time from starting `status-atlas start` (the compiled CLI, as `npm start`
// runs it) to its first 200 on /graphql — on a database already migrated and imported, and on an empty
// one, where the start includes migrating and importing seeds/. Medians of BENCH_COLD_RUNS runs.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { distState } from "../bin/dist-current.js";
import { CLI } from "../test/helpers/processes.ts";

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const PORT = 4790;

async function timeToFirstAnswer(databaseFile: string, args: string[] = []): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "start", ...args], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${databaseFile}`,
    },
    stdio: "ignore",
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      const answered = await fetch(`http://127.0.0.1:${PORT}/graphql?query=%7BcontentVersion%7D`, {
        headers: { accept: "application/json" },
      }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (answered) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchColdStart(): Promise<void> {
  // A stale dist/ would make the CLI run the TypeScript sources through tsx: that is not `npm start`'s start.
  const root = path.resolve(import.meta.dirname, "..");
  if (distState(root) !== "current") execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-cold-"));
  try {
    const empty: number[] = [];
    const imported: number[] = [];
    const serveOnly: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const file = path.join(dir, `cold-${i}.db`);
      empty.push(await timeToFirstAnswer(file));
      imported.push(await timeToFirstAnswer(file));
      serveOnly.push(await timeToFirstAnswer(file, ["--no-import"]));
    }
    const s = (ms: number) => (ms / 1000).toFixed(2);
    console.log(
      `\nCold start to the first 200 on /graphql, \`status-atlas start\`, median of ${RUNS}; node ${process.version}\n`,
    );
    console.log("| database | median s | min s | max s | target s |");
    console.log("|---|---:|---:|---:|---:|");
    console.log(
      `| migrated and imported | ${s(median(imported))} | ${s(Math.min(...imported))} | ${s(Math.max(...imported))} | 1.5 |`,
    );
    console.log(
      `| migrated and imported, \`start --no-import\` (a replica) | ${s(median(serveOnly))} | ${s(Math.min(...serveOnly))} | ${s(Math.max(...serveOnly))} | 1.5 |`,
    );
    console.log(
      `| empty: migrate and import seeds/ first | ${s(median(empty))} | ${s(Math.min(...empty))} | ${s(Math.max(...empty))} | 5 |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchColdStart();
