import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import type { Role, Viewer } from "../../src/auth/roles.ts";
import type { ViewerResolver } from "../../src/http/authorize-release.ts";
import { IMPORT_MEDIA_TYPES } from "../../src/http/releases.ts";
import type { ImportJobView } from "../../src/releases/job.ts";
import { createImportRunner, type ImportRunner } from "../../src/releases/runner.ts";
import { startImportJob } from "../../src/releases/store.ts";
import { rawTarGz, tarGzOfFolder } from "../helpers/archives.ts";
import { MAX_REQUEST_BODY_BYTES } from "../../src/http/body-limit.ts";
import {
  createTestDatabase,
  FIXTURES_DIR,
  SEEDS_DIR,
  snapshotContent,
  type TestDatabase,
} from "../helpers/database.ts";
import { createTestServer, type TestServer } from "../helpers/graphql.ts";

const CONTENT_MIN = path.join(FIXTURES_DIR, "content-min");

/** Test tokens are the role's name: "Bearer editor" is an editor. */
const byRoleName: ViewerResolver = async (request) => {
  const role = request.headers.get("authorization")?.replace(/^Bearer /, "") as Role | undefined;
  return role ? ({ tokenId: 1, name: `${role}-token`, role, locales: ["vi"] } satisfies Viewer) : null;
};

const EDITOR = { authorization: "Bearer editor" };
const GZIP = { ...EDITOR, "content-type": "application/gzip" };

let db: TestDatabase;
let runner: ImportRunner;
let server: TestServer;
let contentDir: string;

beforeEach(async () => {
  db = await createTestDatabase();
  contentDir = mkdtempSync(path.join(tmpdir(), "imports-folder-"));
  cpSync(CONTENT_MIN, contentDir, { recursive: true });
  runner = createImportRunner({ db, contentDir });
  server = createTestServer(db, { imports: { runner, resolveViewer: byRoleName } });
});
afterEach(async () => {
  await runner.idle();
  await server.close();
  await db.close();
  rmSync(contentDir, { recursive: true, force: true });
});

const post = (query = "", body?: Uint8Array<ArrayBuffer> | FormData, headers: Record<string, string> = GZIP) =>
  server.yoga.fetch(`http://localhost/imports${query}`, { method: "POST", headers, body });
const get = (href: string, headers: Record<string, string> = EDITOR) =>
  server.yoga.fetch(`http://localhost${href}`, { headers });

/** Polls the job as a client would, until it is no longer ACCEPTED or RUNNING. */
async function pollToEnd(href: string): Promise<ImportJobView> {
  for (;;) {
    const response = await get(href);
    expect(response.status).toBe(200);
    const job = (await response.json()) as ImportJobView;
    if (job.status !== "ACCEPTED" && job.status !== "RUNNING") return job;
    expect(response.headers.get("retry-after")).toBe("1");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("POST /imports starts an import job and answers at once", () => {
  it("answers 202 Accepted with Location and Retry-After (RFC 9110 §15.3.3, §10.2.2, §10.2.3) and the job; polling shows it succeed", async () => {
    const response = await post("", await tarGzOfFolder(CONTENT_MIN));
    expect(response.status).toBe(202);
    const job = (await response.json()) as ImportJobView;
    expect(job).toMatchObject({
      id: expect.stringMatching(/^imp_/),
      status: "ACCEPTED",
      source: "upload",
      dryRun: false,
      createdBy: "editor-token",
    });
    expect(response.headers.get("location")).toBe(`/imports/${job.id}`);
    expect(response.headers.get("retry-after")).toBe("1");

    const done = await pollToEnd(response.headers.get("location")!);
    expect(done).toMatchObject({
      status: "SUCCEEDED",
      contentVersion: 1,
      runId: expect.any(Number),
      errors: [],
      failureReason: null,
    });
    expect(done.plan!.counts).toMatchObject({ created: expect.any(Number), updated: 0, deleted: 0 });
    expect(done.progress.unitsTotal).toBe(done.plan!.counts.created);
    expect(done.progress.unitsDone).toBe(done.progress.unitsTotal);
    expect(await db.prisma.statusCode.count()).toBe(3);
  });

  it("takes an upload over a real socket, larger than the GraphQL body limit", async () => {
    const listener = createServer(server.yoga);
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    try {
      // seeds/ as a tar.gz is several times the 100 kB GraphQL body limit (src/http/body-limit.ts).
      const archive = await tarGzOfFolder(SEEDS_DIR);
      expect(archive.byteLength).toBeGreaterThan(MAX_REQUEST_BODY_BYTES);
      // node:http, not fetch: in this process fetch (undici) stalled after connecting once an earlier test had run;
      // the server never saw a byte, so the stall was the client's. node:http is what a Node client uses anyway.
      const answer = await new Promise<{ status: number; location: string }>((resolve, reject) => {
        const { port } = listener.address() as AddressInfo;
        const req = request(
          {
            host: "127.0.0.1",
            port,
            path: "/imports",
            method: "POST",
            headers: { ...GZIP, "content-length": String(archive.byteLength) },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve({ status: res.statusCode!, location: String(res.headers.location) }));
          },
        );
        req.on("error", reject);
        req.end(Buffer.from(archive));
      });
      expect(answer.status).toBe(202);
      expect(await pollToEnd(answer.location)).toMatchObject({ status: "SUCCEEDED", contentVersion: 1 });
      expect(await db.prisma.statusCode.count()).toBe(70);
    } finally {
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it("imports a zip too", async () => {
    const zip = new ZipFile();
    for (const file of [
      "locales.yaml",
      "messages/en.yaml",
      "messages/vi.yaml",
      "codes/en/200.md",
      "codes/en/404.md",
      "codes/en/410.md",
      "codes/vi/404.md",
      "comparisons/en/404-vs-410.md",
      "comparisons/vi/404-vs-410.md",
    ]) {
      zip.addBuffer(readFileSync(path.join(CONTENT_MIN, file)), file);
    }
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    const response = await post("", new Uint8Array(Buffer.concat(chunks)), {
      ...EDITOR,
      "content-type": "application/zip",
    });
    expect(response.status).toBe(202);
    expect(await pollToEnd(response.headers.get("location")!)).toMatchObject({
      status: "SUCCEEDED",
      contentVersion: 1,
    });
  });

  it("imports the server's content folder when the request has no body", async () => {
    const response = await post("", undefined, EDITOR);
    expect(response.status).toBe(202);
    expect(await pollToEnd(response.headers.get("location")!)).toMatchObject({
      status: "SUCCEEDED",
      source: "folder",
      contentVersion: 1,
    });
    expect(await db.prisma.statusCode.count()).toBe(3);
  });

  it("only plans with ?dryRun=true: the job holds the plan and nothing is written", async () => {
    const before = await snapshotContent(db.prisma);
    const response = await post("?dryRun=true", await tarGzOfFolder(CONTENT_MIN));
    const done = await pollToEnd(response.headers.get("location")!);
    expect(done).toMatchObject({ status: "SUCCEEDED", dryRun: true, contentVersion: 0, runId: null });
    expect(done.plan!.changes).toContainEqual(
      expect.objectContaining({ unit: "code:410", action: "create", file: "codes/en/410.md" }),
    );
    expect(await snapshotContent(db.prisma)).toEqual(before);
  });

  it("refuses ?dryRun= other than true or false with 400 Bad Request (RFC 9110 §15.5.1)", async () => {
    expect((await post("?dryRun=yes", await tarGzOfFolder(CONTENT_MIN))).status).toBe(400);
  });
});

describe("a failing import", () => {
  it("leaves the content untouched and the job FAILED with every error, each naming file, line and field", async () => {
    await pollToEnd((await post("", undefined, EDITOR)).headers.get("location")!);
    const before = await snapshotContent(db.prisma);
    const broken = mkdtempSync(path.join(tmpdir(), "imports-broken-"));
    cpSync(CONTENT_MIN, broken, { recursive: true });
    const file = path.join(broken, "codes/en/410.md");
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace("cacheable: true", "cacheable: sometimes")
        .replace("retry: no", "retry: whenever"),
    );
    const response = await post("", await tarGzOfFolder(broken));
    rmSync(broken, { recursive: true, force: true });

    const done = await pollToEnd(response.headers.get("location")!);
    expect(done).toMatchObject({
      status: "FAILED",
      contentVersion: null,
      failureReason: expect.stringMatching(/^VALIDATION: 2 error\(s\); nothing was written/),
    });
    expect(done.errors).toEqual([
      { file: "codes/en/410.md", line: expect.any(Number), field: "cacheable", message: expect.any(String) },
      { file: "codes/en/410.md", line: expect.any(Number), field: "retry", message: expect.any(String) },
    ]);
    expect(await snapshotContent(db.prisma)).toEqual(before);
  });
});

describe("POST /imports refuses a bad upload before any job exists", () => {
  const refusedWith = async (status: number, body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = GZIP) => {
    const response = await post("", body, headers);
    expect(response.status).toBe(status);
    expect(await db.prisma.importJob.count()).toBe(0);
    return (await response.json()) as { error: { code: string; errors: { entry: string; message: string }[] } };
  };
  const GOOD = { name: "locales.yaml", body: "- code: en\n" };

  it.each([
    ["an absolute path", { name: "/etc/cron.d/job", body: "x" }, "absolute path"],
    ["a .. segment", { name: "codes/../../etc/passwd", body: "x" }, `".." segment`],
    [
      "a symbolic link",
      { name: "codes/en/404.md", type: "SymbolicLink", linkpath: "/etc/passwd" },
      "symbolic links are not allowed",
    ],
    ["a hard link", { name: "codes/en/404.md", type: "Link", linkpath: "locales.yaml" }, "hard links are not allowed"],
    ["a device", { name: "codes/en/null", type: "CharacterDevice" }, "character devices are not allowed"],
  ])("answers 400 Bad Request (RFC 9110 §15.5.1) naming the entry for %s", async (_, entry, words) => {
    const body = await refusedWith(400, rawTarGz([GOOD, entry]));
    expect(body.error).toMatchObject({
      code: "BAD_ARCHIVE",
      errors: [{ entry: entry.name, message: expect.stringContaining(words) }],
    });
  });

  it("answers 400 Bad Request (RFC 9110 §15.5.1) for bytes that are not the archive they claim to be", async () => {
    const body = await refusedWith(400, new Uint8Array(Buffer.from("not a gzip stream")));
    expect(body.error.code).toBe("BAD_ARCHIVE");
  });

  it("answers 413 (RFC 9110 §15.5.14) for an archive that inflates past the cap, naming the entry", async () => {
    const body = await refusedWith(
      413,
      rawTarGz([GOOD, { name: "codes/en/404.md", body: "x".repeat(2 * 1024 * 1024) }]),
    );
    expect(body.error).toMatchObject({ code: "TOO_LARGE", errors: [{ entry: "codes/en/404.md" }] });
  });

  it("answers 413 Content Too Large (RFC 9110 §15.5.14) for a body over the upload cap, before reading it", async () => {
    const capped = createTestServer(db, { imports: { runner, resolveViewer: byRoleName, maxUploadBytes: 1_000 } });
    const archive = await tarGzOfFolder(CONTENT_MIN);
    const response = await capped.yoga.fetch("http://localhost/imports", {
      method: "POST",
      headers: { ...GZIP, "content-length": String(archive.byteLength) },
      body: archive,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "CONTENT_TOO_LARGE" } });
    expect(await db.prisma.importJob.count()).toBe(0);
    await capped.close();
  });

  it("answers 415 Unsupported Media Type (RFC 9110 §15.5.16) naming the accepted types, in Accept-Post and the body", async () => {
    const response = await post("", new Uint8Array(Buffer.from("{}")), {
      ...EDITOR,
      "content-type": "application/json",
    });
    expect(response.status).toBe(415);
    expect(response.headers.get("accept-post")).toBe(IMPORT_MEDIA_TYPES.join(", "));
    expect(await response.json()).toMatchObject({
      error: { code: "UNSUPPORTED_MEDIA_TYPE", accepted: [...IMPORT_MEDIA_TYPES] },
    });
  });
});

describe("one import at a time", () => {
  it("answers a second start while one is active 409 Conflict (RFC 9110 §15.5.10) with the active job, starting no second writer", async () => {
    const archive = await tarGzOfFolder(CONTENT_MIN);
    const [first, second] = await Promise.all([post("", archive), post("", archive)]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([202, 409]);
    const [winner, loser] = first.status === 202 ? [first, second] : [second, first];
    const started = (await winner.json()) as ImportJobView;
    const refused = (await loser.json()) as { error: { code: string }; job: ImportJobView };
    expect(refused).toMatchObject({ error: { code: "IMPORT_RUNNING" }, job: { id: started.id } });
    expect(await db.prisma.importJob.count()).toBe(1);
    await pollToEnd(started.href);
    // Once it finished, the lease is free again.
    expect((await post("", archive)).status).toBe(202);
  });

  it("reports a job in any replica: 200 OK (RFC 9110 §15.3.1) with Retry-After (§10.2.3) while it has not finished", async () => {
    // Accepted by another process (another owner), which has not run it yet.
    const { job } = await startImportJob(
      db,
      { dryRun: false, prune: false, source: "folder", createdBy: "other" },
      { owner: "replica-b" },
    );
    const response = await get(`/imports/${job.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({
      id: job.id,
      status: "ACCEPTED",
      progress: { unitsDone: 0, unitsTotal: null },
    });
  });
});

describe("GET /imports/{id}", () => {
  it("reports a job whose process died as FAILED once its lease has run out, in whichever replica is asked", async () => {
    const { job } = await startImportJob(
      db,
      { dryRun: false, prune: false, source: "folder", createdBy: "other" },
      { owner: "dead-replica", now: new Date(Date.now() - 120_000) },
    );
    const response = await get(`/imports/${job.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("retry-after")).toBeNull();
    expect(await response.json()).toMatchObject({
      status: "FAILED",
      failureReason: expect.stringContaining("ABANDONED"),
    });
  });

  it("answers HEAD with GET's status and headers and no content (RFC 9110 §9.3.2)", async () => {
    const { job } = await startImportJob(
      db,
      { dryRun: false, prune: false, source: "folder", createdBy: "other" },
      { owner: "replica-b" },
    );
    const response = await server.yoga.fetch(`http://localhost/imports/${job.id}`, { method: "HEAD", headers: EDITOR });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.text()).toBe("");
  });

  it("answers 404 Not Found (RFC 9110 §15.5.5) for an unknown job", async () => {
    const response = await get("/imports/imp_nope");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("answers 405 Method Not Allowed with Allow (RFC 9110 §15.5.6, §10.2.1) to a method the resource does not take", async () => {
    const listing = await get("/imports");
    expect(listing.status).toBe(405);
    expect(listing.headers.get("allow")).toBe("POST");
    const deleting = await server.yoga.fetch("http://localhost/imports/imp_x", { method: "DELETE", headers: EDITOR });
    expect(deleting.status).toBe(405);
    expect(deleting.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("POST /imports/{id}/cancel", () => {
  const cancel = (id: string, headers: Record<string, string> = EDITOR) =>
    server.yoga.fetch(`http://localhost/imports/${id}/cancel`, { method: "POST", headers });
  const acceptedElsewhere = async () =>
    (
      await startImportJob(
        db,
        { dryRun: false, prune: false, source: "folder", createdBy: "other" },
        { owner: "replica-b" },
      )
    ).job;

  it("cancels a job another replica accepted: 200 OK (RFC 9110 §15.3.1) with the job CANCELLED, and the next import starts at once", async () => {
    const job = await acceptedElsewhere();
    const response = await cancel(job.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(await response.json()).toMatchObject({
      id: job.id,
      status: "CANCELLED",
      finishedAt: expect.any(String),
      failureReason: expect.stringMatching(/^CANCELLED: cancelled by editor-token at /),
    });
    expect(await (await get(`/imports/${job.id}`)).json()).toMatchObject({ status: "CANCELLED" });
    const next = await post("", undefined, EDITOR);
    expect(next.status).toBe(202);
    await pollToEnd(next.headers.get("location")!);
  });

  it("answers a repeated cancel with the cancelled job again, so a retried request is not an error", async () => {
    const job = await acceptedElsewhere();
    expect((await cancel(job.id)).status).toBe(200);
    const again = await cancel(job.id);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: job.id, status: "CANCELLED" });
  });

  it("answers 409 Conflict (RFC 9110 §15.5.10) for a job that has finished, with the job as it ended, and changes nothing", async () => {
    const started = await post("", undefined, EDITOR);
    const finished = await pollToEnd(started.headers.get("location")!);
    expect(finished.status).toBe("SUCCEEDED");
    const response = await cancel(finished.id);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: {
        code: "IMPORT_FINISHED",
        message: `Import ${finished.id} has already succeeded; there is nothing to cancel.`,
      },
      job: { id: finished.id, status: "SUCCEEDED" },
    });
    expect(await (await get(finished.href)).json()).toMatchObject({
      status: "SUCCEEDED",
      contentVersion: finished.contentVersion,
    });
  });

  it("answers 404 Not Found (RFC 9110 §15.5.5) for an unknown job, and for any other action", async () => {
    expect((await cancel("imp_nope")).status).toBe(404);
    const job = await acceptedElsewhere();
    const other = await server.yoga.fetch(`http://localhost/imports/${job.id}/pause`, {
      method: "POST",
      headers: EDITOR,
    });
    expect(other.status).toBe(404);
    expect(await (await get(`/imports/${job.id}`)).json()).toMatchObject({ status: "ACCEPTED" });
  });

  it("answers 405 Method Not Allowed with Allow: POST (RFC 9110 §15.5.6, §10.2.1) to GET", async () => {
    const job = await acceptedElsewhere();
    const response = await get(`/imports/${job.id}/cancel`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("answers 403 Forbidden (RFC 9110 §15.5.4) to a translator and 401 to no token, cancelling nothing", async () => {
    const job = await acceptedElsewhere();
    expect((await cancel(job.id, { authorization: "Bearer translator" })).status).toBe(403);
    expect((await cancel(job.id, {})).status).toBe(401);
    expect(await (await get(`/imports/${job.id}`)).json()).toMatchObject({ status: "ACCEPTED" });
  });
});

describe("who may import", () => {
  it("answers 401 with a Bearer challenge (RFC 9110 §15.5.2, §11.6.1) while tokens are not wired in", async () => {
    const unwired = createTestServer(db);
    const response = await unwired.yoga.fetch("http://localhost/imports", {
      method: "POST",
      headers: GZIP,
      body: await tarGzOfFolder(CONTENT_MIN),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="status-atlas"');
    await unwired.close();
  });

  it("answers 401 to a request without a token", async () => {
    const response = await post("", undefined, {});
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="status-atlas"');
  });

  it.each(["reviewer", "translator"])(
    "answers 403 Forbidden (RFC 9110 §15.5.4) to a %s, on starting and on reading a job",
    async (role) => {
      const headers = { authorization: `Bearer ${role}` };
      const response = await post("", undefined, headers);
      expect(response.status).toBe(403);
      expect(response.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
      expect((await get("/imports/imp_x", headers)).status).toBe(403);
      expect(await db.prisma.importJob.count()).toBe(0);
    },
  );

  it.each(["admin", "editor"])("accepts an import from an %s", async (role) => {
    const response = await post("", undefined, { authorization: `Bearer ${role}` });
    expect(response.status).toBe(202);
    await pollToEnd(response.headers.get("location")!);
  });
});

describe("POST /imports with real tokens", () => {
  it("takes an editor's token, refuses a translator's with 403 and an unknown one with 401 (RFC 9110 §15.5.2, §15.5.4)", async () => {
    const { createToken, bearer } = await import("../helpers/tokens.ts");
    const real = createTestServer(db, { imports: { runner } });
    try {
      const send = (headers: Record<string, string>) =>
        real.yoga.fetch("http://localhost/imports", { method: "POST", headers });
      const editor = await send(bearer(await createToken(db, { role: "editor" })));
      expect(editor.status).toBe(202);
      await pollToEnd(editor.headers.get("location")!);
      const translator = await send(bearer(await createToken(db, { role: "translator", locales: ["vi"] })));
      expect(translator.status).toBe(403);
      const unknown = await send({ authorization: "Bearer sa_not-a-token-anyone-was-given" });
      expect(unknown.status).toBe(401);
      expect(unknown.headers.get("www-authenticate")).toMatch(/^Bearer realm="status-atlas"/);
    } finally {
      await real.close();
    }
  });
});
