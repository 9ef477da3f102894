// An export run: the database, read in one snapshot, → the content folder's files → written into a
// folder. Importing that folder again changes nothing; see renderContentFiles for why.
import { classifyContentPath } from "../content/paths.ts";
import { nearest } from "../content/text.ts";
import { readContentVersion, type Database } from "../db/database.ts";
import type { ContentIssue } from "../pipeline/issues.ts";
import { loadStoredContent } from "../read/load.ts";
import { renderContentFiles } from "../pipeline/render-files.ts";
import { writeContentFiles, type WriteReport } from "./write-files.ts";

export type ExportOptions = {
  dir: string;
  /** Only these locales' files (locales.yaml is always written); all locales when absent or empty. */
  locales?: readonly string[];
  /** Delete content files of the exported locales that the database no longer holds. */
  prune?: boolean;
};

export type ExportReport =
  | { ok: false; code: "UNKNOWN_LOCALE" | "EMPTY"; message: string }
  | { ok: false; code: "NOT_WRITABLE"; message: string; errors: ContentIssue[] }
  | ({ ok: true; version: number; files: number } & Omit<WriteReport, "errors">);

/** Why `requested` cannot be exported from a database holding `known`, naming the closest locale it has. */
export function unknownLocaleProblem(requested: readonly string[], known: readonly string[]): string | null {
  const unknown = requested.find((locale) => !known.includes(locale));
  if (unknown === undefined) return null;
  // "vn" is one edit from both "en" and "vi": a slip rarely changes the first letter, so those come first.
  const suggestion =
    nearest(
      unknown,
      known.filter((k) => k[0] === unknown[0]),
      2,
    ) ?? nearest(unknown, known, 2);
  return `unknown locale "${unknown}"${suggestion ? `; did you mean "${suggestion}"?` : ""} The database holds ${known.join(", ")}.`;
}

/**
 * Which existing files `--prune` may delete: content files the importer would read, of the locales being
 * exported. Termbases are never deleted: they live only in files (the database has none to write back),
 * and neither are files of locales left out of the export.
 */
export function prunable(locales: readonly string[] | null): (relative: string) => boolean {
  return (relative) => {
    const location = classifyContentPath(relative);
    if (!location || location.kind === "glossary") return false;
    if (location.locale === undefined) return true;
    return locales === null || locales.includes(location.locale);
  };
}

export async function runExport(db: Database, options: ExportOptions): Promise<ExportReport> {
  const { version, content } = await db.readSnapshot(async (tx) => {
    const [version, content] = await Promise.all([readContentVersion(tx), loadStoredContent(tx)]);
    return { version, content };
  });
  const known = content.locales.map((l) => l.code);
  // An empty export would be all --prune needs to empty the folder: refuse it instead.
  if (known.length === 0)
    return {
      ok: false,
      code: "EMPTY",
      message: "The database holds no content yet: nothing to export (run status-atlas import first).",
    };
  const locales = options.locales?.length ? [...new Set(options.locales)] : null;
  const problem = locales ? unknownLocaleProblem(locales, known) : null;
  if (problem) return { ok: false, code: "UNKNOWN_LOCALE", message: `--locale: ${problem}` };
  const files = renderContentFiles(content, locales ? { locales } : {});
  const { errors, ...written } = await writeContentFiles(options.dir, files, {
    prune: options.prune ? prunable(locales) : undefined,
  });
  if (errors.length) return { ok: false, code: "NOT_WRITABLE", message: "Nothing was written.", errors };
  return { ok: true, version, files: files.length, ...written };
}
