// An import run end to end: parse → validate → plan → apply, reporting every problem together.
// The plan is made from one snapshot of the database (content and version); apply refuses with
// CONFLICT if another write moved the version in between, so no import undoes one it never saw.
import { readContentVersion, type Database, type Tx } from "../db/database.ts";
import { applyPlan, ContentVersionConflict, type ApplyOptions } from "./apply.ts";
import { formatIssue, sortIssues, type ContentIssue } from "./issues.ts";
import { parseContentDir } from "./parse.ts";
import { hasChanges, planImport, type Plan, type UnitHistory } from "./plan.ts";
import { loadStoredContent } from "../read/load.ts";
import { validateContent } from "./validate.ts";

export type ImportOptions = {
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

export async function checkContent(dir: string, overrides?: ReadonlyMap<string, string>) {
  const parsed = await parseContentDir(dir, overrides);
  const validated = validateContent(parsed.files);
  return {
    content: validated.content,
    errors: sortIssues([...parsed.errors, ...validated.errors]),
    warnings: sortIssues([...parsed.warnings, ...validated.warnings]),
  };
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
  return { version, stored, history: history as UnitHistory };
}

function olderContentIssues(plan: Plan, version: number): ContentIssue[] {
  return plan.older.map((entry) => ({
    file: entry.file,
    line: 1,
    field: "",
    message:
      `${entry.unit.id} is older than the database: it was stored like this at content version ${entry.storedBefore} and has changed since ` +
      `(now version ${version}). Nothing was written; import newer files, or pass --force to put the older text back.`,
  }));
}

export async function runImport(db: Database, options: ImportOptions): Promise<ImportReport> {
  const startedAt = new Date();
  const { content, errors, warnings } = await checkContent(options.dir);
  const recordFailure = async (failures: string[]) => {
    if (options.dryRun) return;
    // The failure is logged; the content tables are not touched.
    await db.prisma.importRun.create({
      data: { startedAt, finishedAt: new Date(), status: "failed", errors: JSON.stringify(failures), warnings: JSON.stringify(warnings.map(formatIssue)) },
    });
  };
  if (errors.length > 0) {
    await recordFailure(errors.map(formatIssue));
    return { ok: false, code: "VALIDATION", errors, warnings };
  }
  const { version, stored, history } = await db.readSnapshot(readPlanningSnapshot);
  const plan = planImport(stored, content, { prune: options.prune ?? false, history });
  if (plan.older.length && !options.force) {
    const older = olderContentIssues(plan, version);
    await recordFailure(older.map(formatIssue));
    return { ok: false, code: "OLDER_CONTENT", errors: older, warnings };
  }
  if (options.dryRun || !hasChanges(plan)) return { ok: true, plan, warnings, applied: false, runId: null, version };
  await options.afterPlan?.();
  try {
    const applied = await applyPlan(db, plan, { plannedVersion: version, startedAt, warnings: warnings.map(formatIssue), beforeCommit: options.beforeCommit });
    return { ok: true, plan, warnings, applied: true, runId: applied.runId, version: applied.version };
  } catch (error) {
    if (!(error instanceof ContentVersionConflict)) throw error;
    const issue: ContentIssue = { file: options.dir, line: 0, field: "", message: error.message };
    await recordFailure([formatIssue(issue)]);
    return { ok: false, code: "CONFLICT", errors: [issue], warnings, conflict: { plannedVersion: error.plannedVersion, currentVersion: error.currentVersion } };
  }
}
