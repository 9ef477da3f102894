// The GraphQL over HTTP spec's own conformance audit (graphql-http), run against our whole plugin stack:
// CORS, the body limit, the response cache, CSRF prevention and the coded rejections must leave it green.
import { serverAudits } from "graphql-http";
import { describe, expect, it } from "vitest";
import { useSeededServer } from "../helpers/graphql.ts";

const seeded = useSeededServer();

describe("GraphQL over HTTP conformance (graphql-http audit)", () => {
  const audits = serverAudits({
    url: "http://localhost/graphql",
    fetchFn: (input: string, init: RequestInit = {}) => seeded.server.yoga.fetch(input, init),
  });
  it("has audits to run", () => expect(audits.length).toBeGreaterThan(50));
  for (const audit of audits) {
    it(audit.name, async () => {
      const result = await audit.fn();
      expect(result.status === "ok" ? "ok" : `${result.status}: ${result.reason}`).toBe("ok");
    });
  }
});
