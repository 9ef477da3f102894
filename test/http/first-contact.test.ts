// What a browser gets the first time someone opens the server: a page at /, and GraphiQL at /graphql,
// opening on the README's queries, compressed and cacheable (RFC 9110 §8.4, §12.5.3, §13.1.2; RFC 9111
// §5.2.2), and in production a page saying an admin's token is needed instead of an empty 406.
import { readFileSync } from "node:fs";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { findViewer } from "../../src/auth/store.ts";
import { createContentStore } from "../../src/read/store.ts";
import { graphqlExamples } from "../../src/http/graphiql.ts";
import { createStatusAtlasYoga, type StatusAtlasYoga } from "../../src/yoga.ts";
import { useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const README = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
const BROWSER = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

const seeded = useSeededServer({ graphiql: true });
let production: StatusAtlasYoga;
let tokens: { admin: string; translator: string };
beforeAll(async () => {
  production = createStatusAtlasYoga({
    store: createContentStore(seeded.db),
    findViewer: (hash) => findViewer(seeded.db.prisma, hash),
    graphiql: "admin",
    introspection: "admin",
  });
  tokens = {
    admin: await createToken(seeded.db, { role: "admin" }),
    translator: await createToken(seeded.db, { role: "translator" }),
  };
});

/** GraphiQL's options as the page embeds them (render-graphiql writes them as one JSON literal). */
function embeddedTabs(html: string): { query: string }[] {
  const tabs = /"defaultTabs":(\[.*?\]),"/s.exec(html);
  expect(tabs, "the page names default tabs").not.toBeNull();
  return JSON.parse(tabs![1]!) as { query: string }[];
}

describe("GET /", () => {
  it("is a small page linking GraphiQL, the workbench, /health and the docs", async () => {
    const response = await seeded.server.yoga.fetch("http://localhost/", { headers: BROWSER });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    for (const href of ['href="/graphql"', 'href="/workbench/"', 'href="/health"', 'href="/ready"'])
      expect(html).toContain(href);
    expect(html).toContain("docs/http-api.md");
    expect(html.length).toBeLessThan(4000);
  });

  it("answers HEAD with the GET's fields and no content (RFC 9110 §9.3.2), and a current copy with 304 (§13.1.2)", async () => {
    const get = await seeded.server.yoga.fetch("http://localhost/");
    const head = await seeded.server.yoga.fetch("http://localhost/", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(get.headers.get("etag"));
    expect(await head.text()).toBe("");
    expect(get.headers.get("cache-control")).toBe("public, max-age=300");
    const again = await seeded.server.yoga.fetch("http://localhost/", {
      headers: { "if-none-match": get.headers.get("etag")! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});

describe("GraphiQL", () => {
  it("opens with the README's example queries as tabs", async () => {
    const response = await seeded.server.yoga.fetch("http://localhost/graphql", {
      headers: { ...BROWSER, "accept-encoding": "identity" },
    });
    expect(response.status).toBe(200);
    const examples = graphqlExamples(README);
    expect(examples.length).toBeGreaterThanOrEqual(4);
    expect(embeddedTabs(await response.text()).map((tab) => tab.query)).toEqual(examples);
  });

  it("sends the page compressed as the browser accepts (br, else gzip), with Vary naming Accept and Accept-Encoding (RFC 9110 §12.5.3)", async () => {
    const plain = await seeded.server.yoga.fetch("http://localhost/graphql", {
      headers: { ...BROWSER, "accept-encoding": "identity" },
    });
    const raw = Buffer.from(await plain.arrayBuffer());
    expect(plain.headers.get("content-encoding")).toBeNull();

    const br = await seeded.server.yoga.fetch("http://localhost/graphql", {
      headers: { ...BROWSER, "accept-encoding": "gzip, deflate, br" },
    });
    expect(br.headers.get("content-encoding")).toBe("br");
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brotliDecompressSync(brBytes).equals(raw)).toBe(true);
    expect(brBytes.length).toBeLessThan(raw.length / 4);

    const gz = await seeded.server.yoga.fetch("http://localhost/graphql", {
      headers: { ...BROWSER, "accept-encoding": "gzip" },
    });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(raw)).toBe(true);

    for (const response of [plain, br, gz]) expect(response.headers.get("vary")).toMatch(/^Accept, Accept-Encoding/);
    // Each encoding is its own representation, with its own strong validator (RFC 9110 §8.8.3).
    expect(new Set([plain, br, gz].map((r) => r.headers.get("etag"))).size).toBe(3);
  });

  it("may be reused by a browser for a while and revalidated with its ETag: 304 with no body (RFC 9111 §5.2.2.1, RFC 9110 §13.1.2)", async () => {
    const first = await seeded.server.yoga.fetch("http://localhost/graphql", {
      headers: { ...BROWSER, "accept-encoding": "br" },
    });
    expect(first.headers.get("cache-control")).toBe("public, max-age=600");
    await first.arrayBuffer();
    const again = await seeded.server.yoga.fetch("http://localhost/graphql", {
      headers: { ...BROWSER, "accept-encoding": "br", "if-none-match": first.headers.get("etag")! },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(await again.text()).toBe("");
  });

  it("leaves GraphQL over GET to Yoga for clients that ask for JSON", async () => {
    const response = await seeded.server.yoga.fetch("http://localhost/graphql?query=%7BcontentVersion%7D", {
      headers: { accept: "application/json" },
    });
    expect(await response.json()).toEqual({ data: { contentVersion: 1 } });
  });
});

describe("GraphiQL in production (admins only)", () => {
  it("answers a browser without a token with a page naming what is needed, 401 and a Bearer challenge (RFC 9110 §15.5.2), not an empty 406", async () => {
    const response = await production.fetch("http://localhost/graphql", { headers: BROWSER });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="status-atlas"/);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const html = await response.text();
    expect(html).toContain("GraphiQL needs an admin's token");
    expect(html).toContain("tokens create --name you --role admin");
  });

  it("answers another role's token with 403 (RFC 9110 §15.5.4), and an admin's with GraphiQL, private", async () => {
    const translator = await production.fetch("http://localhost/graphql", {
      headers: { ...BROWSER, ...bearer(tokens.translator) },
    });
    expect(translator.status).toBe(403);
    expect(await translator.text()).toContain("translator");
    const admin = await production.fetch("http://localhost/graphql", {
      headers: { ...BROWSER, ...bearer(tokens.admin), "accept-encoding": "gzip" },
    });
    expect(admin.status).toBe(200);
    expect(admin.headers.get("cache-control")).toBe("private, no-store");
    expect(gunzipSync(Buffer.from(await admin.arrayBuffer())).toString()).toContain("Status Atlas GraphiQL");
  });
});
