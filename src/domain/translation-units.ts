// Every piece of English a locale must translate, paired with that locale's translation and its state.
// Progress, task lists and XLIFF/PO exports are all views of this one list.
import { CODE_TEXT_FIELDS, SOURCE_LOCALE } from "../content/format.ts";
import type {
  CodeTranslationRecord,
  ComparisonTranslationRecord,
  ContentSet,
  MessageRecord,
} from "../content/records.ts";
import { sourceTextHash, textUnitId, type AnyText } from "../content/units.ts";
import {
  emptyCounts,
  percentDone,
  translationState,
  type StateCounts,
  type TranslationState,
} from "./translation-state.ts";

export const TRANSLATION_KINDS = ["CODE", "COMPARISON", "MESSAGE"] as const;
export type TranslationKind = (typeof TRANSLATION_KINDS)[number];

type TextRecord = CodeTranslationRecord | ComparisonTranslationRecord | MessageRecord;

export type TranslationUnit = {
  /** Stable id shared by every locale: "code.404", "comparison.401-vs-403", "message.heading.description". */
  id: string;
  kind: TranslationKind;
  source: TextRecord;
  translation: TextRecord | undefined;
  sourceHash: string;
  state: TranslationState;
  /** Where the translation lives or should be written. */
  file: string;
};

/** Translatable fields as name → text, in a fixed order; lists are split into one field per item. */
export function textFields(text: AnyText): [string, string][] {
  if ("differences" in text) {
    return [
      ["summary", text.summary],
      ...text.differences.map((d, i): [string, string] => [`differences.${i}`, d]),
      ...text.similarities.map((d, i): [string, string] => [`similarities.${i}`, d]),
      ["whenToUseA", text.whenToUseA],
      ["whenToUseB", text.whenToUseB],
      ["body", text.body],
    ];
  }
  if ("title" in text) return CODE_TEXT_FIELDS.map((f) => [f, text[f]]);
  return [["text", text.text]];
}

function translationPath(kind: TranslationKind, source: TextRecord, locale: string): string {
  const swap = (file: string) =>
    file.replace(`/${SOURCE_LOCALE}/`, `/${locale}/`).replace(`/${SOURCE_LOCALE}.yaml`, `/${locale}.yaml`);
  return kind === "MESSAGE" ? source.file.replace(/\/[^/]+\.ya?ml$/, `/${locale}.yaml`) : swap(source.file);
}

export function translationUnits(content: ContentSet, locale: string): TranslationUnit[] {
  const codeTexts = new Map(content.codeTranslations.filter((t) => t.locale === locale).map((t) => [t.code, t]));
  const comparisonTexts = new Map(
    content.comparisonTranslations.filter((t) => t.locale === locale).map((t) => [`${t.codeA}-${t.codeB}`, t]),
  );
  const messages = new Map(content.messages.filter((m) => m.locale === locale).map((m) => [m.key, m]));
  const units: TranslationUnit[] = [];
  const push = (id: string, kind: TranslationKind, source: TextRecord, translation: TextRecord | undefined) => {
    const sourceHash = sourceTextHash(source);
    units.push({
      id,
      kind,
      source,
      translation,
      sourceHash,
      state: translationState(translation, sourceHash),
      file: translation?.file ?? translationPath(kind, source, locale),
    });
  };
  for (const s of [...content.codeTranslations]
    .filter((t) => t.locale === SOURCE_LOCALE)
    .sort((x, y) => x.code - y.code)) {
    push(textUnitId.code(s.code), "CODE", s, codeTexts.get(s.code));
  }
  for (const s of content.comparisonTranslations
    .filter((t) => t.locale === SOURCE_LOCALE)
    .sort((x, y) => x.codeA - y.codeA || x.codeB - y.codeB)) {
    push(textUnitId.comparison(s.codeA, s.codeB), "COMPARISON", s, comparisonTexts.get(`${s.codeA}-${s.codeB}`));
  }
  for (const s of content.messages
    .filter((m) => m.locale === SOURCE_LOCALE)
    .sort((x, y) => x.key.localeCompare(y.key))) {
    push(textUnitId.message(s.key), "MESSAGE", s, messages.get(s.key));
  }
  return units;
}

export type Progress = { total: number; counts: StateCounts; percent: number };

export function progressOf(units: readonly TranslationUnit[]): Progress {
  const counts = emptyCounts();
  for (const unit of units) counts[unit.state]++;
  return { total: units.length, counts, percent: percentDone(counts) };
}

/** Why a locale cannot be translated into, or null when it can: it must exist and not be the source. */
export function translatableLocaleProblem(locales: readonly string[], locale: string): string | null {
  if (locale === SOURCE_LOCALE) return `"${SOURCE_LOCALE}" is the source locale: there is nothing to translate into it`;
  if (!locales.includes(locale))
    return `"${locale}" is not a locale to translate into (translatable: ${locales.filter((l) => l !== SOURCE_LOCALE).join(", ")})`;
  return null;
}
