// The README's GraphQL examples are part of the contract: each must run without errors.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useSeededServer } from "./helpers/graphql.ts";

const readme = readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8");
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

const seeded = useSeededServer();

describe("README examples", () => {
  it("has examples to run", () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  for (const [i, example] of examples.entries()) {
    it(`runs example ${i + 1}: ${example.trim().split("\n")[1]?.trim()}`, async () => {
      const { data, errors } = await seeded.server.query(example);
      expect(errors).toBeUndefined();
      expect(data).toBeTruthy();
    });
  }

  it("finds 404 for the Vietnamese search in the listing example", async () => {
    const { data } = await seeded.server.query(examples[1]!);
    expect(data!.statusCodes.edges.map((e: any) => e.node.code)).toContain(404);
  });
});
