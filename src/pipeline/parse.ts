// Step 1 of an import: read the files under the content folder (or take them from memory) and turn each
// into data with line positions. Nothing here knows the content rules; it refuses what cannot be read, or
// read safely: links, special files, oversized files and fields, invalid UTF-8, and names that are not
// content file names.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Dirent, type Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { isMap, isPair, isScalar, parseDocument, visit, type Document } from "yaml";
import { classifyContentPath as classify, EXPECTED_NAMES, type FileKind } from "../content/paths.ts";
import { nearest } from "../content/text.ts";
import type { ContentIssue } from "./issues.ts";
import { excerpt, fieldTooLong, formatBytes, limitsWith, type InputLimits } from "./limits.ts";
import { drain } from "./time-slices.ts";

export type { FileKind };

export type ParsedFile = {
  /** Path relative to the content root, with forward slashes: the same wherever the folder is. */
  file: string;
  kind: FileKind;
  locale?: string;
  /** The number(s) the file name promises: one code, or the two codes of a comparison. */
  nameCodes?: number[];
  data: unknown;
  body: string;
  /** Line of the value at a path in the frontmatter/YAML, or of its parent when it is missing. */
  lineOf(fieldPath: readonly (string | number)[]): number;
  /** Top-level keys with their lines, in file order (unknown-key warnings need them). */
  keys: { key: string; line: number }[];
  /** Line the Markdown body starts on (1 for YAML files), so checks of the body can name a line. */
  bodyLine?: number;
};

/** A content file that exists but could not be read or parsed: validation must not report its absence. */
export type FailedFile = Pick<ParsedFile, "file" | "kind" | "locale" | "nameCodes">;

export type ParseResult = {
  files: ParsedFile[];
  failed: FailedFile[];
  errors: ContentIssue[];
  warnings: ContentIssue[];
  /** False when the content folder itself cannot be read: there is nothing to validate. */
  readable: boolean;
};

export type ParseOptions = {
  limits?: Partial<InputLimits>;
  /** Misnamed Markdown/YAML files are skipped with a warning instead of being errors (the earlier behaviour). */
  allowUnknownFiles?: boolean;
  /** Path relative to the content root → text, replacing or adding files in memory. */
  overrides?: ReadonlyMap<string, string>;
};

const FRONTMATTER = /^---\n[\s\S]*?\n---[ \t]*(\n|$)/;
/** Files with these extensions are meant as content: a name that does not fit is an editor's mistake. */
const CONTENT_LIKE = /\.(md|markdown|ya?ml)$/i;

/**
 * The content file name an editor most likely meant: the same name with the usual slips undone
 * (upper-case or long extensions, "_vs_", spaces), else the nearest name the folder's siblings use.
 */
export function suggestName(relative: string, known: readonly string[]): string | undefined {
  const dir = path.posix.dirname(relative);
  const base = path.posix.basename(relative);
  const tidied = base
    .replace(/\.(markdown|md)$/i, ".md")
    .replace(/\.(yaml|yml)$/i, ".yaml")
    .replace(/[ _]+vs[ _]+/i, "-vs-")
    .replace(/\s+/g, "");
  if (tidied !== base && classify(path.posix.join(dir, tidied))) return tidied;
  // Files in the same kind of folder, any locale: codes/vi/4040.md is compared with every codes/*/<code>.md.
  const folder = (file: string) => {
    const parts = file.split("/").slice(0, -1);
    if (parts.length === 2) parts[1] = "*";
    return parts.join("/");
  };
  const names = new Set(known.filter((k) => folder(k) === folder(relative)).map((k) => path.posix.basename(k)));
  if (dir === ".") names.add("locales.yaml");
  return nearest(tidied, names, 2);
}

/**
 * Lines are asked for only to report a problem, so the YAML is parsed again then rather than kept: a
 * parsed document weighs many times its text, and holding one per file made a 101-locale import's peak.
 */
function lineLocator(text: string, firstLine: number) {
  const lineAt = (offset: number) => firstLine + countNewlines(text, offset);
  let doc: Document | undefined;
  return (fieldPath: readonly (string | number)[]): number => {
    doc ??= parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    for (let depth = fieldPath.length; depth > 0; depth--) {
      const node = doc.getIn(fieldPath.slice(0, depth), true);
      if (node && typeof node === "object" && "range" in node && Array.isArray(node.range)) {
        return lineAt(node.range[0] as number);
      }
    }
    return firstLine;
  };
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function topLevelKeys(doc: Document, text: string, firstLine: number): { key: string; line: number }[] {
  if (!isMap(doc.contents)) return [];
  return doc.contents.items.filter(isPair).flatMap((pair) => {
    if (!isScalar(pair.key)) return [];
    const start = pair.key.range?.[0] ?? 0;
    return [{ key: String(pair.key.value), line: firstLine + countNewlines(text, start) }];
  });
}

function parseYaml(file: string, yamlText: string, firstLine: number, errors: ContentIssue[]) {
  const doc = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: false });
  for (const error of doc.errors) {
    const line = firstLine + countNewlines(yamlText, error.pos[0]);
    errors.push({ file, line, field: "", message: `YAML: ${excerpt(error.message, 120)}` });
  }
  return { doc, ok: doc.errors.length === 0 };
}

/**
 * Aliases a file's YAML may expand to, counted as yaml counts them (`maxAliasCount`, its default). Anchors
 * whose aliases nest ("billion laughs") multiply: a few lines would expand to millions of nodes.
 */
export const MAX_YAML_ALIASES = 100;

/**
 * The document as plain data, or an issue at the line of its first alias when expanding its aliases would
 * pass MAX_YAML_ALIASES: yaml refuses that by throwing a ReferenceError, which reached the CLI uncaught (with
 * no file named) and failed an import job as INTERNAL.
 */
function dataOf(
  file: string,
  doc: Document,
  yamlText: string,
  firstLine: number,
  errors: ContentIssue[],
): { data: unknown } | null {
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    if (!(error instanceof ReferenceError) || !/alias/i.test(error.message)) throw error;
    let line = firstLine;
    visit(doc, {
      Alias(_key, node) {
        line = firstLine + countNewlines(yamlText, node.range?.[0] ?? 0);
        return visit.BREAK;
      },
    });
    errors.push({
      file,
      line,
      field: "",
      message: `YAML: its aliases expand to more than ${MAX_YAML_ALIASES} nodes; write the values out instead of nesting anchors`,
    });
    return null;
  }
}

/** Every text value over the field limit, at its line: a 20 MB title is refused, not stored. */
function oversizedFields(
  file: string,
  doc: Document,
  yamlText: string,
  firstLine: number,
  limits: InputLimits,
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  visit(doc, {
    // Every scalar, list items included (a comparison's differences), named by the key it is under.
    Scalar(key, node, ancestors) {
      if (key === "key" || typeof node.value !== "string" || node.value.length <= limits.fieldChars) return;
      const pair = [...ancestors].reverse().find(isPair);
      const field = pair && isScalar(pair.key) ? String(pair.key.value) : "";
      const line = firstLine + countNewlines(yamlText, node.range?.[0] ?? 0);
      issues.push({ file, line, field, message: fieldTooLong(node.value.length, limits) });
    },
  });
  return issues;
}

/** Line endings as editors on any system save them: CRLF and lone CR become LF, a leading BOM is dropped. */
export function normaliseText(raw: string): string {
  return raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

export type FileOptions = Pick<ParseOptions, "limits" | "allowUnknownFiles"> & {
  /** Other content files of the folder, relative to the root: where "did you mean …?" hints come from. */
  known?: readonly string[];
};

export type FileResult = { parsed?: ParsedFile; failed?: FailedFile; errors: ContentIssue[]; warnings: ContentIssue[] };

export function parseFile(file: string, relative: string, raw: string, options: FileOptions = {}): FileResult {
  const errors: ContentIssue[] = [];
  const warnings: ContentIssue[] = [];
  const limits = limitsWith(options.limits);
  const text = normaliseText(raw);

  const classified = classify(relative);
  if (!classified) {
    const contentLike = CONTENT_LIKE.test(relative);
    const hint = contentLike ? suggestName(relative, options.known ?? []) : undefined;
    const message = `not a content file name (expected ${EXPECTED_NAMES})${hint ? `; did you mean ${hint}?` : ""}`;
    // A Markdown or YAML file is meant to be content: skipping it would hide an editor's work from readers.
    if (!contentLike || options.allowUnknownFiles) {
      warnings.push({ file, line: 1, field: "", message: `${message}; ignored` });
      return { errors, warnings };
    }
    errors.push({ file, line: 1, field: "", message: `${message} (--allow-unknown-files skips it)` });
    // 410.MD is 410.md to everything else: its code must not also be reported unknown wherever it is used.
    const meant = hint ? classify(path.posix.join(path.posix.dirname(relative), hint)) : null;
    return { failed: meant ? { file, ...meant } : undefined, errors, warnings };
  }
  const { kind, locale, nameCodes } = classified;
  const failed = (): FileResult => ({ failed: { file, kind, locale, nameCodes }, errors, warnings });

  if (kind === "locales" || kind === "messages" || kind === "glossary") {
    const { doc, ok } = parseYaml(file, text, 1, errors);
    if (!ok) return failed();
    errors.push(...oversizedFields(file, doc, text, 1, limits));
    const data = dataOf(file, doc, text, 1, errors);
    if (!data || errors.length) return failed();
    return {
      parsed: {
        file,
        kind,
        locale,
        data: data.data,
        body: "",
        lineOf: lineLocator(text, 1),
        keys: topLevelKeys(doc, text, 1),
      },
      errors,
      warnings,
    };
  }

  if (!FRONTMATTER.test(text)) {
    const message = text.startsWith("---")
      ? "frontmatter is not closed: add a line '---' after the last field"
      : "missing frontmatter: the file must start with a line '---'";
    errors.push({ file, line: 1, field: "", message });
    return failed();
  }
  // gray-matter splits frontmatter from body; YAML is parsed by `yaml` so every value keeps its line.
  const split = matter(text, { engines: { yaml: () => ({}) } });
  const { doc, ok } = parseYaml(file, split.matter, 1, errors);
  if (!ok) return failed();
  if (!isMap(doc.contents)) {
    errors.push({ file, line: 2, field: "", message: "frontmatter must be a YAML mapping of fields" });
    return failed();
  }
  errors.push(...oversizedFields(file, doc, split.matter, 1, limits));
  const body = split.content.trim();
  if (body.length > limits.fieldChars) {
    errors.push({
      file,
      line: countNewlines(text, text.length - split.content.trimStart().length) + 1,
      field: "body",
      message: fieldTooLong(body.length, limits),
    });
  }
  const data = dataOf(file, doc, split.matter, 1, errors);
  if (!data || errors.length) return failed();
  return {
    parsed: {
      file,
      kind,
      locale,
      nameCodes,
      data: data.data,
      body,
      bodyLine: 1 + countNewlines(text, text.length - split.content.trimStart().length),
      lineOf: lineLocator(split.matter, 1),
      keys: topLevelKeys(doc, split.matter, 1),
    },
    errors,
    warnings,
  };
}

/** How a file is named to users: under the folder as they gave it ("seeds/codes/en/404.md"). */
export function displayPath(dir: string, relative: string): string {
  return path.join(dir, relative).split(path.sep).join("/");
}

/** The first byte that is not valid UTF-8 (overlong forms and surrogates included), or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      // ASCII, most of every file: no sequence to check (and no array per byte: a destructured pair here
      // allocated 670 MB over a 101-locale import).
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    const min = length === 2 ? 0x80 : length === 3 ? 0x800 : 0x10000;
    let cp = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}

const utf8 = new TextDecoder("utf-8");

/** Bytes → text, or an error naming the line and byte offset of the first invalid sequence. */
export function decodeUtf8(file: string, bytes: Uint8Array): { text: string } | { error: ContentIssue } {
  const offset = invalidUtf8Offset(bytes);
  if (offset < 0) return { text: utf8.decode(bytes) };
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return {
    error: {
      file,
      line,
      field: "",
      message: `invalid UTF-8 at byte ${offset} (0x${bytes[offset]!.toString(16).padStart(2, "0")}): save the file as UTF-8`,
    },
  };
}

const LINK_REFUSED =
  "is a symbolic link: links are not followed, so content cannot come from outside the content folder; copy the file in instead";

/** Why an entry that is not a regular file is refused (a Dirent from listing or Stats from an open file). */
function describeSpecial(entry: Dirent | Stats): string {
  if (entry.isSymbolicLink()) return LINK_REFUSED;
  if (entry.isFIFO()) return "is a FIFO (named pipe), not a regular file";
  if (entry.isSocket()) return "is a socket, not a regular file";
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return "is a device, not a regular file";
  if (entry.isDirectory()) return "is a folder where a content file is expected";
  return "is not a regular file";
}

/**
 * Lists the regular files under `root`, refusing by name every link, device, FIFO or socket, and every
 * folder named like a content file. Links are never followed, so nothing outside the root is read.
 */
async function listFiles(root: string, dir: string, errors: ContentIssue[]): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith("."))
      .map(async (e): Promise<string[]> => {
        const relative = path.posix.join(dir, e.name);
        if (e.isFile()) return [relative];
        if (e.isDirectory() && !classify(relative) && !CONTENT_LIKE.test(e.name))
          return listFiles(root, relative, errors);
        errors.push({ file: relative, line: 0, field: "", message: describeSpecial(e) });
        return [];
      }),
  );
  return nested.flat().sort();
}

/**
 * Reads one file without following a link and without blocking on a FIFO that appeared after
 * listing; checks type and size before reading a byte.
 */
function readContentFile(root: string, relative: string, maxBytes: number): { text: string } | { error: ContentIssue } {
  const fail = (message: string) => ({ error: { file: relative, line: 0, field: "", message } });
  let fd: number;
  try {
    fd = openSync(
      path.join(root, relative),
      constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0),
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ELOOP: O_NOFOLLOW met a link that replaced the file after it was listed.
    return fail(code === "ELOOP" ? LINK_REFUSED : `cannot read: ${code ?? (error as Error).message}`);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return fail(describeSpecial(info));
    if (info.size > maxBytes)
      return fail(
        `is ${formatBytes(info.size)}, over the limit of ${formatBytes(maxBytes)} per file (--max-file-bytes)`,
      );
    const bytes = readFileSync(fd);
    if (bytes.length > maxBytes)
      return fail(`grew past the limit of ${formatBytes(maxBytes)} per file while being read (--max-file-bytes)`);
    return decodeUtf8(relative, bytes);
  } catch (error) {
    return fail(`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

export type Read = { relative: string; read: { text: string } | { error: ContentIssue } };

/**
 * What every read or received file goes through: a refused one still exists for validation, the rest are
 * parsed. Yields after each file (src/pipeline/time-slices.ts).
 */
function* parsingRead(entries: Read[], result: ParseResult, options: ParseOptions): Generator<void, ParseResult> {
  // A refused entry still exists: validation must not also report it missing (or codes it defines unknown).
  for (const { file } of result.errors) {
    const classified = classify(file);
    if (classified) result.failed.push({ file, ...classified });
  }
  const known = entries.map((e) => e.relative).filter((r) => classify(r));
  for (const { relative, read } of entries) {
    yield;
    if ("error" in read) {
      result.errors.push(read.error);
      const classified = classify(relative);
      if (classified) result.failed.push({ file: relative, ...classified });
      continue;
    }
    const { parsed, failed, errors, warnings } = parseFile(relative, relative, read.text, { ...options, known });
    if (parsed) result.files.push(parsed);
    if (failed) result.failed.push(failed);
    result.errors.push(...errors);
    result.warnings.push(...warnings);
  }
  return result;
}

/** `overrides` replace or add files in memory, at the end in the order given (they were always listed last). */
function withOverrides(entries: Read[], overrides: ReadonlyMap<string, string> | undefined): Read[] {
  if (!overrides?.size) return entries;
  const replaced = entries.map((e) =>
    overrides.has(e.relative) ? { relative: e.relative, read: { text: overrides.get(e.relative)! } } : e,
  );
  const present = new Set(entries.map((e) => e.relative));
  for (const [relative, text] of overrides) if (!present.has(relative)) replaced.push({ relative, read: { text } });
  return replaced;
}

/**
 * Why a path given in memory (say, from an uploaded archive) cannot be a file of the content folder, or
 * null. A folder on disk cannot hold these names; a list of names can, and must not reach outside it.
 */
function unsafePath(relative: string): string | null {
  if (relative === "") return "has an empty name";
  if (relative.includes("\\")) return "has a backslash in its name: use forward slashes";
  if (relative.startsWith("/") || /^[A-Za-z]:/.test(relative))
    return "is an absolute path: give paths relative to the content folder";
  if (relative.includes("\0")) return "has a NUL byte in its name";
  const segments = relative.split("/");
  if (segments.some((s) => s === "..")) return "reaches outside the content folder (..)";
  if (segments.some((s) => s === "" || s === ".")) return "has an empty or '.' folder in its name";
  return null;
}

/** Hidden files and folders (.git, .DS_Store) are not content, on disk or in memory. */
const isHidden = (relative: string) => relative.split("/").some((s) => s.startsWith("."));

export type ContentFileInput = { path: string; text: string | Uint8Array };

/**
 * Parses content files given in memory, exactly as `parseContentDir` parses a folder holding them:
 * `path` is relative to the content root with forward slashes; bytes are checked as UTF-8, text is taken
 * as it is. Pure: no file system, so an edited or uploaded set of files is checked before any is written.
 */
export function parseContentFiles(files: readonly ContentFileInput[], options: ParseOptions = {}): ParseResult {
  return drain(parsingContentFiles(files, options));
}

/** parseContentFiles as a step that yields after each file (src/pipeline/time-slices.ts). */
export function* parsingContentFiles(
  files: readonly ContentFileInput[],
  options: ParseOptions = {},
): Generator<void, ParseResult> {
  const result: ParseResult = { files: [], failed: [], errors: [], warnings: [], readable: true };
  const limits = limitsWith(options.limits);
  const seen = new Set<string>();
  const entries: Read[] = [];
  const sorted = [...files].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  for (const { path: relative, text } of sorted) {
    yield;
    const refuse = (message: string) => result.errors.push({ file: relative, line: 0, field: "", message });
    const unsafe = unsafePath(relative);
    if (unsafe) {
      refuse(unsafe);
      continue;
    }
    if (isHidden(relative)) continue;
    if (seen.has(relative)) {
      refuse("is given more than once");
      continue;
    }
    seen.add(relative);
    const size = typeof text === "string" ? Buffer.byteLength(text, "utf8") : text.byteLength;
    if (size > limits.fileBytes) {
      refuse(`is ${formatBytes(size)}, over the limit of ${formatBytes(limits.fileBytes)} per file (--max-file-bytes)`);
      continue;
    }
    entries.push({ relative, read: typeof text === "string" ? { text } : decodeUtf8(relative, text) });
  }
  return yield* parsingRead(withOverrides(entries, options.overrides), result, options);
}

/**
 * A content folder as read from disk and not yet parsed: what the listing refused (in `result`) and every
 * file's text or the reason it could not be read. An import's source digest is taken of it
 * (src/pipeline/source.ts), so an unchanged folder can be recognised without parsing it.
 */
export type ContentRead = { result: ParseResult; reads: Read[] };

/**
 * Reads every file under `dir`, then parses them as `parseContentFiles` does. Files and issues name paths
 * relative to `dir`; `overrides` replaces or adds files in memory, so a planned change can be validated as
 * a whole before anything is written.
 */
export async function parseContentDir(dir: string, options: ParseOptions = {}): Promise<ParseResult> {
  return parseContentRead(await readContentDir(dir, options), options);
}

/** Parses what `readContentDir` read, with the same options. */
export function parseContentRead(read: ContentRead, options: ParseOptions = {}): ParseResult {
  return drain(parsingContentRead(read, options));
}

/** parseContentRead as a step that yields after each file (src/pipeline/time-slices.ts). */
export function* parsingContentRead(read: ContentRead, options: ParseOptions = {}): Generator<void, ParseResult> {
  const result = structuredClone(read.result);
  return result.readable ? yield* parsingRead(withOverrides(read.reads, options.overrides), result, options) : result;
}

/** Files read between two turns of the event loop: about a millisecond of reading. */
const READ_BATCH = 64;

/** The reading half of `parseContentDir`: lists and reads the folder, refusing what cannot be read safely. */
export async function readContentDir(
  dir: string,
  options: ParseOptions & { signal?: AbortSignal } = {},
): Promise<ContentRead> {
  const result: ParseResult = { files: [], failed: [], errors: [], warnings: [], readable: true };
  const limits = limitsWith(options.limits);
  const rootProblem = await stat(dir).then(
    (info) => (info.isDirectory() ? null : "is not a folder"),
    (error: NodeJS.ErrnoException) =>
      error.code === "ENOENT" ? "does not exist" : `cannot be read (${error.code ?? error.message})`,
  );
  // Said once, about the folder: every file in it would otherwise be reported missing.
  const unreadable = (problem: string): ContentRead => ({
    result: {
      ...result,
      errors: [{ file: "", line: 0, field: "", message: `the content folder ${problem}` }],
      readable: false,
    },
    reads: [],
  });
  if (rootProblem) return unreadable(rootProblem);
  let relatives: string[];
  try {
    relatives = await listFiles(dir, "", result.errors);
  } catch (error) {
    return unreadable(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const overrides = options.overrides ?? new Map<string, string>();
  // An overridden file is not read: it may not exist yet, or be about to be replaced.
  // A cut-off import (options.signal) stops reading: the reads not yet begun are not begun.
  const readFile = (relative: string): Read => {
    options.signal?.throwIfAborted();
    return {
      relative,
      read: overrides.has(relative) ? { text: "" } : readContentFile(dir, relative, limits.fileBytes),
    };
  };
  // Content files are a few KB: read with synchronous calls (a promise, a thread-pool hop and a FileHandle per
  // open, stat, read and close cost more than the reads; 13,800 files at 101 locales), READ_BATCH files
  // between two turns of the event loop, so a server importing a job still answers.
  const reads: Read[] = [];
  for (let i = 0; i < relatives.length; i += READ_BATCH) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const relative of relatives.slice(i, i + READ_BATCH)) reads.push(readFile(relative));
  }
  return { result, reads };
}
