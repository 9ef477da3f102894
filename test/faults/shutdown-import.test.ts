// SIGTERM while an import job runs, with a short SHUTDOWN_TIMEOUT_MS: the server keeps answering while the
// job runs, cuts the job off at the deadline (its transaction rolls back, it is FAILED with the reason) and
// exits within the deadline and a small slack. (A 7 MB job once froze /health for 3.65 s, and SIGTERM with
// SHUTDOWN_TIMEOUT_MS=300 took 3.7 s and let the job commit.) A real server process, on the project's provider.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/corpus.ts";
import { readContentVersion } from "../../src/db/database.ts";
import { readImportJob } from "../../src/releases/store.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { startServer, type ServerProcess } from "../helpers/processes.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const SHUTDOWN_TIMEOUT_MS = 300;
/** The server's grace for a cut-off job to roll back (src/server.ts), and time for the process to end. */
const SLACK_MS = 1000 + 1500;

let db: TestDatabase;
let corpus: string;
let server: ServerProcess | undefined;
beforeAll(async () => {
  db = await createTestDatabase();
  // 61 locales (8,300 units): an import that takes seconds, so the signal comes while it runs.
  corpus = generateCorpus(61);
});
afterAll(async () => {
  if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
  await server?.exited;
  await db?.close();
  rmSync(corpus, { recursive: true, force: true });
});

describe("SIGTERM during an import job", () => {
  it("answers /health while the job runs, then cuts the job off at SHUTDOWN_TIMEOUT_MS: nothing written, the job FAILED, the process gone within the deadline", {
    timeout: 180_000,
  }, async () => {
    const editor = bearer(await createToken(db, { role: "editor" }));
    server = await startServer(["--no-import"], {
      DATABASE_URL: db.url,
      SEEDS_DIR: corpus,
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      RATE_LIMIT_PER_SECOND: "0",
    });
    const url = server.url;
    const accepted = await fetch(`${url}/imports`, { method: "POST", headers: editor });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    const jobNow = async () =>
      (await (await fetch(`${url}/imports/${id}`, { headers: editor })).json()) as { status: string };
    while ((await jobNow()).status === "ACCEPTED") await new Promise((resolve) => setTimeout(resolve, 20));

    // Answered while the job runs: the job is still RUNNING after the answer came.
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect((await jobNow()).status, server.output()).toBe("RUNNING");

    const signalled = performance.now();
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const took = performance.now() - signalled;

    const job = await readImportJob(db, id);
    expect(job?.status, server.output()).toBe("FAILED");
    expect(job?.failureReason).toMatch(/^SHUTDOWN: /);
    expect(server.output()).toContain("was cut off: nothing of it was written, and it is marked FAILED");
    expect(await readContentVersion(db.prisma)).toBe(0);
    expect(await db.prisma.statusCode.count()).toBe(0);
    expect(await db.prisma.importBase.count()).toBe(0);
    expect(await db.prisma.importLease.findUnique({ where: { id: 1 } })).toMatchObject({ jobId: null });
    expect(took, server.output()).toBeLessThan(SHUTDOWN_TIMEOUT_MS + SLACK_MS);
  });
});
