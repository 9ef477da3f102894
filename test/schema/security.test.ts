import { describe, expect, it } from "vitest";
import { QUERY_LIMITS } from "../../src/yoga.ts";
import { useSeededServer } from "../helpers/graphql.ts";

const seeded = useSeededServer();

describe("query limits for a public API", () => {
  it("rejects a query nested deeper than the limit, saying so", async () => {
    const nested = `{ statusCode(code: 200) { ${"related { ".repeat(QUERY_LIMITS.maxDepth + 2)}code${" }".repeat(QUERY_LIMITS.maxDepth + 2)} } }`;
    const { data, errors } = await seeded.server.query(nested);
    expect(data).toBeUndefined();
    expect(errors![0]!.message).toMatch(/depth/i);
  });

  it("rejects an alias flood", async () => {
    const aliases = Array.from(
      { length: QUERY_LIMITS.maxAliases + 5 },
      (_, i) => `a${i}: compare(a: 200, b: 404) { markdown }`,
    ).join("\n");
    const { errors } = await seeded.server.query(`{ ${aliases} }`);
    expect(errors![0]!.message).toMatch(/alias/i);
  });

  it("rejects a query with too many tokens", async () => {
    const fields = Array.from({ length: QUERY_LIMITS.maxTokens }, () => "code").join(" ");
    const { errors } = await seeded.server.query(`{ statusCode(code: 200) { ${fields} } }`);
    expect(errors![0]!.message).toMatch(/token/i);
  });

  it("rejects an expensive query by cost before running it", async () => {
    const wide = `{ statusCodes(first: 100) { edges { node { related { related { related { related { code title } } } } } } } }`;
    const { errors } = await seeded.server.query(wide);
    expect(errors![0]!.message).toMatch(/cost/i);
  });

  it("does not suggest field names to someone probing the schema", async () => {
    const { errors } = await seeded.server.query(`{ statusCode(code: 200) { reasonPhras } }`);
    expect(errors![0]!.message).not.toMatch(/Did you mean/);
  });

  it("still answers an ordinary page query", async () => {
    const { errors } = await seeded.server.query(
      `{ statusCodes(first: 50) { totalCount edges { node { code title related { code title } } } } }`,
    );
    expect(errors).toBeUndefined();
  });
});
