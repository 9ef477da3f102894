// content.published's purgeKeys against the Cache-Tag of real responses: a CDN that caches answers by the keys
// they carried and purges by the keys the webhook sends must never keep an answer that changed. The server's
// own response cache drops by the same keys: after these changes (English, facts, a message: every locale) it
// keeps exactly what the CDN keeps, and never a stale answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSubscription } from "../../src/webhooks/subscriptions.ts";
import { createTestServer, useSeededServer, type TestServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();
let editor: Record<string, string>;
/** The same database served without a response cache: what a reader would be answered now. */
let uncached: TestServer;
beforeAll(async () => {
  uncached = createTestServer(seeded.db, { responseCache: false });
  editor = bearer(await createToken(seeded.db, { role: "editor", name: "edna" }));
  // Never delivered here (no worker runs): the queued payload is what a CDN's purger would receive.
  const added = await addSubscription(seeded.db, { url: "https://cdn.example/purge", events: "content.published" }, {});
  if (!added.ok) throw new Error(added.message);
});

afterAll(async () => {
  await uncached.close();
});

const get = (query: string, server: TestServer = seeded.server) =>
  server.yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent(query)}`, {
    headers: { accept: "application/graphql-response+json" },
  });

/** Response-cache hits the cached server has answered so far (its /metrics). */
async function cacheHits(): Promise<number> {
  const text = await (await seeded.server.yoga.fetch("http://localhost/metrics")).text();
  return Number(/status_atlas_response_cache_lookups_total\{outcome="hit"\} (\d+)/.exec(text)?.[1] ?? 0);
}

async function mutate(query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await seeded.server.yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...editor },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

type Cached = { query: string; body: string; keys: string[] };

/** What a CDN holds after one GET of each query: the body, tagged with the Cache-Tag it came with. */
async function cacheAll(queries: readonly string[]): Promise<Cached[]> {
  return Promise.all(
    queries.map(async (query) => {
      const response = await get(query);
      expect(response.headers.get("cache-control"), query).toMatch(/^public/);
      return { query, body: await response.text(), keys: response.headers.get("cache-tag")!.split(",") };
    }),
  );
}

/** The purgeKeys of the content.published event queued for the change that made `version`. */
async function purgeKeysFor(version: number): Promise<string[]> {
  const rows = await seeded.db.prisma.webhookDelivery.findMany({ where: { event: "content.published" } });
  const events = rows.map((row) => JSON.parse(row.payload).data).filter((data) => data.contentVersion === version);
  expect(events).toHaveLength(1);
  return events[0].purgeKeys;
}

/**
 * Purges `cached` by `purgeKeys` as a CDN does (an entry goes when it carries any of them), then asks a server
 * without a cache: `stale` are the entries the CDN kept although the answer changed, which must be none. The
 * cached server is asked too, one request at a time: `kept` are the answers its own cache still held (hits).
 */
async function purgeThenCompare(cached: readonly Cached[], purgeKeys: readonly string[]) {
  const after: (Cached & { now: string; served: string; hit: boolean })[] = [];
  for (const entry of cached) {
    const hits = await cacheHits();
    const served = await (await get(entry.query)).text();
    after.push({
      ...entry,
      now: await (await get(entry.query, uncached)).text(),
      served,
      hit: (await cacheHits()) > hits,
    });
  }
  const purged = (entry: Cached) => entry.keys.some((key) => purgeKeys.includes(key));
  // The server's cache answers what a fresh read answers, and keeps what the CDN keeps, no more, no less.
  for (const entry of after) expect(entry.served, entry.query).toBe(entry.now);
  expect(after.filter((entry) => entry.hit).map((entry) => entry.query)).toEqual(
    after.filter((entry) => !purged(entry)).map((entry) => entry.query),
  );
  return {
    stale: after.filter((entry) => !purged(entry) && entry.now !== entry.body).map((entry) => entry.query),
    purged: after.filter(purged).map((entry) => entry.query),
    changed: after.filter((entry) => entry.now !== entry.body).map((entry) => entry.query),
  };
}

const UPDATE_CODE = `mutation ($input: UpdateStatusCodeInput!) { updateStatusCode(input: $input) { contentVersion } }`;
const UPSERT_COMPARISON = `mutation ($input: UpsertComparisonInput!) { upsertComparison(input: $input) { contentVersion } }`;
const UPDATE_MESSAGE = `mutation ($input: UpdateMessageInput!) { updateMessage(input: $input) { contentVersion } }`;

describe("content.published purgeKeys, against the purge keys responses carry", () => {
  it("names the keys a response about a code carried, and purges every answer a change to its text altered", async () => {
    const about404 = `{ statusCode(code: 404, locale: "en") { title summary revision } }`;
    const unrelated = [
      `{ statusCode(code: 200, locale: "en") { title summary } }`,
      `{ compare(a: 301, b: 308, locale: "en") { markdown } }`,
    ];
    const cached = await cacheAll([
      about404,
      `{ statusCode(code: 404, locale: "vi") { summary translationState } }`,
      `{ statusCode(code: 410, locale: "en") { related { code summary } } }`,
      `{ compare(a: 410, b: 404, locale: "en") { markdown } }`,
      `{ compare(a: 404, b: 500, locale: "en") { markdown } }`,
      `{ statusCodes(search: "teapot", locale: "en") { totalCount edges { node { code } } } }`,
      ...unrelated,
    ]);
    const { revision } = JSON.parse(cached[0]!.body).data.statusCode;

    const { updateStatusCode } = await mutate(UPDATE_CODE, {
      input: { code: 404, expectedRevision: revision, summary: "Nothing lives at this URL, and no teapot either." },
    });
    const purgeKeys = await purgeKeysFor(updateStatusCode.contentVersion);

    // Every key naming what the response about 404 showed; not the catch-all, which would empty the CDN.
    const specific = cached[0]!.keys.filter((key) => key !== "content");
    expect(specific).toEqual(["code-404"]);
    expect(purgeKeys).toEqual(expect.arrayContaining(specific));
    expect(purgeKeys).not.toContain("content");

    const outcome = await purgeThenCompare(cached, purgeKeys);
    expect(outcome.stale).toEqual([]);
    // The search's matches changed ("teapot" now finds 404) though its answer named no 404 before: code-list.
    expect(outcome.changed).toEqual(expect.arrayContaining([about404, cached[5]!.query]));
    for (const query of unrelated) expect(outcome.purged).not.toContain(query);
  });

  it("purges a pair's computed comparison, in either order, when an editor curates it, and not the codes' own pages", async () => {
    const asked = [
      `{ compare(a: 412, b: 409, locale: "en") { curated summary } }`,
      `{ compare(a: 409, b: 412, locale: "vi") { curated markdown } }`,
    ];
    const codePage = `{ statusCode(code: 409, locale: "en") { title summary } }`;
    const cached = await cacheAll([...asked, codePage]);
    expect(cached[0]!.keys).toContain("comparison-409-vs-412");

    const text = {
      summary: "Both refuse a write.",
      differences: ["409 is about the resource's state; 412 about a precondition the client sent."],
      similarities: [],
      whenToUseA: "Use 409 for state conflicts.",
      whenToUseB: "Use 412 when If-Match fails.",
      body: "",
    };
    const { upsertComparison } = await mutate(UPSERT_COMPARISON, {
      input: { a: 412, b: 409, ...text, whenToUseA: text.whenToUseB, whenToUseB: text.whenToUseA },
    });
    const purgeKeys = await purgeKeysFor(upsertComparison.contentVersion);
    expect(purgeKeys).toEqual(["comparison-409-vs-412", "translation-progress"]);

    const outcome = await purgeThenCompare(cached, purgeKeys);
    expect(outcome.stale).toEqual([]);
    expect(outcome.changed).toEqual(asked);
    expect(outcome.purged).toEqual(asked);
  });

  it("purges everything by the catch-all every response carries when a message changes", async () => {
    const cached = await cacheAll([
      `{ statusCode(code: 418, locale: "en") { classLabel } }`,
      `{ compare(a: 401, b: 403, locale: "en") { headline } }`,
      `{ locales { code } }`,
    ]);
    const { revision } = (await mutate(`{ message(key: "class.4xx") { revision } }`, {})).message;

    const { updateMessage } = await mutate(UPDATE_MESSAGE, {
      input: { key: "class.4xx", expectedRevision: revision, text: "4xx Client error" },
    });
    const purgeKeys = await purgeKeysFor(updateMessage.contentVersion);
    expect(purgeKeys).toEqual(["content"]);

    const outcome = await purgeThenCompare(cached, purgeKeys);
    expect(outcome.stale).toEqual([]);
    expect(outcome.purged).toEqual(cached.map((entry) => entry.query));
    expect(outcome.changed).toEqual([cached[0]!.query]);
  });
});
