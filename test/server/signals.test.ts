// `npm start` under SIGTERM, as a process manager or a terminal's Ctrl+C sends it: the server shuts down
// gracefully, npm exits 0, and no node process is left behind. (npm runs the script through sh; without
// `exec` in package.json's start script the shell took the signal and died, npm exited 143, and node
// kept running, orphaned.) `npx status-atlas start` has the same shell, which this package cannot `exec`
// away: there the server notices that its parent is gone and shuts down as for SIGTERM.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyContent } from "../helpers/database.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const seeds = copyContent();
const data = mkdtempSync(path.join(tmpdir(), "status-atlas-signals-"));
afterAll(() => {
  rmSync(seeds, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** npm (`npm start`, or `npx status-atlas start`) running the server: its output, and the server's own pid and URL. */
async function startUnderNpm(command: string, args: string[], database: string) {
  const npm = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      DATABASE_URL: `file:${path.join(data, database)}`,
      SEEDS_DIR: seeds,
    },
  });
  let output = "";
  npm.stdout.on("data", (chunk) => (output += chunk));
  npm.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.on("exit", (code, signal) => resolve({ code, signal })),
  );
  // The listening line carries the server's own pid (npm's is npm.pid).
  const listening = await new Promise<{ pid: number; url: string }>((resolve, reject) => {
    const check = () => {
      const line = output.split("\n").find((l) => l.includes("GraphQL at http://"));
      if (line) {
        const { pid, port } = JSON.parse(line) as { pid: number; port: number };
        return resolve({ pid, url: `http://127.0.0.1:${port}` });
      }
      if (npm.exitCode !== null) return reject(new Error(`${command} exited with ${npm.exitCode}:\n${output}`));
      setTimeout(check, 50);
    };
    check();
  });
  return {
    npm,
    exited,
    serverPid: listening.pid,
    url: listening.url,
    output: () => output,
    /** Whatever is still running once the test is over. */
    kill() {
      npm.kill("SIGKILL");
      if (alive(listening.pid)) process.kill(listening.pid, "SIGKILL");
    },
  };
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((resolve) => setTimeout(resolve, 50)))
    if (condition()) return true;
  return condition();
}

describe("npm start", () => {
  it("exits 0 on SIGTERM after a graceful shutdown, leaving no process behind", { timeout: 120_000 }, async () => {
    const started = await startUnderNpm("npm", ["start"], "signals.db");
    try {
      expect(started.serverPid).not.toBe(started.npm.pid);
      expect((await fetch(`${started.url}/ready`)).status).toBe(200);

      started.npm.kill("SIGTERM");
      expect(await started.exited, started.output()).toEqual({ code: 0, signal: null });
      expect(started.output()).toContain("Shutdown complete.");
      // The server exited too, before npm did: nothing is orphaned.
      expect(alive(started.serverPid), `node ${started.serverPid} still running after npm exited`).toBe(false);
      // Its own SIGTERM handler did it, not the watch for a lost parent.
      expect(started.output()).not.toContain("exited without passing on a signal");
    } finally {
      started.kill();
    }
  });
});

describe("npx status-atlas start", () => {
  it("shuts down, leaving no process behind, when SIGTERM kills npx's shell instead of reaching the server", {
    timeout: 120_000,
  }, async () => {
    const started = await startUnderNpm("npx", ["--no-install", "status-atlas", "start"], "npx.db");
    try {
      expect(started.serverPid).not.toBe(started.npm.pid);
      expect((await fetch(`${started.url}/ready`)).status).toBe(200);

      started.npm.kill("SIGTERM");
      // npm hands the signal to its `sh -c`, which dies of it without passing it on; npx's own status is npm's (143).
      await started.exited;
      expect(
        await until(() => !alive(started.serverPid), 10_000),
        `node ${started.serverPid} still running after npx exited:\n${started.output()}`,
      ).toBe(true);
      // Two pipes (warnings go to stderr), so the lines' order between them is not kept.
      expect(started.output()).toContain("exited without passing on a signal");
      expect(started.output()).toContain("Shutdown complete.");
    } finally {
      started.kill();
    }
  });
});
