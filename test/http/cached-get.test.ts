// The cached-GET path (src/http/fast-path/cached-get.ts) answers hits from Node's request, before Yoga. It must answer
// exactly what Yoga would: each request here goes once through it and once through Yoga alone, over real
// HTTP, and the two answers are compared whole: status, every header and the body.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findViewer } from "../../src/auth/store.ts";
import { createLogger } from "../../src/logger.ts";
import { sha256Hex } from "../../src/http/persisted-operations.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { createContentStore, type ContentStore } from "../../src/read/store.ts";
import { createStatusAtlasServer } from "../../src/yoga.ts";
import { createCachedGetPath } from "../../src/http/fast-path/cached-get.ts";
import { createRateLimiter } from "../../src/http/rate-limit.ts";
import type { NodePathLookup } from "../../src/http/response-cache/lookup.ts";
import { silentLogger } from "../../src/logger.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";
import { comparable, httpPair, listen, send } from "../helpers/http-pair.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const COMPARE = `query Compare { compare(a: 202, b: 403) { headline } }`;
const COMPARE_ID = sha256Hex(COMPARE);
const ORIGIN = "https://app.example";

let db: TestDatabase;
let store: ContentStore;
let token: string;
const clock = { now: 0 };
let logged = "";
let built: ReturnType<typeof createStatusAtlasServer>;
let pair: Awaited<ReturnType<typeof httpPair>>;
/** Whether the cached-GET path answered the fast server's last request. */
const answeredLast = () => pair.lastWay() === "cached";

const byQuery = (query: string) => `/graphql?query=${encodeURIComponent(query)}`;

beforeAll(async () => {
  db = await createTestDatabase();
  const report = await runImport(db, { dir: SEEDS_DIR });
  if (!report.ok) throw new Error("seed import failed");
  token = await createToken(db, { role: "editor" });
  store = createContentStore(db);
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    },
  });
  built = createStatusAtlasServer({
    store,
    findViewer: (hash) => findViewer(db.prisma, hash),
    cors: { origins: [ORIGIN, "https://other.example"], credentials: false },
    persistedOperations: { manifest: new Map([[COMPARE_ID, COMPARE]]), mode: "accept", apq: false },
    rateLimit: { perSecond: 1, burst: 1000, trustProxy: null, now: () => clock.now },
    logger: createLogger("info", destination),
  });
  pair = await httpPair(built);
});

afterAll(async () => {
  await pair.close();
  await store.close();
  await db.close();
});

describe("the cached-GET path answers as Yoga does", () => {
  it("leaves a miss to Yoga, then answers the hit: a persisted operation's GET, byte for byte", async () => {
    const path = `/graphql?id=${COMPARE_ID}`;
    const miss = await send(pair.fast, path, { accept: "application/graphql-response+json" });
    expect(miss.status).toBe(200);
    expect(answeredLast()).toBe(false);
    const {
      fast: a,
      yoga: b,
      way,
    } = await pair.both(path, { accept: "application/graphql-response+json", "x-request-id": "edge-1" });
    expect(way).toBe("cached");
    expect(a).toEqual(b);
    expect(a.status).toBe(200);
    expect(a.headers).toMatchObject({
      "cache-control": expect.stringContaining("public"),
      "x-content-version": "1",
      "x-request-id": "edge-1",
      "content-length": String(Buffer.byteLength(a.body)),
    });
    expect(a.headers.etag).toMatch(/^"/);
    expect(a.headers["cache-tag"]).toContain("code-202");
  });

  it("negotiates the locale from Accept-Language, says Vary, and adds CORS for a listed origin only", async () => {
    const path = byQuery(`{ statusCode(code: 403) { title summary } }`);
    for (const language of ["vi", "en-GB,en;q=0.8"]) {
      await send(pair.fast, path, { "accept-language": language });
      for (const origin of [ORIGIN, "https://evil.example", undefined]) {
        const headers = { "accept-language": language, ...(origin ? { origin } : {}) };
        const { fast: a, yoga: b, way } = await pair.both(path, headers);
        expect(way).toBe("cached");
        expect(a).toEqual(b);
        expect(a.headers.vary).toBe("Accept-Language, Origin");
        expect(a.headers["access-control-allow-origin"]).toBe(origin === ORIGIN ? ORIGIN : undefined);
      }
    }
    const vi = await send(pair.fast, path, { "accept-language": "vi" });
    const en = await send(pair.fast, path, { "accept-language": "en-GB,en;q=0.8" });
    expect(vi.body).not.toBe(en.body);
  });

  it("answers 304 to If-None-Match with the strong tag, a weak one, a list or * (RFC 9110 §13.1.2)", async () => {
    const path = byQuery(`{ statusCode(code: 202) { title } }`);
    const first = await send(pair.fast, path);
    const tag = first.headers.etag!;
    for (const ifNoneMatch of [tag, `W/${tag}`, `"nope", ${tag}`, "*"]) {
      const { fast: a, yoga: b, way } = await pair.both(path, { "if-none-match": ifNoneMatch });
      expect(way).toBe("cached");
      expect(a).toEqual(b);
      expect(a.status).toBe(304);
      expect(a.body).toBe("");
      expect(a.headers.etag).toBe(tag);
      expect(a.headers["content-type"]).toBeUndefined();
    }
    const other = await pair.both(path, { "if-none-match": `"nope"` });
    expect(other.fast).toEqual(other.yoga);
    expect(other.fast.status).toBe(200);
  });

  it("leaves to Yoga a failed If-Match (412), HEAD, and any request with a token", async () => {
    const path = byQuery(`{ statusCode(code: 401) { title } }`);
    await send(pair.fast, path);
    const ifMatch = await pair.both(path, { "if-match": `"nope"` });
    expect(ifMatch.way).not.toBe("cached");
    expect(ifMatch.fast.status).toBe(412);
    const head = await pair.both(path, {}, "HEAD");
    expect(head.way).toBe("yoga");
    expect(head.fast).toEqual(head.yoga);
    const withToken = await pair.both(path, bearer(token));
    expect(withToken.way).toBe("yoga");
    expect(withToken.fast.headers["cache-control"]).toBe("private, no-store");
  });

  it("takes from the same rate limit as Yoga, and answers 429 as Yoga does (RFC 6585 §4)", async () => {
    const path = byQuery(`{ statusCode(code: 429) { title } }`);
    await send(pair.fast, path);
    const limited = createStatusAtlasServer({
      store,
      rateLimit: { perSecond: 1, burst: 2, trustProxy: null, now: () => 0 },
      cors: { origins: [ORIGIN, "https://other.example"], credentials: false },
    });
    const limitedFast = await listen(limited.listener);
    const limitedYoga = await listen(limited.yoga);
    try {
      expect((await send(limitedFast, path)).status).toBe(200); // a miss, through Yoga: one token
      expect((await send(limitedFast, path)).status).toBe(200); // a hit, here: the second
      const a = comparable(await send(limitedFast, path, { origin: ORIGIN }), false);
      const b = comparable(await send(limitedYoga, path, { origin: ORIGIN }), false);
      expect(a.status).toBe(429);
      expect(a).toEqual(b);
      expect(a.headers["retry-after"]).toBe("1");
    } finally {
      await Promise.all([limitedFast, limitedYoga].map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });

  it("counts and logs its answers as Yoga's are: one line each, with the cache outcome", async () => {
    const path = byQuery(`query Logged { statusCode(code: 418) { title } }`);
    await send(pair.fast, path);
    logged = "";
    await send(pair.fast, path, { "x-request-id": "logged-1" });
    expect(answeredLast()).toBe(true);
    const lines = logged
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      requestId: "logged-1",
      method: "GET",
      path: "/graphql",
      operationName: "Logged",
      status: 200,
      contentVersion: 1,
      cache: "hit",
    });
    const metrics = await send(pair.fast, "/metrics");
    expect(metrics.body).toMatch(/status_atlas_http_requests_total\{operation="Logged",status="200"\} 2/);
    expect(metrics.body).toMatch(/status_atlas_response_cache_lookups_total\{outcome="hit"\} \d+/);
  });
});

describe("the cached-GET path and the rate limit", () => {
  it("refuses a client out of tokens with 429 before looking anything up: a new URL's document is not even parsed (RFC 6585 §4)", async () => {
    const lookups: string[] = [];
    const cache = {
      hitForGet: (_snapshot: unknown, url: string) => void lookups.push(url),
    } as unknown as NodePathLookup;
    const rateLimiter = createRateLimiter({ perSecond: 1, burst: 1, trustProxy: null, now: () => 0 })!;
    const passedOn: string[] = [];
    const path = createCachedGetPath({
      store: { snapshot: () => ({ version: 1 }) } as unknown as ContentStore,
      cache,
      cors: { headersFor: () => ({}), variesByOrigin: false },
      rateLimiter,
      metrics: { record: () => undefined },
      logger: silentLogger,
    });
    // What Yoga would do next: its rate-limit plugin skips a request already charged.
    const next = (req: IncomingMessage, res: ServerResponse) => {
      passedOn.push(`${req.url} charged=${rateLimiter.charged.has(req)}`);
      res.end("next");
    };
    const server = await listen((req, res) => {
      if (!path.answer(req, res)) next(req, res);
    });
    try {
      const first = await send(server, byQuery("{ a: __typename }"));
      expect(first.body).toBe("next");
      const second = await send(server, byQuery("{ b: __typename }"));
      expect(second.status).toBe(429);
      expect(second.headers["retry-after"]).toBe("1");
      expect(lookups).toEqual([byQuery("{ a: __typename }")]);
      // The miss went on charged, so nothing after this path takes a second token for it.
      expect(passedOn).toEqual([`${byQuery("{ a: __typename }")} charged=true`]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("the fast path switched off (FAST_PATH=off)", () => {
  it("sends every request to Yoga, which answers what the fast path answers", async () => {
    const on = createStatusAtlasServer({ store });
    const off = createStatusAtlasServer({ store, fastPath: false });
    /** Each server as Node serves it, noting whether its fast path took the request. */
    const took: Record<string, boolean[]> = { on: [], off: [] };
    const serve = (name: "on" | "off", built: typeof on) =>
      listen((req, res) => {
        const fast = built.cachedGet.answer(req, res) || built.compiledQuery.answer(req, res, built.yoga);
        took[name]!.push(fast);
        if (!fast) built.yoga(req, res);
      });
    const [onServer, offServer] = await Promise.all([serve("on", on), serve("off", off)]);
    try {
      const path = byQuery(`query Switched { statusCode(code: 410) { title } }`);
      for (const server of [onServer, offServer]) await send(server, path); // a miss: each cache now holds it
      const viaOn = comparable(await send(onServer, path), false);
      const viaOff = comparable(await send(offServer, path), false);
      expect(took).toEqual({ on: [false, true], off: [false, false] });
      expect(viaOff).toEqual(viaOn);
      // The switch is the listener's too: Node's listener of a server built with it off is Yoga itself.
      expect(off.listener).toBe(off.yoga);
    } finally {
      await Promise.all([onServer, offServer].map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });
});
