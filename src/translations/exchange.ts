// The format-neutral core of XLIFF/PO exchange: which entries to export, and how a translated file's
// entries become translation records — refusing stale sources, unknown ids and broken placeholders.
import { SOURCE_LOCALE, type EditorialState, type GlossaryEntry } from "../content/format.ts";
import { describeEntry, termsIn } from "../content/glossary.ts";
import { placeholderMismatch } from "../content/icu.ts";
import type {
  CodeTranslationRecord,
  ComparisonTranslationRecord,
  ContentSet,
  MessageRecord,
} from "../content/records.ts";
import { fieldId, textOf, type AnyText } from "../content/units.ts";
import { textFields, translationUnits, type TranslationUnit } from "../domain/translation-units.ts";
import type { TranslationState } from "../domain/translation-state.ts";
import type { ContentIssue } from "../pipeline/issues.ts";
import { DEFAULT_LIMITS, fieldTooLong, type InputLimits } from "../pipeline/limits.ts";

export type ExchangeEntry = {
  /** Unit id ("code.404") and field ("description", "differences.2", "text"): together, the stable id. */
  unitId: string;
  field: string;
  source: string;
  target: string | null;
  /** Hash of the English the entry was exported from; an import refuses entries whose English moved on. */
  sourceHash: string;
  /** Context for translators: what the text is and where it goes. */
  note: string;
  file: string;
};

export type ExchangeDocument = { sourceLanguage: string; targetLanguage: string; entries: ExchangeEntry[] };

export const SOURCE_HASH_NOTE = /source-hash ([0-9a-f]{12})/;

function describe(unit: TranslationUnit, content: ContentSet): string {
  if (unit.kind === "CODE") {
    const code = (unit.source as CodeTranslationRecord).code;
    return `HTTP ${code} ${content.codes.find((c) => c.code === code)?.reasonPhrase ?? ""}`.trim();
  }
  if (unit.kind === "COMPARISON") {
    const { codeA, codeB } = unit.source as ComparisonTranslationRecord;
    return `comparison of ${codeA} and ${codeB}`;
  }
  return "UI message (ICU MessageFormat: keep every {placeholder})";
}

/** The termbase entries a source text mentions, as Crowdin and Weblate show them beside a unit. */
function withGlossary(note: string, source: string, glossary: readonly GlossaryEntry[]): string {
  const terms = termsIn(source, glossary);
  return terms.length ? `${note} — glossary: ${terms.map(describeEntry).join("; ")}` : note;
}

/** An OUTDATED field's English as it read when last translated, for the translator to compare with today's. */
function withPrevious(note: string, source: string, previous: string | undefined): string {
  return previous !== undefined && previous !== source
    ? `${note} — English when last translated: ${JSON.stringify(previous)}`
    : note;
}

/**
 * The units of `locale` in `states`, one entry per field. `previous` holds, by unit id, the English an
 * OUTDATED translation was made from (read from the database by its hash), shown in each changed field's note.
 */
export function exportEntries(
  content: ContentSet,
  locale: string,
  states: readonly TranslationState[],
  previous: ReadonlyMap<string, AnyText> = new Map(),
): ExchangeDocument {
  const entries: ExchangeEntry[] = [];
  const glossary = content.glossaries?.find((g) => g.locale === locale)?.entries ?? [];
  for (const unit of translationUnits(content, locale).filter((u) => states.includes(u.state))) {
    const translated = new Map(unit.translation ? textFields(textOf(unit.translation)) : []);
    const before = new Map(previous.has(unit.id) ? textFields(previous.get(unit.id)!) : []);
    for (const [field, source] of textFields(textOf(unit.source))) {
      entries.push({
        unitId: unit.id,
        field,
        source,
        target: translated.get(field) ?? null,
        sourceHash: unit.sourceHash,
        note: withPrevious(
          withGlossary(
            `${describe(unit, content)} — field ${field} — state ${unit.state} — source-hash ${unit.sourceHash}`,
            source,
            glossary,
          ),
          source,
          before.get(field),
        ),
        file: unit.file,
      });
    }
  }
  return { sourceLanguage: SOURCE_LOCALE, targetLanguage: locale, entries };
}

export type TranslationImportPlan = {
  codeTranslations: CodeTranslationRecord[];
  comparisonTranslations: ComparisonTranslationRecord[];
  messages: MessageRecord[];
  errors: ContentIssue[];
  skipped: number;
};

type LineOf = (entry: { unitId: string; field: string } | null) => number;

/**
 * Turns a translated document into records. All problems are reported together; the caller writes
 * nothing unless `errors` is empty.
 */
export function planTranslationImport(
  content: ContentSet,
  locale: string,
  doc: ExchangeDocument,
  options: { file: string; state: EditorialState; lineOf: LineOf; limits?: InputLimits },
): TranslationImportPlan {
  const plan: TranslationImportPlan = {
    codeTranslations: [],
    comparisonTranslations: [],
    messages: [],
    errors: [],
    skipped: 0,
  };
  const error = (entry: { unitId: string; field: string } | null, field: string, message: string) =>
    plan.errors.push({ file: options.file, line: options.lineOf(entry), field, message });
  if (doc.targetLanguage !== locale) {
    error(null, "targetLanguage", `the file is for "${doc.targetLanguage}", not "${locale}"`);
    return plan;
  }
  if (doc.sourceLanguage !== SOURCE_LOCALE)
    error(null, "sourceLanguage", `expected "${SOURCE_LOCALE}", got "${doc.sourceLanguage}"`);
  const units = new Map(translationUnits(content, locale).map((u) => [u.id, u]));
  const limits = options.limits ?? DEFAULT_LIMITS;
  const targets = new Map<string, Map<string, string>>();
  for (const entry of doc.entries) {
    const id = fieldId.format(entry.unitId, entry.field);
    const unit = units.get(entry.unitId);
    if (!unit) {
      error(entry, id, "unknown unit id: no such English text (was it renamed or removed?)");
      continue;
    }
    const sources = new Map(textFields(textOf(unit.source)));
    const source = sources.get(entry.field);
    if (source === undefined) {
      error(
        entry,
        id,
        `unknown field "${entry.field}" for ${entry.unitId} (fields: ${[...sources.keys()].join(", ")})`,
      );
      continue;
    }
    if (!entry.target?.trim()) {
      plan.skipped++;
      continue;
    }
    // The same cap as a field in a content file: a 50 MB title is refused here, not stored.
    if (entry.target.length > limits.fieldChars) {
      error(entry, id, fieldTooLong(entry.target.length, limits));
      continue;
    }
    if (entry.sourceHash !== unit.sourceHash) {
      error(
        entry,
        id,
        `stale: the English changed since this file was exported (exported from ${entry.sourceHash || "an unknown version"}, now ${unit.sourceHash}); export again and translate the new text`,
      );
      continue;
    }
    if (unit.kind === "MESSAGE") {
      const mismatch = placeholderMismatch(source, entry.target);
      if (mismatch) {
        error(entry, id, mismatch);
        continue;
      }
    }
    const fields = targets.get(entry.unitId) ?? new Map<string, string>();
    fields.set(entry.field, entry.target.trim());
    targets.set(entry.unitId, fields);
  }

  for (const [unitId, fields] of targets) {
    const unit = units.get(unitId)!;
    const existing = new Map(unit.translation ? textFields(textOf(unit.translation)) : []);
    const merged = new Map([...existing, ...fields]);
    const missing = textFields(textOf(unit.source))
      .map(([f]) => f)
      .filter((f) => !merged.get(f) && !(f === "body" && unit.kind === "COMPARISON"));
    if (missing.length) {
      error(
        { unitId, field: missing[0]! },
        unitId,
        `a new translation needs every field; missing ${missing.join(", ")}`,
      );
      continue;
    }
    const common = { locale, state: options.state, sourceHash: unit.sourceHash, file: unit.file };
    const get = (f: string) => merged.get(f) ?? "";
    if (unit.kind === "CODE") {
      const source = unit.source as CodeTranslationRecord;
      plan.codeTranslations.push({
        ...common,
        code: source.code,
        text: {
          title: get("title"),
          summary: get("summary"),
          description: get("description"),
          whenYouSeeIt: get("whenYouSeeIt"),
          howToFix: get("howToFix"),
          useWhen: get("useWhen"),
          body: get("body"),
        },
      });
    } else if (unit.kind === "COMPARISON") {
      const source = unit.source as ComparisonTranslationRecord;
      plan.comparisonTranslations.push({
        ...common,
        codeA: source.codeA,
        codeB: source.codeB,
        text: {
          summary: get("summary"),
          differences: source.text.differences.map((_, i) => get(`differences.${i}`)),
          similarities: source.text.similarities.map((_, i) => get(`similarities.${i}`)),
          whenToUseA: get("whenToUseA"),
          whenToUseB: get("whenToUseB"),
          body: get("body"),
        },
      });
    } else {
      plan.messages.push({ ...common, key: (unit.source as MessageRecord).key, text: get("text") });
    }
  }
  return plan;
}
