// An import run end to end: parse → validate → plan → apply, reporting every problem together.
// The plan is made from one snapshot of the database (content and version); apply refuses with
// CONFLICT if another write moved the version in between, so no import undoes one it never saw.
import { readContentVersion, type Database, type Tx } from "../db/database.ts";
import { revisionKey, unitsIn } from "../content/units.ts";
import { applyPlan, ContentVersionConflict, keptConflicts, recordImportBases, type ApplyOptions } from "./apply.ts";
import { recordHistory } from "../write/history.ts";
import { formatIssue, sortIssues, type ContentIssue } from "./issues.ts";
import { loadStoredContent } from "../read/load.ts";
import type { ContentSet } from "../content/records.ts";
import {
  displayPath,
  parsingContentFiles,
  parsingContentRead,
  readContentDir,
  type ContentFileInput,
  type ContentRead,
  type ParseOptions,
  type ParseResult,
} from "./parse.ts";
import { hasChanges, planning, type Plan } from "./plan.ts";
import { drain, drainInSlices, timeSlices } from "./time-slices.ts";
import { digestingSource, importerVersion, readImportedDigest, recordImportedDigest } from "./source.ts";
import { validating, type Surroundings } from "./validate.ts";

export type ContentOptions = Pick<ParseOptions, "limits" | "allowUnknownFiles">;

export type ImportOptions = ContentOptions & {
  dir: string;
  dryRun?: boolean;
  prune?: boolean;
  /**
   * Import files that hold content the database has since moved past (see Plan.older), and let the files
   * win over changes made through the API since the last import (Plan.conflicts).
   */
  force?: boolean;
  /** Let the database win where a unit changed both in its file and through the API since the last import. */
  keepDb?: boolean;
  beforeCommit?: ApplyOptions["beforeCommit"];
  /** The content tree held in memory (an upload) instead of read from `dir`, which then only names it in messages. */
  files?: readonly ContentFileInput[];
  /** `dir` already read by readContentSource (its options win over this run's limits), so that it is not read twice. */
  source?: ContentSource;
  onProgress?: ApplyOptions["onProgress"];
  finish?: ApplyOptions["finish"];
  /**
   * Cuts the import off (a server shutting down): it stops at its next time slice with the signal's reason,
   * and a transaction it had begun rolls back, so nothing of it is written.
   */
  signal?: AbortSignal;
  /** Test hook: runs after planning, before applying, to let another write land in between. */
  afterPlan?: () => Promise<void>;
};

export type ImportReport =
  | {
      ok: false;
      code: "VALIDATION" | "OLDER_CONTENT" | "EDIT_CONFLICT";
      errors: ContentIssue[];
      warnings: ContentIssue[];
    }
  | {
      ok: false;
      code: "CONFLICT";
      errors: ContentIssue[];
      warnings: ContentIssue[];
      conflict: { plannedVersion: number; currentVersion: number };
    }
  | {
      ok: true;
      plan: Plan;
      warnings: ContentIssue[];
      applied: boolean;
      runId: number | null;
      version: number;
      /**
       * The folder is byte for byte what the last import read, with the same importer: it was not parsed
       * or planned again (its warnings were reported by that import), and `plan` is empty but for the count
       * of units the files hold.
       */
      unchangedSource?: true;
    };

type Checked = { content: ContentSet; errors: ContentIssue[]; warnings: ContentIssue[] };

/** Validates what the parser made of the files, yielding after each file; issues name files through `shownAs`. */
function* checkingParsed(
  parsing: Generator<void, ParseResult>,
  shownAs: (file: string) => string,
  surroundings?: Surroundings,
): Generator<void, Checked> {
  const parsed = yield* parsing;
  const validated = parsed.readable
    ? yield* validating(parsed.files, parsed.failed, surroundings)
    : {
        content: {
          locales: [],
          codes: [],
          codeTranslations: [],
          comparisons: [],
          comparisonTranslations: [],
          messages: [],
        },
        errors: [],
        warnings: [],
      };
  const shown = (issues: ContentIssue[]) =>
    sortIssues(issues.map((issue) => ({ ...issue, file: shownAs(issue.file) })));
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
  const read = await readContentDir(dir, options);
  return drain(checkingParsed(parsingContentRead(read, options), (file) => displayPath(dir, file)));
}

/**
 * `checkContent` for files held in memory (edited through the API, or uploaded): the same parse and the
 * same checks, with records and issues naming files by the relative paths given.
 */
export function checkContentFiles(
  files: readonly ContentFileInput[],
  options: ParseOptions & { surroundings?: Surroundings } = {},
) {
  return drain(checkingParsed(parsingContentFiles(files, options), (file) => file, options.surroundings));
}

/**
 * A content folder as read, and its digest (src/pipeline/source.ts): undefined when unreadable. `checked` is
 * what parsing and validating it gave, once asked for.
 */
export type ContentSource = {
  dir: string;
  options: ContentOptions;
  read: ContentRead;
  digest: string | undefined;
  checked?: Checked;
};

export async function readContentSource(
  dir: string,
  options: ContentOptions = {},
  signal?: AbortSignal,
): Promise<ContentSource> {
  const read = await readContentDir(dir, { ...options, signal });
  const digest = await drainInSlices(digestingSource(read, options, importerVersion()), timeSlices({ signal }));
  return { dir, options, read, digest };
}

/** Parses and validates the source now (`start` does it while Prisma's CLI migrates), once. */
export function checkSource(source: ContentSource): NonNullable<ContentSource["checked"]> {
  return (source.checked ??= drain(checkingSource(source)));
}

function checkingSource(source: ContentSource): Generator<void, Checked> {
  return checkingParsed(parsingContentRead(source.read, source.options), (file) => displayPath(source.dir, file));
}

/** Whether the database's last import read exactly `source`: importing it again would change nothing. */
export async function alreadyImported(db: Database, source: ContentSource): Promise<boolean> {
  return source.digest !== undefined && source.digest === (await db.readSnapshot(readImportedDigest));
}

/** What the plan is made from: the stored content, the version it is, every state units had, and what the files held at the last import. */
async function readPlanningSnapshot(tx: Tx) {
  const [version, stored, revisions, bases, importedDigest] = await Promise.all([
    readContentVersion(tx),
    loadStoredContent(tx),
    tx.unitRevision.findMany({ select: { unit: true, hash: true, version: true } }),
    tx.importBase.findMany(),
    readImportedDigest(tx),
  ]);
  const history = new Map<string, Map<string, number>>();
  for (const r of revisions) {
    const states = history.get(r.unit) ?? new Map<string, number>();
    states.set(r.hash, r.version);
    history.set(r.unit, states);
  }
  return { version, stored, history, bases: new Map(bases.map((b) => [b.unit, b.hash])), importedDigest };
}

/** What the files hold, by unit: the next import's base. Yields after each unit (hashing is the cost). */
function* basesOf(content: ContentSet): Generator<void, Map<string, string>> {
  const bases = new Map<string, string>();
  for (const unit of unitsIn(content)) {
    bases.set(unit.id, unit.hash);
    yield;
  }
  return bases;
}

/** The next import's bases: what the files hold, and the old base of units removed from them but kept (no --prune). */
function nextBases(
  filesHold: ReadonlyMap<string, string>,
  previous: ReadonlyMap<string, string>,
  plan: Plan,
): Map<string, string> {
  const next = new Map(filesHold);
  for (const entry of plan.entries) {
    const base = previous.get(entry.unit.id);
    if (entry.action === "delete" && !plan.prune && base !== undefined) next.set(entry.unit.id, base);
  }
  return next;
}

const sameBases = (a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>) =>
  a.size === b.size && [...a].every(([unit, hash]) => b.get(unit) === hash);

/** Each unit changed on both sides, naming the file and the database's revision and last change. */
async function conflictIssues(db: Database, plan: Plan, dir: string): Promise<ContentIssue[]> {
  const records = plan.conflicts.map((c) => revisionKey.ofUnit((c.stored ?? c.incoming)!) ?? c.id);
  const [revisions, changes] = await db.readSnapshot((tx) =>
    Promise.all([
      tx.revision.findMany({ where: { record: { in: records } } }),
      tx.historyEntry.findMany({
        where: { actor: { not: "import" } },
        orderBy: { id: "desc" },
        take: 500,
        select: { unit: true, locale: true, actor: true, version: true },
      }),
    ]),
  );
  const revisionOf = new Map(revisions.map((r) => [r.record, r.revision]));
  return plan.conflicts.map((conflict, i) => {
    const record = records[i]!;
    const last = changes.find((c) => revisionKey.of(c.unit, c.locale) === record);
    const side = conflict.stored ? `revision ${revisionOf.get(record) ?? 1}` : "deleted";
    const by = last ? `, last changed by ${last.actor} at content version ${last.version}` : "";
    const file = conflict.incoming ? "changed in this file" : "removed from the files";
    return {
      file: displayPath(dir, conflict.file),
      line: 1,
      field: "",
      message:
        `${conflict.id} was ${file} and changed through the API (${record}: ${side}${by}) since the last import. Nothing was written; ` +
        "pass --force to take the files (the database's value stays in history) or --keep-db to keep the database's.",
    };
  });
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

/** A plan that changes nothing, for a folder not parsed again: every unit the files held is unchanged. */
function unchangedPlan(units: number): Plan {
  return {
    entries: [],
    prune: false,
    counts: { created: 0, updated: 0, unchanged: units, deleted: 0, keptWithoutPrune: 0, keptFromApi: 0 },
    newlyOutdated: [],
    older: [],
    conflicts: [],
  };
}

/**
 * Whether importing `source` again would change nothing: the same digest as the last import, and none
 * of the options that make the same files write something else (--force puts files back over API edits,
 * --prune deletes what an earlier import kept; a dry run shows the whole plan).
 */
async function unchangedSince(db: Database, source: ContentSource | undefined, options: ImportOptions) {
  if (!source?.digest || options.force || options.prune || options.dryRun) return null;
  const [digest, version, units] = await db.readSnapshot((tx) =>
    Promise.all([readImportedDigest(tx), readContentVersion(tx), tx.importBase.count()]),
  );
  return digest === source.digest ? { version, units } : null;
}

export async function runImport(db: Database, options: ImportOptions): Promise<ImportReport> {
  const startedAt = new Date();
  const parseOptions = { limits: options.limits, allowUnknownFiles: options.allowUnknownFiles };
  // Parsing, checking and planning give the event loop back every few milliseconds: the process that runs
  // an import job is serving reads meanwhile. The signal cuts the import off between two slices.
  const pause = timeSlices({ signal: options.signal });
  const inSlices = <T>(steps: Generator<void, T>) => drainInSlices(steps, pause);
  const source = options.files
    ? undefined
    : (options.source ?? (await readContentSource(options.dir, parseOptions, options.signal)));
  const unchanged = await unchangedSince(db, source, options);
  if (unchanged)
    return {
      ok: true,
      plan: unchangedPlan(unchanged.units),
      warnings: [],
      applied: false,
      runId: null,
      version: unchanged.version,
      unchangedSource: true,
    };
  const { content, errors, warnings } = source
    ? (source.checked ??= await inSlices(checkingSource(source)))
    : await inSlices(checkingParsed(parsingContentFiles(options.files!, parseOptions), (file) => file));
  // A refused run writes nothing at all, not even a log row: the errors go back to the caller, and the
  // database stays byte-identical (a row quoting a refused file would store what it refused).
  if (errors.length > 0) return { ok: false, code: "VALIDATION", errors, warnings };
  const { version, stored, history, bases, importedDigest } = await db.readSnapshot(readPlanningSnapshot);
  const resolve = options.force ? "files" : options.keepDb ? "database" : "refuse";
  const plan = await inSlices(planning(stored, content, { prune: options.prune ?? false, history, bases, resolve }));
  if (plan.conflicts.length)
    return { ok: false, code: "EDIT_CONFLICT", errors: await conflictIssues(db, plan, options.dir), warnings };
  if (plan.older.length && !options.force)
    return { ok: false, code: "OLDER_CONTENT", errors: olderContentIssues(plan, version, options.dir), warnings };
  const filesHold = nextBases(plan.incoming ?? (await inSlices(basesOf(content))), bases, plan);
  if (options.dryRun) return { ok: true, plan, warnings, applied: false, runId: null, version };
  if (!hasChanges(plan)) {
    // No content to write, but the next import compares against what the files hold now, and a conflict
    // settled for the database keeps the file's side in history.
    const notes = keptConflicts(plan);
    if (!sameBases(filesHold, bases) || source?.digest !== importedDigest || notes.length) {
      await db.write(async (tx) => {
        // Other bytes for the same content (line endings, a BOM) move only the digest, not every base.
        if (sameBases(filesHold, bases)) await recordImportedDigest(tx, source?.digest);
        else await recordImportBases(tx, filesHold, source?.digest);
        await recordHistory(tx, notes, { actor: "import", importRunId: null, version });
      });
    }
    return { ok: true, plan, warnings, applied: false, runId: null, version };
  }
  await options.afterPlan?.();
  try {
    const run = { startedAt, warnings: warnings.map(formatIssue), bases: filesHold, sourceDigest: source?.digest };
    const applied = await applyPlan(db, plan, {
      plannedVersion: version,
      actor: "import",
      run,
      beforeCommit: options.beforeCommit,
      onProgress: options.onProgress,
      finish: options.finish,
      pause,
    });
    return { ok: true, plan, warnings, applied: true, runId: applied.runId, version: applied.version };
  } catch (error) {
    if (!(error instanceof ContentVersionConflict)) throw error;
    const issue: ContentIssue = { file: options.dir, line: 0, field: "", message: error.message };
    return {
      ok: false,
      code: "CONFLICT",
      errors: [issue],
      warnings,
      conflict: { plannedVersion: error.plannedVersion, currentVersion: error.currentVersion },
    };
  }
}
