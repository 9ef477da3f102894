// An import run end to end: parse → validate → plan → apply, reporting every problem together.
// The plan is made from one snapshot of the database (content and version); apply refuses with
// CONFLICT if another write moved the version in between, so no import undoes one it never saw.
import { readContentVersion, type Database, type Tx } from "../db/database.ts";
import { applyPlan, ContentVersionConflict, type ApplyOptions } from "./apply.ts";
import { formatIssue, sortIssues, type ContentIssue } from "./issues.ts";
import { loadStoredContent } from "../read/load.ts";
import type { ContentSet } from "../content/records.ts";
import { displayPath, parseContentDir, parseContentFiles, type ContentFileInput, type ParseOptions, type ParseResult } from "./parse.ts";
import { hasChanges, planImport, type Plan } from "./plan.ts";
import { validateContent } from "./validate.ts";

export type ContentOptions = Pick<ParseOptions, "limits" | "allowUnknownFiles">;

export type ImportOptions = ContentOptions & {
  dir: string;
  dryRun?: boolean;
  prune?: boolean;
  /** Import files that hold content the database has since moved past (see Plan.older). */
  force?: boolean;
  beforeCommit?: ApplyOptions["beforeCommit"];
  /** Test hook: runs after planning, before applying, to let another write land in between. */
  afterPlan?: () => Promise<void>;
};

export type ImportReport =
  | { ok: false; code: "VALIDATION" | "OLDER_CONTENT"; errors: ContentIssue[]; warnings: ContentIssue[] }
  | { ok: false; code: "CONFLICT"; errors: ContentIssue[]; warnings: ContentIssue[]; conflict: { plannedVersion: number; currentVersion: number } }
  | { ok: true; plan: Plan; warnings: ContentIssue[]; applied: boolean; runId: number | null; version: number };

/** Validates what the parser made of the files; issues name files through `shownAs`. */
function checkParsed(parsed: ParseResult, shownAs: (file: string) => string): { content: ContentSet; errors: ContentIssue[]; warnings: ContentIssue[] } {
  const validated = parsed.readable
    ? validateContent(parsed.files, parsed.failed)
    : { content: { locales: [], codes: [], codeTranslations: [], comparisons: [], comparisonTranslations: [], messages: [] }, errors: [], warnings: [] };
  const shown = (issues: ContentIssue[]) => sortIssues(issues.map((issue) => ({ ...issue, file: shownAs(issue.file) })));
  return {
    content: validated.content,
    errors: shown([...parsed.errors, ...validated.errors]),
    warnings: shown([...parsed.warnings, ...validated.warnings]),
  };
}

/**
 * Parses and validates the content folder. Records name files relative to the folder, so the same
 * content imports the same from anywhere; issues name them under `dir` as the user gave it.
 */
export async function checkContent(dir: string, options: ParseOptions = {}) {
  return checkParsed(await parseContentDir(dir, options), (file) => displayPath(dir, file));
}

/**
 * `checkContent` for files held in memory (edited through the API, or uploaded): the same parse and the
 * same checks, with records and issues naming files by the relative paths given.
 */
export function checkContentFiles(files: readonly ContentFileInput[], options: ParseOptions = {}) {
  return checkParsed(parseContentFiles(files, options), (file) => file);
}

/** What the plan is made from: the stored content, the version it is, and every state units had. */
async function readPlanningSnapshot(tx: Tx) {
  const [version, stored, revisions] = await Promise.all([
    readContentVersion(tx),
    loadStoredContent(tx),
    tx.unitRevision.findMany({ select: { unit: true, hash: true, version: true } }),
  ]);
  const history = new Map<string, Map<string, number>>();
  for (const r of revisions) {
    const states = history.get(r.unit) ?? new Map<string, number>();
    states.set(r.hash, r.version);
    history.set(r.unit, states);
  }
  return { version, stored, history };
}

function olderContentIssues(plan: Plan, version: number, dir: string): ContentIssue[] {
  return plan.older.map((entry) => ({
    file: displayPath(dir, entry.file),
    line: 1,
    field: "",
    message:
      `${entry.unit.id} is older than the database: it was stored like this at content version ${entry.storedBefore} and has changed since ` +
      `(now version ${version}). Nothing was written; import newer files, or pass --force to put the older text back.`,
  }));
}

export async function runImport(db: Database, options: ImportOptions): Promise<ImportReport> {
  const startedAt = new Date();
  const { content, errors, warnings } = await checkContent(options.dir, { limits: options.limits, allowUnknownFiles: options.allowUnknownFiles });
  // A refused run writes nothing at all, not even a log row: the errors go back to the caller, and the
  // database stays byte-identical (a row quoting a refused file would store what it refused).
  if (errors.length > 0) return { ok: false, code: "VALIDATION", errors, warnings };
  const { version, stored, history } = await db.readSnapshot(readPlanningSnapshot);
  const plan = planImport(stored, content, { prune: options.prune ?? false, history });
  if (plan.older.length && !options.force) return { ok: false, code: "OLDER_CONTENT", errors: olderContentIssues(plan, version, options.dir), warnings };
  if (options.dryRun || !hasChanges(plan)) return { ok: true, plan, warnings, applied: false, runId: null, version };
  await options.afterPlan?.();
  try {
    const applied = await applyPlan(db, plan, { plannedVersion: version, startedAt, warnings: warnings.map(formatIssue), beforeCommit: options.beforeCommit });
    return { ok: true, plan, warnings, applied: true, runId: applied.runId, version: applied.version };
  } catch (error) {
    if (!(error instanceof ContentVersionConflict)) throw error;
    const issue: ContentIssue = { file: options.dir, line: 0, field: "", message: error.message };
    return { ok: false, code: "CONFLICT", errors: [issue], warnings, conflict: { plannedVersion: error.plannedVersion, currentVersion: error.currentVersion } };
  }
}
