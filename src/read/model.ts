// The read model: everything one content version serves, never changed once built. load → resolve
// locale → render. Each locale is built whole, on its first request: rendering every code of a locale
// takes tens of milliseconds here, and a new content version should not wait for locales nobody asked for.
import { SOURCE_LOCALE } from "../content/format.ts";
import type { CodeFacts, CodeTranslationRecord, ComparisonTranslationRecord, ContentSet, LocaleRecord, MessageRecord } from "../content/records.ts";
import { pairKey } from "../content/records.ts";
import type { Catalogue } from "../domain/catalogue.ts";
import { compareCodes, type CodeView, type Comparison, type CuratedView } from "../domain/comparison.ts";
import type { SearchDocument } from "../domain/search.ts";
import { translationUnits, type TranslationUnit } from "../domain/translation-units.ts";
import { renderLocale, type LocaleRendering } from "./render.ts";
import { resolveLocaleTexts, type LocaleTexts, type Servable } from "./resolve-locale.ts";
import { recordExists } from "../content/units.ts";

export type ContentModel = {
  locales: ReadonlyMap<string, LocaleRecord>;
  codes: ReadonlyMap<number, CodeFacts>;
  /** Codes in ascending order: the order every listing uses. */
  codeList: readonly CodeFacts[];
  chain(locale: string): string[];
  catalogue(locale: string): Catalogue;
  codeView(code: number, locale: string): CodeView | undefined;
  curatedView(a: number, b: number, locale: string): CuratedView | null;
  /** Two codes compared in a locale, rendered on every call (the response cache keeps answers, not this). Both codes must exist. */
  compare(a: number, b: number, locale: string): Comparison;
  /** The folded, weighted text a code is found by in a locale. */
  searchDocument(code: number, locale: string): SearchDocument | undefined;
  /** What a locale has to translate and in which state, by unit id ("code.404"). */
  translationUnits(locale: string): ReadonlyMap<string, TranslationUnit>;
  /** A message as stored in one locale (no fallback), for editors. */
  message(key: string, locale: string): MessageRecord | undefined;
  /** An editable record's revision ("code.404", "code.404:vi"): what mutations expect back; 0 when it does not exist. */
  revision(record: string): number;
};

export type ModelOptions = {
  /** Every record's revision, as stored (src/editorial/). A record with none stored is at 1. */
  revisions?: ReadonlyMap<string, number>;
  /** Which translations are served; published ones only unless this is a preview. */
  servable?: Servable;
  /**
   * The model of the version this one was moved from (src/read/delta.ts): each locale it had built and the
   * change did not reach is taken over as it is, so one locale's publish renders that locale alone again.
   */
  previous?: { model: ContentModel; stale: ReadonlySet<string> | "all" };
};

/** Items grouped by one key, then keyed by locale within each group. */
function byKeyAndLocale<T extends { locale: string }, K>(items: readonly T[], key: (item: T) => K): Map<K, Map<string, T>> {
  const map = new Map<K, Map<string, T>>();
  for (const item of items) {
    const k = key(item);
    const group = map.get(k) ?? new Map<string, T>();
    group.set(item.locale, item);
    map.set(k, group);
  }
  return map;
}

type LocaleEntry = { texts: LocaleTexts; rendering: LocaleRendering; units: ReadonlyMap<string, TranslationUnit> };

/** Each model's locales built so far, for the model of the next version to take over (ModelOptions.previous). */
const builtLocales = new WeakMap<ContentModel, ReadonlyMap<string, LocaleEntry>>();

export function buildContentModel(content: ContentSet, options: ModelOptions = {}): ContentModel {
  const locales = new Map(content.locales.map((l) => [l.code, l]));
  const codeList = [...content.codes].sort((x, y) => x.code - y.code);
  const codes = new Map(codeList.map((c) => [c.code, c]));
  const codeTexts = byKeyAndLocale<CodeTranslationRecord, number>(content.codeTranslations, (t) => t.code);
  const comparisonTexts = byKeyAndLocale<ComparisonTranslationRecord, string>(content.comparisonTranslations, (t) => pairKey(t.codeA, t.codeB));
  const messages = new Map<string, Map<string, MessageRecord>>();
  for (const m of content.messages) messages.set(m.locale, (messages.get(m.locale) ?? new Map()).set(m.key, m));

  const perLocale = new Map<string, LocaleEntry>();
  const { previous } = options;
  if (previous && previous.stale !== "all") {
    for (const [locale, built] of builtLocales.get(previous.model) ?? []) if (!previous.stale.has(locale) && locales.has(locale)) perLocale.set(locale, built);
  }
  const entry = (locale: string): LocaleEntry => {
    let found = perLocale.get(locale);
    if (found) return found;
    // Callers resolve the requested locale first (UNKNOWN_LOCALE otherwise), so a miss here is a bug.
    if (!locales.has(locale)) throw new Error(`locale "${locale}" is not in this content version`);
    const texts = resolveLocaleTexts(locale, locales, codeList, codeTexts, comparisonTexts, options.servable);
    let units: ReadonlyMap<string, TranslationUnit> | undefined;
    found = {
      texts,
      rendering: renderLocale(texts, messages, options.servable),
      // Only translators ask for these: built on the first such request.
      get units() {
        return (units ??= locale === SOURCE_LOCALE ? new Map() : new Map(translationUnits(content, locale).map((u) => [u.id, u])));
      },
    };
    perLocale.set(locale, found);
    return found;
  };

  const model: ContentModel = {
    locales,
    codes,
    codeList,
    chain: (locale) => entry(locale).texts.chain,
    catalogue: (locale) => entry(locale).rendering.catalogue,
    codeView: (code, locale) => entry(locale).texts.codeViews.get(code),
    curatedView: (a, b, locale) => entry(locale).texts.curatedViews.get(pairKey(a, b)) ?? null,
    compare(a, b, locale) {
      const { rendering, texts } = entry(locale);
      return compareCodes(rendering.codeRenderings.get(a)!, rendering.codeRenderings.get(b)!, texts.curatedViews.get(pairKey(a, b)) ?? null, rendering.catalogue);
    },
    searchDocument: (code, locale) => entry(locale).rendering.searchDocuments.get(code),
    translationUnits: (locale) => entry(locale).units,
    message: (key, locale) => messages.get(locale)?.get(key),
    revision: (record) => options.revisions?.get(record) ?? (recordExists(content, record) ? 1 : 0),
  };
  builtLocales.set(model, perLocale);
  return model;
}
