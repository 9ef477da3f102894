// Conditional requests (RFC 9110 §13): what `If-Match` and `If-None-Match` make of the response the server
// is about to send.
import fresh from "fresh";

/** Send the response as it is, or a 304 or 412 in its place. */
export type PreconditionOutcome = "send" | "not-modified" | "precondition-failed";

/** An entity-tag list (RFC 9110 §8.8.3): `"a", W/"b"`; tags may hold commas, so it is not split on them. */
const ENTITY_TAG = /\s*(W\/)?("[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)/y;

/**
 * If-Match (§13.1.1) uses the strong comparison of §8.8.3.2, which `fresh` (a cache's weak comparison)
 * does not offer: both tags strong and the same characters. `*` matches any current representation.
 */
function ifMatchHolds(ifMatch: string, etag: string | undefined): boolean {
  if (ifMatch.trim() === "*") return true;
  if (etag === undefined || etag.startsWith("W/")) return false;
  ENTITY_TAG.lastIndex = 0;
  for (let match = ENTITY_TAG.exec(ifMatch); match; match = ENTITY_TAG.exec(ifMatch)) {
    if (!match[1] && match[2] === etag) return true;
    if (ENTITY_TAG.lastIndex >= ifMatch.length) break;
  }
  return false;
}

/**
 * RFC 9110 §13.2.2 for our responses, whose only validator is a strong ETag. With no Last-Modified,
 * If-Modified-Since and If-Unmodified-Since have nothing to compare with and are ignored (§13.1.3, §13.1.4);
 * If-Range only concerns Range requests, which are not served (§13.1.5).
 *
 * `fresh` does the comparison of If-None-Match (§13.1.2): weak comparison (`W/"x"` matches `"x"`), lists,
 * and `*`. It is given only that field: its other rule, that a request's `Cache-Control: no-cache` is never
 * fresh, is for caches (RFC 9111 §5.2.1.4), while an origin server evaluates the precondition regardless.
 */
export function evaluatePreconditions(
  method: string,
  headers: Pick<Headers, "get">,
  status: number,
  etag: string | undefined,
): PreconditionOutcome {
  // §13.2.1: preconditions are ignored when the response without them would not be 2xx (or 412).
  if (status < 200 || status > 299) return "send";
  // Step 1: If-Match false is 412 for every method.
  const ifMatch = headers.get("if-match");
  if (ifMatch !== null && !ifMatchHolds(ifMatch, etag)) return "precondition-failed";
  // Step 3: If-None-Match. `*` matches any current representation, which a 2xx response is; a list needs our ETag.
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch === null || !fresh({ "if-none-match": ifNoneMatch }, etag === undefined ? {} : { etag }))
    return "send";
  // §13.1.2: a false condition means 304 for GET and HEAD, 412 for any other method.
  return method === "GET" || method === "HEAD" ? "not-modified" : "precondition-failed";
}
