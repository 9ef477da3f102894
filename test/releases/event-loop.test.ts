// An import job runs in the process that serves reads: its parse, checks and plan run in time slices
// (src/pipeline/time-slices.ts), so the server answers meanwhile, and a shutdown can cut it off between two
// slices, writing nothing (src/releases/runner.ts cutOff).
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../../bench/corpus.ts";
import type { Role, Viewer } from "../../src/auth/roles.ts";
import { readContentVersion } from "../../src/db/database.ts";
import type { ViewerResolver } from "../../src/http/authorize-release.ts";
import type { ImportJobView } from "../../src/releases/job.ts";
import { createImportRunner, type OwnImportRunner } from "../../src/releases/runner.ts";
import { readImportJob } from "../../src/releases/store.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createTestServer, type TestServer } from "../helpers/graphql.ts";

// Where the job is: set as the folder's parse begins and ends (the parse itself is left as it is).
const phase = vi.hoisted(() => ({ parsing: false, parsed: false }));
vi.mock("../../src/pipeline/parse.ts", async (original) => {
  const actual = await original<typeof import("../../src/pipeline/parse.ts")>();
  return {
    ...actual,
    *parsingContentRead(...args: Parameters<typeof actual.parsingContentRead>) {
      phase.parsing = true;
      const parsed = yield* actual.parsingContentRead(...args);
      phase.parsed = true;
      return parsed;
    },
  };
});

/** Test tokens are the role's name. */
const byRoleName: ViewerResolver = async (request) => {
  const role = request.headers.get("authorization")?.replace(/^Bearer /, "") as Role | undefined;
  return role ? ({ tokenId: 1, name: `${role}-token`, role, locales: [] } satisfies Viewer) : null;
};

// 21 locales: some 2,900 files, long enough to parse that a request can be answered in between.
let corpus: string;
let db: TestDatabase;
let runner: OwnImportRunner;
let server: TestServer;
beforeEach(async () => {
  corpus = generateCorpus(21);
  db = await createTestDatabase();
  runner = createImportRunner({ db, contentDir: corpus });
  server = createTestServer(db, { imports: { runner, resolveViewer: byRoleName } });
  Object.assign(phase, { parsing: false, parsed: false });
});
afterEach(async () => {
  await server.close();
  await db.close();
  rmSync(corpus, { recursive: true, force: true });
});

/** POST /imports without a body: a job importing the server's content folder. */
async function startFolderJob(): Promise<string> {
  const response = await server.yoga.fetch("http://localhost/imports", {
    method: "POST",
    headers: { authorization: "Bearer editor" },
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as ImportJobView).id;
}

/** Turns the event loop until `done` holds: a loop that never turns would never see it. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

describe("an import job running in the server's process", () => {
  it("leaves the server answering: /health asked once the folder's parse has begun is answered before the parse ends", {
    timeout: 120_000,
  }, async () => {
    const id = await startFolderJob();
    await until(() => phase.parsing);
    const health = await server.yoga.fetch("http://localhost/health");
    expect(health.status).toBe(200);
    // Parsed in one go, the parse would have ended before this test could even see it begin.
    expect(phase.parsed).toBe(false);
    await runner.idle();
    expect(await readImportJob(db, id)).toMatchObject({ status: "SUCCEEDED", contentVersion: 1 });
  });

  it.each([
    ["while it parses", () => phase.parsing],
    ["while it writes", () => (runner.progressOf(jobId)?.unitsDone ?? 0) > 0],
  ])(
    "is cut off %s: nothing of it is written and it is FAILED as cut off by the shutdown",
    { timeout: 120_000 },
    async (_when, reached) => {
      jobId = await startFolderJob();
      await until(reached);
      runner.cutOff();
      await runner.idle();
      const job = await readImportJob(db, jobId);
      expect(job).toMatchObject({ status: "FAILED", contentVersion: null });
      expect(job?.failureReason).toMatch(
        /^SHUTDOWN: the server running this import .* shut down at .* before the import finished/,
      );
      expect(await readContentVersion(db.prisma)).toBe(0);
      for (const count of [
        db.prisma.statusCode.count(),
        db.prisma.historyEntry.count(),
        db.prisma.importBase.count(),
        db.prisma.contentChange.count(),
        db.prisma.importRun.count(),
      ]) {
        expect(await count).toBe(0);
      }
      // The lease is given back, and the folder imports as if the job had never run.
      expect(await db.prisma.importLease.findUnique({ where: { id: 1 } })).toMatchObject({ jobId: null });
      expect(await runImport(db, { dir: corpus })).toMatchObject({ ok: true, applied: true, version: 1 });
    },
  );
});

let jobId = "";
