// Hostile archives sent to POST /imports, as a table. Each must get a coded answer (at once, or as the job's
// outcome naming the entry or file and line), in time bounded by what it reads, write nothing, and leave
// the server taking a good archive right after.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Header } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import type { Role, Viewer } from "../../src/auth/roles.ts";
import type { ViewerResolver } from "../../src/http/authorize-release.ts";
import type { ImportJobView } from "../../src/releases/job.ts";
import { createImportRunner, type ImportRunner } from "../../src/releases/runner.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { rawTarGz, tarGzOfFolder } from "../helpers/archives.ts";
import { createTestDatabase, FIXTURES_DIR, snapshotContent, type TestDatabase } from "../helpers/database.ts";
import { createTestServer, type TestServer } from "../helpers/graphql.ts";

const CONTENT_MIN = path.join(FIXTURES_DIR, "content-min");
const byRoleName: ViewerResolver = async (request) => {
  const role = request.headers.get("authorization")?.replace(/^Bearer /, "") as Role | undefined;
  return role ? ({ tokenId: 1, name: `${role}-token`, role, locales: ["vi"] } satisfies Viewer) : null;
};
const EDITOR = { authorization: "Bearer editor" };

let db: TestDatabase;
let runner: ImportRunner;
let server: TestServer;
const scratch = mkdtempSync(path.join(tmpdir(), "hostile-archives-"));

beforeAll(async () => {
  db = await createTestDatabase();
  if (!(await runImport(db, { dir: CONTENT_MIN })).ok) throw new Error("content-min import failed");
  runner = createImportRunner({ db, contentDir: CONTENT_MIN });
  server = createTestServer(db, { imports: { runner, resolveViewer: byRoleName } });
});
afterAll(async () => {
  await runner?.idle();
  await server?.close();
  await db?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** One gzip member of 16 MiB of zeros (16 KiB), made once: members concatenate into one stream (RFC 1952 §2.2). */
let member: Buffer | undefined;
const zerosMember = () => (member ??= gzipSync(Buffer.alloc(16 * 1024 * 1024)));
function hugeFileHeader(): Buffer {
  const header = Buffer.alloc(512);
  new Header({
    path: "codes/en/404.md",
    type: "File",
    size: 0o77777777777,
    mode: 0o644,
    mtime: new Date(0),
    uid: 0,
    gid: 0,
  }).encode(header, 0);
  return header;
}
async function contentWith(file: string, text: string): Promise<Uint8Array<ArrayBuffer>> {
  const dir = mkdtempSync(path.join(scratch, "tree-"));
  cpSync(CONTENT_MIN, dir, { recursive: true });
  writeFileSync(path.join(dir, file), text);
  return tarGzOfFolder(dir);
}
async function zipOfEntries(count: number): Promise<Uint8Array<ArrayBuffer>> {
  const zip = new ZipFile();
  for (let i = 0; i < count; i++) zip.addBuffer(Buffer.from("x"), `codes/en/${i}.md`);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
const ALIAS_BOMB = [
  "a: &a [x, x, x, x, x, x, x, x, x]",
  ..."bcdefghi".split("").map((n, i) => `${n}: &${n} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`),
].join("\n");

type Case = {
  name: string;
  body: () => Promise<Uint8Array<ArrayBuffer>> | Uint8Array<ArrayBuffer>;
  contentType?: string;
  headers?: Record<string, string>;
  /** The answer to the POST, or for 202 the job's outcome. */
  status: number;
  code: string;
  errors?: unknown[];
};

const CASES: Case[] = [
  {
    name: "1 MB of gzip that inflates to 1 GiB of zeros",
    body: () => new Uint8Array(Buffer.concat(Array.from({ length: 64 }, zerosMember))),
    status: 413,
    code: "TOO_LARGE",
  },
  {
    name: "a good tar followed by 16 MiB of zeros",
    body: async () => new Uint8Array(Buffer.concat([await tarGzOfFolder(CONTENT_MIN), zerosMember()])),
    status: 413,
    code: "TOO_LARGE",
  },
  {
    name: "a file that claims 8 GiB, then 1 GiB of zeros",
    body: () => new Uint8Array(Buffer.concat([gzipSync(hugeFileHeader()), ...Array.from({ length: 64 }, zerosMember)])),
    status: 413,
    code: "TOO_LARGE",
  },
  {
    name: "an entry leaving the tree",
    body: () =>
      rawTarGz([
        { name: "locales.yaml", body: "- code: en\n" },
        { name: "../../etc/cron.d/x", body: "x" },
      ]),
    status: 400,
    code: "BAD_ARCHIVE",
    errors: [{ entry: "../../etc/cron.d/x", message: expect.stringContaining('".." segment') }],
  },
  {
    name: "an absolute path",
    body: () => rawTarGz([{ name: "/etc/passwd", body: "x" }]),
    status: 400,
    code: "BAD_ARCHIVE",
    errors: [{ entry: "/etc/passwd", message: expect.stringContaining("absolute") }],
  },
  {
    name: "a symbolic link",
    body: () => rawTarGz([{ name: "locales.yaml", type: "SymbolicLink", linkpath: "/etc/passwd" }]),
    status: 400,
    code: "BAD_ARCHIVE",
    errors: [{ entry: "locales.yaml", message: expect.stringContaining("symbolic links") }],
  },
  {
    name: "6,000 zip entries",
    body: () => zipOfEntries(6000),
    contentType: "application/zip",
    status: 413,
    code: "TOO_LARGE",
  },
  {
    name: "not an archive",
    body: () => new Uint8Array(Buffer.from("hello")),
    contentType: "text/plain",
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "a body that says it is over 16 MiB",
    body: () => new Uint8Array(Buffer.from("x")),
    headers: { "content-length": String(64 * 1024 * 1024) },
    status: 413,
    code: "CONTENT_TOO_LARGE",
  },
  {
    name: "frontmatter with a YAML alias bomb",
    body: () => contentWith("codes/en/410.md", `---\ncode: 410\n${ALIAS_BOMB}\n---\nGone\n`),
    status: 202,
    code: "FAILED",
    errors: [
      { file: "codes/en/410.md", line: 4, field: "", message: expect.stringContaining("aliases expand to more than") },
    ],
  },
];

async function pollToEnd(href: string): Promise<ImportJobView> {
  for (let i = 0; i < 500; i++) {
    const job = (await (
      await server.yoga.fetch(`http://localhost${href}`, { headers: EDITOR })
    ).json()) as ImportJobView;
    if (job.status !== "ACCEPTED" && job.status !== "RUNNING") return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`job ${href} did not finish`);
}

describe("hostile archives on POST /imports", () => {
  it.each(CASES)(
    "$name: $status $code, nothing written, the next import taken",
    { timeout: 60_000 },
    async ({ body, contentType = "application/gzip", headers = {}, status, code, errors }) => {
      const before = await snapshotContent(db.prisma);
      const started = performance.now();
      const response = await server.yoga.fetch("http://localhost/imports", {
        method: "POST",
        headers: { ...EDITOR, "content-type": contentType, ...headers },
        body: await body(),
      });
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(response.status).toBe(status);
      const answer = (await response.json()) as {
        error?: { code: string; errors?: unknown[] };
      } & Partial<ImportJobView>;
      if (status === 202) {
        const job = await pollToEnd(response.headers.get("location")!);
        expect(job).toMatchObject({ status: code, errors });
        expect(job.failureReason).not.toMatch(/INTERNAL/);
      } else {
        expect(answer.error?.code).toBe(code);
        if (errors) expect(answer.error?.errors).toEqual(errors);
      }
      expect(await snapshotContent(db.prisma)).toEqual(before);
      // Served again: a good archive is taken and imported.
      const good = await server.yoga.fetch("http://localhost/imports", {
        method: "POST",
        headers: { ...EDITOR, "content-type": "application/gzip" },
        body: await tarGzOfFolder(CONTENT_MIN),
      });
      expect(good.status).toBe(202);
      expect(await pollToEnd(good.headers.get("location")!)).toMatchObject({ status: "SUCCEEDED" });
    },
  );
});
