// Which caches may keep a GraphQL response, and for how long (RFC 9111 §5.2.2).

export type CachePolicy = {
  /** Seconds a browser may reuse a response without asking (`max-age`). */
  maxAge: number;
  /** Seconds a shared cache (CDN) may reuse it (`s-maxage`); it can be purged sooner by `Cache-Tag`. */
  sharedMaxAge: number;
  /** Seconds past that during which a cache may answer stale while it revalidates (RFC 5861 §3). */
  staleWhileRevalidate: number;
};

/** The defaults of CACHE_* and RESPONSE_CACHE_MAX_BYTES in src/env.ts (which imports nothing from src/). */
export const DEFAULT_CACHE_POLICY: CachePolicy = { maxAge: 60, sharedMaxAge: 600, staleWhileRevalidate: 60 };

/** What the in-process response cache may hold: about 12,000 comparison pages of 5 kB. */
export const DEFAULT_RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;

/** A response any cache may store: an anonymous GET (or HEAD) answered 200 without errors. */
export function publicCacheControl(policy: CachePolicy): string {
  return `public, max-age=${policy.maxAge}, s-maxage=${policy.sharedMaxAge}, stale-while-revalidate=${policy.staleWhileRevalidate}`;
}

/**
 * A request with credentials may see drafts and translation tasks: nothing may store its answer, and a
 * shared cache must not hand it to anyone else (`private`, RFC 9111 §5.2.2.7; `no-store`, §5.2.2.5).
 */
export const CREDENTIALED_CACHE_CONTROL = "private, no-store";

/**
 * Errors are not stored: they may come from a momentary state. Nor are POST responses: caches key on the
 * method and URI (RFC 9111 §2, §4), a POST carries its query in its body, and RFC 9110 §9.3.3 lets a cache
 * reuse one only with a Content-Location we do not send. `no-store` says so to a cache configured otherwise.
 */
export const UNSTORED_CACHE_CONTROL = "no-store";
