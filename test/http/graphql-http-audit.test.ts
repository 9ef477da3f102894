// The GraphQL over HTTP spec's own conformance audit (graphql-http), run against our whole plugin stack:
// CORS, rate limits, the body limit, the response cache, persisted operations, CSRF prevention and the
// coded rejections must leave it green.
import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANIFEST_FILE } from "../../scripts/persisted-operations.ts";
import { loadManifest } from "../../src/http/persisted-operations.ts";
import { createTestServer, useSeededServer, type TestServer } from "../helpers/graphql.ts";

const seeded = useSeededServer();
/** As `npm start` configures it: persisted operations (accepting documents too) and the default rate limit. */
let production: TestServer;
beforeAll(() => {
  production = createTestServer(seeded.db, {
    persistedOperations: { manifest: loadManifest(MANIFEST_FILE), mode: "accept", apq: false },
    rateLimit: { perSecond: 50, burst: 100, trustProxy: null },
  });
});
afterAll(() => production.close());

for (const [label, server] of [
  ["", () => seeded.server],
  [", persisted operations and rate limits on", () => production],
] as const) {
  describe(`GraphQL over HTTP conformance (graphql-http audit${label})`, () => {
    const audits = serverAudits({
      url: "http://localhost/graphql",
      fetchFn: (input: string, init: RequestInit = {}) => server().yoga.fetch(input, init),
    });
    // The installed graphql-http's whole audit: issue #13 holds the service to 61 of 61. A graphql-http that
    // adds audits fails this until the count here is raised with them passing.
    it("runs all 61 audits", () => expect(audits.length).toBe(61));
    for (const audit of audits) {
      it(audit.name, async () => {
        const result = await audit.fn();
        expect(result.status === "ok" ? "ok" : `${result.status}: ${result.reason}`).toBe("ok");
      });
    }
  });
}
