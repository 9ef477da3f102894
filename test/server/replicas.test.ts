// Several server processes on one database: each serves a new content version on its next request,
// and each shuts down gracefully on SIGTERM.
import { request } from "node:http";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "../../src/pipeline/import.ts";
import { copyContent, createTestDatabase, untilCurrent, type TestDatabase } from "../helpers/database.ts";
import { graphql, runCli, startServer, type ServerProcess } from "../helpers/processes.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

let db: TestDatabase;
let dir: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  dir = copyContent();
  expect((await runImport(db, { dir })).ok).toBe(true);
});
afterAll(async () => {
  for (const s of servers) s.child.kill("SIGKILL");
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("replicas", () => {
  it("serves an import made by the CLI from every replica on its next request", async () => {
    servers.push(
      ...(await Promise.all([
        startServer(["--no-import"], { DATABASE_URL: db.url }),
        startServer(["--no-import"], { DATABASE_URL: db.url }),
      ])),
    );
    const QUERY = `{ contentVersion statusCode(code: 404, locale: "en") { summary } }`;
    for (const s of servers) expect((await graphql(s.url, QUERY)).data.contentVersion).toBe(1);

    const file = path.join(dir, "codes/en/404.md");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(/^summary:.*$/m, 'summary: "Nothing lives at this address."'),
    );
    await runCli(["import", "--dir", dir], { DATABASE_URL: db.url });
    // On PostgreSQL replicas learn of it by NOTIFY, delivered to every listener at commit: once this
    // process heard it, so did they.
    await untilCurrent(db);

    for (const s of servers) {
      const answer = await graphql(s.url, QUERY);
      expect(answer.data).toEqual({ contentVersion: 2, statusCode: { summary: "Nothing lives at this address." } });
    }
  });

  it("finishes an in-flight request after SIGTERM, refuses readiness meanwhile, then exits 0", async () => {
    const server = servers[0]!;
    const body = JSON.stringify({ query: "{ contentVersion }" });
    // A request whose body is still arriving when the signal comes.
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${server.url}/graphql`,
        { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (res) => {
          let text = "";
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 5));
      setTimeout(() => {
        server.child.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(5)), 300);
      }, 100);
    });
    const { status, text } = await answer;
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ data: { contentVersion: 2 } });
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/SIGTERM: finishing in-flight requests/);
  });

  it("lets an import job accepted before SIGTERM finish and commit, then exits 0", async () => {
    const server = await startServer(["--no-import"], { DATABASE_URL: db.url, SEEDS_DIR: dir });
    servers.push(server);
    const file = path.join(dir, "codes/en/410.md");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(/^summary:.*$/m, 'summary: "Removed on purpose, and not coming back."'),
    );
    const before = await graphql(server.url, "{ contentVersion }");
    const accepted = await fetch(`${server.url}/imports`, {
      method: "POST",
      headers: bearer(await createToken(db, { role: "editor" })),
    });
    expect(accepted.status).toBe(202);
    const job = (await accepted.json()) as { id: string };
    // The job reads, checks and plans the whole content folder first: it is still running when the signal lands.
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const stored = await db.prisma.importJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored.status).toBe("SUCCEEDED");
    expect(stored.contentVersion).toBe(before.data.contentVersion + 1);
    const row = await db.prisma.statusCodeTranslation.findFirstOrThrow({ where: { code: 410, locale: "en" } });
    expect(row.summary).toBe("Removed on purpose, and not coming back.");
    expect(server.output()).toMatch(/Shutdown: waiting for 1 import job\(s\) to finish/);
    expect(server.output()).not.toMatch(/was cut off/);
  });

  it("cuts off what is still running at the shutdown deadline and still exits 0", async () => {
    const server = await startServer(["--no-import"], { DATABASE_URL: db.url, SHUTDOWN_TIMEOUT_MS: "300" });
    servers.push(server);
    const req = request(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": "100" },
    });
    req.on("error", () => {});
    req.write("{");
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/cut off/);
  });
});
