// HTTP caching for GraphQL responses (RFC 9110 §13, RFC 9111), as a Yoga plugin: Cache-Control, Vary, purge
// keys, strong ETags, conditional requests and HEAD; and hits from the response cache's store (store.ts),
// answered before Yoga parses, validates or executes anything.
//
// Not @graphql-yoga/plugin-response-cache: it caches execution results by operation and re-serializes
// them on every hit, keys on the raw Accept-Language, and knows nothing of content versions or purge keys.
import type { Plugin } from "graphql-yoga";
import { CREDENTIALED_CACHE_CONTROL, UNSTORED_CACHE_CONTROL } from "../cache-control.ts";
import { recordedReadsOf } from "../content-reads.ts";
import { evaluatePreconditions } from "../preconditions.ts";
import { codedErrorContentType } from "../rejections.ts";
import { operationNameOf, recordOperationName } from "../request-facts.ts";
import { carrySnapshot, CONTENT_VERSION_HEADER, snapshotOf } from "../snapshot.ts";
import { createNodePathLookup, type NodePathLookup } from "./lookup.ts";
import { CACHE_TAG, CONTENT_HEADERS, createResponseStore, SURROGATE_KEY, type ResponseCacheOptions } from "./store.ts";

export type CacheOutcome = "hit" | "miss";
/** Looked-up requests and what the cache had for them, for the request log and the metrics. */
const outcomes = new WeakMap<Request, CacheOutcome>();

/** Undefined when the cache was not asked: credentials, a mutation, a non-GraphQL path, or the cache is off. */
export function cacheOutcomeOf(request: Request): CacheOutcome | undefined {
  return outcomes.get(request);
}

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

/** A 412 is not the representation: it keeps the response's other headers (CORS, Vary), not its validator or purge keys. */
function preconditionFailed(
  fetchAPI: { Response: typeof Response },
  request: Request,
  representation: Headers | Record<string, string>,
): Response {
  const headers = withoutContentType(representation);
  for (const name of ["etag", CACHE_TAG, SURROGATE_KEY]) delete headers[name];
  const contentType = codedErrorContentType(request.headers.get("accept"));
  const body = JSON.stringify({
    errors: [
      {
        message:
          "A precondition failed: If-Match names no current representation, or If-None-Match names one and the method is not GET or HEAD (RFC 9110 §13.1).",
        extensions: { code: "PRECONDITION_FAILED" },
      },
    ],
  });
  return new fetchAPI.Response(body, {
    status: 412,
    headers: { ...headers, "content-type": contentType, "cache-control": UNSTORED_CACHE_CONTROL },
  });
}

/** A 304 carries the validator and caching headers the 200 would have (RFC 9110 §15.4.5), and no content. */
function withoutContentType(headers: Headers | Record<string, string>): Record<string, string> {
  // Duck-typed: Yoga's Headers may come from @whatwg-node/fetch rather than the global class.
  const copy: Record<string, string> = Object.fromEntries(
    typeof headers.entries === "function" ? (headers as Headers).entries() : Object.entries(headers),
  );
  delete copy["content-type"];
  delete copy["content-length"];
  return copy;
}

/**
 * The Yoga plugin: caching headers, conditional requests and HEAD for every GraphQL answer, and hits
 * answered from the store before Yoga parses anything. It is also the store's lookup for the fast path.
 */
export function useContentResponseCache(options: ResponseCacheOptions = {}): Plugin & NodePathLookup {
  const { graphqlEndpoint = "/graphql" } = options;
  const responses = createResponseStore(options);
  const { keeps: store, entriesFor, entriesAt, keyOfGet, keyOfPost, operationOfPost, representationOf } = responses;
  const states = new WeakMap<Request, RequestState>();
  /** Requests whose execution result had errors: never stored, never given public caching headers. */
  const erroneous = new WeakSet<Request>();

  /** A hit, answered as stored (or 304/412); a miss is remembered so its response can be kept. */
  const lookup = (
    request: Request,
    state: RequestState,
    key: string | null,
    endResponse: (response: Response) => void,
    fetchAPI: { Response: typeof Response },
  ) => {
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
    if (outcome === "not-modified")
      endResponse(new fetchAPI.Response(null, { status: 304, headers: withoutContentType(headers) }));
    else if (outcome === "precondition-failed") endResponse(preconditionFailed(fetchAPI, request, headers));
    else endResponse(new fetchAPI.Response(state.method === "HEAD" ? null : hit.body, { status: 200, headers }));
  };

  return {
    ...createNodePathLookup(responses),
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
        if (url.search)
          lookup(
            request,
            state,
            keyOfGet(
              snapshot,
              url.pathname + url.search,
              request.headers.get("accept"),
              request.headers.get("accept-language"),
            ),
            endResponse,
            fetchAPI,
          );
        return;
      }
      if (method !== "POST" || !request.headers.get("content-type")?.startsWith("application/json")) return;
      // The body can be read once; Yoga gets an identical request to parse.
      return request.text().then((body) => {
        const replacement = new fetchAPI.Request(request.url, { method: "POST", headers: request.headers, body });
        carrySnapshot(request, replacement);
        states.set(replacement, state);
        setRequest(replacement);
        lookup(
          replacement,
          state,
          keyOfPost(
            snapshotOf(replacement),
            operationOfPost(body),
            request.headers.get("accept"),
            request.headers.get("accept-language"),
          ),
          endResponse,
          fetchAPI,
        );
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
        if (state.method === "HEAD" && response.body)
          setResponse(new fetchAPI.Response(null, { status: response.status, headers: response.headers }));
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
          const headers = Object.fromEntries(
            CONTENT_HEADERS.flatMap((name) =>
              response.headers.has(name) ? [[name, response.headers.get(name)!]] : [],
            ),
          );
          cache.set(state.miss.key, {
            body,
            etag: tag,
            headers,
            variesByLanguage: reads?.acceptLanguage ?? false,
            operationName: operationNameOf(request),
            readsVersion: reads?.version ?? true,
            locales: [...(reads?.locales ?? [])],
          });
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
