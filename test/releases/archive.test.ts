import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { create, Header } from "tar";
import { afterAll, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import { type RawEntry, rawTar, rawTarGz } from "../helpers/archives.ts";
import {
  checkEntryPath,
  readContentArchive,
  TAR_RECORD_BYTES,
  wrappingFolder,
  type ArchiveResult,
} from "../../src/releases/archive.ts";

// ---- archives made by the real tools --------------------------------------------------------------------

const CONTENT: Record<string, string> = {
  "locales.yaml": "- code: en\n",
  "codes/en/404.md": "---\ncode: 404\n---\nNot Found\n",
  "codes/en/410.md": "---\ncode: 410\n---\nGone\n",
};

const scratch = mkdtempSync(path.join(tmpdir(), "archive-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes CONTENT under a fresh folder (inside `wrapper` when given) and returns the folder tar should run in. */
function contentFolder(wrapper?: string): string {
  const root = mkdtempSync(path.join(scratch, "tree-"));
  const base = wrapper ? path.join(root, wrapper) : root;
  for (const [file, text] of Object.entries(CONTENT)) {
    mkdirSync(path.dirname(path.join(base, file)), { recursive: true });
    writeFileSync(path.join(base, file), text);
  }
  return root;
}

async function tarGzOf(cwd: string, entries: string[]): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of create({ gzip: true, cwd, portable: true }, entries)) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function zipOf(files: { name: string; body?: string; mode?: number; directory?: boolean }[]): Promise<Buffer> {
  const zip = new ZipFile();
  for (const file of files) {
    if (file.directory) zip.addEmptyDirectory(file.name);
    else zip.addBuffer(Buffer.from(file.body ?? ""), file.name, { mode: file.mode });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function multipart(parts: File[]): Promise<{ body: Uint8Array; contentType: string }> {
  const form = new FormData();
  for (const part of parts) form.append("archive", part);
  const request = new Request("http://upload.test/imports", { method: "POST", body: form });
  return { body: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get("content-type")! };
}

function textOf(result: ArchiveResult): Record<string, string> {
  if (!result.ok) throw new Error(`expected files, got ${result.code}: ${JSON.stringify(result.errors)}`);
  return Object.fromEntries(result.files.map((file) => [file.path, Buffer.from(file.bytes).toString("utf8")]));
}

// ---- archives assembled by hand: what the tools refuse to write --------------------------------------------

/** The header of a file "codes/en/404.md" that claims the largest size ustar can write (8 GiB less a byte). */
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
const GOOD: RawEntry = { name: "locales.yaml", body: "- code: en\n" };

/** Replaces every occurrence of one byte string with another of the same length (a zip names an entry twice). */
function patched(bytes: Buffer, from: string, to: Uint8Array): Buffer {
  const copy = Buffer.from(bytes);
  const needle = Buffer.from(from);
  expect(to.length).toBe(needle.length);
  for (let at = copy.indexOf(needle); at !== -1; at = copy.indexOf(needle, at + 1)) Buffer.from(to).copy(copy, at);
  return copy;
}

// -------------------------------------------------------------------------------------------------------------

describe("readContentArchive reads a content tree", () => {
  it("reads a tar.gz made by tar as the files of the tree with their bytes", async () => {
    const archive = await tarGzOf(contentFolder(), ["locales.yaml", "codes"]);
    expect(textOf(await readContentArchive(archive, "application/gzip"))).toEqual(CONTENT);
  });

  it("accepts application/x-gzip and media-type parameters", async () => {
    const archive = await tarGzOf(contentFolder(), ["locales.yaml", "codes"]);
    expect(textOf(await readContentArchive(archive, "Application/X-Gzip; charset=binary"))).toEqual(CONTENT);
  });

  it("strips the one folder wrapping the tree, as git archive --prefix and GitHub tarballs write it", async () => {
    const archive = await tarGzOf(contentFolder("status-atlas-3f2a9c1"), ["status-atlas-3f2a9c1"]);
    expect(textOf(await readContentArchive(archive, "application/gzip"))).toEqual(CONTENT);
  });

  it("reads the ./-prefixed names that tar -C folder -czf tree.tgz . writes", async () => {
    const archive = await tarGzOf(contentFolder(), ["."]);
    expect(textOf(await readContentArchive(archive, "application/gzip"))).toEqual(CONTENT);
  });

  it("reads a zip, ignoring its directory entries", async () => {
    const archive = await zipOf([
      { name: "codes/", directory: true },
      ...Object.entries(CONTENT).map(([name, body]) => ({ name, body })),
    ]);
    expect(textOf(await readContentArchive(archive, "application/zip"))).toEqual(CONTENT);
  });

  it("strips the folder wrapping a zip's tree too", async () => {
    const archive = await zipOf(Object.entries(CONTENT).map(([name, body]) => ({ name: `release/${name}`, body })));
    expect(textOf(await readContentArchive(archive, "application/zip"))).toEqual(CONTENT);
  });

  it("reads the one file part of a multipart/form-data upload, knowing a tar.gz by its bytes when its label says nothing", async () => {
    const archive = await tarGzOf(contentFolder(), ["locales.yaml", "codes"]);
    const upload = await multipart([new File([archive], "content.tgz", { type: "application/octet-stream" })]);
    expect(textOf(await readContentArchive(upload.body, upload.contentType))).toEqual(CONTENT);
  });

  it("reads a zip file part by its label", async () => {
    const archive = await zipOf(Object.entries(CONTENT).map(([name, body]) => ({ name, body })));
    const upload = await multipart([new File([new Uint8Array(archive)], "content.zip", { type: "application/zip" })]);
    expect(textOf(await readContentArchive(upload.body, upload.contentType))).toEqual(CONTENT);
  });

  it("ignores text fields beside the file part", async () => {
    const archive = await zipOf(Object.entries(CONTENT).map(([name, body]) => ({ name, body })));
    const form = new FormData();
    form.append("note", "March release");
    form.append("archive", new File([new Uint8Array(archive)], "content.zip"));
    const request = new Request("http://upload.test/imports", { method: "POST", body: form });
    const result = await readContentArchive(
      new Uint8Array(await request.arrayBuffer()),
      request.headers.get("content-type")!,
    );
    expect(textOf(result)).toEqual(CONTENT);
  });
});

describe("readContentArchive refuses uploads that are not one archive", () => {
  it("refuses a media type that is not an archive as UNSUPPORTED_MEDIA_TYPE", async () => {
    const result = await readContentArchive(Buffer.from("{}"), "application/json");
    expect(result).toMatchObject({ ok: false, code: "UNSUPPORTED_MEDIA_TYPE", errors: [{ entry: "" }] });
  });

  it("refuses a multipart file part that is neither tar.gz nor zip as UNSUPPORTED_MEDIA_TYPE", async () => {
    const upload = await multipart([new File(["locales: []"], "locales.yaml", { type: "text/yaml" })]);
    const result = await readContentArchive(upload.body, upload.contentType);
    expect(result).toMatchObject({ ok: false, code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("refuses a multipart body with two file parts, or none", async () => {
    const archive = await zipOf([{ name: "locales.yaml", body: "" }]);
    const two = await multipart([
      new File([new Uint8Array(archive)], "a.zip"),
      new File([new Uint8Array(archive)], "b.zip"),
    ]);
    expect(await readContentArchive(two.body, two.contentType)).toMatchObject({
      ok: false,
      code: "BAD_ARCHIVE",
      errors: [{ message: expect.stringContaining("2 file parts") }],
    });
    const none = await multipart([]);
    expect(await readContentArchive(none.body, none.contentType)).toMatchObject({ ok: false, code: "BAD_ARCHIVE" });
  });

  it("refuses gzip-labelled bytes that are not gzip", async () => {
    const result = await readContentArchive(Buffer.from("not gzip at all"), "application/gzip");
    expect(result).toMatchObject({
      ok: false,
      code: "BAD_ARCHIVE",
      errors: [{ entry: "", message: expect.stringContaining("gzip") }],
    });
  });

  it("refuses a gzip stream that holds no tar", async () => {
    const result = await readContentArchive(
      gzipSync("just some text, not a tar header".repeat(40)),
      "application/gzip",
    );
    expect(result).toMatchObject({ ok: false, code: "BAD_ARCHIVE" });
  });

  it("refuses a truncated tar.gz", async () => {
    const archive = await tarGzOf(contentFolder(), ["locales.yaml", "codes"]);
    const result = await readContentArchive(archive.subarray(0, archive.length - 20), "application/gzip");
    expect(result).toMatchObject({ ok: false, code: "BAD_ARCHIVE" });
  });

  it("refuses zip-labelled bytes that are not a zip", async () => {
    const result = await readContentArchive(Buffer.from("PK but not really"), "application/zip");
    expect(result).toMatchObject({
      ok: false,
      code: "BAD_ARCHIVE",
      errors: [{ entry: "", message: expect.stringContaining("zip") }],
    });
  });

  it("refuses an archive with no files, only directories", async () => {
    const result = await readContentArchive(rawTarGz([{ name: "codes/", type: "Directory" }]), "application/gzip");
    expect(result).toMatchObject({
      ok: false,
      code: "BAD_ARCHIVE",
      errors: [{ message: "the archive holds no files" }],
    });
  });
});

describe("readContentArchive refuses malicious tar.gz entries, naming each", () => {
  const refused = async (entries: RawEntry[], limits = {}) => {
    const result = await readContentArchive(rawTarGz(entries), "application/gzip", limits);
    if (result.ok) throw new Error("expected a refusal");
    return result;
  };

  it("refuses an absolute path", async () => {
    expect(await refused([GOOD, { name: "/etc/cron.d/job", body: "x" }])).toEqual({
      ok: false,
      code: "BAD_ARCHIVE",
      errors: [{ entry: "/etc/cron.d/job", message: expect.stringContaining("absolute path") }],
    });
  });

  it("refuses a .. segment", async () => {
    expect((await refused([GOOD, { name: "codes/../../etc/passwd", body: "x" }])).errors).toEqual([
      { entry: "codes/../../etc/passwd", message: expect.stringContaining(`".." segment`) },
    ]);
  });

  it("refuses a backslash", async () => {
    expect((await refused([GOOD, { name: "codes\\en\\404.md", body: "x" }])).errors).toEqual([
      { entry: "codes\\en\\404.md", message: expect.stringContaining("backslash") },
    ]);
  });

  it("refuses a drive letter", async () => {
    expect((await refused([GOOD, { name: "C:/Windows/win.ini", body: "x" }])).errors).toEqual([
      { entry: "C:/Windows/win.ini", message: expect.stringContaining("drive letter") },
    ]);
  });

  it("refuses a symbolic link", async () => {
    expect(
      (await refused([GOOD, { name: "codes/en/404.md", type: "SymbolicLink", linkpath: "/etc/passwd" }])).errors,
    ).toEqual([{ entry: "codes/en/404.md", message: expect.stringContaining("symbolic links are not allowed") }]);
  });

  it("refuses a hard link", async () => {
    expect((await refused([GOOD, { name: "codes/en/404.md", type: "Link", linkpath: "locales.yaml" }])).errors).toEqual(
      [{ entry: "codes/en/404.md", message: expect.stringContaining("hard links are not allowed") }],
    );
  });

  it.each([
    ["CharacterDevice", "character devices"],
    ["BlockDevice", "block devices"],
    ["FIFO", "FIFOs"],
  ])("refuses a %s entry", async (type, words) => {
    expect((await refused([GOOD, { name: "codes/en/null", type }])).errors).toEqual([
      { entry: "codes/en/null", message: expect.stringContaining(`${words} are not allowed`) },
    ]);
  });

  it("refuses a file over the per-file cap as TOO_LARGE", async () => {
    expect(await refused([GOOD, { name: "codes/en/404.md", body: "x".repeat(2000) }], { maxFileBytes: 1000 })).toEqual({
      ok: false,
      code: "TOO_LARGE",
      errors: [{ entry: "codes/en/404.md", message: "the file inflates to more than 1000 bytes, the limit per file" }],
    });
  });

  it("refuses files that together pass the total cap, stopping at the entry that passes it", async () => {
    const files = ["a", "b", "c", "d"].map((name) => ({ name: `codes/en/${name}.md`, body: "x".repeat(900) }));
    expect(await refused([...files], { maxFileBytes: 1000, maxTotalBytes: 2500 })).toEqual({
      ok: false,
      code: "TOO_LARGE",
      errors: [
        { entry: "codes/en/c.md", message: "the files inflate to more than 2.4 KiB in all, the limit per upload" },
      ],
    });
  });

  it("stops inflating a gzip bomb at the cap instead of inflating it whole", { timeout: 10_000 }, async () => {
    // 1,024 gzip members of 16 MiB of zeros each: 16 GiB inflated from 16 MB. Inflating it whole would take
    // minutes, far past this test's timeout; stopping at the cap takes a moment.
    // They follow the header of a file that claims 8 GiB, so tar reads them as its body, not as the end marker.
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    const bomb = Buffer.concat([gzipSync(hugeFileHeader()), ...Array.from({ length: 1024 }, () => member)]);
    const result = await readContentArchive(bomb, "application/gzip", { maxTotalBytes: 1024 * 1024, maxEntries: 10 });
    expect(result).toMatchObject({ ok: false, code: "TOO_LARGE" });
    expect(result.ok || result.errors.at(-1)).toEqual({
      entry: "",
      message: "the archive inflates to more than 1.1 MiB, more than its files may take",
    });
  });

  it("refuses 1 GiB of zeros once it runs past the end-of-archive marker, reading a record of it, not all of it", {
    timeout: 10_000,
  }, async () => {
    // 64 gzip members of 16 MiB of zeros: 1 MiB that inflates to 1 GiB. Two zero blocks are the end marker;
    // tar's parser kept everything after them in a buffer grown by copying, which took minutes and gigabytes.
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    const started = performance.now();
    const result = await readContentArchive(bomb, "application/gzip");
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result).toEqual({
      ok: false,
      code: "TOO_LARGE",
      errors: [
        {
          entry: "",
          message:
            "the archive goes on for more than 10 KiB past its end-of-archive marker, more than a tar record's padding",
        },
      ],
    });
  });

  it("refuses a good tar followed by 16 MiB of zeros instead of taking it after inflating them all", {
    timeout: 10_000,
  }, async () => {
    const started = performance.now();
    const result = await readContentArchive(
      Buffer.concat([rawTarGz([GOOD]), gzipSync(Buffer.alloc(16 * 1024 * 1024))]),
      "application/gzip",
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result).toMatchObject({
      ok: false,
      code: "TOO_LARGE",
      errors: [{ entry: "", message: expect.stringContaining("past its end-of-archive marker") }],
    });
  });

  it("takes the padding of a whole record after the end marker, as tar writes it", async () => {
    const good = rawTar([GOOD]);
    const padded = Buffer.concat([good, Buffer.alloc(TAR_RECORD_BYTES - (good.length % TAR_RECORD_BYTES))]);
    expect(padded.length % TAR_RECORD_BYTES).toBe(0);
    expect(await readContentArchive(gzipSync(padded), "application/gzip")).toMatchObject({
      ok: true,
      files: [{ path: GOOD.name }],
    });
  });

  it("inflates a file that claims 8 GiB only up to the cap, in time linear in what it reads", {
    timeout: 10_000,
  }, async () => {
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    const bomb = Buffer.concat([gzipSync(hugeFileHeader()), ...Array.from({ length: 64 }, () => member)]);
    const started = performance.now();
    const result = await readContentArchive(bomb, "application/gzip");
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result).toMatchObject({
      ok: false,
      code: "TOO_LARGE",
      errors: [
        { entry: "codes/en/404.md", message: "the file inflates to more than 1 MiB, the limit per file" },
        { entry: "", message: expect.stringContaining("the archive inflates to more than") },
      ],
    });
  });

  it("refuses more entries than the cap, directories included", async () => {
    const entries: RawEntry[] = [
      GOOD,
      { name: "codes/", type: "Directory" },
      { name: "codes/en/", type: "Directory" },
      { name: "codes/en/404.md", body: "x" },
    ];
    expect(await refused(entries, { maxEntries: 3 })).toEqual({
      ok: false,
      code: "TOO_LARGE",
      errors: [{ entry: "codes/en/404.md", message: "the archive has more than 3 entries" }],
    });
  });

  it("refuses a path that appears twice, even when written differently", async () => {
    expect(
      (await refused([GOOD, { name: "codes/en/404.md", body: "a" }, { name: "./codes//en/404.md", body: "b" }])).errors,
    ).toEqual([{ entry: "./codes//en/404.md", message: `"codes/en/404.md" appears more than once in the archive` }]);
  });

  it("refuses a name that is not UTF-8", async () => {
    const latin1 = Buffer.from("codes/en/caf\xe9.md", "latin1");
    expect((await refused([GOOD, { name: latin1, body: "x" }])).errors).toEqual([
      { entry: expect.stringContaining("codes/en/caf"), message: "the name is not valid UTF-8" },
    ]);
  });

  it("refuses an entry type tar does not know", async () => {
    const result = await refused([GOOD, { name: "codes/en/404.md", type: "SparseFile", body: "x" }]);
    expect(result.errors).toEqual([{ entry: "codes/en/404.md", message: expect.stringContaining("not allowed") }]);
  });

  it("reports every refused entry, not only the first", async () => {
    const result = await refused([
      GOOD,
      { name: "/abs", body: "x" },
      { name: "../up", body: "x" },
      { name: "link", type: "SymbolicLink", linkpath: "x" },
    ]);
    expect(result.errors.map((error) => error.entry)).toEqual(["/abs", "../up", "link"]);
  });

  it("lists the first 100 refusals and counts the rest", async () => {
    const bad = Array.from({ length: 150 }, (_, i) => ({ name: `/abs/${i}.md`, body: "x" }));
    const result = await refused([GOOD, ...bad]);
    expect(result.errors).toHaveLength(101);
    expect(result.errors[99]).toMatchObject({ entry: "/abs/99.md" });
    expect(result.errors[100]).toEqual({ entry: "", message: "50 more entries were refused" });
  });
});

describe("readContentArchive refuses malicious zip entries, naming each", () => {
  const refusedZip = async (archive: Buffer, limits = {}) => {
    const result = await readContentArchive(archive, "application/zip", limits);
    if (result.ok) throw new Error("expected a refusal");
    return result;
  };

  it("refuses a symbolic link, known by the Unix mode in its attributes", async () => {
    const archive = await zipOf([
      { name: "locales.yaml" },
      { name: "codes/en/404.md", body: "/etc/passwd", mode: 0o120777 },
    ]);
    expect((await refusedZip(archive)).errors).toEqual([
      { entry: "codes/en/404.md", message: expect.stringContaining("symbolic links are not allowed") },
    ]);
  });

  it("refuses a FIFO", async () => {
    const archive = await zipOf([{ name: "locales.yaml" }, { name: "codes/en/pipe", mode: 0o010644 }]);
    expect((await refusedZip(archive)).errors).toEqual([
      { entry: "codes/en/pipe", message: expect.stringContaining("FIFOs are not allowed") },
    ]);
  });

  it("refuses a .. segment", async () => {
    const archive = patched(
      await zipOf([{ name: "locales.yaml" }, { name: "aa/bb/x.md", body: "x" }]),
      "aa/bb/x.md",
      Buffer.from("../../x.md"),
    );
    expect((await refusedZip(archive)).errors).toEqual([
      { entry: "../../x.md", message: expect.stringContaining(`".." segment`) },
    ]);
  });

  it("refuses an absolute path", async () => {
    const archive = patched(
      await zipOf([{ name: "locales.yaml" }, { name: "etc/passwd", body: "x" }]),
      "etc/passwd",
      Buffer.from("/tc/passwd"),
    );
    expect((await refusedZip(archive)).errors).toEqual([
      { entry: "/tc/passwd", message: expect.stringContaining("absolute path") },
    ]);
  });

  it("refuses a name that is not UTF-8 rather than reading it as CP437", async () => {
    const archive = patched(
      await zipOf([{ name: "locales.yaml" }, { name: "codes/en/cafe.md", body: "x" }]),
      "cafe",
      Buffer.from([0x63, 0x61, 0x66, 0xe9]),
    );
    expect((await refusedZip(archive)).errors).toEqual([
      { entry: expect.stringContaining("codes/en/caf"), message: "the name is not valid UTF-8" },
    ]);
  });

  it("refuses a path that appears twice", async () => {
    const archive = await zipOf([{ name: "locales.yaml" }, { name: "locales.yaml", body: "again" }]);
    expect((await refusedZip(archive)).errors).toEqual([
      { entry: "locales.yaml", message: `"locales.yaml" appears more than once in the archive` },
    ]);
  });

  it("refuses a file over the per-file cap", async () => {
    const archive = await zipOf([{ name: "locales.yaml" }, { name: "codes/en/404.md", body: "x".repeat(5000) }]);
    expect(await refusedZip(archive, { maxFileBytes: 1000 })).toEqual({
      ok: false,
      code: "TOO_LARGE",
      errors: [{ entry: "codes/en/404.md", message: "the file inflates to more than 1000 bytes, the limit per file" }],
    });
  });

  it("refuses an entry that inflates past the size it declares", async () => {
    // The central directory (APPNOTE 4.3.12) says 10 bytes; the entry inflates to 5,000.
    const archive = await zipOf([{ name: "locales.yaml" }, { name: "codes/en/404.md", body: "x".repeat(5000) }]);
    const central = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(archive.readUInt32LE(central + 24)).toBe(5000);
    archive.writeUInt32LE(10, central + 24);
    const result = await refusedZip(archive);
    expect(result).toEqual({
      ok: false,
      code: "BAD_ARCHIVE",
      errors: [{ entry: "codes/en/404.md", message: expect.stringContaining("too many bytes in the stream") }],
    });
  });

  it("refuses a zip bomb by its declared sizes before inflating it", async () => {
    // Each entry inflates 8 MiB of zeros from a few KB; their total is past the 16 MiB cap.
    const zip = new ZipFile();
    for (const name of ["a", "b", "c"]) zip.addBuffer(Buffer.alloc(8 * 1024 * 1024), `codes/en/${name}.md`);
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    const result = await refusedZip(Buffer.concat(chunks), {
      maxFileBytes: 10 * 1024 * 1024,
      maxTotalBytes: 16 * 1024 * 1024,
    });
    expect(result).toEqual({
      ok: false,
      code: "TOO_LARGE",
      errors: [
        { entry: "codes/en/c.md", message: "the files inflate to more than 16 MiB in all, the limit per upload" },
      ],
    });
  });

  it("refuses more entries than the cap from the central directory, before reading any", async () => {
    const archive = await zipOf(["a", "b", "c", "d"].map((name) => ({ name: `${name}.md`, body: "x" })));
    expect(await refusedZip(archive, { maxEntries: 3 })).toEqual({
      ok: false,
      code: "TOO_LARGE",
      errors: [{ entry: "", message: "the archive has 4 entries, more than 3" }],
    });
  });
});

describe("checkEntryPath", () => {
  it.each([
    ["locales.yaml", "locales.yaml"],
    ["./codes/en/404.md", "codes/en/404.md"],
    ["codes//en/./404.md", "codes/en/404.md"],
    ["codes/en/", "codes/en"],
    ["codes/en/..md", "codes/en/..md"],
  ])("accepts %j as %j", (name, expected) => {
    expect(checkEntryPath(name)).toMatchObject({ ok: true, path: expected });
  });

  it.each([
    ["", "empty"],
    ["/etc/passwd", "absolute path"],
    ["..", `".." segment`],
    ["a/../../b", `".." segment`],
    ["a\\b", "backslash"],
    ["..\\evil", "backslash"],
    ["c:evil", "drive letter"],
    ["D:\\evil", "backslash"],
    ["a\nb", "control character"],
    ["a\u0000b", "control character"],
    ["caf\uFFFD.md", "not valid UTF-8"],
  ])("refuses %j (%s)", (name, words) => {
    const checked = checkEntryPath(name);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? "" : checked.message).toContain(words);
  });

  it("decodes names given as bytes strictly as UTF-8", () => {
    expect(checkEntryPath(Buffer.from("codes/vi/404.md"))).toMatchObject({ ok: true, path: "codes/vi/404.md" });
    expect(checkEntryPath(Buffer.from("thư-mục/a.md"))).toMatchObject({ ok: true, path: "thư-mục/a.md" });
    expect(checkEntryPath(Uint8Array.of(0x61, 0xc3))).toEqual({ ok: false, message: "the name is not valid UTF-8" });
  });
});

describe("wrappingFolder", () => {
  it("names the one folder every file sits under", () => {
    expect(wrappingFolder(["repo-main/locales.yaml", "repo-main/codes/en/404.md"])).toBe("repo-main/");
  });

  it("is empty when a file sits at the top or files sit under different folders", () => {
    expect(wrappingFolder(["locales.yaml", "codes/en/404.md"])).toBe("");
    expect(wrappingFolder(["a/locales.yaml", "b/codes/en/404.md"])).toBe("");
    expect(wrappingFolder(["locales.yaml"])).toBe("");
    expect(wrappingFolder([])).toBe("");
  });
});
