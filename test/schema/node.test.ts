// Relay global object identification: id on StatusCode, Comparison and TranslationTask, node(id:) and nodes(ids:).
import { beforeAll, describe, expect, it } from "vitest";
import { useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();
/** A global id as the relay plugin spells it, for ids no response handed out. */
const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString("base64");

describe("global object identification", () => {
  it("gives a code an opaque id per locale that node(id:) resolves back to it", async () => {
    const { data } = await seeded.server.query(
      `{ en: statusCode(code: 404, locale: "en") { id } vi: statusCode(code: 404, locale: "vi") { id title } }`,
    );
    expect(data!.en.id).not.toBe(data!.vi.id);
    expect(data!.vi.id).not.toContain("404");
    const node = await seeded.server.query(
      `query($id: ID!) { node(id: $id) { id ... on StatusCode { code locale title } } }`,
      { id: data!.vi.id },
    );
    expect(node.data!.node).toEqual({ id: data!.vi.id, code: 404, locale: "vi", title: data!.vi.title });
  });

  it("gives a comparison an id that node(id:) computes again", async () => {
    const { data } = await seeded.server.query(`{ compare(a: 403, b: 401, locale: "vi") { id headline } }`);
    const node = await seeded.server.query(
      `query($id: ID!) { node(id: $id) { ... on Comparison { headline a { code } b { code } } } }`,
      { id: data!.compare.id },
    );
    expect(node.data!.node).toEqual({ headline: data!.compare.headline, a: { code: 403 }, b: { code: 401 } });
  });

  it("answers nodes(ids:) in order, with null for an id that names nothing", async () => {
    const { data } = await seeded.server.query(
      `{ statusCode(code: 200, locale: "en") { id } compare(a: 200, b: 201, locale: "en") { id } }`,
    );
    const unknownCode = globalId("StatusCode", "999:en");
    const unknownLocale = globalId("StatusCode", "200:xx");
    const result = await seeded.server.query(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [data!.compare.id, unknownCode, data!.statusCode.id, unknownLocale],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.nodes.map((n: { __typename: string } | null) => n?.__typename ?? null)).toEqual([
      "Comparison",
      null,
      "StatusCode",
      null,
    ]);
  });

  it("names what node(id:) read in the response's purge keys", async () => {
    const { data } = await seeded.server.query(`{ statusCode(code: 410, locale: "en") { id } }`);
    const response = await seeded.server.yoga.fetch(
      `http://localhost/graphql?query=${encodeURIComponent(`{ node(id: "${data!.statusCode.id}") { id } }`)}`,
      { headers: { accept: "application/graphql-response+json" } },
    );
    expect(response.headers.get("surrogate-key")).toBe("code-410 content");
  });

  it("names the code or pair a node id asked for though we lack it, so adding it purges the cached null", async () => {
    const missing = { code: globalId("StatusCode", "299:en"), pair: globalId("Comparison", "200:299:en") };
    const response = await seeded.server.yoga.fetch(
      `http://localhost/graphql?query=${encodeURIComponent(`{ code: node(id: "${missing.code}") { id } pair: node(id: "${missing.pair}") { id } }`)}`,
      { headers: { accept: "application/graphql-response+json" } },
    );
    expect(await response.json()).toEqual({ data: { code: null, pair: null } });
    expect(response.headers.get("surrogate-key")).toBe("code-200 code-299 comparison-200-vs-299 content");
  });
});

describe("translation tasks as nodes", () => {
  const TASK = `fragment Task on TranslationTask { id unit kind state file sourceHash translatedFromHash sourceDiff fields { name source translation previousSource } }`;
  let asTranslator: Record<string, string>;
  let asFrenchTranslator: Record<string, string>;
  beforeAll(async () => {
    asTranslator = bearer(await createToken(seeded.db, { role: "translator", locales: ["vi"] }));
    asFrenchTranslator = bearer(await createToken(seeded.db, { role: "translator", locales: ["fr"] }));
  });

  it("gives a task an opaque id that node(id:) and nodes(ids:) answer with the same task", async () => {
    // The seeded Vietnamese edition is complete, so its tasks are all published.
    const listed = await seeded.server.query(
      `{ translationTasks(locale: "vi", state: PUBLISHED, first: 2) { edges { node { ...Task } } } } ${TASK}`,
      {},
      asTranslator,
    );
    expect(listed.errors).toBeUndefined();
    const [first, second] = listed.data!.translationTasks.edges.map(
      (e: { node: { id: string; unit: string } }) => e.node,
    );
    expect(first.unit).toMatch(/^code\.\d{3}$/);
    expect(first.id).not.toContain(first.unit);
    const node = await seeded.server.query(
      `query($id: ID!) { node(id: $id) { ...Task } } ${TASK}`,
      { id: first.id },
      asTranslator,
    );
    expect(node).toEqual({ data: { node: first } });
    const nodes = await seeded.server.query(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ...Task } } ${TASK}`,
      { ids: [second.id, first.id] },
      asTranslator,
    );
    expect(nodes).toEqual({ data: { nodes: [second, first] } });
  });

  it("answers a task id exactly as an id naming nothing to whoever may not list that locale's tasks", async () => {
    const id = globalId("TranslationTask", "code.404:vi");
    const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on TranslationTask { unit state } } }`;
    // Not even the type name answers (issue #25): the same bytes as for a task that does not exist.
    const nothing = await seeded.server.query(NODE, { id: globalId("TranslationTask", "code.999:vi") });
    expect(nothing).toEqual({ data: { node: null } });
    expect(await seeded.server.query(NODE, { id })).toEqual(nothing);
    expect(await seeded.server.query(NODE, { id }, asFrenchTranslator)).toEqual(nothing);
    // One hidden id does not cost the others in the list their answers.
    const code = await seeded.server.query(`{ statusCode(code: 404, locale: "vi") { id } }`);
    const mixed = await seeded.server.query(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
      { ids: [code.data!.statusCode.id, id] },
      asFrenchTranslator,
    );
    expect(mixed).toEqual({ data: { nodes: [{ __typename: "StatusCode", id: code.data!.statusCode.id }, null] } });
    const allowed = await seeded.server.query(NODE, { id }, asTranslator);
    expect(allowed).toEqual({
      data: { node: { __typename: "TranslationTask", id, unit: "code.404", state: "PUBLISHED" } },
    });
  });

  it("answers null, masked, for an id of a type that cannot be loaded by id", async () => {
    // Relay's "ImportJob does not support loading by id" was an unmasked GraphQLError naming the type.
    for (const typename of ["ImportJob", "HistoryEntry", "Query", "NoSuchType"]) {
      const id = globalId(typename, "1");
      expect(await seeded.server.query(`query($id: ID!) { node(id: $id) { id } }`, { id }), typename).toEqual({
        data: { node: null },
      });
      expect(
        await seeded.server.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [id] }),
        typename,
      ).toEqual({ data: { nodes: [null] } });
    }
  });

  it("answers null for a task id that names no unit, an unknown locale or the source locale", async () => {
    const ids = ["code.999:vi", "code.404:xx", "code.404:en", "code.404", "nonsense:vi"].map((raw) =>
      globalId("TranslationTask", raw),
    );
    const result = await seeded.server.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, asTranslator);
    expect(result).toEqual({ data: { nodes: [null, null, null, null, null] } });
  });
});
