// A response cache in front of GraphQL: anonymous, error-free responses are kept as bytes per content
// version and answered before Yoga parses, validates or executes anything. ETags hash the body itself.
import { createHash } from "node:crypto";
import type { Plugin } from "graphql-yoga";
import { carrySnapshot, CONTENT_VERSION_HEADER, snapshotOf } from "./snapshot.ts";

/** The body is kept encoded: a hit then costs no string-to-UTF-8 conversion of a multi-kilobyte answer. */
type Entry = { body: Buffer<ArrayBuffer>; etag: string; contentType: string };

export type ResponseCacheOptions = {
  /** Entries kept per content version; the oldest goes first. */
  max?: number;
};

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("base64url");
}

export function useContentResponseCache({ max = 2000 }: ResponseCacheOptions = {}): Plugin {
  let version = -1;
  let entries = new Map<string, Entry>();
  /** The cache key of a request that missed, and the content version it was looked up in. */
  const pending = new WeakMap<Request, { key: string; version: number }>();

  /**
   * The entries of a content version. The request's pinned snapshot decides which: a newer version
   * empties the cache, and a request still reading an older one neither reads nor fills it.
   */
  const entriesFor = (wanted: number) => {
    if (wanted > version) {
      version = wanted;
      entries = new Map();
    }
    return wanted === version ? entries : undefined;
  };

  /** A hit, answered as it is stored (or 304); a miss is remembered so its response can be kept. */
  const lookup = (request: Request, operation: string, endResponse: (response: Response) => void, fetchAPI: { Response: typeof Response }) => {
    const key = sha256([operation, request.headers.get("accept") ?? "", request.headers.get("accept-language") ?? ""].join("\n"));
    const snapshotVersion = snapshotOf(request).version;
    const cache = entriesFor(snapshotVersion);
    const hit = cache?.get(key);
    if (!cache || !hit) {
      if (cache) pending.set(request, { key, version: snapshotVersion });
      return;
    }
    // Refresh its place in the LRU order.
    cache.delete(key);
    cache.set(key, hit);
    const contentVersion = String(snapshotVersion);
    if (request.headers.get("if-none-match") === hit.etag) {
      endResponse(new fetchAPI.Response(null, { status: 304, headers: { etag: hit.etag, [CONTENT_VERSION_HEADER]: contentVersion } }));
    } else {
      endResponse(new fetchAPI.Response(hit.body, { status: 200, headers: { "content-type": hit.contentType, etag: hit.etag, [CONTENT_VERSION_HEADER]: contentVersion } }));
    }
  };

  return {
    // Synchronous for GET: a returned promise would cost every cached GET another turn of the event loop.
    onRequest({ request, setRequest, endResponse, url, fetchAPI }) {
      // Anyone sending credentials may see drafts or tasks: never cache for them, never serve them shared bytes.
      if (request.headers.has("authorization")) return;
      if (request.method === "GET") {
        if (url.searchParams.has("query")) lookup(request, `GET ${url.search}`, endResponse, fetchAPI);
        return;
      }
      if (request.method !== "POST" || !request.headers.get("content-type")?.startsWith("application/json")) return;
      // The body can be read once; Yoga gets an identical request to parse.
      return request.text().then((body) => {
        const replacement = new fetchAPI.Request(request.url, { method: "POST", headers: request.headers, body });
        carrySnapshot(request, replacement);
        setRequest(replacement);
        lookup(replacement, `POST ${body}`, endResponse, fetchAPI);
      });
    },
    async onResponse({ request, response }) {
      const miss = pending.get(request);
      if (!miss || response.status !== 200) return;
      pending.delete(request);
      const contentType = response.headers.get("content-type") ?? "";
      if (!contentType.includes("json")) return;
      const text = await response.clone().text();
      // Only whole successes are shared: a response with errors may depend on more than the query.
      if ((JSON.parse(text) as { errors?: unknown }).errors) return;
      // The response was built from the snapshot pinned to the request, so it is filed under that
      // snapshot's version, and only while that is still the newest version seen.
      const cache = entriesFor(miss.version);
      if (!cache) return;
      const body = Buffer.from(text);
      const etag = `"${sha256(body)}"`;
      response.headers.set("etag", etag);
      cache.set(miss.key, { body, etag, contentType });
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    },
  };
}
