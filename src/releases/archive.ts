// Turns an uploaded content tree (tar.gz, zip, or either inside multipart/form-data) into files in memory,
// refusing anything that could escape the tree, stand for something other than a regular file, or inflate past the caps.
import { createGunzip } from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import yauzl from "yauzl";
import { DEFAULT_LIMITS, formatBytes } from "../pipeline/limits.ts";

export type ArchiveFile = { path: string; bytes: Uint8Array };

/** `entry` is the name as written in the archive, or "" when the error is about the upload as a whole. */
export type ArchiveError = { entry: string; message: string };

export type ArchiveErrorCode = "BAD_ARCHIVE" | "UNSUPPORTED_MEDIA_TYPE" | "TOO_LARGE";

export type ArchiveResult =
  | { ok: true; files: ArchiveFile[] }
  | { ok: false; code: ArchiveErrorCode; errors: ArchiveError[] };

export type ArchiveLimits = {
  /** Bytes of one file once inflated; the same cap the importer puts on a file on disk. */
  maxFileBytes: number;
  /** Bytes of all files together once inflated: the decompression-bomb cap. */
  maxTotalBytes: number;
  /** Entries of any kind, directories included. */
  maxEntries: number;
};

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxFileBytes: DEFAULT_LIMITS.fileBytes,
  maxTotalBytes: 32 * 1024 * 1024,
  // seeds/ has a few hundred files; ten times that leaves room without letting a flood of tiny entries in.
  maxEntries: 5_000,
};

const GZIP_TYPES = new Set(["application/gzip", "application/x-gzip"]);
const ZIP_TYPES = new Set(["application/zip", "application/x-zip-compressed"]);

/**
 * Reads the content tree in `body`, whose media type is `contentType` (the request's Content-Type header).
 * Directories are ignored; one top-level folder wrapping every file is stripped (`git archive --prefix`,
 * GitHub tarballs). Every refused entry is reported, except that reading stops at the first cap exceeded.
 */
export async function readContentArchive(
  body: Uint8Array,
  contentType: string,
  limits: Partial<ArchiveLimits> = {},
): Promise<ArchiveResult> {
  const caps = { ...DEFAULT_ARCHIVE_LIMITS, ...definedOnly(limits) };
  const mediaType = contentType.split(";", 1)[0]!.trim().toLowerCase();
  if (mediaType === "multipart/form-data") return readMultipart(body, contentType, caps);
  const format = GZIP_TYPES.has(mediaType) ? "tar.gz" : ZIP_TYPES.has(mediaType) ? "zip" : undefined;
  if (!format)
    return unsupported(
      `"${mediaType || "(none)"}" is not an archive type this accepts: send application/gzip (a .tar.gz), application/zip, or multipart/form-data with one such file`,
    );
  return readArchive(format, body, caps);
}

type Format = "tar.gz" | "zip";

async function readArchive(format: Format, body: Uint8Array, caps: ArchiveLimits): Promise<ArchiveResult> {
  const collector = new ArchiveCollector(caps);
  if (format === "tar.gz") await readTarGz(body, collector);
  else await readZip(body, collector);
  return collector.finish();
}

async function readMultipart(body: Uint8Array, contentType: string, caps: ArchiveLimits): Promise<ArchiveResult> {
  let form: FormData;
  try {
    // A copy: Response wants a body backed by an ArrayBuffer, and the caller's may be shared.
    form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    return failure("BAD_ARCHIVE", [
      { entry: "", message: `the multipart body could not be read: ${messageOf(error)}` },
    ]);
  }
  // Text fields (a release note, say) are the caller's business; only the file parts matter here.
  const files = [...form.values()].filter((value): value is File => typeof value !== "string");
  if (files.length !== 1) {
    return failure("BAD_ARCHIVE", [
      { entry: "", message: `the multipart body has ${files.length} file parts; send exactly one archive` },
    ]);
  }
  const file = files[0]!;
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Browsers label .tgz files inconsistently (or not at all), so the bytes decide when the label does not.
  const mediaType = file.type.split(";", 1)[0]!.trim().toLowerCase();
  const format = GZIP_TYPES.has(mediaType) ? "tar.gz" : ZIP_TYPES.has(mediaType) ? "zip" : sniffFormat(bytes);
  if (!format) return unsupported(`the file part "${file.name}" is neither a tar.gz nor a zip archive`);
  return readArchive(format, bytes, caps);
}

/** gzip: RFC 1952 §2.3.1 (ID1 ID2 = 1f 8b); zip: APPNOTE 4.3.7 local header "PK\3\4", or "PK\5\6" for an empty one. */
function sniffFormat(bytes: Uint8Array): Format | undefined {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return "tar.gz";
  if (
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
  )
    return "zip";
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The policy, shared by both formats: names, kinds, counts and sizes. No I/O: the readers below feed it.

export type EntryKind =
  | "file"
  | "directory"
  | "symlink"
  | "hardlink"
  | "character-device"
  | "block-device"
  | "fifo"
  | { other: string };

const KIND_REFUSALS: Record<Exclude<EntryKind, "file" | "directory" | { other: string }>, string> = {
  symlink: "symbolic links are not allowed: a content tree holds regular files only",
  hardlink: "hard links are not allowed: a content tree holds regular files only",
  "character-device": "character devices are not allowed: a content tree holds regular files only",
  "block-device": "block devices are not allowed: a content tree holds regular files only",
  fifo: "FIFOs are not allowed: a content tree holds regular files only",
};

type PathCheck = { ok: true; path: string; directory: boolean } | { ok: false; message: string };

/**
 * The path an entry name stands for inside the tree, or why it may not be used. Names are POSIX-style and
 * relative; "." segments and repeated slashes are tidied away (`tar -C dir -czf x.tgz .` writes "./a").
 * A name given as bytes must be UTF-8; a decoded one containing U+FFFD is taken to have been mis-decoded.
 */
export function checkEntryPath(name: string | Uint8Array): PathCheck {
  let text: string;
  if (typeof name === "string") text = name;
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(name);
    } catch {
      return { ok: false, message: "the name is not valid UTF-8" };
    }
  }
  if (text.includes("\uFFFD")) return { ok: false, message: "the name is not valid UTF-8" };
  if (text === "") return { ok: false, message: "the name is empty" };
  // C0 controls and DEL: a NUL ends the name early in C, a newline forges log lines.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (/[\u0000-\u001f\u007f]/.test(text)) return { ok: false, message: "the name contains a control character" };
  if (text.includes("\\")) return { ok: false, message: "the name contains a backslash: use forward slashes only" };
  if (/^[A-Za-z]:/.test(text))
    return { ok: false, message: "the name starts with a drive letter: names must be relative" };
  if (text.startsWith("/")) return { ok: false, message: "the name is an absolute path: names must be relative" };
  const segments = text.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes(".."))
    return { ok: false, message: `the name has a ".." segment: it would leave the content tree` };
  return { ok: true, path: segments.join("/"), directory: text.endsWith("/") };
}

/** Receives one entry's bytes as they inflate; false means stop reading it (and, if `stopped`, the archive). */
type EntrySink = { write(chunk: Uint8Array): boolean; end(): void };

class ArchiveCollector {
  readonly errors: (ArchiveError & { tooLarge: boolean })[] = [];
  /** A cap on the whole archive was passed: the readers stop feeding and nothing more is reported. */
  stopped = false;
  private entries = 0;
  private totalBytes = 0;
  private readonly files = new Map<string, Uint8Array>();
  /** Refusals past DEFAULT_LIMITS.reportedErrors are counted, not listed: 5,000 bad names make no useful answer. */
  private unreported = 0;

  constructor(readonly caps: ArchiveLimits) {}

  refuse(entry: string, message: string, tooLarge = false) {
    if (this.errors.length < DEFAULT_LIMITS.reportedErrors) this.errors.push({ entry, message, tooLarge });
    else {
      this.unreported++;
      if (tooLarge) this.errors[this.errors.length - 1]!.tooLarge = true;
    }
  }

  /** Always listed, past the cap on reported refusals too: it is why reading ended. */
  stop(entry: string, message: string) {
    this.errors.push({ entry, message, tooLarge: true });
    this.stopped = true;
  }

  /** Counts one entry and decides whether its bytes are wanted. */
  begin(rawName: string | Uint8Array, kind: EntryKind, declaredSize: number | undefined): EntrySink | undefined {
    const entry = typeof rawName === "string" ? rawName : Buffer.from(rawName).toString("utf8");
    this.entries++;
    if (this.entries > this.caps.maxEntries) {
      this.stop(entry, `the archive has more than ${this.caps.maxEntries.toLocaleString("en")} entries`);
      return undefined;
    }
    const checked = checkEntryPath(rawName);
    if (!checked.ok) return void this.refuse(entry, checked.message);
    if (typeof kind === "object")
      return void this.refuse(
        entry,
        `entries of type "${kind.other}" are not allowed: a content tree holds regular files only`,
      );
    if (kind !== "file" && kind !== "directory") return void this.refuse(entry, KIND_REFUSALS[kind]);
    if (kind === "directory" || checked.directory || checked.path === "") return undefined;
    if (this.files.has(checked.path))
      return void this.refuse(entry, `"${checked.path}" appears more than once in the archive`);
    this.files.set(checked.path, new Uint8Array());
    if (declaredSize !== undefined && declaredSize > this.caps.maxFileBytes) {
      return void this.refuse(entry, this.fileTooLarge(declaredSize), true);
    }
    if (declaredSize !== undefined && this.totalBytes + declaredSize > this.caps.maxTotalBytes) {
      this.stop(entry, this.totalTooLarge());
      return undefined;
    }
    return this.sink(entry, checked.path);
  }

  private sink(entry: string, path: string): EntrySink {
    const chunks: Uint8Array[] = [];
    let size = 0;
    // The declared size is checked above, but it is only a claim: the bytes are counted as they arrive.
    return {
      write: (chunk) => {
        size += chunk.byteLength;
        this.totalBytes += chunk.byteLength;
        if (size > this.caps.maxFileBytes) {
          this.refuse(entry, this.fileTooLarge(size), true);
          return false;
        }
        if (this.totalBytes > this.caps.maxTotalBytes) {
          this.stop(entry, this.totalTooLarge());
          return false;
        }
        chunks.push(chunk);
        return true;
      },
      end: () => {
        this.files.set(path, Buffer.concat(chunks));
      },
    };
  }

  private fileTooLarge(size: number): string {
    return `the file inflates to ${size > this.caps.maxFileBytes ? "more than " : ""}${formatBytes(this.caps.maxFileBytes)}, the limit per file`;
  }

  private totalTooLarge(): string {
    return `the files inflate to more than ${formatBytes(this.caps.maxTotalBytes)} in all, the limit per upload`;
  }

  finish(): ArchiveResult {
    if (this.errors.length) {
      const code = this.errors.some((error) => error.tooLarge) ? "TOO_LARGE" : "BAD_ARCHIVE";
      const errors = this.errors.map(({ entry, message }) => ({ entry, message }));
      if (this.unreported)
        errors.push({ entry: "", message: `${this.unreported.toLocaleString("en")} more entries were refused` });
      return failure(code, errors);
    }
    if (this.files.size === 0) return failure("BAD_ARCHIVE", [{ entry: "", message: "the archive holds no files" }]);
    const paths = [...this.files.keys()];
    const prefix = wrappingFolder(paths);
    return {
      ok: true,
      files: paths.map((path) => ({ path: path.slice(prefix.length), bytes: this.files.get(path)! })),
    };
  }
}

/**
 * "name/" when every file sits under one folder and none at the top, else "". A content tree always has
 * locales.yaml at its root, so a tree with nothing at the top can only be a wrapped one.
 */
export function wrappingFolder(paths: readonly string[]): string {
  const first = paths[0]?.split("/", 1)[0];
  if (first === undefined) return "";
  const prefix = `${first}/`;
  return paths.every((path) => path.startsWith(prefix)) ? prefix : "";
}

// ---------------------------------------------------------------------------------------------------------
// tar.gz: gunzip by hand so every inflated byte is counted (and the stream dropped at the cap) before tar
// sees it. The tar headers, padding and end blocks (POSIX.1-2017 pax, ustar: 512-byte blocks) also inflate,
// so the stream may exceed the files' total by what those take: up to 4 KiB an entry (a pax header and its
// data, the entry's header, its padding) plus 10 KiB of trailing record padding.
//
// Nothing is handed to tar's parser after the end-of-archive marker (two zero blocks): the parser keeps what
// follows it in one buffer it grows by copying, chunk after chunk, so a stream of zeros cost time quadratic
// in its length (a 1 GiB gzip of zeros took minutes and gigabytes). Past the marker only the record's padding
// may follow; more is refused, so every byte inflated is looked at once and memory stays within the caps.

/** A tar archive is written in records of 20 blocks (POSIX.1-2017 pax, "-b"; GNU tar's default): at most this much padding follows the end marker. */
export const TAR_RECORD_BYTES = 20 * 512;

async function readTarGz(body: Uint8Array, collector: ArchiveCollector): Promise<void> {
  const { caps } = collector;
  const inflatedCap = caps.maxTotalBytes + (caps.maxEntries + 1) * 4096 + TAR_RECORD_BYTES;
  let sawEndOfArchive = false;
  const parser = new Parser({
    // tar's own warnings (bad checksum, truncated input, not a tar at all) are all reasons to refuse.
    onwarn: (_code, message, data) => {
      if (!collector.stopped) collector.refuse(entryName(data), message);
    },
    onReadEntry: (entry) => readTarEntry(entry, collector),
  });
  parser.on("eof", () => {
    sawEndOfArchive = true;
  });
  // Unknown entry types (and over-long pax headers) are ignored by tar; here they are refused.
  parser.on("ignoredEntry", (entry: ReadEntry) => {
    if (!collector.stopped)
      collector.refuse(
        entry.path,
        `entries of type "${entry.type}" are not allowed: a content tree holds regular files only`,
      );
  });
  // Unrecoverable problems arrive as "error" even when not strict; either way parsing is over.
  const done = new Promise<void>((resolve) => {
    parser.on("end", () => resolve());
    parser.on("error", (error: Error) => {
      if (!collector.stopped) collector.refuse(entryName(error), error.message);
      resolve();
    });
  });
  const gunzip = createGunzip();
  gunzip.end(body);
  let inflated = 0;
  let afterEnd = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      inflated += chunk.byteLength;
      if (inflated > inflatedCap) {
        collector.stop(
          "",
          `the archive inflates to more than ${formatBytes(inflatedCap)}, more than its files may take`,
        );
      }
      if (collector.stopped) break; // leaving the loop destroys the gunzip stream: nothing more inflates
      if (sawEndOfArchive) {
        afterEnd += chunk.byteLength;
        if (afterEnd > TAR_RECORD_BYTES) {
          collector.stop(
            "",
            `the archive goes on for more than ${formatBytes(TAR_RECORD_BYTES)} past its end-of-archive marker, more than a tar record's padding`,
          );
          break;
        }
        continue;
      }
      parser.write(chunk);
    }
  } catch (error) {
    collector.refuse("", `the gzip stream is damaged: ${messageOf(error)}`);
    return;
  }
  if (collector.stopped) return;
  parser.end();
  await done;
}

function readTarEntry(entry: ReadEntry, collector: ArchiveCollector) {
  const sink = collector.stopped ? undefined : collector.begin(entry.path, tarKind(entry.type), entry.size);
  if (!sink) {
    entry.resume();
    return;
  }
  let reading = true;
  entry.on("data", (chunk: Buffer) => {
    if (reading && !sink.write(chunk)) reading = false;
  });
  entry.on("end", () => {
    if (reading) sink.end();
  });
}

function tarKind(type: string): EntryKind {
  switch (type) {
    case "File":
    case "OldFile":
    case "ContiguousFile":
      return "file";
    case "Directory":
    case "GNUDumpDir":
      return "directory";
    case "SymbolicLink":
      return "symlink";
    case "Link":
      return "hardlink";
    case "CharacterDevice":
      return "character-device";
    case "BlockDevice":
      return "block-device";
    case "FIFO":
      return "fifo";
    default:
      return { other: type };
  }
}

function entryName(data: unknown): string {
  const record = data as { entry?: { path?: unknown }; header?: { path?: unknown } } | undefined;
  const path = record?.entry?.path ?? record?.header?.path;
  return typeof path === "string" ? path : "";
}

// ---------------------------------------------------------------------------------------------------------
// zip (APPNOTE.TXT 6.3): the central directory is read from the buffer, entry by entry. Names stay bytes
// (decodeStrings: false) so that non-UTF-8 names are refused rather than read as CP437, and yauzl checks
// each entry's inflated size against the size it declares (validateEntrySizes), failing a lying entry.

const S_IFMT = 0o170000;
const UNIX_KINDS: Record<number, EntryKind> = {
  0o100000: "file",
  0o040000: "directory",
  0o120000: "symlink",
  0o020000: "character-device",
  0o060000: "block-device",
  0o010000: "fifo",
};

async function readZip(body: Uint8Array, collector: ArchiveCollector): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(
        Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        { lazyEntries: true, decodeStrings: false, validateEntrySizes: true },
        (error, file) => (error ? reject(error) : resolve(file)),
      ),
    );
  } catch (error) {
    collector.refuse("", `not a readable zip archive: ${messageOf(error)}`);
    return;
  }
  // The central directory says how many entries follow: a flood is refused before any is read.
  if (zip.entryCount > collector.caps.maxEntries) {
    collector.stop(
      "",
      `the archive has ${zip.entryCount.toLocaleString("en")} entries, more than ${collector.caps.maxEntries.toLocaleString("en")}`,
    );
    zip.close();
    return;
  }
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        readZipEntry(zip, entry, collector).then(() => {
          if (collector.stopped) {
            zip.close();
            resolve();
          } else zip.readEntry();
        }, reject);
      });
      zip.readEntry();
    });
  } catch (error) {
    collector.refuse("", `the zip archive is damaged: ${messageOf(error)}`);
  }
}

async function readZipEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, collector: ArchiveCollector): Promise<void> {
  const rawName = entry.fileName as unknown as Buffer;
  const name = rawName.toString("utf8");
  const sink = collector.begin(rawName, zipKind(entry, name), entry.uncompressedSize);
  if (!sink) return;
  if (entry.isEncrypted()) {
    collector.refuse(name, "encrypted entries cannot be read");
    return;
  }
  try {
    const stream = await new Promise<NodeJS.ReadableStream & { destroy(): void }>((resolve, reject) =>
      zip.openReadStream(entry, (error, readable) => (error ? reject(error) : resolve(readable))),
    );
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!sink.write(chunk)) {
        stream.destroy();
        return;
      }
    }
    sink.end();
  } catch (error) {
    collector.refuse(name, `the entry could not be inflated: ${messageOf(error)}`);
  }
}

/** A Unix-made entry carries st_mode in the high half of its external attributes (APPNOTE 4.4.2, 4.4.15). */
function zipKind(entry: yauzl.Entry, name: string): EntryKind {
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (madeOnUnix && mode !== 0) return UNIX_KINDS[mode] ?? { other: `mode ${mode.toString(8)}` };
  return name.endsWith("/") ? "directory" : "file";
}

// ---------------------------------------------------------------------------------------------------------

function failure(code: ArchiveErrorCode, errors: ArchiveError[]): ArchiveResult {
  return { ok: false, code, errors };
}

function unsupported(message: string): ArchiveResult {
  return failure("UNSUPPORTED_MEDIA_TYPE", [{ entry: "", message }]);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function definedOnly<T extends object>(value: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
