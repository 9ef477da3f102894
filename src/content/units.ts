// A ContentSet seen as translation/import units: one keyed, hashable piece per row group.
// Planning, translation state and exchange formats all speak in these unit ids.
import { SOURCE_LOCALE, type CodeText, type ComparisonText } from "./format.ts";
import { contentHash } from "./hash.ts";
import type { CodeFacts, CodeTranslationRecord, ComparisonTranslationRecord, ContentSet, LocaleRecord, MessageRecord } from "./records.ts";

export type Unit =
  | { kind: "locale"; id: string; file: string; record: LocaleRecord }
  | { kind: "code"; id: string; file: string; record: CodeFacts }
  | { kind: "codeText"; id: string; file: string; record: CodeTranslationRecord }
  | { kind: "comparison"; id: string; file: string; record: { codeA: number; codeB: number } }
  | { kind: "comparisonText"; id: string; file: string; record: ComparisonTranslationRecord }
  | { kind: "message"; id: string; file: string; record: MessageRecord };

/** The id a translatable text has in every locale: what translators' tools see as the unit id. */
export const textUnitId = {
  code: (code: number) => `code.${code}`,
  comparison: (a: number, b: number) => `comparison.${a}-vs-${b}`,
  message: (key: string) => `message.${key}`,
};

export function unitsOf(content: ContentSet): Map<string, Unit & { hash: string }> {
  const units = new Map<string, Unit & { hash: string }>();
  const add = (unit: Unit) => units.set(unit.id, { ...unit, hash: contentHash(unit.record) });
  const localesFile = content.locales.length ? "locales.yaml" : "";
  for (const record of content.locales) add({ kind: "locale", id: `locale:${record.code}`, file: localesFile, record });
  for (const record of content.codes) add({ kind: "code", id: `code:${record.code}`, file: record.file, record });
  for (const record of content.codeTranslations)
    add({ kind: "codeText", id: `${textUnitId.code(record.code)}:${record.locale}`, file: record.file, record });
  const comparisonFiles = new Map(
    content.comparisonTranslations.filter((t) => t.locale === SOURCE_LOCALE).map((t) => [`${t.codeA}-${t.codeB}`, t.file]),
  );
  for (const record of content.comparisons)
    add({ kind: "comparison", id: `comparison:${record.codeA}-${record.codeB}`, file: comparisonFiles.get(`${record.codeA}-${record.codeB}`) ?? "", record });
  for (const record of content.comparisonTranslations)
    add({ kind: "comparisonText", id: `${textUnitId.comparison(record.codeA, record.codeB)}:${record.locale}`, file: record.file, record });
  for (const record of content.messages) add({ kind: "message", id: `${textUnitId.message(record.key)}:${record.locale}`, file: record.file, record });
  return units;
}

export type AnyText = CodeText | ComparisonText | { text: string };

/** The text a record carries, in the shape SourceRevision stores it. */
export function textOf(record: CodeTranslationRecord | ComparisonTranslationRecord | MessageRecord): AnyText {
  return "key" in record ? { text: record.text } : record.text;
}

/** The hash translators stamp into a translation: of the source text alone, not of its file or state. */
export function sourceTextHash(record: CodeTranslationRecord | ComparisonTranslationRecord | MessageRecord): string {
  return contentHash(textOf(record));
}
