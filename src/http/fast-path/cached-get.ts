// The cached GET, answered from Node's request before Yoga sees it. A frontend behind a CDN mostly sends
// the same few persisted GETs; Yoga's Fetch-API layer (a Request and Headers built from Node's request, a
// plugin chain both ways, a Response copied back into Node's) cost such a hit more than half its time
// (`npm run bench`, persisted GET against raw node:http). Here a hit is a few map lookups and one write.
//
// It answers only what it can answer exactly as the Yoga path would: an anonymous GET of /graphql that the
// response cache holds in the newest loaded version, with the same headers (caching, validators, purge keys,
// CORS, Vary, X-Content-Version, X-Request-Id), the same rate limit, the same 304 (RFC 9110 §13.1.2), the
// same metrics and log line. Everything else (a miss, HEAD, a token, If-Match) goes on: to the
// compiled-query path (src/http/fast-path/compiled-query.ts), then Yoga.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ContentStore } from "../../read/store.ts";
import { createNodeAnswers, headerValue, type NodeAnswerOptions } from "./node-answer.ts";
import type { NodePathLookup } from "../response-cache/lookup.ts";

export type CachedGetOptions = Omit<NodeAnswerOptions, "path"> & {
  store: ContentStore;
  cache: NodePathLookup;
  graphqlEndpoint?: string;
};

export type CachedGetPath = {
  /** Answers the request when it is a cached GET, and says whether it did. */
  answer(req: IncomingMessage, res: ServerResponse): boolean;
};

export function createCachedGetPath(options: CachedGetOptions): CachedGetPath {
  const { store, cache } = options;
  const endpoint = options.graphqlEndpoint ?? "/graphql";
  const prefix = `${endpoint}?`;
  const answers = createNodeAnswers({ ...options, path: endpoint });

  const answer = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url;
    if (req.method !== "GET" || url === undefined || !url.startsWith(prefix)) return false;
    const headers = req.headers;
    // A token may see drafts and is never served shared bytes (src/http/response-cache/plugin.ts); If-Match is
    // left to Yoga, whose 412 this path does not write.
    if (headers.authorization !== undefined || headers["if-match"] !== undefined) return false;
    // The rate limit before the cache lookup, which parses a URL's document the first time it is seen.
    if (!answers.admit(req, res)) return true;
    const snapshot = store.snapshot();
    if (snapshot instanceof Promise) return false;
    const hit = cache.hitForGet(snapshot, url, headerValue(headers.accept), headerValue(headers["accept-language"]));
    if (!hit) return false;
    const request = answers.begin(req, res, hit.operationName);
    if (!request.refused) answers.sendEntry(res, request, snapshot.version, hit, "hit");
    return true;
  };

  return { answer };
}
