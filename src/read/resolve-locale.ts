// Step 2 of a read: for one locale, which text serves each field — the locale's own where it is
// published, otherwise the next locale of its fallback chain — and which fields fell back.
import {
  CODE_TEXT_FIELDS,
  COMPARISON_TEXT_FIELDS,
  SOURCE_LOCALE,
  type CodeText,
  type ComparisonText,
} from "../content/format.ts";
import type {
  CodeFacts,
  CodeTranslationRecord,
  ComparisonTranslationRecord,
  LocaleRecord,
} from "../content/records.ts";
import type { CodeView, CuratedView } from "../domain/comparison.ts";
import { fallbackChain, resolveFallback } from "../domain/fallback.ts";
import { isServable } from "../domain/translation-state.ts";

/** A locale's texts, each field resolved through the fallback chain. */
export type LocaleTexts = {
  chain: string[];
  codeViews: ReadonlyMap<number, CodeView>;
  /** Curated comparisons by pair key ("401-403"); only pairs an editor wrote in English. */
  curatedViews: ReadonlyMap<string, CuratedView>;
};

type Flattened<T> = T & { state: CodeTranslationRecord["state"]; locale: string };
/**
 * The records of the chain's locales, each text flattened with its state: only they can serve the locale.
 * Flattening every locale's instead made resolving one locale cost in proportion to all of them (at 101
 * locales, most of rebuilding a preview after a save; bench/README.md, workbench).
 */
function flattenChain<T extends { text: object; state: CodeTranslationRecord["state"] }>(
  chain: readonly string[],
  byLocale: ReadonlyMap<string, T> | undefined,
): Map<string, Flattened<T["text"]>> {
  const flattened = new Map<string, Flattened<T["text"]>>();
  for (const locale of chain) {
    const record = byLocale?.get(locale);
    if (record) flattened.set(locale, { ...record.text, state: record.state, locale } as Flattened<T["text"]>);
  }
  return flattened;
}

/** Which translations a reader is served: published ones (everyone), or also drafts of some locales (preview). */
export type Servable = (translation: { state: CodeTranslationRecord["state"]; locale: string }) => boolean;

export function resolveLocaleTexts(
  locale: string,
  locales: ReadonlyMap<string, LocaleRecord>,
  codes: readonly CodeFacts[],
  codeTexts: ReadonlyMap<number, ReadonlyMap<string, CodeTranslationRecord>>,
  comparisonTexts: ReadonlyMap<string, ReadonlyMap<string, ComparisonTranslationRecord>>,
  servable: Servable = isServable,
): LocaleTexts {
  const chain = fallbackChain(locale, locales);
  const codeViews = new Map<number, CodeView>();
  for (const facts of codes) {
    const { values, fallbackFields } = resolveFallback(
      chain,
      flattenChain(chain, codeTexts.get(facts.code)),
      CODE_TEXT_FIELDS,
      servable,
    );
    codeViews.set(facts.code, { facts, text: values as CodeText, fallbackFields });
  }
  const curatedViews = new Map<string, CuratedView>();
  for (const [pair, texts] of comparisonTexts) {
    if (!texts.get(SOURCE_LOCALE)) continue;
    const { values, fallbackFields } = resolveFallback(
      chain,
      flattenChain(chain, texts),
      COMPARISON_TEXT_FIELDS,
      servable,
    );
    curatedViews.set(pair, { text: values as ComparisonText, fallbackFields });
  }
  return { chain, codeViews, curatedViews };
}
