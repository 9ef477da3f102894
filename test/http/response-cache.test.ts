import { createSchema, createYoga } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import { useContentResponseCache } from "../../src/http/response-cache/plugin.ts";
import { useContentSnapshot } from "../../src/http/snapshot.ts";
import type { ContentStore } from "../../src/read/store.ts";
import { useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();

const post = (query: string, headers: Record<string, string> = {}) =>
  seeded.server.yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });

describe("the response cache", () => {
  it("answers a repeated POST from cache without touching the database or the resolvers", async () => {
    const query = `{ compare(a: 301, b: 308, locale: "en") { headline markdown } }`;
    const first = await post(query);
    const etag = first.headers.get("etag");
    // A strong validator (no W/), quoted (RFC 9110 §8.8.3).
    expect(etag).toMatch(/^"[^"]+"$/);
    seeded.db.statements.length = 0;
    const second = await post(query);
    expect(second.status).toBe(200);
    expect(second.headers.get("etag")).toBe(etag);
    expect(await second.text()).toBe(await first.text());
    expect(seeded.db.statements).toEqual([]);
    // A POST is not answered 304 (RFC 9110 §13.1.2): test/http/http-caching.test.ts checks its 412.
    expect((await post(query, { "if-none-match": etag! })).status).toBe(412);
  });

  it("never stores a response with errors", async () => {
    const query = `{ compare(a: 200, b: 299) { headline } }`;
    const first = await post(query);
    expect(first.headers.get("etag")).toBeNull();
    const body = (await first.json()) as any;
    expect(body.errors[0].extensions.code).toBe("NOT_FOUND");
    expect((await post(query)).headers.get("etag")).toBeNull();
  });

  it("never shares bytes with, or caches for, a request carrying credentials", async () => {
    const query = `{ translationTasks(locale: "vi", first: 1) { totalCount } }`;
    const translator = bearer(await createToken(seeded.db, { role: "translator", locales: ["vi"] }));
    const allowed = (await (await post(query, translator)).json()) as any;
    expect(allowed.data.translationTasks.totalCount).toBe(0);
    const anonymous = (await (await post(query)).json()) as any;
    expect(anonymous.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const publicQuery = `{ statusCode(code: 200) { title } }`;
    await post(publicQuery);
    expect((await post(publicQuery, translator)).headers.get("etag")).toBeNull();
  });

  it("keys on what shapes the response: the locale header and the accepted media type", async () => {
    const query = `{ statusCode(code: 200) { locale } }`;
    const en = (await (await post(query, { "accept-language": "en" })).json()) as any;
    const vi = (await (await post(query, { "accept-language": "vi" })).json()) as any;
    expect([en.data.statusCode.locale, vi.data.statusCode.locale]).toEqual(["en", "vi"]);
    const json = await post(query, { accept: "application/json" });
    const graphqlJson = await post(query, { accept: "application/graphql-response+json" });
    expect(json.headers.get("content-type")).toContain("application/json");
    expect(graphqlJson.headers.get("content-type")).toContain("application/graphql-response+json");
  });

  it("files a response under the snapshot it was built from, never under a newer content version", async () => {
    // A store whose content version moves while a request built from the older snapshot is still running.
    let contentVersion = 1;
    let executions = 0;
    let slowExecutions = 0;
    let release = () => {};
    const gate = new Promise<number>((resolve) => (release = () => resolve(7)));
    const store = {
      snapshot: () => ({
        version: contentVersion,
        model: { locales: new Map([["en", {}]]) },
        changesSince: () => null,
      }),
    } as unknown as ContentStore;
    const schema = createSchema({
      typeDefs: "type Query { answer: Int! slow: Int! }",
      resolvers: {
        Query: {
          answer: () => (executions++, 42),
          slow: () => (slowExecutions++, gate),
        },
      },
    });
    const yoga = createYoga({
      schema,
      logging: false,
      plugins: [useContentSnapshot(store), useContentResponseCache()],
    });
    const ask = (query = "%7Banswer%7D") =>
      yoga.fetch(`http://localhost/graphql?query=${query}`, { headers: { accept: "application/json" } });

    const first = await ask();
    expect(first.headers.get("x-content-version")).toBe("1");
    expect((await ask()).headers.get("etag")).toBe(first.headers.get("etag"));
    expect(executions).toBe(1);
    // A request pinned to version 1 is still running when version 2 arrives.
    const slow = ask("%7Bslow%7D");
    await new Promise((resolve) => setTimeout(resolve, 10));
    contentVersion = 2;
    const second = await ask();
    expect(second.headers.get("x-content-version")).toBe("2");
    expect(executions).toBe(2);
    release();
    const late = await slow;
    expect(late.headers.get("x-content-version")).toBe("1");
    // Still a whole answer with its own validator; that it was not stored is checked next.
    // Version 2's cache holds only what was built from version 2: the same query executes again.
    await ask("%7Bslow%7D");
    expect(slowExecutions).toBe(2);
  });
});

describe("the response cache's key and size", () => {
  /** A server over a fixed snapshot whose resolvers count how often they run. */
  function countingServer(maxBytes?: number) {
    const runs: Record<string, number> = {};
    const count = (name: string) => (runs[name] = (runs[name] ?? 0) + 1);
    const store = {
      snapshot: () => ({ version: 1, model: { locales: new Map([["en", {}]]) } }),
    } as unknown as ContentStore;
    const schema = createSchema({
      typeDefs:
        "type Query { greet(name: String!, punctuation: String): String! other: String! padding(size: Int!): String! }",
      resolvers: {
        Query: {
          greet: (_root, args: { name: string; punctuation?: string }) => (
            count("greet"), `hello ${args.name}${args.punctuation ?? ""}`
          ),
          other: () => (count("other"), "other"),
          padding: (_root, args: { size: number }) => (count(`padding-${args.size}`), "x".repeat(args.size)),
        },
      },
    });
    const yoga = createYoga({
      schema,
      logging: false,
      plugins: [useContentSnapshot(store), useContentResponseCache({ maxBytes })],
    });
    const ask = (
      query: string,
      variables?: Record<string, unknown>,
      headers: Record<string, string> = {},
      operationName?: string,
    ) =>
      yoga.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...headers },
        body: JSON.stringify({ query, variables, operationName }),
      });
    return { ask, runs };
  }

  it("keeps 600 whitespace, comma and comment variants of one query as one entry", async () => {
    const server = countingServer();
    for (let i = 0; i < 600; i++) {
      const spacing = " ".repeat(i % 7) + "\n".repeat(i % 3);
      const query = `# variant ${i}\nquery Greeting($name: String!)${spacing}{${spacing}greet(name: $name,${spacing}punctuation: "!") }`;
      const body = (await (await server.ask(query, { name: "An" })).json()) as any;
      expect(body.data.greet).toBe("hello An!");
    }
    expect(server.runs.greet).toBe(1);
  });

  it("keys on the variables' values, not their order, and on the operation name", async () => {
    const server = countingServer();
    const query = "query A($name: String!, $p: String) { greet(name: $name, punctuation: $p) } query B { other }";
    await server.ask(query, { name: "An", p: "." }, {}, "A");
    await server.ask(query, { p: ".", name: "An" }, {}, "A");
    expect(server.runs.greet).toBe(1);
    await server.ask(query, { name: "Binh", p: "." }, {}, "A");
    expect(server.runs.greet).toBe(2);
    await server.ask(query, {}, {}, "B");
    expect(server.runs.other).toBe(1);
  });

  it("keys on the media type Yoga answers with, not on the Accept header's spelling", async () => {
    const server = countingServer();
    const query = `{ greet(name: "Chi") }`;
    const json = await server.ask(query, undefined, { accept: "application/json" });
    const anything = await server.ask(query, undefined, { accept: "*/*" });
    expect(anything.headers.get("content-type")).toBe(json.headers.get("content-type"));
    expect(server.runs.greet).toBe(1);
    const graphqlResponse = await server.ask(query, undefined, { accept: "application/graphql-response+json" });
    expect(graphqlResponse.headers.get("content-type")).toContain("application/graphql-response+json");
    expect(server.runs.greet).toBe(2);
  });

  it("holds at most maxBytes, dropping the least recently used response first", async () => {
    // Each answer is a little over 4,000 bytes: three fit in 10,000 bytes only as two.
    const server = countingServer(10_000);
    const ask = (size: number) => server.ask(`query Pad($size: Int!) { padding(size: $size) }`, { size });
    await ask(4000);
    await ask(4001);
    await ask(4000);
    expect(server.runs["padding-4000"]).toBe(1);
    await ask(4002); // evicts 4001, the least recently used
    await ask(4000);
    expect(server.runs["padding-4000"]).toBe(1);
    await ask(4001);
    expect(server.runs["padding-4001"]).toBe(2);
  });
});

describe("the response cache and malformed parameters", () => {
  it("never answers a request whose operationName is not a string from a valid request's entry", async () => {
    const store = {
      snapshot: () => ({ version: 1, model: { locales: new Map([["en", {}]]) } }),
    } as unknown as ContentStore;
    const schema = createSchema({
      typeDefs: "type Query { answer: Int! }",
      resolvers: { Query: { answer: () => 42 } },
    });
    const yoga = createYoga({
      schema,
      logging: false,
      plugins: [useContentSnapshot(store), useContentResponseCache()],
    });
    const ask = (operationName: unknown) =>
      yoga.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
        body: JSON.stringify({ query: "{ answer }", operationName }),
      });
    expect((await ask(undefined)).status).toBe(200);
    for (const malformed of [{}, 7, true, []]) expect((await ask(malformed)).status).toBe(400);
  });
});
