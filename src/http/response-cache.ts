// HTTP caching for GraphQL responses (RFC 9110 §13, RFC 9111): Cache-Control, Vary, purge keys, strong ETags,
// conditional requests and HEAD; and a response cache that keeps anonymous, error-free responses as bytes per
// content version and answers them before Yoga parses, validates or executes anything.
//
// Not @graphql-yoga/plugin-response-cache: it caches execution results by operation and re-serializes
// them on every hit, keys on the raw Accept-Language, and knows nothing of content versions or purge keys.
import etag from "etag";
import type { Plugin } from "graphql-yoga";
import { LRUCache } from "lru-cache";
import { SOURCE_LOCALE } from "../content/format.ts";
import { purgeKey, reachOfChange, responseKeys, type Reach } from "../content/purge-keys.ts";
import { localesFallingBackTo } from "../domain/fallback.ts";
import { negotiateLocale } from "../domain/locale.ts";
import { CREDENTIALED_CACHE_CONTROL, DEFAULT_CACHE_POLICY, DEFAULT_RESPONSE_CACHE_BYTES, publicCacheControl, UNSTORED_CACHE_CONTROL, type CachePolicy } from "./cache-control.ts";
import { recordedReadsOf, type ContentReads } from "./content-reads.ts";
import { createOperationKeys, paramsOfBody, paramsOfSearch, type OperationParams } from "./operation-key.ts";
import { persistedOperationId } from "./persisted-operations.ts";
import { evaluatePreconditions } from "./preconditions.ts";
import { codedErrorContentType } from "./rejections.ts";
import { operationNameOf, recordOperationName } from "./request-facts.ts";
import { carrySnapshot, CONTENT_VERSION_HEADER, snapshotOf } from "./snapshot.ts";
import type { Snapshot } from "../read/store.ts";

export type CacheOutcome = "hit" | "miss";
/** Looked-up requests and what the cache had for them, for the request log and the metrics. */
const outcomes = new WeakMap<Request, CacheOutcome>();

/** Undefined when the cache was not asked: credentials, a mutation, a non-GraphQL path, or the cache is off. */
export function cacheOutcomeOf(request: Request): CacheOutcome | undefined {
  return outcomes.get(request);
}

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

/** What the plugin learned of a request on its way in, for its response on the way out. */
type RequestState = {
  /** The method as the client sent it: HEAD is answered as a GET whose body is dropped (RFC 9110 §9.3.2). */
  method: string;
  credentialed: boolean;
  /** Answered from the cache in onRequest: nothing left to do. */
  answered?: boolean;
  /** A miss: the key it is stored under, and the content version it was looked up in. */
  miss?: { key: string; version: number };
};

const CACHE_TAG = "cache-tag";
const SURROGATE_KEY = "surrogate-key";
/** Headers of a response that describe its content rather than the request it answered. */
const CONTENT_HEADERS = ["content-type", "etag", "cache-control", CACHE_TAG, SURROGATE_KEY] as const;
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

/** A 412 is not the representation: it keeps the response's other headers (CORS, Vary), not its validator or purge keys. */
function preconditionFailed(fetchAPI: { Response: typeof Response }, request: Request, representation: Headers | Record<string, string>): Response {
  const headers = withoutContentType(representation);
  for (const name of ["etag", CACHE_TAG, SURROGATE_KEY]) delete headers[name];
  const contentType = codedErrorContentType(request.headers.get("accept"));
  const body = JSON.stringify({
    errors: [{ message: "A precondition failed: If-Match names no current representation, or If-None-Match names one and the method is not GET or HEAD (RFC 9110 §13.1).", extensions: { code: "PRECONDITION_FAILED" } }],
  });
  return new fetchAPI.Response(body, { status: 412, headers: { ...headers, "content-type": contentType, "cache-control": UNSTORED_CACHE_CONTROL } });
}

/** A 304 carries the validator and caching headers the 200 would have (RFC 9110 §15.4.5), and no content. */
function withoutContentType(headers: Headers | Record<string, string>): Record<string, string> {
  // Duck-typed: Yoga's Headers may come from @whatwg-node/fetch rather than the global class.
  const copy: Record<string, string> = Object.fromEntries(typeof headers.entries === "function" ? (headers as Headers).entries() : Object.entries(headers));
  delete copy["content-type"];
  delete copy["content-length"];
  return copy;
}

/** A POST's place in the cache, its key computed once: the entry it hits, and how its own answer is kept. */
export type CacheSlot = {
  hit: Entry | undefined;
  /** Keeps the answer, as a miss's answer is kept; false when it is not kept (the content moved on meanwhile). */
  remember(entry: Entry): boolean;
};

/** What the paths in front of Yoga (src/http/fast-path/cached-get.ts, src/http/fast-path/compiled-query.ts) ask of the cache, with Node's request in hand. */
export type NodePathLookup = {
  /** The entry an anonymous GET of `pathAndSearch` hits in the snapshot's version, or undefined for anything else. */
  hitForGet(snapshot: Snapshot, pathAndSearch: string, accept: string | null, acceptLanguage: string | null): Entry | undefined;
  /** The operation a GET asks for, its persisted id resolved, as this cache would answer it; null when it would not. */
  operationOfGet(pathAndSearch: string): OperationParams | null;
  /** The headers a successful anonymous answer's body is sent with: validator, freshness (none for a POST), purge keys. */
  representationOf(body: Buffer, reads: ContentReads, method?: string): { etag: string; headers: Record<string, string> };
  /**
   * Keeps a GET's answer, built outside Yoga, as a miss's answer is kept; false when the cache does not keep it.
   * A GET's key is kept per spelling of its URL and headers, so looking it up again here costs one map read.
   */
  rememberGet(snapshot: Snapshot, pathAndSearch: string, accept: string | null, acceptLanguage: string | null, entry: Entry): boolean;
  /** The operation a JSON POST body asks for, as this cache would answer it; null when it would not. */
  operationOfPost(body: string): OperationParams | null;
  /** Where a POST of `operation` (from operationOfPost) is filed, apart from GETs, whose caching headers differ; undefined when the cache keeps none. */
  slotForPost(snapshot: Snapshot, operation: OperationParams, accept: string | null, acceptLanguage: string | null): CacheSlot | undefined;
};

export function useContentResponseCache(options: ResponseCacheOptions = {}): Plugin & NodePathLookup {
  const { maxBytes = DEFAULT_RESPONSE_CACHE_BYTES, maxTokens = 1500, policy = DEFAULT_CACHE_POLICY, graphqlEndpoint = "/graphql" } = options;
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
  const getKeys = new LRUCache<string, string>({ maxSize: MAX_GET_KEY_CHARS, sizeCalculation: (key, spelling) => spelling.length + key.length + 1 });
  const states = new WeakMap<Request, RequestState>();
  /** Requests whose execution result had errors: never stored, never given public caching headers. */
  const erroneous = new WeakSet<Request>();

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
      reachedLocales.get(locale) ?? reachedLocales.set(locale, localesFallingBackTo([locale], snapshot.model.locales)).get(locale)!;
    const reaching = (entry: Entry, tags: readonly string[]) =>
      reaches.some(
        (reach) =>
          reach.keys.some((key) => tags.includes(key)) &&
          (reach.locale === null || entry.locales.length === 0 || entry.locales.some((locale) => servedIn(reach.locale!).has(locale))),
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
    if (typeof params.query === "string") return !options.persisted || options.persisted.acceptsDocuments ? params : null;
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
  const keyOfGet = (snapshot: Snapshot, pathAndSearch: string, accept: string | null, acceptLanguage: string | null): string | null => {
    const spelling = `${pathAndSearch}\n${accept ?? ""}\n${acceptLanguage ?? ""}`;
    let key = getKeys.get(spelling);
    if (key === undefined) {
      const params = operationOfGet(pathAndSearch);
      key = (params && operationKeys.key({ method: "GET", params, accept, locale: localeOf(acceptLanguage, snapshot) })) ?? "";
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
  const keyOfPost = (snapshot: Snapshot, operation: OperationParams | null, accept: string | null, acceptLanguage: string | null): string | null =>
    operation && operationKeys.key({ method: "POST", params: operation, accept, locale: localeOf(acceptLanguage, snapshot) });
  const operationOfPost = (body: string) => withDocument(paramsOfBody(body), null);

  /** A GET's entries and key for the paths in front of Yoga, or undefined when the cache keeps none for it. */
  const getSlotOf = (snapshot: Snapshot, pathAndSearch: string, accept: string | null, acceptLanguage: string | null) => {
    const cache = store ? entriesFor(snapshot) : undefined;
    const key = cache && keyOfGet(snapshot, pathAndSearch, accept, acceptLanguage);
    return key ? { cache, key } : undefined;
  };

  /** A hit, answered as stored (or 304/412); a miss is remembered so its response can be kept. */
  const lookup = (request: Request, state: RequestState, key: string | null, endResponse: (response: Response) => void, fetchAPI: { Response: typeof Response }) => {
    const snapshot = snapshotOf(request);
    const snapshotVersion = snapshot.version;
    const cache = entriesFor(snapshot);
    if (!cache || !key) return;
    const hit = cache.get(key);
    if (!hit) {
      outcomes.set(request, "miss");
      state.miss = { key, version: snapshotVersion };
      return;
    }
    outcomes.set(request, "hit");
    recordOperationName(request, hit.operationName);
    state.answered = true;
    const headers: Record<string, string> = { ...hit.headers, [CONTENT_VERSION_HEADER]: String(snapshotVersion) };
    if (hit.variesByLanguage) headers.vary = "Accept-Language";
    const outcome = evaluatePreconditions(state.method, request.headers, 200, hit.etag);
    if (outcome === "not-modified") endResponse(new fetchAPI.Response(null, { status: 304, headers: withoutContentType(headers) }));
    else if (outcome === "precondition-failed") endResponse(preconditionFailed(fetchAPI, request, headers));
    else endResponse(new fetchAPI.Response(state.method === "HEAD" ? null : hit.body, { status: 200, headers }));
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
      return { hit: cache.get(key), remember: (entry) => entriesAt(snapshot.version) === cache && Boolean(cache.set(key, entry)) };
    },
    // Synchronous for GET: a returned promise would cost every cached GET another turn of the event loop.
    onRequest({ request, setRequest, endResponse, url, fetchAPI }) {
      if (url.pathname !== graphqlEndpoint) return;
      const method = request.method;
      // HEAD is GET without content (RFC 9110 §9.3.2): Yoga only runs GET and POST, so it gets a GET.
      if (method === "HEAD") {
        const get = new fetchAPI.Request(request.url, { method: "GET", headers: request.headers });
        carrySnapshot(request, get);
        setRequest((request = get));
      }
      // Anyone sending credentials may see drafts or tasks: never cache for them, never serve them shared bytes.
      const state: RequestState = { method, credentialed: request.headers.has("authorization") };
      states.set(request, state);
      if (state.credentialed || !store) return;
      if (request.method === "GET") {
        const snapshot = snapshotOf(request);
        if (url.search) lookup(request, state, keyOfGet(snapshot, url.pathname + url.search, request.headers.get("accept"), request.headers.get("accept-language")), endResponse, fetchAPI);
        return;
      }
      if (method !== "POST" || !request.headers.get("content-type")?.startsWith("application/json")) return;
      // The body can be read once; Yoga gets an identical request to parse.
      return request.text().then((body) => {
        const replacement = new fetchAPI.Request(request.url, { method: "POST", headers: request.headers, body });
        carrySnapshot(request, replacement);
        states.set(replacement, state);
        setRequest(replacement);
        lookup(replacement, state, keyOfPost(snapshotOf(replacement), operationOfPost(body), request.headers.get("accept"), request.headers.get("accept-language")), endResponse, fetchAPI);
      });
    },
    onExecutionResult({ request, result }) {
      if (result && "errors" in result && result.errors?.length) erroneous.add(request);
    },
    async onResponse({ request, response, setResponse, fetchAPI }) {
      const state = states.get(request);
      if (!state || state.answered) return;
      const reads = recordedReadsOf(request);
      // The locale was negotiated from Accept-Language: a cache must not reuse this for another value of it.
      // First, as a hit says it (before CORS's Origin), so a miss and its hits send the same field.
      if (reads?.acceptLanguage) {
        const vary = response.headers.get("vary");
        response.headers.set("vary", vary ? `Accept-Language, ${vary}` : "Accept-Language");
      }
      const isJson = response.headers.get("content-type")?.includes("json") ?? false;
      if (!isJson) {
        // GraphiQL's page, an event stream: nothing here to cache, but a HEAD still gets no content.
        if (state.method === "HEAD" && response.body) setResponse(new fetchAPI.Response(null, { status: response.status, headers: response.headers }));
        return;
      }
      const success = response.status === 200 && !erroneous.has(request);
      let tag: string | undefined;
      let body: Buffer<ArrayBuffer> | undefined;
      if (state.credentialed) {
        response.headers.set("cache-control", CREDENTIALED_CACHE_CONTROL);
      } else if (!success) {
        response.headers.set("cache-control", UNSTORED_CACHE_CONTROL);
      } else {
        body = Buffer.from(await response.arrayBuffer());
        const representation = representationOf(body, reads, state.method);
        tag = representation.etag;
        for (const [name, value] of Object.entries(representation.headers)) response.headers.set(name, value);
        // The response was built from the snapshot pinned to the request, so it is filed under that
        // snapshot's version, and only while that is still the newest version seen.
        const cache = state.miss && entriesAt(state.miss.version);
        if (cache && state.miss) {
          const headers = Object.fromEntries(CONTENT_HEADERS.flatMap((name) => (response.headers.has(name) ? [[name, response.headers.get(name)!]] : [])));
          cache.set(state.miss.key, { body, etag: tag, headers, variesByLanguage: reads?.acceptLanguage ?? false, operationName: operationNameOf(request), readsVersion: reads?.version ?? true, locales: [...(reads?.locales ?? [])] });
        }
      }
      const outcome = evaluatePreconditions(state.method, request.headers, response.status, tag);
      if (outcome === "not-modified") {
        setResponse(new fetchAPI.Response(null, { status: 304, headers: withoutContentType(response.headers) }));
      } else if (outcome === "precondition-failed") {
        setResponse(preconditionFailed(fetchAPI, request, response.headers));
      } else if (state.method === "HEAD") {
        setResponse(new fetchAPI.Response(null, { status: response.status, headers: response.headers }));
      } else if (body) {
        setResponse(new fetchAPI.Response(body, { status: response.status, headers: response.headers }));
      }
    },
  };
}
