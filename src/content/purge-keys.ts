// Purge keys: the one spelling of the Cache-Tag/Surrogate-Key values content responses carry, and which of
// them a published change makes stale. HTTP tags responses with `responseKeys`; content.published sends `changedKeys`.
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
  return [...codes, ...comparisons, ...(shown.listing ? [purgeKey.codeList] : []), ...(shown.progress ? [purgeKey.progress] : [])];
}

/** The purge keys of a response: the content it shows, then the catch-all. */
export function responseKeys(shown: ShownContent | undefined): string[] {
  return [...(shown ? keysOf(shown) : []), purgeKey.all];
}

/** Which responses a change to a unit can alter. Every kind is named: a new one does not compile until it says. */
function reachOf(key: PlanningKey): { code: number } | { comparison: string } | "everything" {
  switch (key.kind) {
    // Comparisons of the code carry its key too, and a listing's matches may change.
    case "code":
      return { code: key.code };
    case "comparison":
      return { comparison: purgeKey.comparison(key.a, key.b) };
    // Messages and locales reach every page: class labels, headings, the engine's prose, fallback chains.
    case "locale":
      return "everything";
    case "text":
      return key.key.kind === "code" ? { code: key.key.code } : key.key.kind === "comparison" ? { comparison: purgeKey.comparison(key.key.a, key.key.b) } : "everything";
  }
}

/**
 * The keys to purge after the units with these planning ids ("code:404", "code.404:vi", src/content/units.ts)
 * changed: together they name every response the change can alter. When that is everything, the catch-all
 * alone: purging it purges what every other key names as well. Drafts are not published: readers saw
 * nothing of them, so a draft's id purges nothing; an id this release cannot read purges everything.
 *
 * `contentVersion` is left out on purpose: a cached answer still says truly which version it was read from.
 */
export function changedKeys(ids: Iterable<string>): string[] {
  const shown = { codes: new Set<number>(), comparisons: new Set<string>(), listing: false, progress: false };
  for (const id of ids) {
    if (unitId.isDraft(id)) continue;
    // Every published unit is counted by translation progress, whichever locale it is in.
    shown.progress = true;
    const key = unitId.parse(id);
    const reach = key ? reachOf(key) : "everything";
    if (reach === "everything") return [purgeKey.all];
    if ("code" in reach) {
      shown.codes.add(reach.code);
      shown.listing = true;
    } else shown.comparisons.add(reach.comparison);
  }
  return keysOf(shown);
}
