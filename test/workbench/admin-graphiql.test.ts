// GraphiQL for an admin signed in to the workbench, over HTTP, with the server as production runs it (GraphiQL
// at /graphql and introspection for admins' tokens only): the page and its assets, its fetcher's endpoint
// run as the admin's token would be, and every refusal (role, no session, cross-site, no CSRF proof, revoked).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { revokeToken } from "../../src/auth/store.ts";
import {
  ADMIN_GRAPHQL_PATH,
  CSRF_HEADER,
  GRAPHIQL_CSP,
  GRAPHIQL_PAGE_PATH,
} from "../../src/workbench/admin/graphiql.ts";
import { QUERY_LIMITS } from "../../src/yoga.ts";
import { createTestServer, useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";
import { ORIGIN, workbenchClient } from "./client.ts";
import { workbenchServerOptions } from "./setup.ts";

const options = Object.assign(workbenchServerOptions(), { graphiql: "admin", introspection: "admin" } as const);
const seeded = useSeededServer(options);
const fetchServer = (path: string, init: RequestInit) => seeded.server.yoga.fetch(`${ORIGIN}${path}`, init);

let tokenNames = 0;
async function signedIn(role: "translator" | "reviewer" | "admin" | "editor") {
  const name = `graphiql-${role}-${++tokenNames}`;
  const token = await createToken(seeded.db, { role, name });
  const c = workbenchClient(seeded.server.yoga);
  expect((await c.signIn(token)).status).toBe(303);
  return { c, token, name };
}

/** The options the GraphiQL page hands its script (a JSON script element, never executed as script). */
function pageOptions(text: string) {
  const json = /<script type="application\/json" id="graphiql-options">([^<]*)<\/script>/.exec(text)?.[1];
  expect(json, "the page's options").toBeDefined();
  return JSON.parse(json!) as {
    endpoint: string;
    credentials: string;
    additionalHeaders: Record<string, string>;
    defaultTabs?: { query: string }[];
  };
}

type Client = ReturnType<typeof workbenchClient>;
const cookieOf = (c: Client) => [...c.jar].map(([k, v]) => `${k}=${v}`).join("; ");

/**
 * What GraphiQL's fetcher sends from the page: same origin, the session cookie, JSON, the CSRF header.
 * `headers` changes them; null leaves one out.
 */
function fromGraphiQL(c: Client, csrf: string, body: unknown, headers: Record<string, string | null> = {}) {
  const sent: Record<string, string | null> = {
    cookie: cookieOf(c),
    origin: ORIGIN,
    "sec-fetch-site": "same-origin",
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json, multipart/mixed",
    [CSRF_HEADER]: csrf,
    ...headers,
  };
  return fetchServer(ADMIN_GRAPHQL_PATH, {
    method: "POST",
    headers: Object.entries(sent).filter((entry): entry is [string, string] => entry[1] !== null),
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Opens the page as the admin's browser does and returns the CSRF token its fetcher sends. */
async function openGraphiQL(c: Client): Promise<string> {
  const page = await c.get(GRAPHIQL_PAGE_PATH);
  expect(page.status).toBe(200);
  return pageOptions(page.text).additionalHeaders[CSRF_HEADER]!;
}

const TOKENS_QUERY = "{ tokens { name role revokedAt } }";
const tokenNamesListed = async (token: string) => {
  const response = await fetchServer("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...bearer(token) },
    body: JSON.stringify({ query: TOKENS_QUERY }),
  });
  return ((await response.json()) as { data: { tokens: { name: string }[] } }).data.tokens.map((t) => t.name);
};

describe("GraphiQL in the workbench, for a signed-in admin (production)", () => {
  it("is linked from the admin pages, and its page posts to the workbench endpoint with the session's CSRF token", async () => {
    const { c } = await signedIn("admin");
    const tokensPage = await c.get("/workbench/tokens");
    expect(tokensPage.text).toContain(`href="${GRAPHIQL_PAGE_PATH}"`);
    const sessionCsrf = /name="csrf" value="([^"]*)"/.exec(tokensPage.text)![1]!;

    const page = await c.get(GRAPHIQL_PAGE_PATH);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    // The page holds the session's token: no cache keeps it (RFC 9111 §5.2.2.5, §5.2.2.7).
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    // One policy, GraphiQL's (two headers would both be enforced), and it allows no inline script.
    expect(page.headers.get("content-security-policy")).toBe(GRAPHIQL_CSP);
    expect(GRAPHIQL_CSP).toContain("script-src 'self';");
    expect(page.text).not.toMatch(/<script>|<script [^>]*src="https?:/);
    const options = pageOptions(page.text);
    expect(options.endpoint).toBe(ADMIN_GRAPHQL_PATH);
    expect(options.credentials).toBe("same-origin");
    expect(options.additionalHeaders).toEqual({ [CSRF_HEADER]: sessionCsrf });
    // The README's examples as tabs, as at /graphql.
    expect(options.defaultTabs?.[0]?.query).toContain("statusCode");
  });

  it("is where the / page sends a browser for GraphiQL in production", async () => {
    const home = await fetchServer("/", { headers: { accept: "text/html" } });
    expect(await home.text()).toContain(`<a href="${GRAPHIQL_PAGE_PATH}">GraphiQL</a>`);
  });

  it("serves GraphiQL's code from our origin, compressed and cacheable: it is not the session's", async () => {
    const js = await fetchServer(`${GRAPHIQL_PAGE_PATH}/graphiql.js`, { headers: { "accept-encoding": "br" } });
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("content-encoding")).toBe("br");
    expect(js.headers.get("cache-control")).toBe("public, max-age=600");
    expect(js.headers.get("vary")).toBe("Accept-Encoding");
    const compressed = Buffer.from(await js.arrayBuffer());
    const source = brotliDecompressSync(compressed).toString();
    expect(compressed.length).toBeLessThan(source.length / 3);
    expect(source).toContain("YogaGraphiQL.renderYogaGraphiQL(");
    expect(source).toContain('document.getElementById("graphiql-options")');
    // RFC 9110 §13.1.2, §15.4.5: a copy still current gets 304 and no body.
    const again = await fetchServer(`${GRAPHIQL_PAGE_PATH}/graphiql.js`, {
      headers: { "accept-encoding": "br", "if-none-match": js.headers.get("etag")! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");

    // HEAD: the same fields, no content (RFC 9110 §9.3.2).
    const head = await fetchServer(`${GRAPHIQL_PAGE_PATH}/graphiql.js`, {
      method: "HEAD",
      headers: { "accept-encoding": "br" },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(js.headers.get("etag"));
    expect(await head.text()).toBe("");

    const css = await fetchServer(`${GRAPHIQL_PAGE_PATH}/graphiql.css`, { headers: { "accept-encoding": "gzip" } });
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("content-encoding")).toBe("gzip");
    // Only GraphiQL's two files: any other name there is a workbench page, behind the sign-in.
    expect((await fetchServer(`${GRAPHIQL_PAGE_PATH}/other.js`, {})).status).toBe(401);
  });

  it("runs a query and a mutation as the admin's token would, and the answers are private", async () => {
    const { c, token } = await signedIn("admin");
    const csrf = await openGraphiQL(c);

    // Introspection, admins' only in production: what GraphiQL asks first.
    const schema = await fromGraphiQL(c, csrf, { query: "{ __schema { queryType { name } } }" });
    expect(schema.status).toBe(200);
    expect(await schema.json()).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });

    const listed = await fromGraphiQL(c, csrf, { query: TOKENS_QUERY });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("cache-control")).toBe("private, no-store");
    const body = (await listed.json()) as { data: { tokens: { name: string }[] } };
    expect(body.data.tokens.map((t) => t.name)).toEqual(await tokenNamesListed(token));

    const created = await fromGraphiQL(c, csrf, {
      query: "mutation ($input: CreateTokenInput!) { createToken(input: $input) { token apiToken { name role } } }",
      variables: { input: { name: "made-in-graphiql", role: "EDITOR" } },
    });
    expect(created.status).toBe(200);
    const made = (await created.json()) as {
      data: { createToken: { token: string; apiToken: { name: string; role: string } } };
    };
    expect(made.data.createToken.apiToken).toEqual({ name: "made-in-graphiql", role: "EDITOR" });
    expect(await tokenNamesListed(token)).toContain("made-in-graphiql");

    // Nothing of the admin's answer reached a cache: anonymous, the same query is refused.
    const anonymous = await fetchServer("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: TOKENS_QUERY }),
    });
    expect(anonymous.status).toBe(401);
  });

  it("answers over Node's HTTP server too, whose request body the server reads only once", async () => {
    const { c } = await signedIn("admin");
    const csrf = await openGraphiQL(c);
    const server = createServer(seeded.server.yoga);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const answer = await fetch(`${origin}${ADMIN_GRAPHQL_PATH}`, {
        method: "POST",
        headers: {
          cookie: cookieOf(c),
          origin,
          "sec-fetch-site": "same-origin",
          "content-type": "application/json",
          [CSRF_HEADER]: csrf,
        },
        body: JSON.stringify({ query: "{ contentVersion }" }),
        signal: AbortSignal.timeout(20_000),
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { data: { contentVersion: number } }).data.contentVersion).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("holds the admin to the same limits as a token at /graphql: the same refusal for too many aliases", async () => {
    const { c, token } = await signedIn("admin");
    const csrf = await openGraphiQL(c);
    // One alias more than QUERY_LIMITS allows (src/yoga.ts).
    const deep = `{ ${Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: contentVersion`).join(" ")} }`;
    const viaWorkbench = await fromGraphiQL(c, csrf, { query: deep });
    const viaToken = await fetchServer("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...bearer(token) },
      body: JSON.stringify({ query: deep }),
    });
    expect(viaWorkbench.status).toBe(400);
    expect(viaWorkbench.status).toBe(viaToken.status);
    expect(await viaWorkbench.json()).toEqual(await viaToken.json());
  });

  it("counts the session's requests against the rate limit, as a token's: 429 once its bucket is empty (RFC 6585 §4)", async () => {
    const limited = createTestServer(seeded.db, {
      ...options,
      rateLimit: { perSecond: 0.001, burst: 2, trustProxy: null },
    });
    try {
      const token = await createToken(seeded.db, { role: "admin", name: "graphiql-rate-limited" });
      const c = workbenchClient(limited.yoga);
      expect((await c.signIn(token)).status).toBe(303);
      const csrf = pageOptions((await c.get(GRAPHIQL_PAGE_PATH)).text).additionalHeaders[CSRF_HEADER]!;
      const statuses: number[] = [];
      let refusal: Response | undefined;
      for (let i = 0; i < 8 && !refusal; i++) {
        const answer = await limited.yoga.fetch(`${ORIGIN}${ADMIN_GRAPHQL_PATH}`, {
          method: "POST",
          headers: {
            cookie: cookieOf(c),
            origin: ORIGIN,
            "sec-fetch-site": "same-origin",
            "content-type": "application/json",
            [CSRF_HEADER]: csrf,
          },
          body: JSON.stringify({ query: "{ contentVersion }" }),
        });
        statuses.push(answer.status);
        if (answer.status !== 200) refusal = answer;
      }
      expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
      expect(refusal?.status).toBe(429);
      expect(refusal!.headers.get("retry-after")).toBeTruthy();
      const { errors } = (await refusal!.json()) as { errors: { extensions: { code: string } }[] };
      expect(errors[0]!.extensions.code).toBe("RATE_LIMITED");
    } finally {
      await limited.close();
    }
  });

  it("refuses an editor, a translator and a reviewer with 403 naming the role (RFC 9110 §15.5.4), page and endpoint", async () => {
    for (const role of ["editor", "translator", "reviewer"] as const) {
      const { c } = await signedIn(role);
      const holder = `${/^[aeiou]/.test(role) ? "an" : "a"} ${role} token`;
      const page = await c.get(GRAPHIQL_PAGE_PATH);
      expect(page.status, role).toBe(403);
      expect(page.text).toContain(holder);
      // Their nav does not offer it.
      expect(page.text).not.toContain(`href="${GRAPHIQL_PAGE_PATH}"`);
      const csrf = /name="csrf" value="([^"]*)"/.exec(page.text)![1]!;
      const answer = await fromGraphiQL(c, csrf, { query: "{ contentVersion }" });
      expect(answer.status, role).toBe(403);
      const { errors } = (await answer.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(errors[0]!.extensions.code).toBe("FORBIDDEN");
      expect(errors[0]!.message).toContain(holder);
    }
  });

  it("answers no session with 401 (RFC 9110 §15.5.2): the sign-in page for the browser, a coded error for the fetcher", async () => {
    const c = workbenchClient(seeded.server.yoga);
    const page = await c.get(GRAPHIQL_PAGE_PATH);
    expect(page.status).toBe(401);
    expect(page.headers.get("www-authenticate")).toBeTruthy();
    expect(page.text).toContain('action="/workbench/sign-in"');

    const answer = await fromGraphiQL(c, "", { query: "{ contentVersion }" });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toBeTruthy();
    expect(((await answer.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      "UNAUTHENTICATED",
    );
  });

  it("refuses a cross-site POST and one without the CSRF proof with 403 (RFC 9110 §15.5.4), and runs nothing", async () => {
    const { c, token } = await signedIn("admin");
    const csrf = await openGraphiQL(c);
    const mutation = (name: string) => ({
      query: `mutation { createToken(input: { name: "${name}", role: EDITOR }) { token } }`,
    });
    const codeOf = async (response: Response) =>
      ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;

    // A page of another site (a browser that still sent the cookie, or a sibling subdomain), even with the token.
    const crossSite = await fromGraphiQL(c, csrf, mutation("forged-1"), {
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
    });
    expect(crossSite.status).toBe(403);
    expect(await codeOf(crossSite)).toBe("CSRF_CROSS_ORIGIN");
    // An older browser without Fetch Metadata: its Origin says where it comes from.
    const otherOrigin = await fromGraphiQL(c, csrf, mutation("forged-2"), {
      origin: "https://evil.example",
      "sec-fetch-site": null,
    });
    expect(otherOrigin.status).toBe(403);

    // Same origin, but without the session's token, or with another: no proof the page is ours.
    const missing = await fromGraphiQL(c, csrf, mutation("forged-3"), { [CSRF_HEADER]: null });
    expect(missing.status).toBe(403);
    expect(await codeOf(missing)).toBe("CSRF_TOKEN_REQUIRED");
    const wrong = await fromGraphiQL(c, `${csrf.slice(1)}x`, mutation("forged-4"));
    expect(wrong.status).toBe(403);
    expect(await codeOf(wrong)).toBe("CSRF_TOKEN_REQUIRED");

    // A form a page could post without a preflight is not read at all (RFC 9110 §15.5.16).
    const form = await fromGraphiQL(c, csrf, `query=${encodeURIComponent(mutation("forged-5").query)}`, {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(415);
    // A GET, which a link from anywhere could make (RFC 9110 §15.5.6).
    const get = await fetchServer(`${ADMIN_GRAPHQL_PATH}?query=${encodeURIComponent("{ contentVersion }")}`, {
      headers: { cookie: cookieOf(c), [CSRF_HEADER]: csrf },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");

    const names = await tokenNamesListed(token);
    expect(names.filter((n) => n.startsWith("forged-"))).toEqual([]);
  });

  it("leaves /graphql to bearer tokens: the admin's session cookie and CSRF token sent there are anonymous", async () => {
    const { c } = await signedIn("admin");
    const csrf = await openGraphiQL(c);
    const answer = await fetchServer("/graphql", {
      method: "POST",
      headers: { cookie: cookieOf(c), "content-type": "application/json", [CSRF_HEADER]: csrf },
      body: JSON.stringify({ query: TOKENS_QUERY }),
    });
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      "UNAUTHENTICATED",
    );
  });

  it("ends when the admin's token is revoked: the endpoint answers 401, the page the sign-in form", async () => {
    const { c, name } = await signedIn("admin");
    const csrf = await openGraphiQL(c);
    expect((await fromGraphiQL(c, csrf, { query: "{ contentVersion }" })).status).toBe(200);

    expect(await revokeToken(seeded.db.prisma, name, new Date())).toBe(true);
    const after = await fromGraphiQL(c, csrf, { query: "{ contentVersion }" });
    expect(after.status).toBe(401);
    const page = await c.get(GRAPHIQL_PAGE_PATH);
    expect(page.status).toBe(401);
    expect(page.text).toContain('action="/workbench/sign-in"');
  });
});
