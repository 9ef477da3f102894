// Purge keys: the one spelling of the Cache-Tag/Surrogate-Key values content responses carry, and which of
// them a published change makes stale. HTTP tags responses with `responseKeys`; content.published sends `changedKeys`.
import { SOURCE_LOCALE } from "./format.ts";
import { unitId, type PlanningKey } from "./units.ts";

export const purgeKey = {
  /** The catch-all, on every content response: what a change to a message or a locale purges (`changedKeys`). */
  all: "content",
  /** On listings and searches: any code's facts or text may move it into or out of their matches. */
  codeList: "code-list",
  /** On every response that shows the code, or looked it up and found it missing (adding it changes that `null`). */
  code: (code: number) => `code-${code}`,
  /** On translation progress, which counts every unit: any published change may move it. */
  progress: "translation-progress",
  /** On every comparison of the pair, curated or computed, whichever order it was asked in: "comparison-401-vs-403". */
  comparison: (a: number, b: number) => (a < b ? `comparison-${a}-vs-${b}` : `comparison-${b}-vs-${a}`),
};

/** What a response showed, as its resolvers recorded it (src/http/content-reads.ts). */
export type ShownContent = {
  readonly codes: Iterable<number>;
  /** Keys spelled by `purgeKey.comparison`, so each pair counts once whatever order it was asked in. */
  readonly comparisons: Iterable<string>;
  readonly listing: boolean;
  /** A locale's translation progress: it counts every unit. */
  readonly progress?: boolean;
};

/** The specific keys, most specific first: codes ascending, then comparisons, then the listing. */
function keysOf(shown: ShownContent): string[] {
  const codes = [...new Set(shown.codes)].sort((x, y) => x - y).map(purgeKey.code);
  const comparisons = [...new Set(shown.comparisons)].sort();
  return [
    ...codes,
    ...comparisons,
    ...(shown.listing ? [purgeKey.codeList] : []),
    ...(shown.progress ? [purgeKey.progress] : []),
  ];
}

/** The purge keys of a response: the content it shows, then the catch-all. */
export function responseKeys(shown: ShownContent | undefined): string[] {
  return [...(shown ? keysOf(shown) : []), purgeKey.all];
}

/** What a change to a unit shows up in. Every kind is named: a new one does not compile until it says. */
function shownBy(key: PlanningKey): ShownContent | "everything" {
  switch (key.kind) {
    // Comparisons of the code carry its key too, and a listing's matches may change.
    case "code":
      return { codes: [key.code], comparisons: [], listing: true, progress: true };
    case "comparison":
      return { codes: [], comparisons: [purgeKey.comparison(key.a, key.b)], listing: false, progress: true };
    // Messages and locales reach every page: class labels, headings, the engine's prose, fallback chains.
    case "locale":
      return "everything";
    case "text": {
      const text = key.key;
      if (text.kind === "code") return shownBy({ kind: "code", code: text.code });
      if (text.kind === "comparison") return shownBy({ kind: "comparison", a: text.a, b: text.b });
      return "everything";
    }
  }
}

/** What a published change to one unit can alter: the purge keys of the responses showing it, and in which locales. */
export type Reach = {
  keys: readonly string[];
  /**
   * The locale whose text changed: only responses served in a locale whose fallback chain passes through it
   * can differ. Null when every locale can: facts, pairs, and English, where every chain ends.
   */
  locale: string | null;
};

/**
 * The reach of a change to the unit with this planning id ("code:404", "code.404:vi", src/content/units.ts);
 * null for a draft, which readers never saw. An id this release cannot read reaches everything.
 */
export function reachOfChange(id: string): Reach | null {
  if (unitId.isDraft(id)) return null;
  const key = unitId.parse(id);
  const shown = key ? shownBy(key) : "everything";
  if (!key || shown === "everything") return { keys: [purgeKey.all], locale: null };
  return { keys: keysOf(shown), locale: key.kind === "text" && key.locale !== SOURCE_LOCALE ? key.locale : null };
}

/**
 * The keys to purge after the units with these planning ids changed: together they name every response the
 * change can alter, in every locale (a CDN's keys do not say which locale a response is in). When that is
 * everything, the catch-all alone: purging it purges what every other key names as well.
 *
 * `contentVersion` is left out on purpose: a cached answer still says truly which version it was read from.
 */
export function changedKeys(ids: Iterable<string>): string[] {
  const shown = { codes: new Set<number>(), comparisons: new Set<string>(), listing: false, progress: false };
  for (const id of ids) {
    if (unitId.isDraft(id)) continue;
    const key = unitId.parse(id);
    const part = key ? shownBy(key) : "everything";
    if (part === "everything") return [purgeKey.all];
    for (const code of part.codes) shown.codes.add(code);
    for (const pair of part.comparisons) shown.comparisons.add(pair);
    shown.listing ||= part.listing;
    shown.progress ||= part.progress ?? false;
  }
  return keysOf(shown);
}
