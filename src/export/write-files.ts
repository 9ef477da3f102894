// Writes rendered content files into a folder the way an editor can trust: only files that say something
// else, each atomically (a temporary file renamed over the old one), and nothing deleted unless asked.
import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { ContentIssue } from "../pipeline/issues.ts";
import { parseFile } from "../pipeline/parse.ts";
import type { ContentFile } from "../pipeline/render-files.ts";

export type WriteReport = {
  /** Paths relative to the folder, sorted. */
  written: string[];
  unchanged: string[];
  deleted: string[];
  /** Problems found before anything was written; when there are any, nothing was. */
  errors: ContentIssue[];
};

export type WriteOptions = {
  /** Delete the files under the folder this accepts (relative paths) that are not among the files written. */
  prune?: (relative: string) => boolean;
};

const issue = (file: string, message: string): ContentIssue => ({ file, line: 0, field: "", message });

async function lstatOrNull(file: string): Promise<Stats | null> {
  return lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
}

/**
 * Why `relative` cannot be written under `root`, or null. Every folder on the way must be a real folder
 * (not a link, which would send the file outside `root`) or not exist yet; the file itself must not be a
 * folder. A link where the file goes is replaced by the file, never written through.
 */
async function targetProblem(root: string, relative: string): Promise<string | null> {
  const segments = relative.split("/");
  for (let i = 1; i < segments.length; i++) {
    const folder = segments.slice(0, i).join("/");
    const info = await lstatOrNull(path.join(root, folder));
    if (!info) return null;
    if (info.isSymbolicLink())
      return `${folder} is a symbolic link: links are not followed, so nothing is written outside the folder`;
    if (!info.isDirectory()) return `${folder} is a file where a folder is needed`;
  }
  const info = await lstatOrNull(path.join(root, relative));
  if (info?.isDirectory()) return "is a folder where a file is expected";
  if (info && !info.isFile() && !info.isSymbolicLink()) return "is not a regular file";
  return null;
}

/** The file's bytes, or null when there is no regular file to compare with (a link is rewritten as a file). */
async function currentBytes(file: string): Promise<Buffer | null> {
  const info = await lstatOrNull(file);
  return info?.isFile() ? readFile(file) : null;
}

/**
 * Whether the file an editor keeps says what the export would write, read by the importer's own parser:
 * the same fields and values (a mapping's key order, a string's quoting, comments and line endings are
 * the editor's) and the same body. Such a file is left as it is, so exporting into the folder the content
 * came from rewrites only what the database changed.
 */
function saysTheSame(relative: string, kept: Buffer, exported: string): boolean {
  const read = (text: string) => parseFile(relative, relative, text).parsed;
  const before = read(kept.toString("utf8"));
  const after = read(exported);
  return !!before && !!after && before.body === after.body && isDeepStrictEqual(before.data, after.data);
}

/**
 * Writes `text` to `file` so a reader sees the old file or the new one, never half of either. The
 * temporary name starts with a dot, which the importer skips, in case a crash leaves it behind.
 */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, text, { flag: "wx" });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Regular files under `root`, relative with forward slashes, hidden ones and links' targets left alone. */
async function listFiles(root: string, dir = ""): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith("."))
      .map((e) => {
        const relative = dir ? `${dir}/${e.name}` : e.name;
        return e.isDirectory() ? listFiles(root, relative) : Promise.resolve(e.isFile() ? [relative] : []);
      }),
  );
  return nested.flat();
}

/**
 * Writes `files` under `root` (created when missing). Checks every target first and writes nothing when
 * one cannot be written; then writes the files that say something else and, with `prune`, deletes the others.
 */
export async function writeContentFiles(
  root: string,
  files: readonly ContentFile[],
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report: WriteReport = { written: [], unchanged: [], deleted: [], errors: [] };
  const rootInfo = await lstatOrNull(root);
  if (rootInfo && !rootInfo.isDirectory()) {
    report.errors.push(
      issue(
        root,
        rootInfo.isSymbolicLink()
          ? "is a symbolic link, not a folder: give the folder itself"
          : "is a file, not a folder: give a folder to export into",
      ),
    );
    return report;
  }
  const problems = await Promise.all(
    files.map(async (f) => ({ file: f.path, problem: await targetProblem(root, f.path) })),
  );
  for (const { file, problem } of problems)
    if (problem) report.errors.push(issue(path.posix.join(root.split(path.sep).join("/"), file), problem));
  if (report.errors.length) return report;

  for (const file of files) {
    const target = path.join(root, file.path);
    const before = await currentBytes(target);
    if (before && (before.equals(Buffer.from(file.text, "utf8")) || saysTheSame(file.path, before, file.text))) {
      report.unchanged.push(file.path);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeAtomically(target, file.text);
    report.written.push(file.path);
  }
  if (options.prune) {
    const kept = new Set(files.map((f) => f.path));
    for (const relative of (await listFiles(root)).sort()) {
      if (kept.has(relative) || !options.prune(relative)) continue;
      await rm(path.join(root, relative));
      report.deleted.push(relative);
    }
  }
  report.written.sort();
  report.unchanged.sort();
  return report;
}
