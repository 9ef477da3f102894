// The read model: everything one content version serves, never changed once built. load → resolve
// locale → render. Each locale is built on its first request, each part when first needed: rendering every
// code of a locale takes tens of milliseconds here, and a new content version should not wait for locales
// nobody asked for.
import { SOURCE_LOCALE } from "../content/format.ts";
import type {
  CodeFacts,
  CodeTranslationRecord,
  ComparisonTranslationRecord,
  ContentSet,
  LocaleRecord,
  MessageRecord,
} from "../content/records.ts";
import { pairKey } from "../content/records.ts";
import type { Catalogue } from "../domain/catalogue.ts";
import { compareCodes, type CodeView, type Comparison, type CuratedView } from "../domain/comparison.ts";
import type { SearchDocument } from "../domain/search.ts";
import { translationUnits, type TranslationUnit } from "../domain/translation-units.ts";
import { renderLocale, type LocaleRendering } from "./render.ts";
import { resolveLocaleTexts, type LocaleTexts, type Servable } from "./resolve-locale.ts";
import { recordExists } from "../content/units.ts";
import { LRUCache } from "lru-cache";

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
  /** How many locales it keeps built (LOCALES_KEPT unless an operator says, MODEL_LOCALES_KEPT). */
  localesKept?: number;
};

/** Items grouped by one key, then keyed by locale within each group. */
function byKeyAndLocale<T extends { locale: string }, K>(
  items: readonly T[],
  key: (item: T) => K,
): Map<K, Map<string, T>> {
  const map = new Map<K, Map<string, T>>();
  for (const item of items) {
    const k = key(item);
    const group = map.get(k) ?? new Map<string, T>();
    group.set(item.locale, item);
    map.set(k, group);
  }
  return map;
}

/**
 * What a model has made of one locale so far, each part on its first use: the texts resolved through the
 * fallback chain, their rendering, and the units to translate. A translator's page needs the units alone,
 * so a preview made again after a save renders nothing for it (bench/README.md, workbench).
 */
type LocaleEntry = { texts?: LocaleTexts; rendering?: LocaleRendering; units?: ReadonlyMap<string, TranslationUnit> };

/** Each model's locales built so far, for the model of the next version to take over (ModelOptions.previous). */
const builtLocales = new WeakMap<ContentModel, LRUCache<string, LocaleEntry>>();

/**
 * Locales a model keeps built; the least recently used beyond these is built again when next asked (tens of
 * ms). At 101 locales every locale built was about 100 MB of a server's heap (#21: RSS ≤ 400 MB with every
 * locale read); readers mostly ask for a few, and the response cache answers repeated pages without a model.
 */
export const LOCALES_KEPT = 24;

export function buildContentModel(content: ContentSet, options: ModelOptions = {}): ContentModel {
  const locales = new Map(content.locales.map((l) => [l.code, l]));
  const codeList = [...content.codes].sort((x, y) => x.code - y.code);
  const codes = new Map(codeList.map((c) => [c.code, c]));
  // Every locale's texts grouped, made when a locale's texts or messages are first needed: a translator's
  // preview, made again after each save, mostly needs only its units (at 101 locales these maps are most
  // of making a model).
  let grouped:
    | {
        codeTexts: Map<number, Map<string, CodeTranslationRecord>>;
        comparisonTexts: Map<string, Map<string, ComparisonTranslationRecord>>;
        messages: Map<string, Map<string, MessageRecord>>;
      }
    | undefined;
  const groupedTexts = () => {
    if (grouped) return grouped;
    const messages = new Map<string, Map<string, MessageRecord>>();
    for (const m of content.messages) messages.set(m.locale, (messages.get(m.locale) ?? new Map()).set(m.key, m));
    return (grouped = {
      codeTexts: byKeyAndLocale<CodeTranslationRecord, number>(content.codeTranslations, (t) => t.code),
      comparisonTexts: byKeyAndLocale<ComparisonTranslationRecord, string>(content.comparisonTranslations, (t) =>
        pairKey(t.codeA, t.codeB),
      ),
      messages,
    });
  };

  const perLocale = new LRUCache<string, LocaleEntry>({ max: options.localesKept ?? LOCALES_KEPT });
  const { previous } = options;
  if (previous && previous.stale !== "all") {
    // The same entry, shared: a part either model makes later serves both (the locale's content is the same
    // in both), and is made from the content of whichever asks, so an entry holds no version's content.
    // Least recently used first, so the order of use carries over.
    for (const [locale, built] of [...(builtLocales.get(previous.model)?.entries() ?? [])].reverse())
      if (!previous.stale.has(locale) && locales.has(locale)) perLocale.set(locale, built);
  }
  const entry = (locale: string): LocaleEntry => {
    let found = perLocale.get(locale);
    if (found) return found;
    // Callers resolve the requested locale first (UNKNOWN_LOCALE otherwise), so a miss here is a bug.
    if (!locales.has(locale)) throw new Error(`locale "${locale}" is not in this content version`);
    perLocale.set(locale, (found = {}));
    return found;
  };
  const textsOf = (locale: string): LocaleTexts => {
    const built = entry(locale);
    return (built.texts ??= resolveLocaleTexts(
      locale,
      locales,
      codeList,
      groupedTexts().codeTexts,
      groupedTexts().comparisonTexts,
      options.servable,
    ));
  };
  const renderingOf = (locale: string): LocaleRendering => {
    const built = entry(locale);
    return (built.rendering ??= renderLocale(textsOf(locale), groupedTexts().messages, options.servable));
  };
  // Only translators ask for these.
  const unitsOf = (locale: string): ReadonlyMap<string, TranslationUnit> => {
    const built = entry(locale);
    return (built.units ??=
      locale === SOURCE_LOCALE ? new Map() : new Map(translationUnits(content, locale).map((u) => [u.id, u])));
  };

  const model: ContentModel = {
    locales,
    codes,
    codeList,
    chain: (locale) => textsOf(locale).chain,
    catalogue: (locale) => renderingOf(locale).catalogue,
    codeView: (code, locale) => textsOf(locale).codeViews.get(code),
    curatedView: (a, b, locale) => textsOf(locale).curatedViews.get(pairKey(a, b)) ?? null,
    compare(a, b, locale) {
      const rendering = renderingOf(locale);
      return compareCodes(
        rendering.codeRenderings.get(a)!,
        rendering.codeRenderings.get(b)!,
        textsOf(locale).curatedViews.get(pairKey(a, b)) ?? null,
        rendering.catalogue,
      );
    },
    searchDocument: (code, locale) => renderingOf(locale).searchDocuments.get(code),
    translationUnits: (locale) => unitsOf(locale),
    message: (key, locale) => groupedTexts().messages.get(locale)?.get(key),
    revision: (record) => options.revisions?.get(record) ?? (recordExists(content, record) ? 1 : 0),
  };
  builtLocales.set(model, perLocale);
  return model;
}
