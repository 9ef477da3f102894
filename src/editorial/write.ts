// An edit through the API end to end: edit → validate → plan → apply, the importer's own steps. The
// edited content is rendered to the files it would be and checked exactly as an import checks files, so
// a mutation can store nothing a file could not hold; errors name the unit and field instead of a line.
// An edit reads only what it changes and what those checks look at (scope.ts), so it costs the same at
// 2 locales as at 100; a change to drafts alone is editorial state and moves no public content version.
import { Prisma } from "@prisma/client";
import { SOURCE_LOCALE } from "../content/format.ts";
import { classifyContentPath } from "../content/paths.ts";
import type { ContentSet } from "../content/records.ts";
import { EMPTY_SCOPE, publishedInScope, type ContentScope } from "../content/scope.ts";
import { recordExists, revisionKey, textUnitId } from "../content/units.ts";
import { readContentVersion, type Database } from "../db/database.ts";
import { renderContentFiles } from "../pipeline/render-files.ts";
import {
  applyDraftChange,
  applyPlan,
  ContentVersionConflict,
  RevisionConflict,
  type RevisionGuard,
} from "../pipeline/apply.ts";
import { checkContentFiles } from "../pipeline/import.ts";
import type { ContentIssue } from "../pipeline/issues.ts";
import type { Surroundings } from "../pipeline/validate.ts";
import { hasChanges, planImport, type Plan } from "../pipeline/plan.ts";
import { loadStoredContent } from "../read/load.ts";
import { translationUnits } from "../domain/translation-units.ts";
import type { TranslationState } from "../domain/translation-state.ts";
import { withDrafts } from "../read/preview.ts";
import { applyEdit, editedRecord, type Edit, type EditError } from "./edits.ts";
import { mergeScopes, scopeOfEdit } from "./scope.ts";
import { fieldsSent, viewOfRecord, type RecordView } from "./conflict.ts";

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
  | {
      ok: false;
      code: "CONFLICT";
      message: string;
      record: string;
      currentRevision: number;
      /** The record as it is now, as a client sends it (conflict.ts); the API layer names its enum values. */
      current: RecordView;
      /** The fields the refused edit sent, to diff against `current`. */
      sent: Record<string, unknown>;
    };

export type EditOptions = {
  /** The token's name, as history records it. */
  actor: string;
  /** The revision the client last saw; null only to create a record that does not exist yet. */
  expectedRevision: number | null;
  /** Termbases to hold published text to (they live in the files, not the database). */
  glossaries?: ContentSet["glossaries"];
  /** Test hook: runs after planning, before applying, to let another write land in between. */
  afterPlan?: () => Promise<void>;
  /** The published content this process has loaded (its store's snapshot): see readEditState. */
  published?: Published;
};

/** A content version and its published content, as a store's snapshot holds them; undefined before the first load. */
export type Published = () => { version: number; content: ContentSet } | undefined;

/** Whether a plan changes drafts alone: editorial state, which claims no content version. */
const draftsOnly = (plan: Plan) => plan.entries.every((e) => e.unit.kind === "draft" || e.action === "unchanged");

/** How many times an edit is planned again when an unrelated write moved the content version meanwhile. */
const ATTEMPTS = 5;

/** Where a content file's issue sits, as a field path: "code.404.description", "comparison.401-vs-403:vi.summary". */
function fieldPathOf(issue: ContentIssue): string {
  const location = classifyContentPath(issue.file);
  const locale = location?.locale ?? SOURCE_LOCALE;
  const suffix = locale === SOURCE_LOCALE ? "" : `:${locale}`;
  const codes = location?.nameCodes ?? [];
  const unit =
    location?.kind === "code"
      ? textUnitId.code(codes[0]!)
      : location?.kind === "comparison"
        ? textUnitId.comparison(codes[0]!, codes[1]!)
        : location?.kind === "messages"
          ? "message"
          : issue.file;
  return [unit + suffix, issue.field].filter(Boolean).join(".");
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

const isSource = (text: { locale: string }) => text.locale === SOURCE_LOCALE;

/** Two checks' problems as one key each: the same problem in the same place, whatever its line. */
const problemKey = (issue: ContentIssue) => `${issue.file}\n${issue.field}\n${issue.message}`;

/**
 * The problems an edit brings: the importer's checks run on the edited part of the content, less those the
 * part already had before the edit (a termbase entry added since a translation was published is the
 * import's to report, not a reason to refuse an unrelated save).
 */
function problemsOfEdit(
  stored: ContentSet,
  candidate: ContentSet,
  glossaries: ContentSet["glossaries"],
  surroundings: Surroundings,
): ContentIssue[] {
  const locales = new Set(
    [...candidate.codeTranslations, ...candidate.comparisonTranslations, ...candidate.messages].map((t) => t.locale),
  );
  // Only the edited records become files: the locale list and the termbases are checked where they come
  // from (an import, the server's start), and no edit changes them, so they stand beside the files.
  const beside: Surroundings = {
    ...surroundings,
    locales: new Set(stored.locales.map((l) => l.code)),
    glossaries: glossaries?.filter((g) => locales.has(g.locale)),
  };
  // A code's English file (its facts and English text) was checked where it was written: an import, an
  // English edit. What a translation's checks read of it is that the code exists, which `surroundings.codes`
  // says; so a code whose English the edit leaves as stored is not rendered and parsed again on every save.
  // Comparisons and messages keep their English: their translations are checked against it (the pair's
  // source file, ICU placeholders).
  const storedSources = new Set<object>([...stored.codes, ...stored.codeTranslations.filter(isSource)]);
  const codesToCheck = (content: ContentSet) => {
    const english = new Map(content.codeTranslations.filter(isSource).map((t) => [t.code, t]));
    return content.codes.filter((facts) => {
      const text = english.get(facts.code);
      return !storedSources.has(facts) || !text || !storedSources.has(text);
    });
  };
  const problems = (content: ContentSet) =>
    checkContentFiles(
      renderContentFiles({
        ...content,
        codes: codesToCheck(content),
        locales: [],
        drafts: undefined,
        glossaries: undefined,
      }),
      { surroundings: beside },
    ).errors;
  const found = problems(candidate);
  if (!found.length) return found;
  const before = new Set(problems(stored).map(problemKey));
  return found.filter((issue) => !before.has(problemKey(issue)));
}

/**
 * What an edit reads that changes only with a new content version: the locale list and the codes that exist.
 * Both move only through a public write, which claims the next version, so what was read at a version holds
 * for every edit planned from it. Kept per database, for the last version read.
 */
const perVersion = new WeakMap<Database, { version: number; locales: ContentSet["locales"]; codes: Set<number> }>();

/**
 * What an edit plans from, read in one transaction: the version, its scope of the content, each record's
 * revision, the codes that exist. Published content is what its version says it is, so when the process
 * already holds a snapshot of the version read (`published`), the scope's published records come from it
 * and only its drafts from the database: a translator's save read its code's facts and texts on every save,
 * each a query Prisma compiles (src/db/bulk.ts), and a save is mostly that.
 */
async function readEditState(db: Database, scope: ContentScope, records: readonly string[], published?: Published) {
  return db.readSnapshot(async (tx) => {
    const version = await readContentVersion(tx);
    const held = perVersion.get(db);
    const known = held?.version === version ? held : undefined;
    const snapshot = published?.();
    const fromSnapshot = snapshot?.version === version ? snapshot.content : undefined;
    const [read, rows, codes] = await Promise.all([
      fromSnapshot
        ? loadStoredContent(tx, { ...EMPTY_SCOPE, drafts: scope.drafts }, fromSnapshot)
        : loadStoredContent(tx, scope, known),
      // Raw, as the hot path's statements are (src/db/bulk.ts); a query object, not a tag (see insertRows).
      records.length
        ? tx.$queryRaw<{ record: string; revision: number | bigint }[]>(
            Prisma.sql`SELECT "record", "revision" FROM "Revision" WHERE "record" IN (${Prisma.join(records)})`,
          )
        : [],
      known?.codes ??
        (fromSnapshot
          ? new Set(fromSnapshot.codes.map((c) => c.code))
          : tx.statusCode.findMany({ select: { code: true } }).then((rows) => new Set(rows.map((row) => row.code)))),
    ]);
    const stored = fromSnapshot ? { ...publishedInScope(fromSnapshot, scope), drafts: read.drafts } : read;
    if (!known) perVersion.set(db, { version, locales: stored.locales, codes });
    const found = new Map(rows.map((row) => [row.record, Number(row.revision)]));
    // A record never edited has no row: it is at 1 when it exists, 0 when it does not.
    const revisions = new Map(
      records.map((record) => [record, found.get(record) ?? (recordExists(stored, record) ? 1 : 0)]),
    );
    return { version, stored, revisions, codes };
  });
}

/** An edit planned from a revision the record is no longer at, as an outcome: nothing is written. */
function conflict(stored: ContentSet, edit: Edit, revision: number, expected: number | null): EditOutcome {
  const record = editedRecord(edit);
  return {
    ok: false,
    code: "CONFLICT",
    message: `${record} is at revision ${revision}, not ${expected ?? "absent"} as this change expected: someone changed it since you read it. Nothing was written; merge with the current value and send its revision.`,
    record,
    currentRevision: revision,
    current: viewOfRecord(stored, record, edit),
    sent: fieldsSent(edit),
  };
}

/** An edit the content refused (applyEdit), as an outcome. */
const refused = (error: EditError) => ({
  ...error,
  ok: false as const,
  issues: error.field ? [{ field: error.field, message: error.message }] : [],
});

/** The importer's problems with an edit, as a VALIDATION outcome naming each field as the API does. */
function invalid(problems: readonly ContentIssue[]) {
  const issues = problems.map((issue) => ({ field: fieldPathOf(issue), message: issue.message }));
  return {
    ok: false as const,
    code: "VALIDATION" as const,
    message: issues.map((i) => `${i.field}: ${i.message}`).join("; "),
    field: issues[0]!.field,
    issues,
  };
}

/** The editable records a plan changes: each moves to its next revision by compare-and-set. */
const recordsChangedBy = (plan: Plan): Set<string | null> =>
  new Set(plan.entries.filter((e) => e.action !== "unchanged").map((e) => revisionKey.ofUnit(e.unit)));

/** Applies a plan: drafts alone claim no content version; anything public claims the next one. */
function applyChange(
  db: Database,
  plan: Plan,
  options: { version: number; actor: string; guards: readonly RevisionGuard[] },
) {
  return draftsOnly(plan)
    ? applyDraftChange(db, plan, { actor: options.actor, guards: options.guards })
    : applyPlan(db, plan, { plannedVersion: options.version, actor: options.actor, guards: options.guards });
}

/**
 * Whether to plan again after `error`: another write landed between reading and applying. A change to an
 * edited record shows up on the next attempt as a revision CONFLICT (or, in a batch, in the revision read), never as a lost update.
 */
const mayRetry = (error: unknown, attempt: number) =>
  (error instanceof ContentVersionConflict || error instanceof RevisionConflict) && attempt < ATTEMPTS;

export async function runEdit(db: Database, edit: Edit, options: EditOptions): Promise<EditOutcome> {
  const record = editedRecord(edit);
  const scope = scopeOfEdit(edit);
  for (let attempt = 1; ; attempt++) {
    const { version, stored, revisions, codes } = await readEditState(db, scope, [record], options.published);
    const exists = recordExists(stored, record);
    const revision = revisions.get(record)!;
    // A record that does not exist (yet, or any more) may be created without a revision.
    const expected = options.expectedRevision ?? (exists ? null : revision);
    if (expected !== revision) return conflict(stored, edit, revision, options.expectedRevision);
    const result = applyEdit(stored, edit);
    if (!result.ok) return refused(result.error);
    const { content, candidate } = result.edited;
    const problems = problemsOfEdit(stored, candidate, options.glossaries, { codes });
    if (problems.length) return invalid(problems);
    // Both sides hold the same part of the content, so what the plan finds missing was deleted by the edit.
    const plan = planImport(stored, content, { prune: true, scope: "all" });
    const state = stateAfter(content, edit);
    if (!hasChanges(plan)) return { ok: true, record, revision, version, changed: false, state };
    await options.afterPlan?.();
    try {
      const applied = await applyChange(db, plan, { version, actor: options.actor, guards: [{ record, revision }] });
      return {
        ok: true,
        record,
        revision: applied.revisions.get(record) ?? revision,
        version: applied.version,
        changed: true,
        state,
      };
    } catch (error) {
      if (!mayRetry(error, attempt)) throw error;
    }
  }
}

/** One translator's save among others written together: the edit, its author and the revision it read. */
export type QueuedSave = {
  edit: Extract<Edit, { kind: "saveTranslation" }>;
  actor: string;
  expectedRevision: number | null;
};

/**
 * Draft saves of different records, each as runEdit would run it alone, written together (group commit,
 * src/editorial/save-queue.ts): one read of what they touch, the importer's checks once over all of them,
 * and one write transaction in which each record moves by its own compare-and-set and each change keeps
 * its author. Each save gets the outcome it would have had alone. When the saves cannot simply go together
 * (one brings a problem, or a revision moved between the read and the write), each is run alone instead,
 * so every refusal is the one that save would get by itself. Drafts claim no content version.
 */
export async function runDraftSaves(
  db: Database,
  saves: readonly QueuedSave[],
  glossaries?: ContentSet["glossaries"],
  published?: Published,
): Promise<EditOutcome[]> {
  const alone = () =>
    Promise.all(
      saves.map(({ edit, actor, expectedRevision }) =>
        runEdit(db, edit, { actor, expectedRevision, glossaries, published }),
      ),
    );
  const records = saves.map(({ edit }) => editedRecord(edit));
  if (new Set(records).size !== records.length) throw new Error("saves written together must be of different records");
  const { version, stored, revisions, codes } = await readEditState(
    db,
    mergeScopes(saves.map(({ edit }) => scopeOfEdit(edit))),
    records,
    published,
  );
  const outcomes: EditOutcome[] = [];
  const accepted: { save: QueuedSave; index: number }[] = [];
  let content = stored;
  for (const [index, save] of saves.entries()) {
    const record = records[index]!;
    const revision = revisions.get(record)!;
    const expected = save.expectedRevision ?? (recordExists(stored, record) ? null : revision);
    if (expected !== revision) {
      outcomes[index] = conflict(stored, save.edit, revision, save.expectedRevision);
      continue;
    }
    const result = applyEdit(content, save.edit);
    if (!result.ok) {
      outcomes[index] = refused(result.error);
      continue;
    }
    content = result.edited.content;
    accepted.push({ save, index });
  }
  if (!accepted.length) return outcomes;
  const locales = [...new Set(accepted.map(({ save }) => save.edit.locale))];
  const candidate = { ...withDrafts(content, locales), drafts: undefined };
  if (problemsOfEdit(stored, candidate, glossaries, { codes }).length) return alone();
  const plan = planImport(stored, content, { prune: true, scope: "all" });
  if (!draftsOnly(plan)) return alone();
  const changed = recordsChangedBy(plan);
  const authors = new Map(accepted.map(({ save }) => [`${save.edit.unitId}\n${save.edit.locale}`, save.actor]));
  let applied: Awaited<ReturnType<typeof applyDraftChange>> | undefined;
  if (changed.size) {
    try {
      applied = await applyDraftChange(db, plan, {
        actor: (change) => authors.get(`${change.unit}\n${change.locale}`) ?? accepted[0]!.save.actor,
        guards: accepted
          .map(({ index }) => records[index]!)
          .filter((record) => changed.has(record))
          .map((record) => ({ record, revision: revisions.get(record)! })),
      });
    } catch (error) {
      if (error instanceof RevisionConflict || error instanceof ContentVersionConflict) return alone();
      throw error;
    }
  }
  for (const { save, index } of accepted) {
    const record = records[index]!;
    const revision = revisions.get(record)!;
    outcomes[index] = {
      ok: true,
      record,
      revision: applied?.revisions.get(record) ?? revision,
      version: applied?.version ?? version,
      changed: changed.has(record),
      state: stateAfter(content, save.edit),
    };
  }
  return outcomes;
}

/** A translation edit: saving, reviewing, publishing or unpublishing one locale's text of a unit. */
export type TranslationEdit = Extract<Edit, { unitId: string }>;

export type BatchOutcome =
  | { ok: true; version: number; changed: boolean; records: number }
  | { ok: false; code: "NOT_FOUND" | "VALIDATION"; message: string; field?: string; issues: FieldIssue[] };

/**
 * Translation edits as one change in one transaction: a translation file's units (src/translations/database.ts).
 * The same path as runEdit: the edits are applied in order to the part of the stored content they read,
 * checked by the importer's rules, planned and applied. There is no revision a client expects (the file's
 * source hashes say which English it translates): each changed record moves by compare-and-set from the
 * revision read here, so a save landing in between makes the batch plan again from it, never overwrites it.
 */
export async function runTranslationEdits(
  db: Database,
  edits: readonly TranslationEdit[],
  options: Pick<EditOptions, "actor" | "glossaries">,
): Promise<BatchOutcome> {
  const records = [...new Set(edits.map(editedRecord))];
  const scope = mergeScopes(edits.map(scopeOfEdit));
  const locales = [...new Set(edits.map((edit) => edit.locale))];
  for (let attempt = 1; ; attempt++) {
    const { version, stored, revisions, codes } = await readEditState(db, scope, records);
    let content = stored;
    for (const edit of edits) {
      const result = applyEdit(content, edit);
      if (!result.ok) return refused(result.error);
      content = result.edited.content;
    }
    // Checked as the content would read with every working copy published, as one save is.
    const problems = problemsOfEdit(
      stored,
      { ...withDrafts(content, locales), drafts: undefined },
      options.glossaries,
      { codes },
    );
    if (problems.length) return invalid(problems);
    const plan = planImport(stored, content, { prune: true, scope: "all" });
    if (!hasChanges(plan)) return { ok: true, version, changed: false, records: 0 };
    const changed = recordsChangedBy(plan);
    const guards = records
      .filter((record) => changed.has(record))
      .map((record) => ({ record, revision: revisions.get(record)! }));
    try {
      const applied = await applyChange(db, plan, { version, actor: options.actor, guards });
      return { ok: true, version: applied.version, changed: true, records: guards.length };
    } catch (error) {
      if (!mayRetry(error, attempt)) throw error;
    }
  }
}
