// Relay global object identification: id on StatusCode and Comparison, node(id:) and nodes(ids:).
import { describe, expect, it } from "vitest";
import { useSeededServer } from "../helpers/graphql.ts";

const seeded = useSeededServer();

describe("global object identification", () => {
  it("gives a code an opaque id per locale that node(id:) resolves back to it", async () => {
    const { data } = await seeded.server.query(`{ en: statusCode(code: 404, locale: "en") { id } vi: statusCode(code: 404, locale: "vi") { id title } }`);
    expect(data!.en.id).not.toBe(data!.vi.id);
    expect(data!.vi.id).not.toContain("404");
    const node = await seeded.server.query(`query($id: ID!) { node(id: $id) { id ... on StatusCode { code locale title } } }`, { id: data!.vi.id });
    expect(node.data!.node).toEqual({ id: data!.vi.id, code: 404, locale: "vi", title: data!.vi.title });
  });

  it("gives a comparison an id that node(id:) computes again", async () => {
    const { data } = await seeded.server.query(`{ compare(a: 403, b: 401, locale: "vi") { id headline } }`);
    const node = await seeded.server.query(`query($id: ID!) { node(id: $id) { ... on Comparison { headline a { code } b { code } } } }`, { id: data!.compare.id });
    expect(node.data!.node).toEqual({ headline: data!.compare.headline, a: { code: 403 }, b: { code: 401 } });
  });

  it("answers nodes(ids:) in order, with null for an id that names nothing", async () => {
    const { data } = await seeded.server.query(`{ statusCode(code: 200, locale: "en") { id } compare(a: 200, b: 201, locale: "en") { id } }`);
    const unknownCode = Buffer.from("StatusCode:999:en").toString("base64");
    const unknownLocale = Buffer.from("StatusCode:200:xx").toString("base64");
    const result = await seeded.server.query(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [data!.compare.id, unknownCode, data!.statusCode.id, unknownLocale],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.nodes.map((n: { __typename: string } | null) => n?.__typename ?? null)).toEqual(["Comparison", null, "StatusCode", null]);
  });

  it("names what node(id:) read in the response's purge keys", async () => {
    const { data } = await seeded.server.query(`{ statusCode(code: 410, locale: "en") { id } }`);
    const response = await seeded.server.yoga.fetch(
      `http://localhost/graphql?query=${encodeURIComponent(`{ node(id: "${data!.statusCode.id}") { id } }`)}`,
      { headers: { accept: "application/graphql-response+json" } },
    );
    expect(response.headers.get("surrogate-key")).toBe("code-410 content");
  });
});
