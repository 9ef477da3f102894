// Translation files against the database, where translations live: an export holds what the API lists as a
// locale's tasks (its drafts included, as its translators see them), and an import writes the file's units
// through the path saveTranslation takes (src/editorial/write.ts), in one transaction per file. A
// translator's file becomes drafts; readers keep the published text until a reviewer publishes.
import { SOURCE_LOCALE, type EditorialState } from "../content/format.ts";
import type { ContentSet } from "../content/records.ts";
import type { ContentScope } from "../content/scope.ts";
import { textOf, textUnitId, type AnyText } from "../content/units.ts";
import type { Database } from "../db/database.ts";
import type { TranslationState } from "../domain/translation-state.ts";
import { translatableLocaleProblem, translationUnits } from "../domain/translation-units.ts";
import { runTranslationEdits, type TranslationEdit } from "../editorial/write.ts";
import { capIssues, type ContentIssue } from "../pipeline/issues.ts";
import { DEFAULT_LIMITS, type InputLimits } from "../pipeline/limits.ts";
import { loadDrafts, loadStoredContent } from "../read/load.ts";
import { withDrafts } from "../read/preview.ts";
import { exportEntries, planTranslationImport, type ExchangeDocument } from "./exchange.ts";
import { unitsToStamp, type StampSelection } from "./stamp.ts";

/**
 * The published content with `locale`'s drafts laid over it: the locale as its translators work on it. Only
 * English and `locale` are read (every code's facts and every pair, with their texts in those two), so a
 * translation file costs its own locale, not the corpus's hundred.
 */
async function workingContent(db: Database, locale: string, glossaries: ContentSet["glossaries"]): Promise<ContentSet> {
  const { content, drafts } = await db.readSnapshot(async (tx) => {
    const [codes, pairs] = await Promise.all([
      tx.statusCode.findMany({ select: { code: true } }),
      tx.comparison.findMany({ select: { codeA: true, codeB: true } }),
    ]);
    const locales = [SOURCE_LOCALE, locale];
    const scope: ContentScope = {
      codes: "all",
      codeTexts: codes.map(({ code }) => ({ code, locales })),
      pairs: pairs.map(({ codeA, codeB }) => ({ a: codeA, b: codeB, locales })),
      messages: locales,
      drafts: [],
    };
    const [content, drafts] = await Promise.all([loadStoredContent(tx, scope), loadDrafts(tx, [locale])]);
    return { content, drafts };
  });
  return { ...withDrafts({ ...content, drafts }, [locale]), drafts: undefined, glossaries };
}

/** The English each OUTDATED unit was translated from, by unit id: what the file's notes compare with. */
async function previousEnglish(db: Database, content: ContentSet, locale: string): Promise<Map<string, AnyText>> {
  const outdated = translationUnits(content, locale).filter((u) => u.state === "OUTDATED" && u.translation?.sourceHash);
  const hashes = [...new Set(outdated.map((u) => u.translation!.sourceHash!))];
  const rows = hashes.length
    ? await db.prisma.sourceRevision.findMany({
        where: { hash: { in: hashes } },
        select: { hash: true, content: true },
      })
    : [];
  const byHash = new Map(rows.map((row) => [row.hash, JSON.parse(row.content) as AnyText]));
  return new Map(
    outdated.flatMap((u) =>
      byHash.has(u.translation!.sourceHash!) ? [[u.id, byHash.get(u.translation!.sourceHash!)!] as const] : [],
    ),
  );
}

export type TranslationExport = { ok: true; doc: ExchangeDocument } | { ok: false; message: string };

/** A locale's units in `states`, as the database holds them now; termbases (kept in files) add glossary notes. */
export async function exportFromDatabase(
  db: Database,
  options: { locale: string; states: readonly TranslationState[]; glossaries?: ContentSet["glossaries"] },
): Promise<TranslationExport> {
  const content = await workingContent(db, options.locale, options.glossaries);
  const problem = translatableLocaleProblem(
    content.locales.map((l) => l.code),
    options.locale,
  );
  if (problem) return { ok: false, message: problem };
  return {
    ok: true,
    doc: exportEntries(content, options.locale, options.states, await previousEnglish(db, content, options.locale)),
  };
}

export type DatabaseImportOptions = {
  doc: ExchangeDocument;
  locale: string;
  /** The file as the user named it, and the line an entry sits on: every error names both. */
  file: string;
  lineOf: (entry: { unitId: string; field: string } | null) => number;
  /** "draft" or "reviewed" for a translator; "published" only when the caller may publish the locale. */
  state: EditorialState;
  actor: string;
  glossaries?: ContentSet["glossaries"];
  limits?: InputLimits;
};

export type DatabaseImportResult =
  | { ok: false; errors: ContentIssue[] }
  | { ok: true; units: number; skipped: number; changed: boolean; version: number };

/** The edits a translated unit makes: saved as the working copy, then taken to the state the file asks for. */
function editsOf(unitId: string, locale: string, text: AnyText, state: EditorialState): TranslationEdit[] {
  const save: TranslationEdit = { kind: "saveTranslation", unitId, locale, text };
  if (state === "reviewed") return [save, { kind: "reviewTranslation", unitId, locale }];
  if (state === "published") return [save, { kind: "publishTranslation", unitId, locale }];
  return [save];
}

/**
 * Writes a translated file's units into the database, all or nothing: the file's errors (stale English,
 * unknown ids, broken placeholders, the importer's checks) are reported together and nothing is written.
 * Saving never touches what readers see: a published translation stays published until a publish.
 */
export async function importIntoDatabase(db: Database, options: DatabaseImportOptions): Promise<DatabaseImportResult> {
  const { doc, locale, file, lineOf } = options;
  const content = await workingContent(db, locale, options.glossaries);
  const problem = translatableLocaleProblem(
    content.locales.map((l) => l.code),
    locale,
  );
  if (problem) return { ok: false, errors: [{ file, line: lineOf(null), field: "targetLanguage", message: problem }] };
  const plan = planTranslationImport(content, locale, doc, {
    file,
    state: options.state,
    lineOf,
    limits: options.limits,
  });
  // A hostile file can hold a million bad entries: the report names the first few and counts the rest.
  if (plan.errors.length)
    return { ok: false, errors: capIssues(plan.errors, (options.limits ?? DEFAULT_LIMITS).reportedErrors) };
  const records = [...plan.codeTranslations, ...plan.comparisonTranslations, ...plan.messages].map((record) => ({
    unitId: textUnitId.of(record),
    record,
  }));
  const units = records.length;
  if (!units) return { ok: true, units: 0, skipped: plan.skipped, changed: false, version: -1 };
  const outcome = await runTranslationEdits(
    db,
    records.flatMap(({ unitId, record }) => editsOf(unitId, locale, textOf(record), options.state)),
    { actor: options.actor, glossaries: options.glossaries },
  );
  if (!outcome.ok) {
    // The issues name fields as the API does ("code.404:vi.summary"): the file's line is that unit's.
    return {
      ok: false,
      errors: outcome.issues.map((issue) => {
        const unitId = records.find(
          ({ unitId }) => issue.field.startsWith(`${unitId}:`) || issue.field.startsWith(`${unitId}.`),
        )?.unitId;
        return {
          file,
          line: lineOf(unitId ? { unitId, field: issue.field.split(".").at(-1) ?? "" } : null),
          field: issue.field,
          message: issue.message,
        };
      }),
    };
  }
  return { ok: true, units, skipped: plan.skipped, changed: outcome.changed, version: outcome.version };
}

export type StampResult =
  | { ok: false; message: string }
  | { ok: true; units: readonly string[]; changed: boolean; version: number };

/**
 * Marks translations as made from today's English: each selected unit is saved again with its own text
 * (which records the current English hash, as every save does) and taken back to the state it was in, all
 * in one transaction. A published translation stays published; one that was OUTDATED no longer is.
 */
export async function stampInDatabase(
  db: Database,
  options: { locale: string; selection: StampSelection; actor: string; glossaries?: ContentSet["glossaries"] },
): Promise<StampResult> {
  const { locale } = options;
  const content = await workingContent(db, locale, options.glossaries);
  const problem = translatableLocaleProblem(
    content.locales.map((l) => l.code),
    locale,
  );
  if (problem) return { ok: false, message: problem };
  const units = unitsToStamp(content, locale, options.selection);
  const unknown = (options.selection.ids ?? []).filter((id) => !units.some((u) => u.id === id));
  if (unknown.length) return { ok: false, message: `no ${locale} translation for: ${unknown.join(", ")}` };
  if (!units.length) return { ok: true, units: [], changed: false, version: -1 };
  const outcome = await runTranslationEdits(
    db,
    units.flatMap((u) => editsOf(u.id, locale, textOf(u.translation!), u.translation!.state)),
    { actor: options.actor, glossaries: options.glossaries },
  );
  if (!outcome.ok) return { ok: false, message: outcome.message };
  return { ok: true, units: units.map((u) => u.id), changed: outcome.changed, version: outcome.version };
}
