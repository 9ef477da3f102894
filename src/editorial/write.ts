// An edit through the API end to end: edit → validate → plan → apply, the importer's own steps. The
// edited content is rendered to the files it would be and checked exactly as an import checks files, so
// a mutation can store nothing a file could not hold; errors name the unit and field instead of a line.
// An edit reads only what it changes and what those checks look at (scope.ts), so it costs the same at
// 2 locales as at 100; a change to drafts alone is editorial state and moves no public content version.
import { SOURCE_LOCALE } from "../content/format.ts";
import { classifyContentPath } from "../content/paths.ts";
import type { ContentSet } from "../content/records.ts";
import { recordExists, revisionKey, textUnitId, unitsOf } from "../content/units.ts";
import { readContentVersion, type Database } from "../db/database.ts";
import { renderContentFiles } from "../export/render-files.ts";
import { applyDraftChange, applyPlan, ContentVersionConflict, RevisionConflict } from "../pipeline/apply.ts";
import { checkContentFiles } from "../pipeline/import.ts";
import type { ContentIssue } from "../pipeline/issues.ts";
import type { Surroundings } from "../pipeline/validate.ts";
import { hasChanges, planImport } from "../pipeline/plan.ts";
import { loadStoredContent } from "../read/load.ts";
import { translationUnits } from "../domain/translation-units.ts";
import type { TranslationState } from "../domain/translation-state.ts";
import { withDrafts } from "../read/preview.ts";
import { applyEdit, editedRecord, type Edit } from "./edits.ts";
import { scopeOfEdit } from "./scope.ts";

export type FieldIssue = { field: string; message: string };

export type EditOutcome =
  | {
      ok: true;
      record: string;
      revision: number;
      version: number;
      changed: boolean;
      /** For a translation edit: the translation's state after it, drafts included (as its translators see it). */
      state?: TranslationState;
    }
  | { ok: false; code: "NOT_FOUND" | "VALIDATION"; message: string; field?: string; issues: FieldIssue[] }
  | { ok: false; code: "CONFLICT"; message: string; record: string; currentRevision: number; current: Record<string, unknown> | null };

export type EditOptions = {
  /** The token's name, as history records it. */
  actor: string;
  /** The revision the client last saw; null only to create a record that does not exist yet. */
  expectedRevision: number | null;
  /** Termbases to hold published text to (they live in the files, not the database). */
  glossaries?: ContentSet["glossaries"];
  /** Test hook: runs after planning, before applying, to let another write land in between. */
  afterPlan?: () => Promise<void>;
};

/** How many times an edit is planned again when an unrelated write moved the content version meanwhile. */
const ATTEMPTS = 5;

/** Where a content file's issue sits, as a field path: "code.404.description", "comparison.401-vs-403:vi.summary". */
function fieldPathOf(issue: ContentIssue): string {
  const location = classifyContentPath(issue.file);
  const locale = location?.locale ?? SOURCE_LOCALE;
  const suffix = locale === SOURCE_LOCALE ? "" : `:${locale}`;
  const codes = location?.nameCodes ?? [];
  const unit =
    location?.kind === "code" ? textUnitId.code(codes[0]!)
    : location?.kind === "comparison" ? textUnitId.comparison(codes[0]!, codes[1]!)
    : location?.kind === "messages" ? "message"
    : issue.file;
  return [unit + suffix, issue.field].filter(Boolean).join(".");
}

/** The record's current value, for a CONFLICT: every stored unit that makes up the record, by kind. */
function currentValue(content: ContentSet, record: string): Record<string, unknown> | null {
  const parts = [...unitsOf(content).values()].filter((unit) => revisionKey.ofUnit(unit) === record);
  if (!parts.length) return null;
  return Object.fromEntries(parts.map((unit) => [unit.kind, unit.record]));
}

/**
 * A translation's state in `content` (the edit's scope: the unit's English and its texts, drafts included),
 * read as the locale's working view does: from the edit itself, without building a preview of the locale.
 */
function stateAfter(content: ContentSet, edit: Edit): TranslationState | undefined {
  if (!("unitId" in edit)) return undefined;
  const unit = translationUnits(withDrafts(content, [edit.locale]), edit.locale).find((u) => u.id === edit.unitId);
  return unit?.state ?? "MISSING";
}

/** Two checks' problems as one key each: the same problem in the same place, whatever its line. */
const problemKey = (issue: ContentIssue) => `${issue.file}\n${issue.field}\n${issue.message}`;

/**
 * The problems an edit brings: the importer's checks run on the edited part of the content, less those the
 * part already had before the edit (a termbase entry added since a translation was published is the
 * import's to report, not a reason to refuse an unrelated save).
 */
function problemsOfEdit(stored: ContentSet, candidate: ContentSet, glossaries: ContentSet["glossaries"], surroundings: Surroundings): ContentIssue[] {
  const locales = new Set([...candidate.codeTranslations, ...candidate.comparisonTranslations, ...candidate.messages].map((t) => t.locale));
  const termbases = glossaries?.filter((g) => locales.has(g.locale));
  const problems = (content: ContentSet) => checkContentFiles(renderContentFiles({ ...content, drafts: undefined, glossaries: termbases }), { surroundings }).errors;
  const found = problems(candidate);
  if (!found.length) return found;
  const before = new Set(problems(stored).map(problemKey));
  return found.filter((issue) => !before.has(problemKey(issue)));
}

export async function runEdit(db: Database, edit: Edit, options: EditOptions): Promise<EditOutcome> {
  const record = editedRecord(edit);
  const scope = scopeOfEdit(edit);
  for (let attempt = 1; ; attempt++) {
    const { version, stored, exists, revision, codes } = await db.readSnapshot(async (tx) => {
      const [version, stored, row, codes] = await Promise.all([
        readContentVersion(tx),
        loadStoredContent(tx, scope),
        tx.revision.findUnique({ where: { record } }),
        tx.statusCode.findMany({ select: { code: true } }),
      ]);
      const exists = recordExists(stored, record);
      return { version, stored, exists, revision: row?.revision ?? (exists ? 1 : 0), codes: new Set(codes.map((c) => c.code)) };
    });
    // A record that does not exist (yet, or any more) may be created without a revision.
    const expected = options.expectedRevision ?? (exists ? null : revision);
    if (expected !== revision) {
      return {
        ok: false,
        code: "CONFLICT",
        message: `${record} is at revision ${revision}, not ${options.expectedRevision ?? "absent"} as this change expected: someone changed it since you read it. Nothing was written; merge with the current value and send its revision.`,
        record,
        currentRevision: revision,
        current: currentValue(stored, record),
      };
    }
    const result = applyEdit(stored, edit);
    if (!result.ok) return { ...result.error, ok: false, issues: result.error.field ? [{ field: result.error.field, message: result.error.message }] : [] };
    const { content, candidate } = result.edited;
    const problems = problemsOfEdit(stored, candidate, options.glossaries, { codes });
    if (problems.length) {
      const issues = problems.map((issue) => ({ field: fieldPathOf(issue), message: issue.message }));
      return { ok: false, code: "VALIDATION", message: issues.map((i) => `${i.field}: ${i.message}`).join("; "), field: issues[0]!.field, issues };
    }
    // Both sides hold the same part of the content, so what the plan finds missing was deleted by the edit.
    const plan = planImport(stored, content, { prune: true, scope: "all" });
    const state = stateAfter(content, edit);
    if (!hasChanges(plan)) return { ok: true, record, revision, version, changed: false, state };
    await options.afterPlan?.();
    const guard = { record, revision };
    try {
      const applied = plan.entries.every((e) => e.unit.kind === "draft" || e.action === "unchanged")
        ? await applyDraftChange(db, plan, { actor: options.actor, guard })
        : await applyPlan(db, plan, { plannedVersion: version, actor: options.actor, guard });
      return { ok: true, record, revision: applied.revisions.get(record) ?? revision, version: applied.version, changed: true, state };
    } catch (error) {
      // Another write landed between reading and applying: plan again from it. A change to this very
      // record shows up on the next attempt as a revision CONFLICT, never as a lost update.
      if (!(error instanceof ContentVersionConflict || error instanceof RevisionConflict) || attempt >= ATTEMPTS) throw error;
    }
  }
}
