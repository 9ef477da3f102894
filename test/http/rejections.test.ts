import { afterEach, describe, expect, it, vi } from "vitest";
import { OPERATION_NOT_SUPPORTED, QUERY_LIMIT_CODES } from "../../src/http/rejections.ts";
import { QUERY_LIMITS } from "../../src/yoga.ts";
import { useSeededServer } from "../helpers/graphql.ts";

// The cache off, so every request reaches parsing and validation.
const seeded = useSeededServer({ responseCache: false });

const GRAPHQL_RESPONSE = "application/graphql-response+json";

async function post(query: string, accept = GRAPHQL_RESPONSE) {
  const response = await seeded.server.yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return { status: response.status, contentType: response.headers.get("content-type"), body };
}

/** One directive per selection: a directive repeated at one location is a different validation error. */
const withDirectives = (count: number) => `{ statusCode(code: 200) { ${"code @include(if: true) ".repeat(count)}} }`;

const over = {
  maxDepth: `{ statusCode(code: 200) { ${"related { ".repeat(QUERY_LIMITS.maxDepth + 2)}code${" }".repeat(QUERY_LIMITS.maxDepth + 2)} } }`,
  maxAliases: `{ ${Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: statusCode(code: 200) { code }`).join(" ")} }`,
  maxTokens: `{ statusCode(code: 200) { ${Array.from({ length: QUERY_LIMITS.maxTokens }, () => "code").join(" ")} } }`,
  maxDirectives: withDirectives(QUERY_LIMITS.maxDirectives + 1),
  maxCost: `{ statusCodes(first: 100) { edges { node { related { related { related { related { code title } } } } } } } }`,
} satisfies Record<keyof typeof QUERY_LIMITS, string>;

describe("query-limit rejections (GraphQL over HTTP: a document that fails validation is a 4xx under application/graphql-response+json)", () => {
  for (const [limit, query] of Object.entries(over) as [keyof typeof over, string][]) {
    it(`answers ${limit} with 400 and ${QUERY_LIMIT_CODES[limit]}, executing nothing`, async () => {
      const { status, contentType, body } = await post(query);
      expect(status).toBe(400);
      expect(contentType).toMatch(/^application\/graphql-response\+json/);
      expect(body.data).toBeUndefined();
      expect(body.errors!.map((e) => e.extensions?.code)).toEqual([QUERY_LIMIT_CODES[limit]]);
      expect(body.errors![0]!.message).not.toMatch(/^Syntax Error/);
    });
  }

  it("keeps 200 with the coded error for an application/json client (GraphQL over HTTP, application/json: 200 for every well-formed request)", async () => {
    const { status, body } = await post(over.maxDepth, "application/json");
    expect(status).toBe(200);
    expect(body.errors![0]!.extensions?.code).toBe("QUERY_TOO_DEEP");
  });

  it("accepts a query just inside every limit", async () => {
    const { status, body } = await post(withDirectives(QUERY_LIMITS.maxDirectives));
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
  });
});

describe("operation types the schema lacks", () => {
  afterEach(() => vi.restoreAllMocks());

  // The schema has mutations (the editorial API) but no subscriptions.
  for (const operation of ["subscription"] as const) {
    it(`answers \`${operation} { x }\` with 400 and ${OPERATION_NOT_SUPPORTED}, logging nothing`, async () => {
      const logged = (["error", "warn", "info", "log", "debug"] as const).map((level) => vi.spyOn(console, level));
      const { status, contentType, body } = await post(`${operation} { x }`);
      expect(status).toBe(400);
      expect(contentType).toMatch(/^application\/graphql-response\+json/);
      expect(body.errors!.map((e) => e.extensions?.code)).toEqual([OPERATION_NOT_SUPPORTED]);
      expect(body.errors![0]!.message).toContain(operation);
      // An expected rejection is not an incident: no stack trace in the server's log.
      for (const spy of logged) expect(spy).not.toHaveBeenCalled();
    });
  }

  it("is never a 500 for an application/json client either", async () => {
    const { status, body } = await post("subscription { x }", "application/json");
    expect(status).toBe(200);
    expect(body.errors![0]!.extensions?.code).toBe(OPERATION_NOT_SUPPORTED);
  });
});
