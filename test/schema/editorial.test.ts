// The editorial API over GraphQL: revisions and CONFLICT, payloads from the new content version, 401 vs
// 403 as HTTP statuses, and drafts that no anonymous read path ever serves.
import { beforeAll, describe, expect, it } from "vitest";
import { useSeededServer, type TestServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";
import type { GraphQLEnumType, GraphQLInputObjectType } from "graphql";
import { schema } from "../../src/schema/index.ts";

const seeded = useSeededServer();
const tokens: Record<"editor" | "translator" | "reviewer", string> = { editor: "", translator: "", reviewer: "" };
beforeAll(async () => {
  tokens.editor = await createToken(seeded.db, { role: "editor", name: "edna" });
  tokens.translator = await createToken(seeded.db, { role: "translator", locales: ["vi"], name: "tran" });
  tokens.reviewer = await createToken(seeded.db, { role: "reviewer", locales: ["vi"], name: "rita" });
});

const post: TestServer["post"] = (...args) => seeded.server.post(...args);

const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateStatusCodeInput!) {
    updateStatusCode(input: $input) { revision contentVersion statusCode { code summary revision } }
  }
`;

describe("updateStatusCode", () => {
  it("answers with the code as it now reads, its new revision and the new content version", async () => {
    const before = await post("{ contentVersion statusCode(code: 418) { revision } }");
    const { revision } = before.body.data.statusCode;
    const result = await post(
      UPDATE,
      { input: { code: 418, expectedRevision: revision, summary: "A joke code: the server is a teapot." } },
      bearer(tokens.editor),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.updateStatusCode).toEqual({
      revision: revision + 1,
      contentVersion: before.body.data.contentVersion + 1,
      statusCode: { code: 418, summary: "A joke code: the server is a teapot.", revision: revision + 1 },
    });
    // Anonymous readers get it on their next request: the content version moved, and caches key on it.
    const read = await post('{ statusCode(code: 418, locale: "en") { summary } }');
    expect(read.body.data.statusCode.summary).toBe("A joke code: the server is a teapot.");
    expect(Number(read.headers.get("x-content-version"))).toBe(before.body.data.contentVersion + 1);
  });

  it("refuses a stale revision with CONFLICT carrying the current revision and value", async () => {
    const { revision } = (await post("{ statusCode(code: 451) { revision } }")).body.data.statusCode;
    const first = await post(
      UPDATE,
      { input: { code: 451, expectedRevision: revision, summary: "First editor's words." } },
      bearer(tokens.editor),
    );
    expect(first.body.errors).toBeUndefined();
    const second = await post(
      UPDATE,
      { input: { code: 451, expectedRevision: revision, summary: "Second editor's words." } },
      bearer(tokens.editor),
    );
    const error = second.body.errors![0]!;
    expect(error.extensions.code).toBe("CONFLICT");
    expect(error.extensions.currentRevision).toBe(revision + 1);
    expect(error.extensions.current.summary).toBe("First editor's words.");
  });

  it("gives a CONFLICT in the API's own shape: the input's fields, the schema's enum values, no paths, and a diff naming what differs", async () => {
    const { revision } = (await post("{ statusCode(code: 429) { revision retry summary } }")).body.data.statusCode;
    const first = await post(
      UPDATE,
      { input: { code: 429, expectedRevision: revision, summary: "Slow down: too many requests." } },
      bearer(tokens.editor),
    );
    expect(first.body.errors).toBeUndefined();
    const stale = {
      code: 429,
      expectedRevision: revision,
      summary: "Another editor's summary.",
      retry: "NO",
      hasBody: true,
    };
    const second = await post(UPDATE, { input: stale }, bearer(tokens.editor));
    const extensions = second.body.errors![0]!.extensions;
    expect(extensions.code).toBe("CONFLICT");
    const current = extensions.current as Record<string, unknown>;
    // Only fields the client sends for this record (UpdateStatusCodeInput's), plus whether its text is a draft.
    const inputFields = new Set(
      Object.keys((schema.getType("UpdateStatusCodeInput") as GraphQLInputObjectType).getFields()),
    );
    expect(Object.keys(current).filter((k) => !inputFields.has(k) && k !== "draft")).toEqual([]);
    expect(current).toMatchObject({ code: 429, summary: "Slow down: too many requests.", draft: false });
    // Enum values as the schema names them, not as they are stored ("after-delay").
    const retryValues = (schema.getType("RetryPolicy") as GraphQLEnumType).getValues().map((v) => v.name);
    expect(retryValues).toContain(current.retry);
    expect(current.retry).toBe("AFTER_DELAY");
    for (const field of [
      "registryStatus",
      "auth",
      "redirect",
      "redirectMethod",
      "outcome",
      "producer",
      "actor",
      "retryCondition",
    ]) {
      expect(String(current[field])).toMatch(/^[A-Z0-9_]+$/);
    }
    // No file paths anywhere in the error, and no other record's text (Vietnamese, the files' bookkeeping).
    expect(JSON.stringify(second.body.errors)).not.toMatch(/\.md|seeds\/|"file"/);
    expect(current).not.toHaveProperty("class");
    // The diff names each sent field whose value differs from the current one, in the API's values.
    expect(extensions.diff).toEqual([
      { field: "retry", current: "AFTER_DELAY", yours: "NO" },
      { field: "summary", current: "Slow down: too many requests.", yours: "Another editor's summary." },
    ]);
    expect(JSON.stringify(extensions).length).toBeLessThan(4000);
  });

  it("answers 401 with a Bearer challenge without a token, and 403 naming the permission to a translator", async () => {
    const input = { code: 404, expectedRevision: 1, summary: "Nope." };
    const anonymous = await post(UPDATE, { input });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer realm="status-atlas"$/);
    expect(anonymous.body.errors![0]!.extensions.code).toBe("UNAUTHENTICATED");
    const translator = await post(UPDATE, { input }, bearer(tokens.translator));
    expect(translator.status).toBe(403);
    expect(translator.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(translator.body.errors![0]!.extensions.code).toBe("FORBIDDEN");
    expect(translator.body.errors![0]!.message).toContain("edit permission");
    expect((await post("{ statusCode(code: 404) { summary } }")).body.data.statusCode.summary).not.toBe("Nope.");
  });
});

describe("drafts", () => {
  const DRAFT = "Bản nháp chưa duyệt về 404";
  let draftVersion = 0;
  beforeAll(async () => {
    const { translation } = (await post('{ statusCode(code: 404, locale: "vi") { translation { revision } } }')).body
      .data.statusCode;
    const saved = await post(
      `mutation ($input: SaveTranslationInput!) { saveTranslation(input: $input) { translation { state revision } contentVersion } }`,
      { input: { unitId: "code.404", locale: "vi", expectedRevision: translation.revision, text: { summary: DRAFT } } },
      bearer(tokens.translator),
    );
    expect(saved.body.errors).toBeUndefined();
    expect(saved.body.data.saveTranslation.translation).toEqual({ state: "DRAFT", revision: translation.revision + 1 });
    draftVersion = saved.body.data.saveTranslation.contentVersion;
  });

  const anonymousReads = {
    statusCode: '{ statusCode(code: 404, locale: "vi") { summary translationState } }',
    "statusCodes with search":
      '{ statusCodes(search: "nháp", locale: "vi") { totalCount edges { node { summary } } } }',
    compare: '{ compare(a: 404, b: 410, locale: "vi") { markdown summary } }',
  };
  for (const [path, query] of Object.entries(anonymousReads)) {
    it(`never serves a draft to anonymous readers: ${path}`, async () => {
      const result = await post(query);
      expect(result.body.errors).toBeUndefined();
      expect(JSON.stringify(result.body.data)).not.toContain(DRAFT);
    });
  }

  it("never serves a draft to anonymous readers: node(id:)", async () => {
    const { id } = (await post('{ statusCode(code: 404, locale: "vi") { id } }')).body.data.statusCode;
    const result = await post("query ($id: ID!) { node(id: $id) { ... on StatusCode { summary } } }", { id });
    expect(result.body.data.node.summary).toBeTruthy();
    expect(JSON.stringify(result.body.data)).not.toContain(DRAFT);
  });

  it("never serves a draft to anonymous readers who ask in Vietnamese by Accept-Language", async () => {
    const result = await post("{ statusCode(code: 404) { summary } }", {}, { "accept-language": "vi" });
    expect(result.body.data.statusCode.summary).not.toContain(DRAFT);
  });

  it("refuses a preview to anonymous readers (401); an editor's preview shows English drafts, not a locale's", async () => {
    expect((await post('{ statusCode(code: 404, locale: "vi", preview: true) { summary } }')).status).toBe(401);
    expect(
      (await post('{ statusCode(code: 404, locale: "vi") { summary } }', {}, { "x-preview": "true" })).status,
    ).toBe(401);
    const editor = await post(
      '{ statusCode(code: 404, locale: "vi", preview: true) { summary } }',
      {},
      bearer(tokens.editor),
    );
    expect(editor.status).toBe(200);
    expect(editor.body.data.statusCode.summary).not.toBe(DRAFT);
  });

  it("shows the draft to its locale's translator in a preview, marked DRAFT, never cached", async () => {
    for (const headers of [bearer(tokens.translator), { ...bearer(tokens.reviewer), "x-preview": "true" }] as Record<
      string,
      string
    >[]) {
      const query = headers["x-preview"]
        ? '{ statusCode(code: 404, locale: "vi") { summary translation { state } } }'
        : '{ statusCode(code: 404, locale: "vi", preview: true) { summary translation { state } } }';
      const result = await post(query, {}, headers);
      expect(result.body.data.statusCode).toEqual({ summary: DRAFT, translation: { state: "DRAFT" } });
      expect(result.headers.get("cache-control")).toMatch(/private|no-store/);
    }
    expect(draftVersion).toBeGreaterThan(0);
  });

  it("serves the text to everyone once a reviewer publishes it, and not before", async () => {
    const { revision } = (
      await post(
        '{ statusCode(code: 404, locale: "vi", preview: true) { translation { revision } } }',
        {},
        bearer(tokens.reviewer),
      )
    ).body.data.statusCode.translation;
    const byTranslator = await post(
      `mutation ($input: PublishTranslationInput!) { publishTranslation(input: $input) { translation { state } } }`,
      { input: { unitId: "code.404", locale: "vi", expectedRevision: revision } },
      bearer(tokens.translator),
    );
    expect(byTranslator.status).toBe(403);
    expect(byTranslator.body.errors![0]!.message).toContain("review permission for locale vi");
    const published = await post(
      `mutation ($input: PublishTranslationInput!) { publishTranslation(input: $input) { translation { state revision } } }`,
      { input: { unitId: "code.404", locale: "vi", expectedRevision: revision } },
      bearer(tokens.reviewer),
    );
    expect(published.body.errors).toBeUndefined();
    expect(published.body.data.publishTranslation.translation).toEqual({ state: "PUBLISHED", revision: revision + 1 });
    const read = await post('{ statusCode(code: 404, locale: "vi") { summary } }');
    expect(read.body.data.statusCode.summary).toBe(DRAFT);
  });
});

describe("history", () => {
  it("lists a unit's changes newest first with who made them, and pages by entry id", async () => {
    const page = await post(
      '{ history(unit: "code.451", first: 1) { edges { cursor node { id actor field before after contentVersion } } pageInfo { hasNextPage endCursor } } }',
      {},
      bearer(tokens.editor),
    );
    expect(page.body.errors).toBeUndefined();
    const [edge] = page.body.data.history.edges;
    expect(edge.node).toMatchObject({
      actor: "edna",
      field: "summary",
      after: JSON.stringify("First editor's words."),
    });
    const next = await post(
      `{ history(unit: "code.451", first: 5, after: "${page.body.data.history.pageInfo.endCursor}") { edges { node { id actor } } } }`,
      {},
      bearer(tokens.editor),
    );
    expect(next.body.data.history.edges.every((e: any) => e.node.id < edge.node.id)).toBe(true);
    expect(next.body.data.history.edges.at(-1).node.actor).toBe("import");
  });

  it("reverts an entry through the API, as a change with its own entry", async () => {
    const latest = (
      await post(
        '{ history(unit: "code.451", first: 1) { edges { node { id before } } } statusCode(code: 451) { revision } }',
        {},
        bearer(tokens.editor),
      )
    ).body.data;
    const reverted = await post(
      `mutation ($input: RevertInput!) { revert(input: $input) { record revision } }`,
      { input: { entryId: latest.history.edges[0].node.id, expectedRevision: latest.statusCode.revision } },
      bearer(tokens.editor),
    );
    expect(reverted.body.errors).toBeUndefined();
    expect(reverted.body.data.revert).toEqual({ record: "code.451", revision: latest.statusCode.revision + 1 });
    const summary = (await post('{ statusCode(code: 451, locale: "en") { summary } }')).body.data.statusCode.summary;
    expect(JSON.stringify(summary)).toBe(latest.history.edges[0].node.before);
  });
});

describe("replicas", () => {
  it("serves a change made through one server on the next request to another over the same database", async () => {
    const { createTestServer } = await import("../helpers/graphql.ts");
    const other = seeded.db.openAnother();
    const replica = createTestServer(other);
    try {
      const ask = () => replica.query('{ contentVersion statusCode(code: 406, locale: "en") { summary revision } }');
      const before = (await ask()).data!;
      const result = await post(
        UPDATE,
        {
          input: { code: 406, expectedRevision: before.statusCode.revision, summary: "Changed on the first replica." },
        },
        bearer(tokens.editor),
      );
      expect(result.body.errors).toBeUndefined();
      const after = (await ask()).data!;
      expect(after.contentVersion).toBe(result.body.data.updateStatusCode.contentVersion);
      expect(after.statusCode).toEqual({
        summary: "Changed on the first replica.",
        revision: before.statusCode.revision + 1,
      });
    } finally {
      await replica.close();
      await other.close();
    }
  });
});
