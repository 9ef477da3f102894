// The compiled-query path (src/http/fast-path/compiled-query.ts) runs anonymous GETs, and JSON POSTs, of queries Yoga has
// already run, from Node's request. Each request goes once through it and once through Yoga alone, over real HTTP, and
// the answers are compared whole: status, every header and the body.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findViewer } from "../../src/auth/store.ts";
import { sha256Hex } from "../../src/http/persisted-operations.ts";
import { createLogger } from "../../src/logger.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { createContentStore, type ContentStore } from "../../src/read/store.ts";
import { createStatusAtlasServer, type YogaOptions } from "../../src/yoga.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";
import { httpPair, send } from "../helpers/http-pair.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const CODE = `query Code($code: Int!) { statusCode(code: $code) { code title summary } }`;
const COMPARE = `query Compare { compare(a: 202, b: 403) { headline summary markdown } }`;
const PAIR = `query Pair($a: Int!, $b: Int!) { compare(a: $a, b: $b) { headline } }`;
const ORIGIN = "https://app.example";
const JSON_POST = { "content-type": "application/json", accept: "application/graphql-response+json" };
const postBody = (query: string, variables?: object, extra: object = {}) =>
  JSON.stringify({ query, ...(variables ? { variables } : {}), ...extra });
const byQuery = (query: string, variables?: object) =>
  `/graphql?query=${encodeURIComponent(query)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ""}`;

let db: TestDatabase;
let store: ContentStore;
let token: string;
const pairs: Awaited<ReturnType<typeof httpPair>>[] = [];

/** An info-level logger whose JSON lines the test reads back. */
function captureLog() {
  let logged = "";
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    },
  });
  return {
    logger: createLogger("info", destination),
    clear: () => void (logged = ""),
    lines: () =>
      logged
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

async function pairWith(options: Partial<YogaOptions> = {}) {
  const pair = await httpPair(
    createStatusAtlasServer({
      store,
      findViewer: (hash) => findViewer(db.prisma, hash),
      cors: { origins: [ORIGIN, "https://other.example"], credentials: false },
      persistedOperations: { manifest: new Map([[sha256Hex(COMPARE), COMPARE]]), mode: "accept", apq: false },
      ...options,
    }),
  );
  pairs.push(pair);
  return pair;
}

beforeAll(async () => {
  db = await createTestDatabase();
  if (!(await runImport(db, { dir: SEEDS_DIR })).ok) throw new Error("seed import failed");
  token = await createToken(db, { role: "editor" });
  store = createContentStore(db);
});
afterAll(async () => {
  for (const pair of pairs) await pair.close();
  await store.close();
  await db.close();
});

describe("the compiled-query path answers as Yoga does", () => {
  it("runs a document once Yoga has run it, with any variables, byte for byte as Yoga answers", async () => {
    const pair = await pairWith({ responseCache: false });
    await send(pair.fast, byQuery(CODE, { code: 202 }));
    expect(pair.lastWay()).toBe("yoga");
    // Twice: the second time each URL's parameters come from the path's memo, not from parsing it again.
    for (const code of [202, 403, 418, 202, 403, 418]) {
      const { fast, yoga, way } = await pair.both(byQuery(CODE, { code }), {
        accept: "application/graphql-response+json",
        "x-request-id": `req-${code}`,
      });
      expect(way).toBe("compiled");
      expect(fast).toEqual(yoga);
      expect(fast.status).toBe(200);
      expect(JSON.parse(fast.body).data.statusCode.code).toBe(code);
      expect(fast.headers).toMatchObject({
        "content-type": "application/graphql-response+json; charset=utf-8",
        "x-content-version": "1",
        "cache-tag": `code-${code},content`,
      });
    }
  });

  it("runs a persisted operation by id, negotiating the locale, with Vary and CORS as Yoga sends them", async () => {
    const pair = await pairWith({ responseCache: false });
    const path = `/graphql?id=${sha256Hex(COMPARE)}`;
    await send(pair.fast, path);
    for (const language of ["vi", "en"]) {
      for (const origin of [ORIGIN, "https://evil.example", undefined]) {
        const { fast, yoga, way } = await pair.both(path, {
          "accept-language": language,
          ...(origin ? { origin } : {}),
        });
        expect(way).toBe("compiled");
        expect(fast).toEqual(yoga);
        expect(fast.headers.vary).toBe("Accept-Language, Origin");
        expect(fast.headers["access-control-allow-origin"]).toBe(origin === ORIGIN ? ORIGIN : undefined);
      }
    }
    expect(JSON.parse((await send(pair.fast, path, { "accept-language": "vi" })).body).data.compare.headline).toBe(
      "So sánh HTTP 202 Accepted và 403 Forbidden",
    );
  });

  it("answers 304 to a matching If-None-Match (RFC 9110 §13.1.2), as Yoga does", async () => {
    const pair = await pairWith({ responseCache: false });
    const path = byQuery(CODE, { code: 304 });
    const first = await send(pair.fast, path);
    for (const ifNoneMatch of [first.headers.etag!, `W/${first.headers.etag}`, "*"]) {
      const { fast, yoga, way } = await pair.both(path, { "if-none-match": ifNoneMatch });
      expect(way).toBe("compiled");
      expect(fast).toEqual(yoga);
      expect(fast.status).toBe(304);
    }
  });

  it("hands an execution that ends in an error to Yoga, which answers with its coded error", async () => {
    const pair = await pairWith({ responseCache: false });
    await send(pair.fast, byQuery(PAIR, { a: 202, b: 403 }));
    const { fast, yoga, way } = await pair.both(byQuery(PAIR, { a: 999, b: 403 }), {
      accept: "application/graphql-response+json",
    });
    expect(way).toBe("compiled");
    expect(fast).toEqual(yoga);
    expect(JSON.parse(fast.body).errors[0].extensions.code).toBe("NOT_FOUND");
    const badVariables = await pair.both(byQuery(PAIR, { a: "two hundred", b: 403 }), {
      accept: "application/graphql-response+json",
    });
    expect(badVariables.fast).toEqual(badVariables.yoga);
    expect(JSON.parse(badVariables.fast.body).errors[0].message).toMatch(
      /Variable "\$a" got invalid value "two hundred"/,
    );
  });

  it("leaves to Yoga what it has not run, a token, X-Preview, If-Match and an event stream", async () => {
    const pair = await pairWith({ responseCache: false });
    const path = byQuery(CODE, { code: 201 });
    await send(pair.fast, path);
    for (const headers of [
      bearer(token),
      { "x-preview": "true" },
      { "if-match": `"nope"` },
      { accept: "text/event-stream" },
    ] as Record<string, string>[]) {
      const { fast, yoga, way } = await pair.both(path, headers);
      expect(way, JSON.stringify(headers)).toBe("yoga");
      expect(fast.status).toBe(yoga.status);
    }
    const unseen = await pair.both(byQuery(`{ statusCode(code: 200) { title } }`));
    expect(unseen.way).toBe("yoga");
  });

  it("keeps its answer in the response cache, so the next request is a hit with the same bytes", async () => {
    const pair = await pairWith();
    await send(pair.fast, byQuery(CODE, { code: 200 }));
    const path = byQuery(CODE, { code: 404 });
    const miss = await send(pair.fast, path, { "x-request-id": "m" });
    expect(pair.lastWay()).toBe("compiled");
    const hit = await send(pair.fast, path, { "x-request-id": "m" });
    expect(pair.lastWay()).toBe("cached");
    expect({ ...hit, headers: { ...hit.headers, date: undefined } }).toEqual({
      ...miss,
      headers: { ...miss.headers, date: undefined },
    });
  });

  it("does not run an anonymous document in persisted-only mode, even one it ran by id", async () => {
    const pair = await pairWith({
      responseCache: false,
      persistedOperations: { manifest: new Map([[sha256Hex(COMPARE), COMPARE]]), mode: "only", apq: false },
    });
    await send(pair.fast, `/graphql?id=${sha256Hex(COMPARE)}`);
    expect((await pair.both(`/graphql?id=${sha256Hex(COMPARE)}`)).way).toBe("compiled");
    const { fast, yoga, way } = await pair.both(byQuery(COMPARE), { accept: "application/graphql-response+json" });
    expect(way).toBe("yoga");
    expect(fast).toEqual(yoga);
    expect(JSON.parse(fast.body).errors[0].extensions.code).toBe("PERSISTED_QUERY_ONLY");
  });

  it("takes one token from the client's rate limit per request, even one it hands to Yoga (RFC 6585 §4)", async () => {
    const pair = await pairWith({
      responseCache: false,
      rateLimit: { perSecond: 1, burst: 3, trustProxy: null, now: () => 0 },
    });
    expect((await send(pair.fast, byQuery(PAIR, { a: 202, b: 403 }))).status).toBe(200); // Yoga: 1
    const handedOver = await send(pair.fast, byQuery(PAIR, { a: 999, b: 403 })); // taken on, handed over: 2
    expect(pair.lastWay()).toBe("compiled");
    expect(JSON.parse(handedOver.body).errors[0].extensions.code).toBe("NOT_FOUND");
    expect((await send(pair.fast, byQuery(PAIR, { a: 401, b: 403 }))).status).toBe(200); // 3
    const refused = await send(pair.fast, byQuery(PAIR, { a: 200, b: 403 }));
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("1");
  });

  it("logs and counts its answers as Yoga's are", async () => {
    const log = captureLog();
    const pair = await pairWith({ responseCache: false, logger: log.logger });
    await send(pair.fast, byQuery(CODE, { code: 200 }));
    log.clear();
    await send(pair.fast, byQuery(CODE, { code: 204 }), { "x-request-id": "compiled-1" });
    expect(pair.lastWay()).toBe("compiled");
    const lines = log.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      requestId: "compiled-1",
      method: "GET",
      path: "/graphql",
      operationName: "Code",
      status: 200,
      contentVersion: 1,
      cache: null,
    });
    expect((await send(pair.fast, "/metrics")).body).toMatch(
      /status_atlas_http_requests_total\{operation="Code",status="200"\} 2/,
    );
  });

  it("runs a query Yoga has run over POST, byte for byte as Yoga answers, with no shared caching", async () => {
    const pair = await pairWith({ responseCache: false });
    // A query Yoga ran over GET is eligible over POST too, and the other way round.
    await send(pair.fast, byQuery(CODE, { code: 202 }));
    // Taken on to read its body, then handed to Yoga: the pair's query has not run yet.
    await send(pair.fast, "/graphql", JSON_POST, "POST", postBody(PAIR, { a: 202, b: 403 }));
    for (const [query, variables] of [
      [CODE, { code: 403 }],
      [PAIR, { a: 401, b: 403 }],
      [PAIR, { a: 202, b: 403 }],
    ] as const) {
      const { fast, yoga, way } = await pair.both(
        "/graphql",
        { ...JSON_POST, "accept-language": "vi", origin: ORIGIN, "x-request-id": "p" },
        "POST",
        postBody(query, variables),
      );
      expect(way).toBe("compiled");
      expect(fast).toEqual(yoga);
      expect(fast.status).toBe(200);
      expect(fast.headers["cache-control"]).toBe("no-store");
    }
    const compared = await pair.both(byQuery(PAIR, { a: 202, b: 403 }));
    expect(compared.way).toBe("compiled");
    expect(compared.fast).toEqual(compared.yoga);
  });

  it("answers a POST from the response cache, and keeps its own answers there, apart from GETs", async () => {
    const pair = await pairWith();
    await send(pair.fast, "/graphql", JSON_POST, "POST", postBody(CODE, { code: 200 }));
    const body = postBody(CODE, { code: 410 });
    const miss = await send(pair.fast, "/graphql", { ...JSON_POST, "x-request-id": "m" }, "POST", body);
    expect(pair.lastWay()).toBe("compiled");
    const hit = await pair.both("/graphql", { ...JSON_POST, "x-request-id": "m" }, "POST", body);
    expect(hit.way).toBe("compiled");
    expect(hit.fast).toEqual(hit.yoga);
    expect(hit.fast.body).toBe(miss.body);
    expect(hit.fast.headers.etag).toBe(miss.headers.etag);
    // The GET of the same query is another entry, with public caching headers.
    const get = await send(pair.fast, byQuery(CODE, { code: 410 }));
    expect(get.headers["cache-control"]).toMatch(/public/);
    expect(get.body).toBe(miss.body);
  });

  it("leaves to Yoga a POST it may not run as it stands: mutations, APQ, other bodies, If-None-Match, persisted-only", async () => {
    const pair = await pairWith({
      responseCache: false,
      persistedOperations: { manifest: new Map(), mode: "accept", apq: true },
    });
    const ran = postBody(CODE, { code: 201 });
    await send(pair.fast, "/graphql", JSON_POST, "POST", ran);
    expect((await pair.both("/graphql", JSON_POST, "POST", ran)).way).toBe("compiled");
    // A JSON POST within the body limit is taken on, its body read, then handed over ("compiled"); the rest never taken on.
    const cases: [Record<string, string>, string, string][] = [
      // An anonymous mutation is refused by Yoga (401); it is never recorded as eligible.
      [JSON_POST, postBody(`mutation { revokeToken(name: "x") { name } }`), "compiled"],
      [
        JSON_POST,
        postBody(CODE, { code: 201 }, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(CODE) } } }),
        "compiled",
      ],
      [JSON_POST, "{ not json", "compiled"],
      [{ ...JSON_POST, "content-type": "text/plain" }, ran, "yoga"],
      [{ ...JSON_POST, "transfer-encoding": "chunked" }, ran, "yoga"],
      [{ ...JSON_POST, "content-type": "application/json; charset=latin1" }, ran, "yoga"],
      [{ ...JSON_POST, "if-none-match": "*" }, ran, "yoga"],
      [{ ...JSON_POST, ...bearer(token) }, ran, "yoga"],
    ];
    for (const [headers, body, taken] of cases) {
      const { fast, yoga, way } = await pair.both("/graphql", headers, "POST", body);
      expect(way, body).toBe(taken);
      // Taken on then handed over, or never taken: Yoga answers either way, the same as Yoga alone.
      expect({ ...fast, headers: { ...fast.headers, "x-request-id": undefined } }, body).toEqual({
        ...yoga,
        headers: { ...yoga.headers, "x-request-id": undefined },
      });
    }
    expect((await send(pair.fast, "/graphql", { ...JSON_POST, "if-none-match": "*" }, "POST", ran)).status).toBe(412);
    expect((await send(pair.fast, "/graphql", JSON_POST, "POST", "{ not json")).status).toBe(400);

    const only = await pairWith({
      responseCache: false,
      persistedOperations: { manifest: new Map([[sha256Hex(COMPARE), COMPARE]]), mode: "only", apq: false },
    });
    await send(only.fast, `/graphql?id=${sha256Hex(COMPARE)}`);
    const raw = await only.both("/graphql", JSON_POST, "POST", postBody(COMPARE));
    expect(raw.way).toBe("compiled");
    expect(raw.fast).toEqual(raw.yoga);
    expect(JSON.parse(raw.fast.body).errors[0].extensions.code).toBe("PERSISTED_QUERY_ONLY");
    const byId = await only.both("/graphql", JSON_POST, "POST", JSON.stringify({ documentId: sha256Hex(COMPARE) }));
    expect(byId.way).toBe("compiled");
    expect(byId.fast).toEqual(byId.yoga);
    expect(byId.fast.status).toBe(200);
  });

  it("logs a POST it answers under its method and operation", async () => {
    const log = captureLog();
    const pair = await pairWith({ responseCache: false, logger: log.logger });
    await send(pair.fast, "/graphql", JSON_POST, "POST", postBody(CODE, { code: 200 }));
    log.clear();
    await send(
      pair.fast,
      "/graphql",
      { ...JSON_POST, "x-request-id": "post-1" },
      "POST",
      postBody(CODE, { code: 204 }),
    );
    expect(pair.lastWay()).toBe("compiled");
    const lines = log.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      requestId: "post-1",
      method: "POST",
      path: "/graphql",
      operationName: "Code",
      status: 200,
      contentVersion: 1,
    });
  });
});
