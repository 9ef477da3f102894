// `status-atlas start` skips importing a content folder the database's last import read, by the same build
// (src/pipeline/source.ts): the digest must change with anything the import's outcome depends on.
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alreadyImported, readContentSource, runImport, type ContentSource } from "../../src/pipeline/import.ts";
import { importerVersion, sourceDigest } from "../../src/pipeline/source.ts";
import { copyContent, createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createTestServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

/** The folder as a build would read it: vitest runs the sources, which have no build id. */
async function built(dir: string, build = "build-1"): Promise<ContentSource> {
  const source = await readContentSource(dir);
  return { ...source, digest: sourceDigest(source.read, {}, build) };
}

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = copyContent();
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the source digest", () => {
  it("is the same for the same files, and differs for another build, other limits, or one changed byte", async () => {
    const read = (await readContentSource(dir)).read;
    const digest = sourceDigest(read, {}, "build-1");
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(sourceDigest((await readContentSource(dir)).read, {}, "build-1")).toBe(digest);
    expect(sourceDigest(read, {}, "build-2")).not.toBe(digest);
    expect(sourceDigest(read, { limits: { fileBytes: 1000 } }, "build-1")).not.toBe(digest);
    const file = path.join(dir, "codes/en/202.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace("accepted", "acccepted"));
    try {
      expect(sourceDigest((await readContentSource(dir)).read, {}, "build-1")).not.toBe(digest);
    } finally {
      writeFileSync(file, text);
    }
  });

  it("is absent when the folder cannot be read", async () => {
    expect(sourceDigest((await readContentSource(path.join(dir, "missing"))).read, {}, "build-1")).toBeUndefined();
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it("names the importer running the sources by a hash of them, so a changed importer re-imports", async () => {
    // vitest runs the sources: no build id, and the version is taken of the files instead.
    expect(importerVersion()).toMatch(/^sources-[0-9a-f]{64}$/);
    expect((await readContentSource(dir)).digest).toBe(
      sourceDigest((await readContentSource(dir)).read, {}, importerVersion()),
    );
  });
});

describe("an import already made", () => {
  it("is recognised after an import of the same files, and not after a change to them", async () => {
    const first = await built(dir);
    expect(await alreadyImported(db, first)).toBe(false);
    expect((await runImport(db, { dir, source: first })).ok).toBe(true);
    expect(await alreadyImported(db, await built(dir))).toBe(true);
    // Another build might read the same bytes differently.
    expect(await alreadyImported(db, await built(dir, "build-2"))).toBe(false);
    const file = path.join(dir, "codes/en/418.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^summary: .*$/m, "summary: A teapot, asked to brew coffee, says so."));
    try {
      expect(await alreadyImported(db, await built(dir))).toBe(false);
    } finally {
      writeFileSync(file, text);
    }
  });

  it("stays recognised after an edit through the API: importing the same files again keeps the edit anyway", async () => {
    expect((await runImport(db, { dir, source: await built(dir) })).ok).toBe(true);
    const server = createTestServer(db);
    try {
      const token = await createToken(db, { role: "editor" });
      const current = await server.query<any>(`{ statusCode(code: 418) { revision } }`);
      const edited = await server.query<any>(
        `mutation($input: UpdateStatusCodeInput!) { updateStatusCode(input: $input) { statusCode { summary } } }`,
        {
          input: { code: 418, expectedRevision: current.data.statusCode.revision, summary: "Edited through the API." },
        },
        bearer(token),
      );
      expect(edited.errors).toBeUndefined();
      expect(await alreadyImported(db, await built(dir))).toBe(true);
      // What start would have skipped is indeed a no-op: the edit survives an import of the same files.
      const again = await runImport(db, { dir, source: await built(dir) });
      expect(again.ok && again.applied).toBe(false);
      expect(
        (await server.query<any>(`{ statusCode(code: 418, locale: "en") { summary } }`)).data.statusCode.summary,
      ).toBe("Edited through the API.");
    } finally {
      await server.close();
    }
  });

  it("is forgotten by an import that did not read a folder (an upload)", async () => {
    expect((await runImport(db, { dir, source: await built(dir) })).ok).toBe(true);
    expect(await alreadyImported(db, await built(dir))).toBe(true);
    const files = (await readContentSource(dir)).read.reads.flatMap((r) =>
      "text" in r.read ? [{ path: r.relative, text: r.read.text }] : [],
    );
    expect((await runImport(db, { dir: "", files })).ok).toBe(true);
    expect(await alreadyImported(db, await built(dir))).toBe(false);
  });
});
