// One JSON log line per request, with its id, and never a token.
import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import type { ContentStore } from "../../src/read/store.ts";
import { createStatusAtlasYoga } from "../../src/yoga.ts";
import { findViewer } from "../../src/auth/store.ts";
import { useSeededServer } from "../helpers/graphql.ts";
import { createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();
let TOKEN: string;
beforeAll(async () => {
  TOKEN = await createToken(seeded.db, { role: "translator" });
});

/** A server logging to memory: the raw text written, and its lines parsed. */
function loggedServer(store: ContentStore = seeded.server.store, level: "info" | "debug" = "info") {
  let text = "";
  const destination = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const yoga = createStatusAtlasYoga({
    store,
    findViewer: (hash) => findViewer(seeded.db.prisma, hash),
    logger: createLogger(level, destination),
  });
  const lines = () =>
    text
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { yoga, text: () => text, lines };
}

const post = (query: string, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify({ query }),
});

describe("request log", () => {
  it("writes one line per request with id, method, path, operation, status, duration, content version and cache outcome", async () => {
    const { yoga, lines } = loggedServer();
    const url = "http://localhost/graphql?query=query%20Version%20%7BcontentVersion%7D";
    const first = await yoga.fetch(url, { headers: { accept: "application/json" } });
    expect(first.status).toBe(200);
    await yoga.fetch(url, { headers: { accept: "application/json" } });
    const [miss, hit] = lines();
    expect(miss).toMatchObject({
      level: 30,
      method: "GET",
      path: "/graphql",
      operationName: "Version",
      status: 200,
      contentVersion: 1,
      cache: "miss",
    });
    expect(miss!.requestId).toBe(first.headers.get("x-request-id"));
    expect(typeof miss!.durationMs).toBe("number");
    // The hit ran nothing: it is named after the operation that filled the cache.
    expect(hit).toMatchObject({ status: 200, cache: "hit", contentVersion: 1, operationName: "Version" });
    expect(hit!.requestId).not.toBe(miss!.requestId);
  });

  it("keeps a sane incoming X-Request-Id and replaces one that is not", async () => {
    const { yoga, lines } = loggedServer(seeded.server.store, "debug");
    const kept = await yoga.fetch("http://localhost/health", { headers: { "x-request-id": "edge-42.abc" } });
    expect(kept.headers.get("x-request-id")).toBe("edge-42.abc");
    const replaced = await yoga.fetch("http://localhost/health", {
      headers: { "x-request-id": "bad id\twith {json}" },
    });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines().map((line) => line.requestId)).toEqual(["edge-42.abc", replaced.headers.get("x-request-id")]);
  });

  it("logs requests answered before GraphQL: CORS preflights at info, health probes at debug", async () => {
    const { yoga, lines } = loggedServer(seeded.server.store, "debug");
    await yoga.fetch("http://localhost/graphql", {
      method: "OPTIONS",
      headers: { origin: "https://elsewhere.example", "access-control-request-method": "POST" },
    });
    await yoga.fetch("http://localhost/health");
    expect(lines().map((line) => [line.level, line.method, line.path])).toEqual([
      [30, "OPTIONS", "/graphql"],
      [20, "GET", "/health"],
    ]);
  });

  it("writes nothing at info for /health, /ready and /metrics, which load balancers and Prometheus poll", async () => {
    const { yoga, lines } = loggedServer();
    for (const probe of ["/health", "/ready", "/metrics", "/ready"])
      expect((await yoga.fetch(`http://localhost${probe}`)).status).toBe(200);
    await yoga.fetch("http://localhost/graphql?query=%7BcontentVersion%7D", {
      headers: { accept: "application/json" },
    });
    expect(lines().map((line) => line.path)).toEqual(["/graphql"]);
  });

  it("never writes the bearer token or the Authorization header", async () => {
    const { yoga, text, lines } = loggedServer();
    const response = await yoga.fetch(
      "http://localhost/graphql",
      post("query Locales { locales { code } }", { authorization: `Bearer ${TOKEN}` }),
    );
    expect(response.status).toBe(200);
    expect(lines()).toHaveLength(1);
    expect(text()).not.toContain(TOKEN);
    expect(text().toLowerCase()).not.toContain("authorization");
    expect(text()).not.toContain("Bearer");
  });

  it("does not log an expected error as an error", async () => {
    const { yoga, lines } = loggedServer();
    const response = await yoga.fetch("http://localhost/graphql", post("{ compare(a: 401, b: 401) { a { code } } }"));
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBeDefined();
    expect(lines()).toHaveLength(1);
    expect(lines()[0]!.level).toBe(30);
  });

  it("logs an unexpected error once, at error level, with the request id, while the client sees it masked", async () => {
    const real = seeded.server.store;
    const snapshot = await real.ready();
    const broken = new Proxy(snapshot.model, {
      get(target, property, receiver) {
        if (property === "locales") throw new Error("locale table exploded");
        return Reflect.get(target, property, receiver);
      },
    });
    const store: ContentStore = { ...real, snapshot: () => ({ ...snapshot, model: broken }) };
    const { yoga, lines } = loggedServer(store);
    // Credentialed, so the response cache does not negotiate a locale first.
    const response = await yoga.fetch(
      "http://localhost/graphql",
      post("query Locales { locales { code } }", {
        authorization: `Bearer ${TOKEN}`,
        "x-request-id": "req-unexpected",
      }),
    );
    const body = (await response.json()) as { errors?: { message: string }[] };
    expect(body.errors?.[0]?.message).toBe("Unexpected error.");
    const logged = lines();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 50,
      requestId: "req-unexpected",
      operationName: "Locales",
      err: { message: "locale table exploded" },
    });
  });
});
