// A response cache in front of GraphQL: anonymous, error-free responses are kept as bytes per content
// version and answered before Yoga parses, validates or executes anything. ETags hash the body itself.
import { createHash } from "node:crypto";
import type { Plugin } from "graphql-yoga";
import type { ContentStore } from "../read/store.ts";

type Entry = { body: string; etag: string; contentType: string };

export type ResponseCacheOptions = {
  store: ContentStore;
  /** Entries kept per content version; the oldest goes first. */
  max?: number;
};

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

export function useContentResponseCache({ store, max = 2000 }: ResponseCacheOptions): Plugin {
  let version = -1;
  let entries = new Map<string, Entry>();
  const pending = new WeakMap<Request, string>();

  /** The entries of the content as it is now: a content change empties the cache. */
  const current = () => {
    const now = store.version();
    if (now !== version) {
      version = now;
      entries = new Map();
    }
    return entries;
  };

  return {
    async onRequest({ request, setRequest, endResponse, url, fetchAPI }) {
      // Anyone sending credentials may see drafts or tasks: never cache for them, never serve them shared bytes.
      if (request.headers.has("authorization")) return;
      let operation: string;
      if (request.method === "GET") {
        if (!url.searchParams.has("query")) return;
        operation = `GET ${url.search}`;
      } else if (request.method === "POST" && request.headers.get("content-type")?.startsWith("application/json")) {
        // The body can be read once; Yoga gets an identical request to parse.
        const body = await request.text();
        const replacement = new fetchAPI.Request(request.url, { method: "POST", headers: request.headers, body });
        setRequest(replacement);
        request = replacement;
        operation = `POST ${body}`;
      } else {
        return;
      }
      const { fingerprint } = await store.current();
      const key = sha256([fingerprint, operation, request.headers.get("accept") ?? "", request.headers.get("accept-language") ?? ""].join("\n"));
      const hit = current().get(key);
      if (!hit) {
        pending.set(request, key);
        return;
      }
      // Refresh its place in the LRU order.
      entries.delete(key);
      entries.set(key, hit);
      if (request.headers.get("if-none-match") === hit.etag) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers: { etag: hit.etag } }));
      } else {
        endResponse(new fetchAPI.Response(hit.body, { status: 200, headers: { "content-type": hit.contentType, etag: hit.etag } }));
      }
    },
    async onResponse({ request, response }) {
      const key = pending.get(request);
      if (!key || response.status !== 200) return;
      pending.delete(request);
      const contentType = response.headers.get("content-type") ?? "";
      if (!contentType.includes("json")) return;
      const body = await response.clone().text();
      // Only whole successes are shared: a response with errors may depend on more than the query.
      if ((JSON.parse(body) as { errors?: unknown }).errors) return;
      const etag = `"${sha256(body)}"`;
      response.headers.set("etag", etag);
      const cache = current();
      cache.set(key, { body, etag, contentType });
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    },
  };
}
