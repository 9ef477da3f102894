// A PostgreSQL server of a test's own, which the test may stop and start again (the shared one of .ci/run
// must stay up for every other file). Started as .ci/postgres.sh starts its server: initdb with trust
// authentication, as the unprivileged postgres user when running as root, listening on 127.0.0.1 only.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export type PrivatePostgres = {
  /** postgresql://postgres@127.0.0.1:port/postgres */
  url: string;
  /** `pg_ctl stop -m immediate`: the server goes away as in a crash; its clients' connections break. */
  stop(): void;
  /** Starts it again on the same data and port. */
  start(): void;
  /** Stops it (if running) and removes its data. */
  remove(): void;
};

/** Why this machine cannot run one, or null when it can. */
export function privatePostgresUnavailable(): string | null {
  if (!binDir()) return "no PostgreSQL server binaries under /usr/lib/postgresql";
  if (process.getuid?.() === 0) {
    try {
      execFileSync("id", ["postgres"], { stdio: "ignore" });
    } catch {
      return "running as root without a postgres user to run the server as";
    }
  }
  return null;
}

function binDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  const bin = versions.length ? path.join(root, versions.at(-1)!, "bin") : undefined;
  return bin && existsSync(path.join(bin, "pg_ctl")) ? bin : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  if (!bin) throw new Error("no PostgreSQL server binaries");
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-private-pg-"));
  const uid = asRoot ? Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()) : undefined;
  if (uid !== undefined) chownSync(dir, uid, uid);
  const run = (command: string, args: string[]) =>
    execFileSync(
      asRoot ? "runuser" : path.join(bin, command),
      asRoot ? ["-u", "postgres", "--", path.join(bin, command), ...args] : args,
      { stdio: "pipe", timeout: 60_000 },
    );
  const data = path.join(dir, "data");
  const port = await freePort();
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres"]);
  const start = () =>
    run("pg_ctl", [
      "-D",
      data,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      "start",
    ]);
  const stop = () => run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
  start();
  let running = true;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      stop();
      running = false;
    },
    start: () => {
      start();
      running = true;
    },
    remove: () => {
      if (running) {
        try {
          stop();
        } catch {
          // Already gone: the data is removed all the same.
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
