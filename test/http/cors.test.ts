import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorsOptions } from "../../src/http/cors.ts";
import { createTestServer, useSeededServer, type TestServer } from "../helpers/graphql.ts";

const APP = "https://app.example";
const ADMIN = "https://admin.example";
const EVIL = "https://evil.example";

const seeded = useSeededServer({ cors: { origins: [APP, ADMIN], credentials: false } });
/** More servers over the same database, each with another configuration. */
const others = {} as Record<"credentials" | "none" | "any", TestServer>;
beforeAll(() => {
  const config: Record<keyof typeof others, CorsOptions | undefined> = {
    credentials: { origins: [APP], credentials: true },
    none: undefined,
    any: { origins: ["*"], credentials: false },
  };
  for (const [name, cors] of Object.entries(config))
    others[name as keyof typeof others] = createTestServer(seeded.db, cors ? { cors } : {});
});
afterAll(() => {
  for (const server of Object.values(others)) server.close();
});

const QUERY = "{ statusCode(code: 204) { reasonPhrase } }";

function preflight(server: TestServer, origin: string) {
  return server.yoga.fetch("http://localhost/graphql", {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
}

function post(server: TestServer, origin?: string) {
  return server.yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
    body: JSON.stringify({ query: QUERY }),
  });
}

const varyOf = (response: Response) =>
  (response.headers.get("vary") ?? "").split(",").map((v) => v.trim().toLowerCase());

describe("CORS from an allowlist", () => {
  it("answers a preflight from a listed origin with that origin, the methods and headers it may use (Fetch, CORS protocol: HTTP responses)", async () => {
    const response = await preflight(seeded.server, APP);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("access-control-allow-methods")).toMatch(/\bPOST\b/);
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
    expect(response.headers.get("access-control-max-age")).toBe("600");
  });

  it("lets each listed origin read a response, naming that origin exactly (Fetch, CORS check)", async () => {
    for (const origin of [APP, ADMIN]) {
      const response = await post(seeded.server, origin);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(((await response.json()) as any).data.statusCode.reasonPhrase).toBe("No Content");
    }
  });

  it("lets a listed origin's page read the 401/403 challenge, the content version and Retry-After (Fetch, Access-Control-Expose-Headers)", async () => {
    const response = await post(seeded.server, APP);
    const exposed = (response.headers.get("access-control-expose-headers") ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(["www-authenticate", "x-content-version", "retry-after"]));
    expect(
      (await post(seeded.server, "https://elsewhere.example")).headers.get("access-control-expose-headers"),
    ).toBeNull();
  });

  it("gives an origin not on the list no Access-Control-Allow-Origin at all, never the string null (Fetch, CORS check fails without it)", async () => {
    for (const response of [
      await preflight(seeded.server, EVIL),
      await post(seeded.server, EVIL),
      await post(seeded.server, "null"),
    ]) {
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(response.headers.get("access-control-allow-methods")).toBeNull();
    }
  });

  it("sends Vary: Origin on every response, with or without Origin, keeping other Vary values (Fetch, CORS protocol and HTTP caches)", async () => {
    for (const response of [
      await post(seeded.server),
      await post(seeded.server, APP),
      await post(seeded.server, EVIL),
      await preflight(seeded.server, APP),
    ]) {
      expect(varyOf(response)).toContain("origin");
    }
  });

  it("adds the CORS headers to a response the response cache answers (Fetch, CORS check applies to every response)", async () => {
    const get = () =>
      seeded.server.yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent(QUERY)}`, {
        headers: { origin: APP },
      });
    await get();
    const cached = await get();
    expect(cached.status).toBe(200);
    expect(cached.headers.get("access-control-allow-origin")).toBe(APP);
  });

  it("allows no credentials unless configured, and then only for a listed origin (Fetch, CORS check: credentials mode include)", async () => {
    expect((await post(seeded.server, APP)).headers.get("access-control-allow-credentials")).toBeNull();
    expect((await preflight(others.credentials, APP)).headers.get("access-control-allow-credentials")).toBe("true");
    expect((await post(others.credentials, APP)).headers.get("access-control-allow-credentials")).toBe("true");
    expect((await post(others.credentials, EVIL)).headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("allows no origin when none is configured, and says nothing about Origin (no Vary: Origin)", async () => {
    for (const response of [await preflight(others.none, APP), await post(others.none, APP)]) {
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
      expect(varyOf(response)).not.toContain("origin");
    }
  });

  it('answers any origin with "*" when configured so, without credentials (Fetch, CORS check: "*" never with credentials)', async () => {
    const response = await post(others.any, EVIL);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });
});
