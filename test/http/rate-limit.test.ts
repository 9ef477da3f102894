// Rate limits per client: 429 Too Many Requests with Retry-After (RFC 6585 §4, RFC 9110 §10.2.3).
import { describe, expect, it } from "vitest";
import { parseTrustProxy } from "../../src/env.ts";
import { takeToken, type RateLimitOptions } from "../../src/http/rate-limit.ts";
import { createTestServer, useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();

/** A server with its own clock and limits: 1 request per second, bursts of 2. */
function limitedServer(options: Partial<RateLimitOptions> = {}) {
  const clock = { now: 0 };
  const server = createTestServer(seeded.db, {
    rateLimit: { perSecond: 1, burst: 2, trustProxy: null, now: () => clock.now, ...options },
  });
  const ask = (
    address: string,
    headers: Record<string, string> = {},
    query = `{ statusCode(code: 200, locale: "en") { code } }`,
  ) =>
    server.yoga.fetch(
      `http://localhost/graphql?query=${encodeURIComponent(query)}`,
      { headers: { accept: "application/graphql-response+json", ...headers } },
      { req: { socket: { remoteAddress: address } } },
    );
  return { server, clock, ask };
}

describe("the token bucket", () => {
  it("lets a burst through, then one request per refill, and says how long to wait", () => {
    const bucket = { tokens: 3, at: 0 };
    expect([takeToken(bucket, 0, 1, 3), takeToken(bucket, 0, 1, 3), takeToken(bucket, 0, 1, 3)]).toEqual([0, 0, 0]);
    expect(takeToken(bucket, 0, 1, 3)).toBe(1);
    expect(takeToken(bucket, 500, 1, 3)).toBe(1);
    expect(takeToken(bucket, 1000, 1, 3)).toBe(0);
    // Idle for an hour: the bucket holds its size, no more.
    expect(takeToken(bucket, 3_600_000, 0.5, 3)).toBe(0);
    expect(bucket.tokens).toBe(2);
    expect(takeToken({ tokens: 0, at: 0 }, 0, 0.25, 3)).toBe(4);
  });
});

describe("rate limiting (RFC 6585 §4, RFC 9110 §10.2.3)", () => {
  it("answers 429 with Retry-After and a code once a client's bucket is empty, and serves it again after the wait", async () => {
    const { ask, clock } = limitedServer();
    expect((await ask("192.0.2.1")).status).toBe(200);
    expect((await ask("192.0.2.1")).status).toBe(200);
    const refused = await ask("192.0.2.1");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe("RATE_LIMITED");
    clock.now += 1000;
    expect((await ask("192.0.2.1")).status).toBe(200);
  });

  it("refuses before any GraphQL work: an invalid document and an oversized body both get 429, not 400 or 413", async () => {
    const { server, ask } = limitedServer({ burst: 1 });
    await ask("192.0.2.2");
    expect((await ask("192.0.2.2", {}, "{ nope }")).status).toBe(429);
    const oversized = await server.yoga.fetch(
      "http://localhost/graphql",
      { method: "POST", headers: { "content-type": "application/json", "content-length": "999999999" }, body: "{}" },
      { req: { socket: { remoteAddress: "192.0.2.2" } } },
    );
    expect(oversized.status).toBe(429);
  });

  it("limits POST /imports and job polling in the same bucket, before the upload is read, in the endpoint's own shape", async () => {
    const { server, ask } = limitedServer({ burst: 2 });
    const upload = (address: string) =>
      server.yoga.fetch(
        "http://localhost/imports",
        { method: "POST", headers: { "content-type": "application/gzip", "content-length": "999999999" }, body: "x" },
        { req: { socket: { remoteAddress: address } } },
      );
    expect((await ask("192.0.2.9")).status).toBe(200);
    expect(
      (
        await server.yoga.fetch(
          "http://localhost/imports/nope",
          {},
          { req: { socket: { remoteAddress: "192.0.2.9" } } },
        )
      ).status,
    ).toBe(401);
    const refused = await upload("192.0.2.9");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await refused.json()).toEqual({
      error: { code: "RATE_LIMITED", message: "Too many requests: try again in 1 s.", retryAfter: 1 },
    });
    // Another client is not affected: it is told to authenticate, as before.
    expect((await upload("192.0.2.10")).status).toBe(401);
  });

  it("keeps one bucket per address: a flood from one does not refuse another", async () => {
    const { ask } = limitedServer();
    for (let i = 0; i < 5; i++) await ask("198.51.100.7");
    expect((await ask("198.51.100.7")).status).toBe(429);
    expect((await ask("198.51.100.8")).status).toBe(200);
  });

  it("limits a client that sends a token by its token, wherever it connects from", async () => {
    const { ask } = limitedServer();
    const token = bearer(await createToken(seeded.db, { role: "editor" }));
    expect((await ask("203.0.113.1", token)).status).toBe(200);
    expect((await ask("203.0.113.2", token)).status).toBe(200);
    expect((await ask("203.0.113.3", token)).status).toBe(429);
    expect((await ask("203.0.113.3", bearer(await createToken(seeded.db, { role: "editor" })))).status).toBe(200);
    // A bad token is limited too, before it is looked up (a flood of guesses gets 429, not a query each).
    const guess = bearer(`sa_${"G".repeat(43)}`);
    expect([
      (await ask("203.0.113.4", guess)).status,
      (await ask("203.0.113.5", guess)).status,
      (await ask("203.0.113.6", guess)).status,
    ]).toEqual([401, 401, 429]);
  });

  it("counts a token not seen to be valid against its address too: a new made-up token per request does not escape", async () => {
    const { ask } = limitedServer();
    const statuses: number[] = [];
    for (const letter of "HJK") statuses.push((await ask("203.0.113.7", bearer(`sa_${letter.repeat(43)}`))).status);
    expect(statuses).toEqual([401, 401, 429]);
    // Once a token has been seen to be valid it is a client of its own: its address's empty bucket no longer holds it back.
    const token = bearer(await createToken(seeded.db, { role: "editor" }));
    const { ask: askFresh } = limitedServer();
    expect((await askFresh("203.0.113.8", token)).status).toBe(200);
    expect((await askFresh("203.0.113.8")).status).toBe(200);
    expect((await askFresh("203.0.113.8")).status).toBe(429);
    expect((await askFresh("203.0.113.8", token)).status).toBe(200);
  });

  it("marks a 429 sent to a token private, no-store, and one sent to an address no-store (RFC 9111 §5.2.2.5, §5.2.2.7)", async () => {
    const { ask } = limitedServer({ burst: 1 });
    const guess = bearer(`sa_${"L".repeat(43)}`);
    await ask("203.0.113.9", guess);
    const refused = await ask("203.0.113.9", guess);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("cache-control")).toBe("private, no-store");
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY names the proxy: rotating it does not escape the limit", async () => {
    const { ask } = limitedServer();
    for (let i = 0; i < 2; i++) await ask("192.0.2.9", { "x-forwarded-for": `10.9.9.${i}` });
    expect((await ask("192.0.2.9", { "x-forwarded-for": "10.9.9.200" })).status).toBe(429);
  });

  it("believes X-Forwarded-For through the trusted hops only", async () => {
    const { ask } = limitedServer({ trustProxy: { hops: 1 } });
    for (let i = 0; i < 2; i++) await ask("10.0.0.1", { "x-forwarded-for": "198.51.100.1" });
    expect((await ask("10.0.0.1", { "x-forwarded-for": "198.51.100.1" })).status).toBe(429);
    // Another client behind the same proxy has its own bucket; an address the client forged before ours is not believed.
    expect((await ask("10.0.0.1", { "x-forwarded-for": "198.51.100.2" })).status).toBe(200);
    expect((await ask("10.0.0.1", { "x-forwarded-for": "1.1.1.1, 198.51.100.1" })).status).toBe(429);
  });

  it("believes X-Forwarded-For only from the proxy addresses it names", async () => {
    const { ask } = limitedServer({ trustProxy: { addresses: ["10.0.0.1"] } });
    for (let i = 0; i < 2; i++) await ask("10.0.0.1", { "x-forwarded-for": "198.51.100.3" });
    expect((await ask("10.0.0.1", { "x-forwarded-for": "198.51.100.3" })).status).toBe(429);
    expect((await ask("10.0.0.1", { "x-forwarded-for": "198.51.100.4" })).status).toBe(200);
    // Not from the named proxy: the header is the client's own claim, and the socket address is the client.
    for (let i = 0; i < 2; i++) await ask("10.0.0.2", { "x-forwarded-for": `198.51.100.${10 + i}` });
    expect((await ask("10.0.0.2", { "x-forwarded-for": "198.51.100.99" })).status).toBe(429);
  });

  it("reads TRUST_PROXY as a hop count or a list of addresses, and refuses what does not parse", () => {
    expect(parseTrustProxy("")).toBeNull();
    expect(parseTrustProxy("2")).toEqual({ hops: 2 });
    expect(parseTrustProxy("10.0.0.1, loopback,192.168.0.0/16")).toEqual({
      addresses: ["10.0.0.1", "loopback", "192.168.0.0/16"],
    });
    expect(() => parseTrustProxy("not-an-address")).toThrow();
  });
});
