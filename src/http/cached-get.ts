// The cached GET, answered from Node's request before Yoga sees it. A frontend behind a CDN mostly sends
// the same few persisted GETs; Yoga's Fetch-API layer (a Request and Headers built from Node's request, a
// plugin chain both ways, a Response copied back into Node's) cost such a hit more than half its time
// (`npm run bench`, persisted GET against raw node:http). Here a hit is a few map lookups and one write.
//
// It answers only what it can answer exactly as the Yoga path would: an anonymous GET of /graphql that the
// response cache holds in the newest loaded version, with the same headers (caching, validators, purge keys,
// CORS, Vary, X-Content-Version, X-Request-Id), the same rate limit, the same 304 (RFC 9110 §13.1.2), the
// same metrics and log line. Everything else (a miss, HEAD, a token, a failed If-Match) goes on: to the
// compiled-GET path (src/http/compiled-get.ts), then Yoga.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "../logger.ts";
import type { ContentStore } from "../read/store.ts";
import type { CorsResponseHeaders } from "./cors.ts";
import type { AnsweredRequest } from "./metrics.ts";
import { evaluatePreconditions } from "./preconditions.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-facts.ts";
import { requestLogLine } from "./request-log.ts";
import type { CachedGetLookup } from "./response-cache.ts";
import { CONTENT_VERSION_HEADER } from "./snapshot.ts";

export type CachedGetOptions = {
  store: ContentStore;
  cache: CachedGetLookup;
  cors: CorsResponseHeaders;
  rateLimiter: RateLimiter | null;
  metrics: { record(request: AnsweredRequest): void };
  logger: Logger;
  graphqlEndpoint?: string;
  /** The next way in, for every request this path does not answer. */
  next: RequestListener;
};

/** A header of Node's request as Fetch's Headers.get gives it: repeated fields joined with ", ". */
export const headerValue = (value: string | string[] | undefined): string | null => (value === undefined ? null : Array.isArray(value) ? value.join(", ") : value);
const one = headerValue;

/** What a 304 leaves out (RFC 9110 §15.4.5): it has no content, so nothing describing one. */
export const withoutContent = (headers: Record<string, string>) => {
  const { "content-type": _type, "content-length": _length, ...rest } = headers;
  return rest;
};

export type CachedGetPath = {
  /** Answers the request when it is a cached GET, and says whether it did. */
  answer(req: IncomingMessage, res: ServerResponse): boolean;
  /** `answer`, else Yoga. */
  listener: RequestListener;
};

export function createCachedGetPath(options: CachedGetOptions): CachedGetPath {
  const { store, cache, cors, rateLimiter, metrics, logger, next } = options;
  const prefix = `${options.graphqlEndpoint ?? "/graphql"}?`;

  const answer = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url;
    if (req.method !== "GET" || url === undefined || !url.startsWith(prefix)) return false;
    const headers = req.headers;
    // A token may see drafts and is never served shared bytes (src/http/response-cache.ts).
    if (headers.authorization !== undefined) return false;
    const snapshot = store.snapshot();
    if (snapshot instanceof Promise) return false;
    const accept = one(headers.accept);
    const hit = cache.hitForGet(snapshot, url, accept, one(headers["accept-language"]));
    if (!hit) return false;
    const get = (name: string) => one(headers[name]);
    const outcome = evaluatePreconditions("GET", { get }, 200, hit.etag);
    if (outcome === "precondition-failed") return false;
    const startedAt = performance.now();
    const facts = { id: requestIdOf(get(REQUEST_ID_HEADER)), method: "GET", path: prefix.slice(0, -1), operationName: hit.operationName, startedAt };
    const refusal = rateLimiter?.take({ authorization: null, forwardedFor: get("x-forwarded-for"), socketAddress: req.socket.remoteAddress }, accept);
    let status: number;
    let cacheOutcome: AnsweredRequest["cache"];
    if (refusal) {
      status = refusal.status;
      const response: Record<string, string> = { ...refusal.headers, ...corsOf(get("origin")), [REQUEST_ID_HEADER]: facts.id };
      if (cors.variesByOrigin) response.vary = "Origin";
      send(res, status, response, refusal.body);
    } else {
      status = outcome === "not-modified" ? 304 : 200;
      cacheOutcome = "hit";
      const response: Record<string, string> = { ...hit.headers, [CONTENT_VERSION_HEADER]: String(snapshot.version), ...corsOf(get("origin")), [REQUEST_ID_HEADER]: facts.id };
      const vary = [...(hit.variesByLanguage ? ["Accept-Language"] : []), ...(cors.variesByOrigin ? ["Origin"] : [])];
      if (vary.length) response.vary = vary.join(", ");
      if (status === 304) send(res, 304, withoutContent(response));
      else send(res, 200, response, hit.body);
    }
    metrics.record({ operationName: hit.operationName, status, startedAt, cache: cacheOutcome });
    logger.info(requestLogLine(facts, status, refusal ? null : snapshot.version, cacheOutcome), "request");
    return true;
  };

  const corsOf = (origin: string | null) => cors.headersFor(origin);

  return {
    answer,
    listener: (req, res) => {
      if (!answer(req, res)) next(req, res);
    },
  };
}

/** Writes a whole answer in one go, with its Content-Length. */
export function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: string | Buffer): void {
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}
