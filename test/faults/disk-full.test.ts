// SQLite on a full disk (issue #25, item 2): after one SQLITE_FULL every later write hung until restart, and
// the first was answered "Unexpected error.". On a small tmpfs filled to the last byte: an edit and an upload
// get STORAGE_FULL (507 on /imports), coded and masked, at once; nothing stored changes; /ready says writes
// are failing; and once space is freed the next edit commits, with no restart. Mounting needs root (CI runs
// as root): elsewhere the file is skipped with the reason printed.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, openSync, closeSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { STORAGE_FULL_MESSAGE } from "../../src/db/faults.ts";
import type { Database } from "../../src/db/index.ts";
import { createSqliteDatabase } from "../../src/db/sqlite.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { tarGzOfFolder } from "../helpers/archives.ts";
import { FIXTURES_DIR, SEEDS_DIR, snapshotContent } from "../helpers/database.ts";
import { createTestServer, type TestServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-disk-full-"));
const filler = path.join(dir, "filler");
let unavailable: string | null =
  process.getuid?.() === 0 ? null : "not running as root, so no tmpfs can be mounted to fill";
let mounted = false;
let db: Database;
let server: TestServer;
let editor: Record<string, string>;

/** Writes zeros into `filler` until the filesystem refuses: from then on every byte SQLite asks for fails. */
function fillTheDisk(): void {
  const fd = openSync(filler, "a");
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  }
  // The last partial block: the filesystem is now full to the byte, not to 64 KiB.
  try {
    for (;;) writeSync(fd, Buffer.alloc(512));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
}

async function post(query: string, variables: Record<string, unknown> = {}) {
  const response = await server.yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...editor },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, text: await response.text() };
}

const UPDATE = `mutation ($input: UpdateStatusCodeInput!) { updateStatusCode(input: $input) { revision statusCode { summary } } }`;
const revisionOf418 = async () =>
  JSON.parse((await post("{ statusCode(code: 418) { revision } }")).text).data.statusCode.revision as number;
const ready = async () => (await (await server.yoga.fetch("http://localhost/ready")).json()) as Record<string, any>;

beforeAll(async () => {
  if (unavailable) return;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=48m", "tmpfs", dir], { stdio: "pipe" });
    mounted = true;
  } catch (error) {
    unavailable = `a tmpfs cannot be mounted here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
    return;
  }
  const file = path.join(dir, "status-atlas.db");
  copyFileSync(inject("templateDatabase"), file);
  db = createSqliteDatabase(file);
  if (!(await runImport(db, { dir: SEEDS_DIR })).ok) throw new Error("seed import failed");
  editor = bearer(await createToken(db, { role: "editor" }));
  server = createTestServer(db);
  await server.store.ready();
  // The write-ahead log keeps its size once grown, and a write that fits in it needs no new space: empty it,
  // so the next commit must grow it.
  await db.prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  fillTheDisk();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await db?.close();
  if (mounted) execFileSync("umount", [dir]);
  rmSync(dir, { recursive: true, force: true });
});

describe("SQLite with its disk full", () => {
  it("answers an edit with STORAGE_FULL, coded and masked, at once; nothing stored changes; /ready says writes fail", {
    timeout: 60_000,
  }, async () => {
    if (unavailable) return void console.warn(`SKIPPED: ${unavailable}`);
    const before = { content: await snapshotContent(db.prisma), history: await db.prisma.historyEntry.count() };
    const revision = await revisionOf418();
    const started = performance.now();
    const edit = await post(UPDATE, {
      input: { code: 418, expectedRevision: revision, summary: "Written while the disk is full." },
    });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(edit.status).toBe(507);
    expect(JSON.parse(edit.text)).toEqual({
      data: null,
      errors: [{ message: STORAGE_FULL_MESSAGE, extensions: { code: "STORAGE_FULL" } }],
    });
    expect(edit.text).not.toMatch(/Prisma|invocation|SQLITE|\.ts:\d|\.js:\d/);
    // A second write fails the same way, at once: the first released the transaction it held.
    const again = performance.now();
    expect((await post(UPDATE, { input: { code: 418, expectedRevision: revision, summary: "Again." } })).status).toBe(
      507,
    );
    expect(performance.now() - again).toBeLessThan(10_000);
    expect({ content: await snapshotContent(db.prisma), history: await db.prisma.historyEntry.count() }).toEqual(
      before,
    );
    expect(await ready()).toMatchObject({ status: "degraded", writes: { status: "failing", code: "STORAGE_FULL" } });
  });

  it("answers an upload with 507 STORAGE_FULL and Retry-After (RFC 4918 §11.5, RFC 9110 §10.2.3), creating no job", {
    timeout: 60_000,
  }, async () => {
    if (unavailable) return void console.warn(`SKIPPED: ${unavailable}`);
    const jobs = await db.prisma.importJob.count();
    const response = await server.yoga.fetch("http://localhost/imports", {
      method: "POST",
      headers: { "content-type": "application/gzip", ...editor },
      body: await tarGzOfFolder(path.join(FIXTURES_DIR, "content-min")),
    });
    expect(response.status).toBe(507);
    expect(response.headers.get("retry-after")).toBe("60");
    expect(await response.json()).toEqual({ error: { code: "STORAGE_FULL", message: STORAGE_FULL_MESSAGE } });
    expect(await db.prisma.importJob.count()).toBe(jobs);
  });

  it("takes the next edit once space is freed, without a restart, and /ready is ready again", {
    timeout: 60_000,
  }, async () => {
    if (unavailable) return void console.warn(`SKIPPED: ${unavailable}`);
    rmSync(filler);
    const started = performance.now();
    const edit = await post(UPDATE, {
      input: { code: 418, expectedRevision: await revisionOf418(), summary: "Written once space was back." },
    });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(JSON.parse(edit.text)).toMatchObject({
      data: { updateStatusCode: { statusCode: { summary: "Written once space was back." } } },
    });
    expect(await ready()).toMatchObject({ status: "ready" });
    const read = JSON.parse((await post('{ statusCode(code: 418, locale: "en") { summary } }')).text);
    expect(read.data.statusCode.summary).toBe("Written once space was back.");
  });
});
