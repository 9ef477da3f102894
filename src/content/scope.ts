// Which stored rows a piece of work needs: an edit reads the records it changes and those its checks look
// at (src/editorial/scope.ts), never the corpus. Locales are always read whole: every check needs them.
import type { ContentSet } from "./records.ts";

export type LocaleSet = readonly string[] | "all";

export type ContentScope = {
  /** Codes whose facts are read (with their related codes' numbers). */
  codes: readonly number[] | "all";
  /** Code texts, by code and locale. */
  codeTexts: readonly { code: number; locales: LocaleSet }[];
  /** Curated pairs (a < b) and their texts in these locales. */
  pairs: readonly { a: number; b: number; locales: LocaleSet }[];
  /** Whole message catalogues of these locales: a catalogue is one file, checked whole. */
  messages: LocaleSet;
  /** Drafts, by text unit id ("code.404") and locale. */
  drafts: readonly { unit: string; locales: LocaleSet }[];
};

export const EMPTY_SCOPE: ContentScope = { codes: [], codeTexts: [], pairs: [], messages: [], drafts: [] };

const inSet = (locales: LocaleSet, locale: string) => locales === "all" || locales.includes(locale);

type Index = {
  codes: Map<number, ContentSet["codes"][number]>;
  codeTexts: Map<number, ContentSet["codeTranslations"]>;
  pairs: Map<string, ContentSet["comparisons"][number]>;
  pairTexts: Map<string, ContentSet["comparisonTranslations"]>;
};
/** Per content set (a snapshot's, kept for a whole version): built once, so a scope costs what it names. */
const indexes = new WeakMap<ContentSet, Index>();

function indexOf(content: ContentSet): Index {
  let index = indexes.get(content);
  if (index) return index;
  const grouped = <T, K>(records: readonly T[], keyOf: (record: T) => K) => {
    const groups = new Map<K, T[]>();
    for (const record of records) {
      const key = keyOf(record);
      const group = groups.get(key);
      if (group) group.push(record);
      else groups.set(key, [record]);
    }
    return groups;
  };
  index = {
    codes: new Map(content.codes.map((c) => [c.code, c])),
    codeTexts: grouped(content.codeTranslations, (t) => t.code),
    pairs: new Map(content.comparisons.map((c) => [`${c.codeA}-${c.codeB}`, c])),
    pairTexts: grouped(content.comparisonTranslations, (t) => `${t.codeA}-${t.codeB}`),
  };
  indexes.set(content, index);
  return index;
}

/**
 * The published part of `content` a scope names, as loadStoredContent (src/read/load.ts) reads it from the
 * database for the same version: every locale, the scope's codes, texts, pairs and messages. No drafts:
 * they change without a new version, so a snapshot's are not the database's.
 */
export function publishedInScope(content: ContentSet, scope: ContentScope): ContentSet {
  const index = indexOf(content);
  const pick = <K, T>(map: Map<K, T>, keys: readonly K[]) => keys.flatMap((key) => map.get(key) ?? []);
  return {
    locales: content.locales,
    codes: scope.codes === "all" ? content.codes : pick(index.codes, scope.codes),
    codeTranslations: scope.codeTexts.flatMap(({ code, locales }) =>
      (index.codeTexts.get(code) ?? []).filter((t) => inSet(locales, t.locale)),
    ),
    comparisons: pick(
      index.pairs,
      scope.pairs.map(({ a, b }) => `${a}-${b}`),
    ),
    comparisonTranslations: scope.pairs.flatMap(({ a, b, locales }) =>
      (index.pairTexts.get(`${a}-${b}`) ?? []).filter((t) => inSet(locales, t.locale)),
    ),
    messages:
      scope.messages === "all" || scope.messages.length
        ? content.messages.filter((m) => inSet(scope.messages, m.locale))
        : [],
  };
}
