// Persisted operations: the checked-in manifest, GET ?id=, the production switch and APQ in development.
import { readFileSync } from "node:fs";
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { buildManifest, MANIFEST_FILE } from "../../scripts/persisted-operations.ts";
import { loadManifest, sha256Hex } from "../../src/http/persisted-operations.ts";
import { createTestServer, useSeededServer, type TestServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const manifest = loadManifest(MANIFEST_FILE);
const idOf = (name: string) =>
  [...manifest].find(
    ([, document]) => document.startsWith(`query ${name}(`) || document.startsWith(`query ${name} `),
  )![0];
const seeded = useSeededServer({ persistedOperations: { manifest, mode: "accept", apq: true } });
let only: TestServer;
beforeAll(
  () => void (only = createTestServer(seeded.db, { persistedOperations: { manifest, mode: "only", apq: true } })),
);
afterAll(() => only.close());

const GRAPHQL_RESPONSE = { accept: "application/graphql-response+json" };
const getById = (server: TestServer, id: string, variables: object, headers: Record<string, string> = {}) =>
  server.yoga.fetch(`http://localhost/graphql?id=${id}&variables=${encodeURIComponent(JSON.stringify(variables))}`, {
    headers: { ...GRAPHQL_RESPONSE, ...headers },
  });
const getQuery = (server: TestServer, query: string, headers: Record<string, string> = {}) =>
  server.yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent(query)}`, {
    headers: { ...GRAPHQL_RESPONSE, ...headers },
  });
const post = (server: TestServer, body: object, headers: Record<string, string> = {}) =>
  server.yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...GRAPHQL_RESPONSE, ...headers },
    body: JSON.stringify(body),
  });

describe("the manifest", () => {
  it("is what `npm run persisted-operations` writes from operations/*.graphql, each id the sha256 of its document", () => {
    expect(readFileSync(MANIFEST_FILE, "utf8")).toBe(buildManifest());
    for (const [id, document] of manifest) expect(sha256Hex(document)).toBe(id);
  });
});

describe("persisted operations", () => {
  it("serves GET /graphql?id=…&variables=… like any GET: public caching headers, an ETag, 304 on a match", async () => {
    const response = await getById(seeded.server, idOf("ComparePage"), { a: 401, b: 403, locale: "en" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.compare.headline).toContain("401");
    expect(response.headers.get("cache-control")).toMatch(/^public, max-age=/);
    expect(response.headers.get("surrogate-key")).toBe("code-401 code-403 comparison-401-vs-403 content");
    const again = await getById(
      seeded.server,
      idOf("ComparePage"),
      { a: 401, b: 403, locale: "en" },
      { "if-none-match": response.headers.get("etag")! },
    );
    expect(again.status).toBe(304);
  });

  it("takes a POST's documentId, with or without the sha256: prefix", async () => {
    for (const documentId of [idOf("Locales"), `sha256:${idOf("Locales")}`]) {
      const body = (await (await post(seeded.server, { documentId })).json()) as any;
      expect(body.data.locales.map((l: { code: string }) => l.code)).toContain("vi");
    }
  });

  it("answers an unknown id with PERSISTED_QUERY_NOT_FOUND", async () => {
    const response = await getById(seeded.server, "0".repeat(64), {});
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });
});

describe("PERSISTED_OPERATIONS=only", () => {
  const QUERY = `{ statusCode(code: 204, locale: "en") { title } }`;

  it("refuses an anonymous document with PERSISTED_QUERY_ONLY and runs the manifest's operations", async () => {
    const refused = await getQuery(only, QUERY);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe("PERSISTED_QUERY_ONLY");
    expect((await post(only, { query: QUERY })).status).toBe(400);
    expect((await getById(only, idOf("StatusCodePage"), { code: 204, locale: "en" })).status).toBe(200);
  });

  it("lets a valid token of any role send any document, and refuses an invalid one with 401", async () => {
    for (const role of ["admin", "editor", "reviewer", "translator"] as const) {
      const allowed = (await (
        await post(only, { query: QUERY }, bearer(await createToken(seeded.db, { role })))
      ).json()) as any;
      expect(allowed.data.statusCode.title).toBeTruthy();
    }
    expect((await post(only, { query: QUERY }, { authorization: "Bearer not-the-translator-token" })).status).toBe(401);
  });

  it("does not answer an anonymous document from the cache that its persisted twin filled", async () => {
    const id = idOf("Locales");
    expect((await getById(only, id, {})).status).toBe(200);
    const twin = await getQuery(only, manifest.get(id)!);
    expect(twin.status).toBe(400);
  });

  it("registers no automatic persisted query, which would let any document in", async () => {
    const query = "{ locales { code } }";
    const hash = sha256Hex(query);
    const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
    expect((await post(only, { query, extensions })).status).toBe(400);
    expect(((await (await post(only, { extensions })).json()) as any).errors[0].extensions.code).toBe(
      "PERSISTED_QUERY_NOT_FOUND",
    );
  });
});

describe("automatic persisted queries (development)", () => {
  it("asks for the document on an unknown hash, registers it with its hash, then runs the hash alone", async () => {
    const query = "{ locales { nativeName } }";
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } };
    const unknown = (await (await post(seeded.server, { extensions })).json()) as any;
    // Apollo's and urql's APQ links retry with the document on this exact message.
    expect(unknown.errors[0].message).toBe("PersistedQueryNotFound");
    expect((await post(seeded.server, { query, extensions })).status).toBe(200);
    const known = (await (await post(seeded.server, { extensions })).json()) as any;
    expect(known.data.locales.length).toBeGreaterThan(1);
  });

  it("does not register a document under a hash that is not its own", async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256Hex("{ something else }") } };
    await post(seeded.server, { query: "{ locales { name } }", extensions });
    expect(((await (await post(seeded.server, { extensions })).json()) as any).errors[0].message).toBe(
      "PersistedQueryNotFound",
    );
  });
});
