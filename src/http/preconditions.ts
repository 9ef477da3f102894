// Conditional requests (RFC 9110 §13): what `If-None-Match` makes of the response the server is about to send.
import fresh from "fresh";

/** Send the response as it is, or a 304 or 412 in its place. */
export type PreconditionOutcome = "send" | "not-modified" | "precondition-failed";

/**
 * RFC 9110 §13.2.2 for our responses, whose only validator is a strong ETag. With no Last-Modified,
 * If-Modified-Since and If-Unmodified-Since have nothing to compare with and are ignored (§13.1.3, §13.1.4);
 * If-Range only concerns Range requests, which are not served (§13.1.5).
 *
 * `fresh` does the comparison of §13.1.2: weak comparison (`W/"x"` matches `"x"`), lists, and `*`. It is
 * given only `If-None-Match`: its other rule, that a request's `Cache-Control: no-cache` is never fresh, is
 * for caches (RFC 9111 §5.2.1.4), while an origin server evaluates the precondition regardless.
 */
export function evaluateIfNoneMatch(method: string, ifNoneMatch: string | null, status: number, etag: string | undefined): PreconditionOutcome {
  // §13.2.1: preconditions are ignored when the response without them would not be 2xx (or 412).
  if (ifNoneMatch === null || status < 200 || status > 299) return "send";
  // `*` matches any current representation, which a 2xx response is; a list needs our ETag.
  if (!fresh({ "if-none-match": ifNoneMatch }, etag === undefined ? {} : { etag })) return "send";
  // §13.1.2: a false condition means 304 for GET and HEAD, 412 for any other method.
  return method === "GET" || method === "HEAD" ? "not-modified" : "precondition-failed";
}
