import { describe, expect, it } from "vitest";
import { CSRF_HEADERS } from "../../src/http/csrf.ts";
import { useSeededServer } from "../helpers/graphql.ts";

const seeded = useSeededServer();
const QUERY = "{ statusCode(code: 204) { reasonPhrase } }";

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return seeded.server.yoga.fetch("http://localhost/graphql", { method: "POST", headers, body });
}

const form = () => new URLSearchParams({ query: QUERY }).toString();
const multipart = () => {
  const data = new FormData();
  data.set("query", QUERY);
  return data;
};

// Fetch, "CORS-safelisted request-header": a Content-Type of application/x-www-form-urlencoded,
// multipart/form-data or text/plain needs no preflight, so any page can make a browser send one.
describe("CSRF prevention for requests a browser sends without a preflight", () => {
  const simple: [string, () => BodyInit, Record<string, string>][] = [
    ["application/x-www-form-urlencoded", form, { "content-type": "application/x-www-form-urlencoded" }],
    ["multipart/form-data", multipart, {}],
    ["text/plain", () => JSON.stringify({ query: QUERY }), { "content-type": "text/plain;charset=UTF-8" }],
  ];
  for (const [type, body, headers] of simple) {
    it(`refuses a ${type} POST without a preflighted header: 403 CSRF_PREFLIGHT_REQUIRED, nothing executed (Fetch: CORS-safelisted request-header)`, async () => {
      const response = await post(body(), headers);
      expect(response.status).toBe(403);
      const result = (await response.json()) as any;
      expect(result.data).toBeUndefined();
      expect(result.errors.map((e: any) => e.extensions?.code)).toEqual(["CSRF_PREFLIGHT_REQUIRED"]);
    });
  }

  it("executes a form POST that carries a header only a preflighted request can send (Fetch: not a CORS-safelisted request-header)", async () => {
    for (const header of CSRF_HEADERS) {
      const response = await post(form(), { "content-type": "application/x-www-form-urlencoded", [header]: "1" });
      expect(response.status).toBe(200);
      expect(((await response.json()) as any).data.statusCode.reasonPhrase).toBe("No Content");
    }
  });

  it("leaves an application/json POST alone: that Content-Type is not safelisted, so a browser preflights it (Fetch: CORS-safelisted request-header)", async () => {
    const response = await post(JSON.stringify({ query: QUERY }), { "content-type": "application/json" });
    expect(response.status).toBe(200);
  });

  it("leaves a plain GET alone: GET is safe and cannot run a mutation (RFC 9110 §9.2.1)", async () => {
    const response = await seeded.server.yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent(QUERY)}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.statusCode.reasonPhrase).toBe("No Content");
  });
});
