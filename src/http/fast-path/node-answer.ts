// What the two paths in front of Yoga (src/http/fast-path/cached-get.ts, src/http/fast-path/compiled-query.ts) write straight to
// Node's response, the same way for both and as the Yoga path writes it: the rate limit's 429, a response
// body with the per-request headers (X-Content-Version, CORS, Vary, X-Request-Id) and its 304, and the
// request's metrics and log line.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../../logger.ts";
import type { CorsResponseHeaders } from "../cors.ts";
import type { AnsweredRequest } from "../metrics.ts";
import { evaluatePreconditions } from "../preconditions.ts";
import type { RateLimiter } from "../rate-limit.ts";
import { REQUEST_ID_HEADER, requestIdOf } from "../request-facts.ts";
import { requestLogLine } from "../request-log.ts";
import type { Entry } from "../response-cache/store.ts";
import { CONTENT_VERSION_HEADER } from "../snapshot.ts";

/** A header of Node's request as Fetch's Headers.get gives it: repeated fields joined with ", ". */
export const headerValue = (value: string | string[] | undefined): string | null =>
  value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;

/** What a 304 leaves out (RFC 9110 §15.4.5): it has no content, so nothing describing one. */
export const withoutContent = (headers: Record<string, string>) => {
  const { "content-type": _type, "content-length": _length, ...rest } = headers;
  return rest;
};

/** Room for any body up to 64 KiB of text (three UTF-8 bytes per UTF-16 unit at most), reused by `utf8Bytes`. */
const scratch = Buffer.allocUnsafeSlow(3 * 64 * 1024);

/**
 * A body's UTF-8 bytes. Buffer.from(text) measures the encoded length in one pass over the text and
 * encodes it in a second; a text of at most 64 KiB units is encoded once, into scratch space that holds
 * any encoding of it, and copied out (bench: a comparison's ~8 KB body, 8 → 6 µs).
 */
export function utf8Bytes(text: string): Buffer<ArrayBuffer> {
  if (text.length > scratch.length / 3) return Buffer.from(text);
  const length = scratch.write(text, 0, "utf8");
  const bytes = Buffer.allocUnsafe(length);
  scratch.copy(bytes, 0, 0, length);
  return bytes;
}

/** Writes a whole answer in one go, with its Content-Length. */
export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: string | Buffer,
): void {
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}

export type NodeAnswerOptions = {
  cors: CorsResponseHeaders;
  rateLimiter: RateLimiter | null;
  metrics: { record(request: AnsweredRequest): void };
  logger: Logger;
  /** The path these requests are logged under, e.g. "/graphql". */
  path: string;
};

/** One request being answered here: its headers, and what its log line and metrics say of it. */
export class NodeRequest {
  /** What the log line and metrics say; a POST's operation is known only once its body is read. */
  readonly facts: {
    id: string;
    method: "GET" | "POST";
    path: string;
    operationName: string | undefined;
    startedAt: number;
  };
  refused = false;
  constructor(
    private readonly req: IncomingMessage,
    method: "GET" | "POST",
    path: string,
    operationName: string | undefined,
  ) {
    this.facts = {
      id: requestIdOf(this.get(REQUEST_ID_HEADER)),
      method,
      path,
      operationName,
      startedAt: performance.now(),
    };
  }
  /** As Fetch's Headers.get: evaluatePreconditions reads the request through it. */
  get(name: string): string | null {
    return headerValue(this.req.headers[name]);
  }
}

/** Copies `from`'s fields into `into`; an object spread costs a hot path several times more in Node 20. */
export function copyInto(into: Record<string, string>, from: Record<string, string>): void {
  for (const name in from) into[name] = from[name]!;
}

export function createNodeAnswers({ cors, rateLimiter, metrics, logger, path }: NodeAnswerOptions) {
  const finish = ({ facts }: NodeRequest, status: number, version: number | null, cache: AnsweredRequest["cache"]) => {
    metrics.record({ operationName: facts.operationName, status, startedAt: facts.startedAt, cache });
    logger.info(requestLogLine(facts, status, version, cache), "request");
  };
  /** Vary for a response that names (or may name) the requesting origin, and for one whose locale came from Accept-Language. */
  const varyOf = (variesByLanguage: boolean) =>
    variesByLanguage
      ? cors.variesByOrigin
        ? "Accept-Language, Origin"
        : "Accept-Language"
      : cors.variesByOrigin
        ? "Origin"
        : undefined;
  /** The per-request headers every answer here carries: CORS for its origin, Vary, X-Request-Id. */
  const addRequestHeaders = (headers: Record<string, string>, request: NodeRequest, variesByLanguage: boolean) => {
    const origin = request.get("origin");
    if (origin !== null) copyInto(headers, cors.headersFor(origin));
    headers[REQUEST_ID_HEADER] = request.facts.id;
    const vary = varyOf(variesByLanguage);
    if (vary) headers.vary = vary;
  };

  /**
   * Takes a token from the client's rate limit for an anonymous request, once (a request charged here is
   * not charged again, by a later path or by Yoga), and answers 429 (RFC 6585 §4) when it has none left.
   * Null when the request may go on, else the refused request.
   */
  const charge = (
    req: IncomingMessage,
    res: ServerResponse,
    operationName: string | undefined,
    method: "GET" | "POST",
  ): NodeRequest | null => {
    if (!rateLimiter || rateLimiter.charged.has(req)) return null;
    rateLimiter.charged.add(req);
    const refusal = rateLimiter.take(
      {
        authorization: null,
        forwardedFor: headerValue(req.headers["x-forwarded-for"]),
        socketAddress: req.socket.remoteAddress,
      },
      headerValue(req.headers.accept),
    );
    if (!refusal) return null;
    const request = new NodeRequest(req, method, path, operationName);
    const headers: Record<string, string> = {};
    copyInto(headers, refusal.headers);
    addRequestHeaders(headers, request, false);
    send(res, refusal.status, headers, refusal.body);
    finish(request, refusal.status, null, undefined);
    request.refused = true;
    return request;
  };

  return {
    /**
     * The rate limit alone, before any GraphQL work (parsing a document for a cache key, compiling it):
     * false when the request was refused with 429 and is answered.
     */
    admit(req: IncomingMessage, res: ServerResponse, method: "GET" | "POST" = "GET"): boolean {
      return charge(req, res, undefined, method) === null;
    },

    /**
     * Takes the request on for `operationName`, charging its rate limit unless `admit` already did;
     * `refused` says it was answered with 429.
     */
    begin(
      req: IncomingMessage,
      res: ServerResponse,
      operationName: string | undefined,
      method: "GET" | "POST" = "GET",
    ): NodeRequest {
      return charge(req, res, operationName, method) ?? new NodeRequest(req, method, path, operationName);
    },

    /**
     * Sends a representation of content version `version`, or 304 when If-None-Match names it (RFC 9110
     * §13.1.2); the callers leave a failed If-Match to Yoga, which answers 412, and so any If-None-Match
     * on a POST (412 there too).
     */
    sendEntry(
      res: ServerResponse,
      request: NodeRequest,
      version: number,
      entry: Entry,
      cache: AnsweredRequest["cache"],
    ): void {
      const headers: Record<string, string> = {};
      copyInto(headers, entry.headers);
      headers[CONTENT_VERSION_HEADER] = String(version);
      addRequestHeaders(headers, request, entry.variesByLanguage);
      const notModified = evaluatePreconditions(request.facts.method, request, 200, entry.etag) === "not-modified";
      if (notModified) send(res, 304, withoutContent(headers));
      else send(res, 200, headers, entry.body);
      finish(request, notModified ? 304 : 200, version, cache);
    },
  };
}
