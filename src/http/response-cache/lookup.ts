// What the fast path (src/http/fast-path/) asks of the response cache, with Node's request in hand: the same
// store, keys and representation the Yoga plugin (plugin.ts) uses, so either way files and finds one answer.
import type { Snapshot } from "../../read/store.ts";
import type { ContentReads } from "../content-reads.ts";
import type { OperationParams } from "../operation-key.ts";
import type { Entry, ResponseStore } from "./store.ts";

/** A POST's place in the cache, its key computed once: the entry it hits, and how its own answer is kept. */
export type CacheSlot = {
  hit: Entry | undefined;
  /** Keeps the answer, as a miss's answer is kept; false when it is not kept (the content moved on meanwhile). */
  remember(entry: Entry): boolean;
};

/** What the paths in front of Yoga (src/http/fast-path/cached-get.ts, src/http/fast-path/compiled-query.ts) ask of the cache, with Node's request in hand. */
export type NodePathLookup = {
  /** The entry an anonymous GET of `pathAndSearch` hits in the snapshot's version, or undefined for anything else. */
  hitForGet(
    snapshot: Snapshot,
    pathAndSearch: string,
    accept: string | null,
    acceptLanguage: string | null,
  ): Entry | undefined;
  /** The operation a GET asks for, its persisted id resolved, as this cache would answer it; null when it would not. */
  operationOfGet(pathAndSearch: string): OperationParams | null;
  /** The headers a successful anonymous answer's body is sent with: validator, freshness (none for a POST), purge keys. */
  representationOf(
    body: Buffer,
    reads: ContentReads,
    method?: string,
  ): { etag: string; headers: Record<string, string> };
  /**
   * Keeps a GET's answer, built outside Yoga, as a miss's answer is kept; false when the cache does not keep it.
   * A GET's key is kept per spelling of its URL and headers, so looking it up again here costs one map read.
   */
  rememberGet(
    snapshot: Snapshot,
    pathAndSearch: string,
    accept: string | null,
    acceptLanguage: string | null,
    entry: Entry,
  ): boolean;
  /** The operation a JSON POST body asks for, as this cache would answer it; null when it would not. */
  operationOfPost(body: string): OperationParams | null;
  /** Where a POST of `operation` (from operationOfPost) is filed, apart from GETs, whose caching headers differ; undefined when the cache keeps none. */
  slotForPost(
    snapshot: Snapshot,
    operation: OperationParams,
    accept: string | null,
    acceptLanguage: string | null,
  ): CacheSlot | undefined;
};

export function createNodePathLookup(responses: ResponseStore): NodePathLookup {
  const {
    keeps: store,
    entriesFor,
    entriesAt,
    keyOfGet,
    keyOfPost,
    operationOfGet,
    operationOfPost,
    representationOf,
  } = responses;
  /** A GET's entries and key for the paths in front of Yoga, or undefined when the cache keeps none for it. */
  const getSlotOf = (
    snapshot: Snapshot,
    pathAndSearch: string,
    accept: string | null,
    acceptLanguage: string | null,
  ) => {
    const cache = store ? entriesFor(snapshot) : undefined;
    const key = cache && keyOfGet(snapshot, pathAndSearch, accept, acceptLanguage);
    return key ? { cache, key } : undefined;
  };

  return {
    hitForGet(snapshot, pathAndSearch, accept, acceptLanguage) {
      const slot = getSlotOf(snapshot, pathAndSearch, accept, acceptLanguage);
      return slot?.cache.get(slot.key);
    },
    operationOfGet,
    representationOf,
    rememberGet(snapshot, pathAndSearch, accept, acceptLanguage, entry) {
      const slot = getSlotOf(snapshot, pathAndSearch, accept, acceptLanguage);
      return Boolean(slot?.cache.set(slot.key, entry));
    },
    operationOfPost,
    slotForPost(snapshot, operation, accept, acceptLanguage) {
      const cache = store ? entriesFor(snapshot) : undefined;
      const key = cache && keyOfPost(snapshot, operation, accept, acceptLanguage);
      if (!cache || !key) return undefined;
      // The answer may be made after the content moved on (an asynchronous resolver): it is not kept then.
      return {
        hit: cache.get(key),
        remember: (entry) => entriesAt(snapshot.version) === cache && Boolean(cache.set(key, entry)),
      };
    },
  };
}
