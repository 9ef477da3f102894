// A ContentSet seen as translation/import units: one keyed, hashable piece per row group.
// Planning, translation state and exchange formats all speak in these unit ids.
import { SOURCE_LOCALE, type CodeText, type ComparisonText } from "./format.ts";
import { contentHash } from "./hash.ts";
import type {
  CodeFacts,
  CodeTranslationRecord,
  ComparisonTranslationRecord,
  ContentSet,
  LocaleRecord,
  MessageRecord,
  TextRecord,
} from "./records.ts";

export type Unit =
  | { kind: "locale"; id: string; file: string; record: LocaleRecord }
  | { kind: "code"; id: string; file: string; record: CodeFacts }
  | { kind: "codeText"; id: string; file: string; record: CodeTranslationRecord }
  | { kind: "comparison"; id: string; file: string; record: { codeA: number; codeB: number } }
  | { kind: "comparisonText"; id: string; file: string; record: ComparisonTranslationRecord }
  | { kind: "message"; id: string; file: string; record: MessageRecord }
  | { kind: "draft"; id: string; file: string; record: TextRecord };

/** A translatable text, the same in every locale. */
export type TextKey =
  | { kind: "code"; code: number }
  | { kind: "comparison"; a: number; b: number }
  | { kind: "message"; key: string };

const TEXT_ID = /^(?:code\.(\d{3})|comparison\.(\d{3})-vs-(\d{3})|message\.(.+))$/;

/**
 * The one spelling of text unit ids, what translators' tools see: "code.404", "comparison.401-vs-403",
 * "message.heading.description". Everything else formats and parses them through here.
 */
export const textUnitId = {
  code: (code: number) => `code.${code}`,
  comparison: (a: number, b: number) => `comparison.${a}-vs-${b}`,
  message: (key: string) => `message.${key}`,
  format(key: TextKey): string {
    return key.kind === "code"
      ? textUnitId.code(key.code)
      : key.kind === "comparison"
        ? textUnitId.comparison(key.a, key.b)
        : textUnitId.message(key.key);
  },
  parse(id: string): TextKey | null {
    const m = TEXT_ID.exec(id);
    if (!m) return null;
    if (m[1]) return { kind: "code", code: Number(m[1]) };
    if (m[2]) return { kind: "comparison", a: Number(m[2]), b: Number(m[3]) };
    return { kind: "message", key: m[4]! };
  },
  /** The text a translation record is a locale's version of. */
  of(record: TextRecord): string {
    return "key" in record
      ? textUnitId.message(record.key)
      : "codeA" in record
        ? textUnitId.comparison(record.codeA, record.codeB)
        : textUnitId.code(record.code);
  },
};

/** One field of a text unit, as exchange files name it: "code.404#description", "comparison.401-vs-403#differences.2". */
export const fieldId = {
  format: (unitId: string, field: string) => `${unitId}#${field}`,
  parse(id: string): { unitId: string; field: string } | null {
    const hash = id.indexOf("#");
    return hash > 0 ? { unitId: id.slice(0, hash), field: id.slice(hash + 1) } : null;
  },
};

/** Planning ids: one per stored row group. A translation's is its text id and locale ("code.404:vi"). */
export const unitId = {
  locale: (code: string) => `locale:${code}`,
  codeFacts: (code: number) => `code:${code}`,
  comparisonPair: (a: number, b: number) => `comparison:${a}-${b}`,
  translation: (record: TextRecord) => `${textUnitId.of(record)}:${record.locale}`,
  draft: (record: TextRecord) => `draft:${textUnitId.of(record)}:${record.locale}`,
  isDraft: (id: string) => id.startsWith("draft:"),
  /** What a planning id names (drafts are not public content and are not parsed here); null for anything else. */
  parse(id: string): PlanningKey | null {
    const locale = /^locale:(.+)$/.exec(id);
    if (locale) return { kind: "locale", code: locale[1]! };
    const facts = /^code:(\d{3})$/.exec(id);
    if (facts) return { kind: "code", code: Number(facts[1]) };
    const pair = /^comparison:(\d{3})-(\d{3})$/.exec(id);
    if (pair) return { kind: "comparison", a: Number(pair[1]), b: Number(pair[2]) };
    const text = /^(.+):([A-Za-z0-9-]+)$/.exec(id);
    const key = text && textUnitId.parse(text[1]!);
    return key ? { kind: "text", key, locale: text![2]! } : null;
  },
};

/**
 * The change log's row for a content version that changed no unit (src/pipeline/apply.ts writes it, so every
 * version has a row; src/read/delta.ts reads past it): never a planning id.
 */
export const NO_UNITS = "";

/** A planning id, parsed: a locale, a code's facts, a curated pair, or one locale's text of a unit. */
export type PlanningKey =
  | { kind: "locale"; code: string }
  | { kind: "code"; code: number }
  | { kind: "comparison"; a: number; b: number }
  | { kind: "text"; key: TextKey; locale: string };

/**
 * The record a client edits and sends `expectedRevision` for. A code's facts and its English text are one
 * record ("code.404"), as are a curated pair and its English ("comparison.401-vs-403") and a message
 * template ("message.x"); a translation and its draft are another ("code.404:vi").
 */
export const revisionKey = {
  of(textId: string, locale: string | null): string {
    return locale === null || locale === SOURCE_LOCALE ? textId : `${textId}:${locale}`;
  },
  parse(record: string): { textId: string; locale: string } | null {
    const m = /^([^:]+)(?::([A-Za-z0-9-]+))?$/.exec(record);
    return m && textUnitId.parse(m[1]!) ? { textId: m[1]!, locale: m[2] ?? SOURCE_LOCALE } : null;
  },
  /** The editable record a stored unit belongs to; null for locales, which are edited in files only. */
  ofUnit(unit: Unit): string | null {
    switch (unit.kind) {
      case "locale":
        return null;
      case "code":
        return textUnitId.code(unit.record.code);
      case "comparison":
        return textUnitId.comparison(unit.record.codeA, unit.record.codeB);
      default:
        return revisionKey.of(textUnitId.of(unit.record), unit.record.locale);
    }
  },
};

export function unitsOf(content: ContentSet): Map<string, Unit & { hash: string }> {
  const units = new Map<string, Unit & { hash: string }>();
  for (const unit of unitsIn(content)) units.set(unit.id, unit);
  return units;
}

/** unitsOf one unit at a time, so that an import can plan 13,000 units in time slices (src/pipeline/time-slices.ts). */
export function* unitsIn(content: ContentSet): Generator<Unit & { hash: string }> {
  const add = (unit: Unit) => ({ ...unit, hash: recordHash(unit.record) });
  const localesFile = content.locales.length ? "locales.yaml" : "";
  for (const record of content.locales)
    yield add({ kind: "locale", id: unitId.locale(record.code), file: localesFile, record });
  for (const record of content.codes)
    yield add({ kind: "code", id: unitId.codeFacts(record.code), file: record.file, record });
  for (const record of content.codeTranslations)
    yield add({ kind: "codeText", id: unitId.translation(record), file: record.file, record });
  const comparisonFiles = new Map(
    content.comparisonTranslations
      .filter((t) => t.locale === SOURCE_LOCALE)
      .map((t) => [`${t.codeA}-${t.codeB}`, t.file]),
  );
  for (const record of content.comparisons)
    yield add({
      kind: "comparison",
      id: unitId.comparisonPair(record.codeA, record.codeB),
      file: comparisonFiles.get(`${record.codeA}-${record.codeB}`) ?? "",
      record,
    });
  for (const record of content.comparisonTranslations)
    yield add({ kind: "comparisonText", id: unitId.translation(record), file: record.file, record });
  for (const record of content.messages)
    yield add({ kind: "message", id: unitId.translation(record), file: record.file, record });
  for (const record of content.drafts ?? []) yield add({ kind: "draft", id: unitId.draft(record), file: "", record });
}

export type AnyText = CodeText | ComparisonText | { text: string };

/** The text a record carries, in the shape SourceRevision stores it. */
export function textOf(record: TextRecord): AnyText {
  return "key" in record ? { text: record.text } : record.text;
}

/**
 * Each record's hash, kept with the record: records are never changed once made, and the English ones are
 * shared by every model built over them, so a translator's preview, made again after each save, does not
 * hash every English unit again.
 */
const sourceHashes = new WeakMap<TextRecord, string>();

/**
 * A record's content hash, kept with the record as its source hash is (above): an edit plans with both
 * sides' units, and the stored side's records (every locale among them) are the same objects from one save
 * to the next, so they are hashed once rather than on every save.
 */
const recordHashes = new WeakMap<Unit["record"], string>();

function recordHash(record: Unit["record"]): string {
  let hash = recordHashes.get(record);
  if (hash === undefined) recordHashes.set(record, (hash = contentHash(record)));
  return hash;
}

/** The hash translators stamp into a translation: of the source text alone, not of its file or state. */
export function sourceTextHash(record: TextRecord): string {
  let hash = sourceHashes.get(record);
  if (hash === undefined) sourceHashes.set(record, (hash = contentHash(textOf(record))));
  return hash;
}

/** Whether an editable record exists (a missing one is at revision 0: only creating it may expect that). */
export function recordExists(content: ContentSet, record: string): boolean {
  const parsed = revisionKey.parse(record);
  if (!parsed) return false;
  const texts: readonly TextRecord[][] = [
    content.codeTranslations,
    content.comparisonTranslations,
    content.messages,
    content.drafts ?? [],
  ];
  return texts.some((list) => list.some((t) => t.locale === parsed.locale && textUnitId.of(t) === parsed.textId));
}
