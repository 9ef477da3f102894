// HTTP caching by RFC 9110 and RFC 9111: each test names the section it checks.
import { createSchema, createYoga } from "graphql-yoga";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentReadsOf } from "../../src/http/content-reads.ts";
import { useContentResponseCache } from "../../src/http/response-cache/plugin.ts";
import { useContentSnapshot } from "../../src/http/snapshot.ts";
import type { ContentStore } from "../../src/read/store.ts";
import { createTestServer, useSeededServer, type TestServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const POLICY = { maxAge: 30, sharedMaxAge: 900, staleWhileRevalidate: 45 };
const PUBLIC = "public, max-age=30, s-maxage=900, stale-while-revalidate=45";
const seeded = useSeededServer({ cachePolicy: POLICY, cors: { origins: ["https://app.example"], credentials: false } });
let uncached: TestServer;
beforeAll(() => void (uncached = createTestServer(seeded.db, { responseCache: false, cachePolicy: POLICY })));
afterAll(() => uncached.close());

type Init = { method?: string; headers?: Record<string, string> };
const get = (query: string, { method = "GET", headers = {} }: Init = {}, server = () => seeded.server) =>
  server().yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent(query)}`, {
    method,
    headers: { accept: "application/graphql-response+json", ...headers },
  });
const post = (query: string, headers: Record<string, string> = {}) =>
  seeded.server.yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
const varyOf = (response: Response) =>
  (response.headers.get("vary") ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);

describe("Cache-Control (RFC 9111 §5.2.2)", () => {
  it("lets any cache keep an anonymous GET for the configured max-age, s-maxage and stale-while-revalidate (§5.2.2.1, §5.2.2.9, §5.2.2.10; RFC 5861 §3)", async () => {
    const response = await get(`{ statusCode(code: 204, locale: "en") { title } }`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe(PUBLIC);
  });

  it("sends private, no-store for a request with Authorization, which may see drafts (§5.2.2.5, §5.2.2.7)", async () => {
    const response = await get(`{ statusCode(code: 204, locale: "en") { title } }`, {
      headers: bearer(await createToken(seeded.db, { role: "translator" })),
    });
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("etag")).toBeNull();
    expect(response.headers.get("cache-tag")).toBeNull();
  });

  it("stores no error: no-store, no validator, and the same query executes again (§5.2.2.5)", async () => {
    const query = `{ compare(a: 200, b: 299) { headline } }`;
    const first = await get(query);
    expect(((await first.json()) as any).errors[0].extensions.code).toBe("NOT_FOUND");
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(first.headers.get("etag")).toBeNull();
    const invalid = await get(`{ nope }`);
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("cache-control")).toBe("no-store");
  });

  it("sends no-store for a POST, whose query is in the body that caches do not key on (§2; RFC 9110 §9.3.3)", async () => {
    const response = await post(`{ statusCode(code: 204, locale: "en") { title } }`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("etag")).toMatch(/^"/);
  });
});

describe("Vary (RFC 9110 §12.5.5)", () => {
  it("adds Accept-Language when the locale was negotiated from it, beside CORS's Origin, the same on a miss and its hits", async () => {
    const response = await get(`{ statusCode(code: 204) { title } }`, { headers: { "accept-language": "vi" } });
    expect(varyOf(response)).toEqual(["accept-language", "origin"]);
    const hit = await get(`{ statusCode(code: 204) { title } }`, { headers: { "accept-language": "vi" } });
    expect(varyOf(hit)).toEqual(varyOf(response));
  });

  it("does not vary by Accept-Language when every field names its locale", async () => {
    const response = await get(`{ statusCode(code: 204, locale: "vi") { title } }`, {
      headers: { "accept-language": "en" },
    });
    expect(varyOf(response)).toEqual(["origin"]);
  });
});

describe("purge keys (Cache-Tag, Surrogate-Key)", () => {
  it("names the compared codes and their comparison, whatever order the query asked in", async () => {
    const response = await get(`{ compare(a: 403, b: 401, locale: "en") { headline } }`);
    expect(response.headers.get("surrogate-key")).toBe("code-401 code-403 comparison-401-vs-403 content");
    expect(response.headers.get("cache-tag")).toBe("code-401,code-403,comparison-401-vs-403,content");
  });

  it("names a code, the related codes it shows, and nothing it did not show", async () => {
    const alone = await get(`{ statusCode(code: 404, locale: "en") { title } }`);
    expect(alone.headers.get("surrogate-key")).toBe("code-404 content");
    const related = (await (
      await get(`{ statusCode(code: 404, locale: "en") { related { code } } }`)
    )
      .clone()
      .json()) as any;
    const withRelated = await get(`{ statusCode(code: 404, locale: "en") { related { code } } }`);
    const codes = [404, ...related.data.statusCode.related.map((r: { code: number }) => r.code)].sort((x, y) => x - y);
    expect(withRelated.headers.get("surrogate-key")).toBe([...codes.map((c) => `code-${c}`), "content"].join(" "));
  });

  it("marks a listing as one, with the codes on its page", async () => {
    const response = await get(`{ statusCodes(class: SUCCESS, first: 2, locale: "en") { edges { node { code } } } }`);
    expect(response.headers.get("surrogate-key")).toBe("code-200 code-201 code-list content");
  });
});

describe("conditional requests (RFC 9110 §13)", () => {
  const QUERY = `{ statusCode(code: 418, locale: "en") { title locale } }`;

  it("sends a strong ETag, which changes with the content (§8.8.3)", async () => {
    const tag = (await get(QUERY)).headers.get("etag")!;
    expect(tag).toMatch(/^"[^"]+"$/);
    expect((await get(`{ statusCode(code: 418, locale: "vi") { title locale } }`)).headers.get("etag")).not.toBe(tag);
  });

  for (const [label, server] of [
    ["from the response cache", () => seeded.server],
    ["with the response cache off", () => uncached],
  ] as const) {
    describe(label, () => {
      it("answers 304 to a GET whose If-None-Match lists the ETag, with the 200's validator and caching headers and no content (§13.1.2, §15.4.5)", async () => {
        const tag = (await get(QUERY, {}, server)).headers.get("etag")!;
        const response = await get(QUERY, { headers: { "if-none-match": `"other", ${tag}` } }, server);
        expect(response.status).toBe(304);
        expect(response.headers.get("etag")).toBe(tag);
        expect(response.headers.get("cache-control")).toBe(PUBLIC);
        expect(await response.text()).toBe("");
      });

      it("compares weakly: W/ before the ETag still matches (§8.8.3.2, §13.1.2)", async () => {
        const tag = (await get(QUERY, {}, server)).headers.get("etag")!;
        expect((await get(QUERY, { headers: { "if-none-match": `W/${tag}` } }, server)).status).toBe(304);
      });

      it("treats * as matching any current representation (§13.1.2)", async () => {
        expect((await get(QUERY, { headers: { "if-none-match": "*" } }, server)).status).toBe(304);
      });

      it("answers 200 when no listed tag matches (§13.1.2)", async () => {
        const response = await get(QUERY, { headers: { "if-none-match": `"a", W/"b"` } }, server);
        expect(response.status).toBe(200);
        expect(((await response.json()) as any).data.statusCode.title).toBeTruthy();
      });

      it("answers HEAD like GET, without content (§9.3.2)", async () => {
        const full = await get(QUERY, {}, server);
        const head = await get(QUERY, { method: "HEAD" }, server);
        expect(head.status).toBe(200);
        for (const name of ["etag", "cache-control", "content-type", "surrogate-key"])
          expect(head.headers.get(name)).toBe(full.headers.get(name));
        expect(await head.text()).toBe("");
        expect(
          (await get(QUERY, { method: "HEAD", headers: { "if-none-match": full.headers.get("etag")! } }, server))
            .status,
        ).toBe(304);
      });
    });
  }

  it("answers 412, never 304, to a POST whose If-None-Match matches (§13.1.2)", async () => {
    const query = `{ statusCode(code: 451, locale: "en") { title } }`;
    const tag = (await post(query)).headers.get("etag")!;
    for (const ifNoneMatch of [tag, "*"]) {
      const response = await post(query, { "if-none-match": ifNoneMatch, accept: "application/graphql-response+json" });
      expect(response.status).toBe(412);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe("PRECONDITION_FAILED");
      expect(response.headers.get("etag")).toBeNull();
    }
    const fresh = await uncached.yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "if-none-match": "*" },
      body: JSON.stringify({ query }),
    });
    expect(fresh.status).toBe(412);
  });

  it("answers 412 to any method when If-Match names no current representation, comparing strongly (§13.1.1, §8.8.3.2)", async () => {
    const tag = (await get(QUERY)).headers.get("etag")!;
    expect((await get(QUERY, { headers: { "if-match": `"other", ${tag}` } })).status).toBe(200);
    expect((await get(QUERY, { headers: { "if-match": "*" } })).status).toBe(200);
    const weak = await get(QUERY, { headers: { "if-match": `W/${tag}` } });
    expect(weak.status).toBe(412);
    expect(((await weak.json()) as any).errors[0].extensions.code).toBe("PRECONDITION_FAILED");
    expect((await get(QUERY, { headers: { "if-match": `"other"` } }, () => uncached)).status).toBe(412);
    expect(
      (await post(`{ statusCode(code: 418, locale: "en") { title locale } }`, { "if-match": `"other"` })).status,
    ).toBe(412);
  });

  it("ignores If-None-Match on an error: the response would not be 2xx (§13.2.1)", async () => {
    expect((await get(`{ nope }`, { headers: { "if-none-match": "*" } })).status).toBe(400);
  });
});

describe("the response cache key (RFC 9111 §4.1)", () => {
  /** A server whose resolver counts its runs and reads the locale from Accept-Language. */
  function countingServer() {
    let runs = 0;
    const store = {
      snapshot: () => ({
        version: 1,
        model: {
          locales: new Map([
            ["en", {}],
            ["vi", {}],
          ]),
        },
      }),
    } as unknown as ContentStore;
    const schema = createSchema<{ request: Request }>({
      typeDefs: "type Query { greeting: String! }",
      resolvers: {
        Query: {
          greeting: (_root, _args, context) => {
            runs++;
            contentReadsOf(context.request).acceptLanguage = true;
            return context.request.headers.get("accept-language")?.startsWith("vi") ? "xin chào" : "hello";
          },
        },
      },
    });
    const yoga = createYoga({
      schema,
      logging: false,
      plugins: [useContentSnapshot(store), useContentResponseCache()],
    });
    const ask = (acceptLanguage: string) =>
      yoga.fetch("http://localhost/graphql?query=%7Bgreeting%7D", {
        headers: { accept: "application/json", "accept-language": acceptLanguage },
      });
    return { ask, runs: () => runs };
  }

  it("keys on the negotiated locale, not the raw Accept-Language header", async () => {
    const server = countingServer();
    const first = (await (await server.ask("vi-VN,vi;q=0.9,en;q=0.5")).json()) as any;
    const second = (await (await server.ask("vi")).json()) as any;
    expect([first.data.greeting, second.data.greeting]).toEqual(["xin chào", "xin chào"]);
    expect(server.runs()).toBe(1);
    const english = (await (await server.ask("fr, en;q=0.8")).json()) as any;
    expect(english.data.greeting).toBe("hello");
    expect(server.runs()).toBe(2);
    await server.ask("de");
    expect(server.runs()).toBe(2);
  });
});
