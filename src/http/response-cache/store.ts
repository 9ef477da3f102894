// The response cache's store: anonymous, error-free answers kept as bytes per content version, under keys
// that name what was asked (operation, variables, media type, negotiated locale), and carried to a newer
// version only where the change does not reach them. It knows nothing of Yoga or Node's requests: the Yoga
// plugin (plugin.ts) and the fast path's lookup (lookup.ts) both file and find answers here.
import etag from "etag";
import { LRUCache } from "lru-cache";
import { SOURCE_LOCALE } from "../../content/format.ts";
import { purgeKey, reachOfChange, responseKeys, type Reach } from "../../content/purge-keys.ts";
import { localesFallingBackTo } from "../../domain/fallback.ts";
import { negotiateLocale } from "../../domain/locale.ts";
import type { Snapshot } from "../../read/store.ts";
import {
  DEFAULT_CACHE_POLICY,
  DEFAULT_RESPONSE_CACHE_BYTES,
  publicCacheControl,
  UNSTORED_CACHE_CONTROL,
  type CachePolicy,
} from "../cache-control.ts";
import type { ContentReads } from "../content-reads.ts";
import { createOperationKeys, paramsOfBody, paramsOfSearch, type OperationParams } from "../operation-key.ts";
import { persistedOperationId } from "../persisted-operations.ts";

/** Everything a hit answers with, the body kept encoded: a hit costs no string-to-UTF-8 conversion. */
export type Entry = {
  body: Buffer<ArrayBuffer>;
  etag: string;
  headers: Record<string, string>;
  variesByLanguage: boolean;
  /** The operation that ran when the entry was stored: a hit is logged and counted under it. */
  operationName: string | undefined;
  /** It shows `contentVersion`: no newer version can keep it, whatever that version changed. */
  readsVersion: boolean;
  /** The locales its text was served in (src/http/content-reads.ts); empty: any locale may have been read. */
  locales: readonly string[];
};

export type ResponseCacheOptions = {
  /** Bytes of responses kept (bodies, keys and headers); the least recently used go first. */
  maxBytes?: number;
  /** The query limits' token cap: a longer document is not parsed for a key (its answer is an error). */
  maxTokens?: number;
  /** Freshness lifetimes for anonymous GETs. */
  policy?: CachePolicy;
  /** False: nothing is kept in memory (benchmarks of the uncached path); the headers and conditionals still apply. */
  store?: boolean;
  graphqlEndpoint?: string;
  /** Persisted operations: a GET `?id=` (or `documentId`, or an APQ hash) is keyed on the document it names. */
  persisted?: {
    lookup: (id: string) => string | undefined;
    /** False with PERSISTED_OPERATIONS=only: an anonymous `query` is refused, so it must not be answered from here. */
    acceptsDocuments: boolean;
  };
};

export const CACHE_TAG = "cache-tag";
export const SURROGATE_KEY = "surrogate-key";
/** Headers of a response that describe its content rather than the request it answered. */
export const CONTENT_HEADERS = ["content-type", "etag", "cache-control", CACHE_TAG, SURROGATE_KEY] as const;
/** Keeps one stray Accept-Language value per client from growing the memo without bound. */
const MAX_NEGOTIATED_HEADERS = 500;
/** Characters of GET spellings remembered with their keys: 4 MB, whatever URLs clients make up. */
const MAX_GET_KEY_CHARS = 4_000_000;

/** What an entry costs: its body, and roughly its key and headers (counted as bytes, though held as UTF-16). */
function entrySize(entry: Entry, key: string): number {
  let size = entry.body.byteLength + key.length + (entry.operationName?.length ?? 0);
  for (const name in entry.headers) size += name.length + entry.headers[name]!.length;
  return size;
}

export type ResponseStore = ReturnType<typeof createResponseStore>;

export function createResponseStore(options: ResponseCacheOptions = {}) {
  const { maxBytes = DEFAULT_RESPONSE_CACHE_BYTES, maxTokens = 1500, policy = DEFAULT_CACHE_POLICY } = options;
  const store = options.store !== false && maxBytes > 0;
  const publicPolicy = publicCacheControl(policy);
  const operationKeys = createOperationKeys({ maxTokens });
  let version = -1;
  /** One content version's entries: emptied when a newer version is seen, so only the bytes bound applies. */
  const entries = new LRUCache<string, Entry>({ maxSize: Math.max(1, maxBytes), sizeCalculation: entrySize });
  /** Accept-Language values and the locale each negotiates to, for the current version's locales. */
  let negotiated = new Map<string, string>();
  /**
   * A GET's key by its path, query string, Accept and Accept-Language exactly as sent ("" when it has
   * none): a repeated GET, the common case, is not parsed, normalized and hashed again. Per version, as
   * the locale negotiated depends on the version's locales.
   */
  const getKeys = new LRUCache<string, string>({
    maxSize: MAX_GET_KEY_CHARS,
    sizeCalculation: (key, spelling) => spelling.length + key.length + 1,
  });

  /** Forgets every entry, and what was learned of keys and locales: they may all have changed. */
  const clearAll = () => {
    entries.clear();
    getKeys.clear();
    negotiated = new Map();
  };

  /**
   * Moves the cache to a newer snapshot's version. An entry is kept when the snapshot can say what changed
   * since the cache's version (it moved there by deltas, src/read/store.ts) and no change reaches it: none
   * of the change's purge keys (src/content/purge-keys.ts, what a CDN purges by) is among the entry's own,
   * or the change is to one locale's text and the entry was served in locales whose fallback chains do not
   * pass through it. A kept entry's bytes, and so its ETag, are what the new version would answer (RFC 9110
   * §8.8.3). A change that reaches everything (a message, a locale) empties the cache, as does a version the
   * snapshot cannot account for.
   */
  const moveTo = (snapshot: Snapshot) => {
    const changed = version < 0 ? null : snapshot.changesSince(version);
    version = snapshot.version;
    const reaches = changed?.map(reachOfChange).filter((reach): reach is Reach => reach !== null);
    if (!reaches || reaches.some((reach) => reach.keys.includes(purgeKey.all))) return clearAll();
    if (reaches.length === 0) return;
    // Per changed locale, the locales that fall back through it: read from the locale records, not the model,
    // whose chains would render every locale asked about.
    const reachedLocales = new Map<string, ReadonlySet<string>>();
    const servedIn = (locale: string) =>
      reachedLocales.get(locale) ??
      reachedLocales.set(locale, localesFallingBackTo([locale], snapshot.model.locales)).get(locale)!;
    const reaching = (entry: Entry, tags: readonly string[]) =>
      reaches.some(
        (reach) =>
          reach.keys.some((key) => tags.includes(key)) &&
          (reach.locale === null ||
            entry.locales.length === 0 ||
            entry.locales.some((locale) => servedIn(reach.locale!).has(locale))),
      );
    const dropped: string[] = [];
    entries.forEach((entry, key) => {
      const tags = entry.headers[CACHE_TAG]?.split(",");
      if (entry.readsVersion || !tags || reaching(entry, tags)) dropped.push(key);
    });
    for (const key of dropped) entries.delete(key);
  };

  /**
   * The entries of a content version. The request's pinned snapshot decides which: a newer version moves
   * the cache to it (moveTo), and a request still reading an older one neither reads nor fills it.
   */
  const entriesFor = (snapshot: Snapshot) => {
    if (snapshot.version > version) moveTo(snapshot);
    return entriesAt(snapshot.version);
  };
  /** The entries, only while `wanted` is still the cache's version: an answer made from an older one is not kept. */
  const entriesAt = (wanted: number) => (wanted === version ? entries : undefined);

  /** The locale Accept-Language selects among the snapshot's locales: the key part, not the raw header. */
  const localeOf = (acceptLanguage: string | null, snapshot: Snapshot): string => {
    const header = acceptLanguage ?? "";
    let locale = negotiated.get(header);
    if (locale === undefined) {
      if (negotiated.size >= MAX_NEGOTIATED_HEADERS) negotiated.clear();
      locale = negotiateLocale(header || null, [...snapshot.model.locales.keys()], SOURCE_LOCALE);
      negotiated.set(header, locale);
    }
    return locale;
  };

  /** The request's parameters with the document it runs, or null when it is not for the cache to answer. */
  const withDocument = (params: OperationParams | null, search: URLSearchParams | null): OperationParams | null => {
    if (!params) return null;
    if (typeof params.query === "string")
      return !options.persisted || options.persisted.acceptsDocuments ? params : null;
    const id = options.persisted && persistedOperationId(params, search);
    const document = id ? options.persisted!.lookup(id) : undefined;
    return document === undefined ? null : { ...params, query: document };
  };

  const operationOfGet = (pathAndSearch: string): OperationParams | null => {
    const query = pathAndSearch.indexOf("?");
    const search = new URLSearchParams(query < 0 ? "" : pathAndSearch.slice(query + 1));
    return withDocument(paramsOfSearch(search), search);
  };

  /** The key of a GET (HEAD reads GET's entries), or null when it is not for the cache to answer. */
  const keyOfGet = (
    snapshot: Snapshot,
    pathAndSearch: string,
    accept: string | null,
    acceptLanguage: string | null,
  ): string | null => {
    const spelling = `${pathAndSearch}\n${accept ?? ""}\n${acceptLanguage ?? ""}`;
    let key = getKeys.get(spelling);
    if (key === undefined) {
      const params = operationOfGet(pathAndSearch);
      key =
        (params && operationKeys.key({ method: "GET", params, accept, locale: localeOf(acceptLanguage, snapshot) })) ??
        "";
      getKeys.set(spelling, key);
    }
    return key || null;
  };

  /** Validator, freshness and purge keys of a successful anonymous answer; POST answers are not for shared caches. */
  const representationOf = (body: Buffer, reads: ContentReads | undefined, method = "GET") => {
    const tags = responseKeys(reads);
    const tag = etag(body);
    return {
      etag: tag,
      headers: {
        etag: tag,
        "cache-control": method === "POST" ? UNSTORED_CACHE_CONTROL : publicPolicy,
        // Cloudflare reads comma-separated Cache-Tag; Fastly space-separated Surrogate-Key: the same keys.
        [CACHE_TAG]: tags.join(","),
        [SURROGATE_KEY]: tags.join(" "),
      },
    };
  };

  /** A POST's key, from its operation (operationOfPost); null when it is not for the cache to answer. */
  const keyOfPost = (
    snapshot: Snapshot,
    operation: OperationParams | null,
    accept: string | null,
    acceptLanguage: string | null,
  ): string | null =>
    operation &&
    operationKeys.key({ method: "POST", params: operation, accept, locale: localeOf(acceptLanguage, snapshot) });
  const operationOfPost = (body: string) => withDocument(paramsOfBody(body), null);

  return {
    /** False: nothing is kept (the cache is off, or holds 0 bytes); caching headers still apply. */
    keeps: store,
    entriesFor,
    entriesAt,
    operationOfGet,
    keyOfGet,
    operationOfPost,
    keyOfPost,
    representationOf,
  };
}
