// CORS (Fetch standard, "CORS protocol"): which origins' pages may read our responses, from an allowlist.
//
// Yoga's built-in `cors` is switched off for this. With it, an empty origin list means "any origin",
// credentials are allowed unless turned off, an origin missing from a list of two or more is answered
// `Access-Control-Allow-Origin: null` (which a sandboxed document's opaque origin matches), and `Vary`
// is replaced rather than added to, so the response cache's `Vary: Accept-Language` would be lost.
import type { Plugin } from "graphql-yoga";

export type CorsOptions = {
  /** Serialized origins ("https://app.example"), or ["*"] for any origin. Empty: no cross-origin reads. */
  origins: readonly string[];
  /** Send `Access-Control-Allow-Credentials: true` to allowed origins. */
  credentials: boolean;
};

export const NO_CROSS_ORIGIN: CorsOptions = { origins: [], credentials: false };

/** What a browser may send cross-origin: GraphQL's two methods, and the headers a client needs. */
const ALLOWED_METHODS = "GET, POST";
const ALLOWED_HEADERS =
  "Content-Type, Authorization, Accept, X-GraphQL-Yoga-CSRF, Apollo-Require-Preflight, X-Apollo-Operation-Name, X-Preview";
/**
 * Response headers a page may read beyond the CORS-safelisted ones (Fetch): the challenge of a 401/403
 * (RFC 9110 §11.6.1), the content version, and Retry-After on 429/503.
 */
const EXPOSED_HEADERS = "WWW-Authenticate, X-Content-Version, Retry-After, ETag";
/** How long a browser may reuse a preflight's answer, in seconds (Chromium caps it at 7,200). */
const PREFLIGHT_MAX_AGE = "600";

/** What CORS adds to an actual (not preflight) response; the cached-GET path adds the same (src/http/fast-path/cached-get.ts). */
export type CorsResponseHeaders = {
  headersFor(origin: string | null): Record<string, string>;
  variesByOrigin: boolean;
};

export function useCors(options: CorsOptions): Plugin & { response: CorsResponseHeaders } {
  const anyOrigin = options.origins.includes("*");
  const allowed = new Set(options.origins);
  // A response that names the requesting origin differs by Origin, so every response must say so, even to
  // a request without one, or a shared cache hands one origin's answer to another (Fetch, "CORS protocol
  // and HTTP caches"). "*" and "nobody" are the same for every origin and need no Vary.
  const variesByOrigin = !anyOrigin && allowed.size > 0;

  /** The CORS headers for this request's origin; empty when it may not read the response. */
  function corsHeaders(origin: string | null): Record<string, string> {
    if (origin === null) return {};
    if (anyOrigin) return { "access-control-allow-origin": "*", "access-control-expose-headers": EXPOSED_HEADERS };
    if (!allowed.has(origin)) return {};
    return {
      "access-control-allow-origin": origin,
      "access-control-expose-headers": EXPOSED_HEADERS,
      ...(options.credentials ? { "access-control-allow-credentials": "true" } : {}),
    };
  }

  return {
    response: { headersFor: corsHeaders, variesByOrigin },
    onRequest({ request, endResponse, fetchAPI }) {
      // A CORS-preflight request (Fetch, "HTTP requests"): OPTIONS with Origin and Access-Control-Request-Method.
      // Answered here, before any other plugin; an origin not on the list gets no CORS headers, so the browser
      // never sends the actual request.
      if (request.method !== "OPTIONS" || !request.headers.has("access-control-request-method")) return;
      const headers = corsHeaders(request.headers.get("origin"));
      if (headers["access-control-allow-origin"]) {
        Object.assign(headers, {
          "access-control-allow-methods": ALLOWED_METHODS,
          "access-control-allow-headers": ALLOWED_HEADERS,
          "access-control-max-age": PREFLIGHT_MAX_AGE,
        });
      }
      // Safari waits for a body on a 204 without Content-Length: 0.
      endResponse(new fetchAPI.Response(null, { status: 204, headers: { ...headers, "content-length": "0" } }));
    },
    onResponse({ request, response }) {
      for (const [name, value] of Object.entries(corsHeaders(request.headers.get("origin"))))
        response.headers.set(name, value);
      if (variesByOrigin) response.headers.append("vary", "Origin");
    },
  };
}
