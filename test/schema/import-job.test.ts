import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createImportRunner, type ImportRunner } from "../../src/releases/runner.ts";
import { startImportJob } from "../../src/releases/store.ts";
import { rawTarGz, tarGzOfFolder } from "../helpers/archives.ts";
import { MAX_REQUEST_BODY_BYTES } from "../../src/http/body-limit.ts";
import { createTestDatabase, FIXTURES_DIR, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";
import { createTestServer, type GraphQLResponse, type TestServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const CONTENT_MIN = path.join(FIXTURES_DIR, "content-min");

const JOB_FIELDS = `id href status dryRun source createdBy createdAt startedAt finishedAt progress { unitsDone unitsTotal }
  plan { created updated deleted changes { unit action file } } errors { file line field message } contentVersion failureReason`;
const START = `mutation($input: StartImportInput!) { startImport(input: $input) { started job { ${JOB_FIELDS} } } }`;
const JOB = `query($id: ID!) { importJob(id: $id) { ${JOB_FIELDS} } }`;

type Job = {
  id: string;
  status: string;
  plan: { created: number } | null;
  contentVersion: number | null;
  [field: string]: unknown;
};
type Started = { startImport: { started: boolean; job: Job } };

let db: TestDatabase;
let runner: ImportRunner;
let server: TestServer;
let editor: Record<string, string>;

beforeEach(async () => {
  db = await createTestDatabase();
  // The folder a start without an upload imports: the small fixture, so each job takes a moment.
  runner = createImportRunner({ db, contentDir: CONTENT_MIN });
  server = createTestServer(db, { imports: { runner } });
  editor = bearer(await createToken(db, { role: "editor", name: "the-editor" }));
});
afterEach(async () => {
  await runner.idle();
  await server.close();
  await db.close();
});

/** Polls `importJob` as a client would, until the job is no longer ACCEPTED or RUNNING. */
async function pollToEnd(id: string): Promise<Job> {
  for (;;) {
    const { data, errors } = await server.query<{ importJob: Job }>(JOB, { id }, editor);
    expect(errors).toBeUndefined();
    if (data!.importJob.status !== "ACCEPTED" && data!.importJob.status !== "RUNNING") return data!.importJob;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A GraphQL multipart request (the spec Yoga implements): `operations`, `map`, then the file part. */
async function startWithUpload(
  archive: Uint8Array<ArrayBuffer>,
  { name = "tree.tgz", type = "application/gzip", headers = editor, csrf = true } = {},
): Promise<{ status: number; body: GraphQLResponse<Started> }> {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query: START, variables: { input: { upload: null } } }));
  form.set("map", JSON.stringify({ 0: ["variables.input.upload"] }));
  form.set("0", new File([archive], name, { type }));
  // A multipart POST runs only with a header a browser would preflight (src/http/csrf.ts).
  const response = await server.yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { ...headers, ...(csrf ? { "x-graphql-yoga-csrf": "1" } : {}) },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<Started> };
}

describe("startImport", () => {
  it("imports the server's content folder when sent no upload, answering at once with the job to poll", async () => {
    const { data, errors } = await server.query<Started>(START, { input: {} }, editor);
    expect(errors).toBeUndefined();
    expect(data!.startImport.started).toBe(true);
    expect(data!.startImport.job).toMatchObject({
      id: expect.stringMatching(/^imp_/),
      status: expect.stringMatching(/^(ACCEPTED|RUNNING)$/),
      source: "FOLDER",
      dryRun: false,
      createdBy: "the-editor",
      finishedAt: null,
    });

    const done = await pollToEnd(data!.startImport.job.id);
    expect(done).toMatchObject({
      status: "SUCCEEDED",
      contentVersion: 1,
      errors: [],
      failureReason: null,
      finishedAt: expect.any(String),
    });
    expect(done.plan).toMatchObject({ created: expect.any(Number), updated: 0, deleted: 0 });
    expect(done.progress).toEqual({ unitsDone: done.plan!.created, unitsTotal: done.plan!.created });
    expect(await db.prisma.statusCode.count()).toBe(3);
  });

  it("imports a tar.gz sent as a GraphQL multipart upload", async () => {
    const { status, body } = await startWithUpload(await tarGzOfFolder(CONTENT_MIN));
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data!.startImport).toMatchObject({ started: true, job: { source: "UPLOAD" } });

    expect(await pollToEnd(body.data!.startImport.job.id)).toMatchObject({ status: "SUCCEEDED", contentVersion: 1 });
    expect(await db.prisma.statusCode.count()).toBe(3);
  });

  it("takes an upload larger than the GraphQL body limit, up to POST /imports' cap: seeds/ as a tar.gz", async () => {
    const archive = await tarGzOfFolder(SEEDS_DIR);
    expect(archive.byteLength).toBeGreaterThan(MAX_REQUEST_BODY_BYTES);
    const { status, body } = await startWithUpload(archive);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(await pollToEnd(body.data!.startImport.job.id)).toMatchObject({ status: "SUCCEEDED", contentVersion: 1 });
  });

  it("keeps an anonymous multipart body to the GraphQL body limit: 413 before anything reads it", async () => {
    const { status } = await startWithUpload(await tarGzOfFolder(SEEDS_DIR), { headers: {} });
    expect(status).toBe(413);
  });

  it("refuses a multipart start without a preflighted header, as a cross-site form would send it, starting nothing", async () => {
    const { status, body } = await startWithUpload(await tarGzOfFolder(CONTENT_MIN), { csrf: false });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe("CSRF_PREFLIGHT_REQUIRED");
    expect(await db.prisma.importJob.count()).toBe(0);
  });

  it("reads an upload sent as application/octet-stream by its file name, as curl -F sends it", async () => {
    const { body } = await startWithUpload(await tarGzOfFolder(CONTENT_MIN), { type: "application/octet-stream" });
    expect(body.errors).toBeUndefined();
    expect(await pollToEnd(body.data!.startImport.job.id)).toMatchObject({ status: "SUCCEEDED" });
  });

  it("refuses an archive with an entry escaping the tree, naming the entry, and starts no job", async () => {
    const { body } = await startWithUpload(
      rawTarGz([
        { name: "locales.yaml", body: "x" },
        { name: "../evil.md", body: "x" },
      ]),
    );
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("../evil.md"),
        extensions: expect.objectContaining({
          code: "BAD_ARCHIVE",
          errors: [{ entry: "../evil.md", message: expect.stringContaining(`".." segment`) }],
        }),
      }),
    ]);
    expect(await db.prisma.importJob.count()).toBe(0);
  });

  it("refuses an upload that is not an archive with UNSUPPORTED_MEDIA_TYPE", async () => {
    const { body } = await startWithUpload(new Uint8Array(Buffer.from("hello")), {
      name: "notes.txt",
      type: "text/plain",
    });
    expect(body.errors?.[0]?.extensions?.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await db.prisma.importJob.count()).toBe(0);
  });

  it("starts one writer when two starts race: the second answers with the active job and started: false", async () => {
    const [a, b] = await Promise.all([
      server.query<Started>(START, { input: {} }, editor),
      server.query<Started>(START, { input: { dryRun: true } }, editor),
    ]);
    expect([a.errors, b.errors]).toEqual([undefined, undefined]);
    expect([a.data!.startImport.started, b.data!.startImport.started].sort()).toEqual([false, true]);
    expect(a.data!.startImport.job.id).toBe(b.data!.startImport.job.id);
    expect(await db.prisma.importJob.count()).toBe(1);
    await pollToEnd(a.data!.startImport.job.id);
  });

  it("shares its runner with POST /imports: a job started here holds the lease there, and GET /imports/{id} shows it", async () => {
    const { data } = await server.query<Started>(START, { input: {} }, editor);
    const job = data!.startImport.job;
    const post = await server.yoga.fetch("http://localhost/imports", { method: "POST", headers: editor });
    expect(post.status).toBe(409);
    expect(((await post.json()) as { job: { id: string } }).job.id).toBe(job.id);
    await pollToEnd(job.id);
    const get = await server.yoga.fetch(`http://localhost${job.href as string}`, { headers: editor });
    expect(await get.json()).toMatchObject({ id: job.id, status: "SUCCEEDED" });
  });

  it("refuses a translator with 403 FORBIDDEN and an anonymous caller with 401 UNAUTHENTICATED, starting nothing", async () => {
    const translator = bearer(await createToken(db, { role: "translator", locales: ["vi"] }));
    for (const [headers, status, code] of [
      [translator, 403, "FORBIDDEN"],
      [{}, 401, "UNAUTHENTICATED"],
    ] as const) {
      const response = await server.yoga.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: START, variables: { input: {} } }),
      });
      expect(response.status).toBe(status);
      expect(((await response.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe(code);
    }
    expect(await db.prisma.importJob.count()).toBe(0);
  });
});

describe("cancelImport", () => {
  const CANCEL = `mutation($id: ID!) { cancelImport(input: { id: $id }) { job { ${JOB_FIELDS} } } }`;
  type Cancelled = { cancelImport: { job: Job } };
  const acceptedElsewhere = async () =>
    (
      await startImportJob(
        db,
        { dryRun: false, prune: false, source: "folder", createdBy: "other" },
        { owner: "replica-b" },
      )
    ).job;

  it("cancels a job another replica accepted, names who did it, and lets the next import start", async () => {
    const job = await acceptedElsewhere();
    const { data, errors } = await server.query<Cancelled>(CANCEL, { id: job.id }, editor);
    expect(errors).toBeUndefined();
    expect(data!.cancelImport.job).toMatchObject({
      id: job.id,
      status: "CANCELLED",
      failureReason: expect.stringMatching(/^CANCELLED: cancelled by the-editor at /),
    });
    const next = await server.query<Started>(START, { input: {} }, editor);
    expect(next.data!.startImport.started).toBe(true);
    await pollToEnd(next.data!.startImport.job.id);
  });

  it("refuses a finished job with CONFLICT carrying the job as it ended, and an unknown one with NOT_FOUND", async () => {
    const { data } = await server.query<Started>(START, { input: {} }, editor);
    const finished = await pollToEnd(data!.startImport.job.id);
    const conflict = await server.query<Cancelled>(CANCEL, { id: finished.id }, editor);
    expect(conflict.errors?.[0]).toMatchObject({
      message: `Import ${finished.id} has already succeeded; there is nothing to cancel.`,
      extensions: { code: "CONFLICT", job: { id: finished.id, status: "SUCCEEDED" } },
    });
    const unknown = await server.query<Cancelled>(CANCEL, { id: "imp_nope" }, editor);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
  });

  it("refuses a translator with FORBIDDEN, cancelling nothing", async () => {
    const job = await acceptedElsewhere();
    const translator = bearer(await createToken(db, { role: "translator", locales: ["vi"] }));
    const { errors } = await server.query<Cancelled>(CANCEL, { id: job.id }, translator);
    expect(errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await db.prisma.importJob.findUnique({ where: { id: job.id } })).toMatchObject({ status: "ACCEPTED" });
  });
});

describe("importJob and importJobs", () => {
  it("answers null for a job that does not exist", async () => {
    const { data, errors } = await server.query(JOB, { id: "imp_nothing" }, editor);
    expect(errors).toBeUndefined();
    expect(data!.importJob).toBeNull();
  });

  it("pages through the jobs newest first, the cursor staying on its job when a newer one starts", async () => {
    const ids: string[] = [];
    for (const dryRun of [false, true]) {
      const { data } = await server.query<Started>(START, { input: { dryRun } }, editor);
      ids.push(data!.startImport.job.id);
      await pollToEnd(data!.startImport.job.id);
    }
    const PAGE = `query($after: String) { importJobs(first: 1, after: $after) { edges { cursor node { id dryRun } } pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      importJobs: {
        edges: { node: { id: string; dryRun: boolean } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const first = await server.query<Page>(PAGE, {}, editor);
    expect(first.data!.importJobs.edges.map((e) => e.node)).toEqual([{ id: ids[1], dryRun: true }]);
    expect(first.data!.importJobs.pageInfo.hasNextPage).toBe(true);

    // A newer job does not shift the next page.
    const { data } = await server.query<Started>(START, { input: { dryRun: true } }, editor);
    await pollToEnd(data!.startImport.job.id);

    const second = await server.query<Page>(PAGE, { after: first.data!.importJobs.pageInfo.endCursor }, editor);
    expect(second.data!.importJobs.edges.map((e) => e.node.id)).toEqual([ids[0]]);
    expect(second.data!.importJobs.pageInfo.hasNextPage).toBe(false);
  });

  it("refuses a cursor that names no job with VALIDATION", async () => {
    const { errors } = await server.query(`{ importJobs(after: "imp_gone") { edges { cursor } } }`, {}, editor);
    expect(errors?.[0]?.extensions).toMatchObject({ code: "VALIDATION", field: "after" });
  });

  it("refuses a translator reading jobs with FORBIDDEN", async () => {
    const translator = bearer(await createToken(db, { role: "translator", locales: ["vi"] }));
    const { errors } = await server.query(`{ importJobs { edges { cursor } } }`, {}, translator);
    expect(errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
