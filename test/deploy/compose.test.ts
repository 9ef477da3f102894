// docker-compose.yml cannot be run here (no Docker engine), so each status-atlas command its services run
// is run by this test instead, in the order Compose runs them, on a database of the test's provider:
// the release step on an empty database, then a replica serving it and shutting down on SIGTERM.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyDatabase } from "../helpers/database.ts";
import { startServer, type ServerProcess } from "../helpers/processes.ts";
import { cliInvocations, composeServices, ROOT } from "./compose.ts";

const run = promisify(execFile);
const services = composeServices();
const ours = Object.entries(services).filter(([, service]) => service.build !== undefined);

let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
beforeAll(async () => {
  database = await createEmptyDatabase();
});
afterAll(async () => {
  await database.drop();
});

/** The service's environment with this test's database, and a free port on loopback. */
const envOf = (name: string) => ({
  ...services[name]!.environment,
  DATABASE_URL: database.url,
  PORT: "0",
  HOST: "127.0.0.1",
});

describe("docker-compose.yml's commands", () => {
  it("are status-atlas commands only: a one-shot release (migrate, then import) and two replicas serving", () => {
    const commands = Object.fromEntries(ours.map(([name, service]) => [name, cliInvocations(service.command)]));
    expect(commands).toEqual({
      release: { cli: [["migrate"], ["import"]], other: [] },
      "app-1": { cli: [["start", "--no-import"]], other: [] },
      "app-2": { cli: [["start", "--no-import"]], other: [] },
    });
    expect(services["app-1"]!.depends_on).toMatchObject({
      release: { condition: "service_completed_successfully" },
      postgres: { condition: "service_healthy" },
    });
  });

  // Three CLI processes and a server, one after another: slow on a loaded machine.
  it("migrate and import an empty database, then a replica serves it and exits 0 on SIGTERM", {
    timeout: 180_000,
  }, async () => {
    for (const args of cliInvocations(services.release!.command).cli) {
      const { stdout } = await run(process.execPath, [path.join(ROOT, "bin/status-atlas.js"), ...args], {
        cwd: ROOT,
        env: { ...process.env, ...envOf("release") },
      });
      expect(stdout.length, args.join(" ")).toBeGreaterThan(0);
    }
    const [start, ...flags] = cliInvocations(services["app-1"]!.command).cli[0]!;
    expect(start).toBe("start");
    let replica: ServerProcess | undefined;
    try {
      replica = await startServer(flags, envOf("app-1"));
      const ready = await fetch(`${replica.url}/ready`);
      expect({ status: ready.status, body: await ready.json() }).toEqual({
        status: 200,
        body: { status: "ready", contentVersion: 1 },
      });
      replica.child.kill("SIGTERM");
      expect(await replica.exited).toBe(0);
    } finally {
      replica?.child.kill("SIGKILL");
    }
  });
});
