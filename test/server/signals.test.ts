// `npm start` under SIGTERM, as a process manager or a terminal's Ctrl+C sends it: the server shuts down
// gracefully, npm exits 0, and no node process is left behind. (npm runs the script through sh; without
// `exec` in package.json's start script the shell took the signal and died, npm exited 143, and node
// kept running, orphaned.)
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

describe("npm start", () => {
  it("exits 0 on SIGTERM after a graceful shutdown, leaving no process behind", { timeout: 120_000 }, async () => {
    const npm = spawn("npm", ["start"], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", DATABASE_URL: `file:${path.join(data, "signals.db")}`, SEEDS_DIR: seeds },
    });
    let output = "";
    npm.stdout.on("data", (chunk) => (output += chunk));
    npm.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => npm.on("exit", (code, signal) => resolve({ code, signal })));
    let serverPid: number | undefined;
    try {
      // The listening line carries the server's own pid (npm's is npm.pid).
      const listening = await new Promise<{ pid: number; url: string }>((resolve, reject) => {
        const check = () => {
          const line = output.split("\n").find((l) => l.includes("GraphQL at http://"));
          if (line) {
            const { pid, port } = JSON.parse(line) as { pid: number; port: number };
            return resolve({ pid, url: `http://127.0.0.1:${port}` });
          }
          if (npm.exitCode !== null) return reject(new Error(`npm start exited with ${npm.exitCode}:\n${output}`));
          setTimeout(check, 50);
        };
        check();
      });
      serverPid = listening.pid;
      expect(serverPid).not.toBe(npm.pid);
      expect((await fetch(`${listening.url}/ready`)).status).toBe(200);

      npm.kill("SIGTERM");
      expect(await exited, output).toEqual({ code: 0, signal: null });
      expect(output).toContain("Shutdown complete.");
      // The server exited too, before npm did: nothing is orphaned.
      expect(alive(serverPid), `node ${serverPid} still running after npm exited`).toBe(false);
    } finally {
      npm.kill("SIGKILL");
      if (serverPid !== undefined && alive(serverPid)) process.kill(serverPid, "SIGKILL");
    }
  });
});
