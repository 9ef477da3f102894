// A server killed with SIGKILL while it applies a release (POST /imports): nothing is half-written (the
// content is exactly as before, or exactly the release when it committed first, the job's outcome with it),
// and the next server to start fails the abandoned job and takes the next release. Real processes over
// 127.0.0.1, on the project's provider.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContentVersion } from "../../src/db/database.ts";
import { LEASE_MS, readImportJob, recoverAbandonedJobs } from "../../src/releases/store.ts";
import { tarGzOfFolder } from "../helpers/archives.ts";
import { createTestDatabase, SEEDS_DIR, snapshotContent, type TestDatabase } from "../helpers/database.ts";
import { startServer, type ServerProcess } from "../helpers/processes.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

let db: TestDatabase;
let editor: Record<string, string>;
let archive: Uint8Array<ArrayBuffer>;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  editor = bearer(await createToken(db, { role: "editor" }));
  archive = await tarGzOfFolder(SEEDS_DIR);
});

afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill("SIGKILL");
  await Promise.all(servers.map((server) => server.exited));
  await db?.close();
});

async function serve(): Promise<ServerProcess> {
  const server = await startServer(["--no-import"], { DATABASE_URL: db.url });
  servers.push(server);
  return server;
}

const release = (server: ServerProcess) =>
  fetch(`${server.url}/imports`, {
    method: "POST",
    headers: { "content-type": "application/gzip", ...editor },
    body: archive,
  });
const jobOf = async (server: ServerProcess, id: string) =>
  (await (await fetch(`${server.url}/imports/${id}`, { headers: editor })).json()) as { id: string; status: string };

describe("a server killed with SIGKILL mid-release", () => {
  it("leaves the content exactly as before or exactly as released, and the next server fails the job and takes the next release", {
    timeout: 180_000,
  }, async () => {
    const before = { content: await snapshotContent(db.prisma), version: await readContentVersion(db.prisma) };
    const first = await serve();
    const accepted = await release(first);
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    // Killed as soon as the job runs: while it reads, checks, plans or writes the release.
    for (let status = "ACCEPTED"; status === "ACCEPTED"; status = (await jobOf(first, id)).status)
      await new Promise((resolve) => setTimeout(resolve, 5));
    first.child.kill("SIGKILL");
    await first.exited;

    const job = await readImportJob(db, id);
    if (job?.status === "SUCCEEDED") {
      // It committed before the signal: the whole release and its outcome, together.
      expect(await readContentVersion(db.prisma)).toBe(before.version + 1);
      expect((await snapshotContent(db.prisma)).codes.length).toBeGreaterThan(0);
    } else {
      expect(job).toMatchObject({ status: "RUNNING" });
      expect({ content: await snapshotContent(db.prisma), version: await readContentVersion(db.prisma) }).toEqual(
        before,
      );
      // The next replica to start, once the dead process's lease has run out.
      expect((await recoverAbandonedJobs(db, new Date(Date.now() + LEASE_MS + 1_000))).failed).toEqual([id]);
      expect(await readImportJob(db, id)).toMatchObject({
        status: "FAILED",
        failureReason: expect.stringContaining("ABANDONED"),
      });
    }

    // Served again: a new server takes the next release and it commits.
    const second = await serve();
    const next = await release(second);
    expect(next.status).toBe(202);
    const nextId = ((await next.json()) as { id: string }).id;
    let status = "ACCEPTED";
    for (
      const deadline = Date.now() + 120_000;
      (status === "ACCEPTED" || status === "RUNNING") && Date.now() < deadline;
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await jobOf(second, nextId)).status;
    }
    expect(status).toBe("SUCCEEDED");
    const read = await (
      await fetch(`${second.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: '{ statusCode(code: 404, locale: "en") { title } }' }),
      })
    ).json();
    expect(read).toEqual({ data: { statusCode: { title: "Not Found" } } });
  });
});
