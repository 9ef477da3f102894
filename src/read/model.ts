// The read model: all content of one database version, indexed for the resolvers. The corpus is small
// (hundreds of rows), so loading it whole in a fixed number of queries beats per-request round trips.
import { SOURCE_LOCALE, CODE_TEXT_FIELDS, COMPARISON_TEXT_FIELDS, type CodeText, type ComparisonText } from "../content/format.ts";
import type { CodeFacts, CodeTranslationRecord, ComparisonTranslationRecord, ContentSet, LocaleRecord, MessageRecord } from "../content/records.ts";
import { pairKey } from "../content/records.ts";
import { buildCatalogue, type Catalogue } from "../domain/catalogue.ts";
import { renderCode, type CodeRendering, type CodeView, type CuratedView } from "../domain/comparison.ts";
import { fallbackChain, resolveFallback } from "../domain/fallback.ts";
import { searchDocumentOf, type SearchDocument } from "../domain/search.ts";
import { isServable } from "../domain/translation-state.ts";
import { translationUnits, type TranslationUnit } from "../domain/translation-units.ts";

export type ContentModel = {
  content: ContentSet;
  locales: Map<string, LocaleRecord>;
  codes: Map<number, CodeFacts>;
  /** Codes in ascending order: the order every listing uses. */
  codeList: CodeFacts[];
  codeTexts: Map<number, Map<string, CodeTranslationRecord>>;
  comparisonTexts: Map<string, Map<string, ComparisonTranslationRecord>>;
  messages: Map<string, Map<string, MessageRecord>>;
  chain(locale: string): string[];
  catalogue(locale: string): Catalogue;
  codeView(code: number, locale: string): CodeView | undefined;
  /** The per-code half of every comparison involving this code, built once per content version. */
  codeRendering(code: number, locale: string): CodeRendering | undefined;
  curatedView(a: number, b: number, locale: string): CuratedView | null;
  /** The folded, weighted text a code is found by in a locale. */
  searchDocument(code: number, locale: string): SearchDocument | undefined;
  /** What a locale has to translate and in which state, by unit id ("code.404"). */
  translationUnits(locale: string): ReadonlyMap<string, TranslationUnit>;
};

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function byLocale<T extends { locale: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [item.locale, item]));
}

export function buildContentModel(content: ContentSet): ContentModel {
  const locales = new Map(content.locales.map((l) => [l.code, l]));
  const codeList = [...content.codes].sort((x, y) => x.code - y.code);
  const codes = new Map(codeList.map((c) => [c.code, c]));
  const codeTexts = new Map([...groupBy(content.codeTranslations, (t) => t.code)].map(([code, list]) => [code, byLocale(list)]));
  const comparisonTexts = new Map(
    [...groupBy(content.comparisonTranslations, (t) => pairKey(t.codeA, t.codeB))].map(([key, list]) => [key, byLocale(list)]),
  );
  const messages = new Map([...groupBy(content.messages, (m) => m.locale)].map(([locale, list]) => [locale, new Map(list.map((m) => [m.key, m]))]));

  // Everything below is derived per locale on first use and kept for the life of this content version.
  const chains = new Map<string, string[]>();
  const catalogues = new Map<string, Catalogue>();
  const views = new Map<string, CodeView | undefined>();
  const renderings = new Map<string, CodeRendering | undefined>();
  const curatedViews = new Map<string, CuratedView | null>();
  const search = new Map<string, SearchDocument | undefined>();
  const unitsByLocale = new Map<string, Map<string, TranslationUnit>>();

  const chain = (locale: string) => {
    let c = chains.get(locale);
    if (!c) chains.set(locale, (c = fallbackChain(locale, locales)));
    return c;
  };
  const codeView = (code: number, locale: string): CodeView | undefined => {
    const key = `${code}:${locale}`;
    if (views.has(key)) return views.get(key);
    const facts = codes.get(code);
    let view: CodeView | undefined;
    if (facts) {
      const texts = new Map([...(codeTexts.get(code) ?? new Map<string, CodeTranslationRecord>())].map(([l, t]) => [l, { ...t.text, state: t.state }]));
      const { values, fallbackFields } = resolveFallback(chain(locale), texts, CODE_TEXT_FIELDS, isServable);
      view = { facts, text: values as CodeText, fallbackFields };
    }
    views.set(key, view);
    return view;
  };

  const catalogue = (locale: string) => {
    let c = catalogues.get(locale);
    if (!c) catalogues.set(locale, (c = buildCatalogue(chain(locale), messages)));
    return c;
  };

  return {
    content,
    locales,
    codes,
    codeList,
    codeTexts,
    comparisonTexts,
    messages,
    chain,
    catalogue,
    codeView,
    codeRendering(code, locale) {
      const key = `${code}:${locale}`;
      if (!renderings.has(key)) {
        const view = codeView(code, locale);
        renderings.set(key, view && renderCode(view, catalogue(locale)));
      }
      return renderings.get(key);
    },
    curatedView(a, b, locale) {
      const key = `${pairKey(a, b)}:${locale}`;
      let view = curatedViews.get(key);
      if (view === undefined) {
        const texts = comparisonTexts.get(pairKey(a, b));
        view = null;
        if (texts?.get(SOURCE_LOCALE)) {
          const flat = new Map([...texts].map(([l, t]) => [l, { ...t.text, state: t.state }]));
          const { values, fallbackFields } = resolveFallback(chain(locale), flat, COMPARISON_TEXT_FIELDS, isServable);
          view = { text: values as ComparisonText, fallbackFields };
        }
        curatedViews.set(key, view);
      }
      return view;
    },
    translationUnits(locale) {
      let units = unitsByLocale.get(locale);
      if (!units) unitsByLocale.set(locale, (units = new Map(translationUnits(content, locale).map((u) => [u.id, u]))));
      return units;
    },
    searchDocument(code, locale) {
      const key = `${code}:${locale}`;
      if (!search.has(key)) {
        const view = codeView(code, locale);
        search.set(key, view && searchDocumentOf(view));
      }
      return search.get(key);
    },
  };
}
