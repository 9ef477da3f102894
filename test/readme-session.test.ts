// The editor's session in docs/editing.md (linked from the README's "Start here" for editors) is part of the
// contract: its tokens are created with the real CLI and its GraphQL steps run in order, as the text says,
// each as the token holder it names.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useSeededServer } from "./helpers/graphql.ts";
import { runCli } from "./helpers/processes.ts";

const editing = readFileSync(path.resolve(import.meta.dirname, "../docs/editing.md"), "utf8");
const session = editing.slice(editing.indexOf("### An editor's session"));
const tokenCommands = [...session.matchAll(/^npx status-atlas (tokens create .*)$/gm)].map((m) => m[1]!.split(/\s+/));
const steps = [...session.matchAll(/```graphql session\n# as (\w+)(, expecting (\w+))?\n([\s\S]*?)```/g)].map((m) => ({
  as: m[1]!,
  expecting: m[3],
  document: m[4]!,
}));

const seeded = useSeededServer();

describe("the editor's session in docs/editing.md", () => {
  it("has the token commands and the steps", () => {
    expect(tokenCommands.length).toBe(2);
    expect(steps.length).toBeGreaterThanOrEqual(5);
  });

  it("runs from token creation to a published translation", async () => {
    const tokens = new Map<string, string>();
    for (const args of tokenCommands) {
      const { stdout } = await runCli(args, { DATABASE_URL: seeded.db.url });
      tokens.set(args[args.indexOf("--name") + 1]!, stdout.trim());
    }
    const results: any[] = [];
    for (const step of steps) {
      const token = tokens.get(step.as);
      expect(token, `a token for ${step.as}`).toMatch(/^sa_/);
      const result = await seeded.server.query(step.document, {}, { authorization: `Bearer ${token}` });
      if (step.expecting) expect(result.errors?.[0]?.extensions?.code, step.document).toBe(step.expecting);
      else expect(result.errors, step.document).toBeUndefined();
      results.push(result);
    }
    const [read, edited, conflict, saved, published] = results;
    expect(read.data.statusCode.revision).toBe(1);
    expect(edited.data.updateStatusCode.revision).toBe(2);
    expect(conflict.errors[0].extensions.currentRevision).toBe(2);
    expect(saved.data.saveTranslation.translation).toEqual({ state: "DRAFT", revision: 2 });
    expect(published.data.publishTranslation.translation).toEqual({ state: "PUBLISHED", revision: 3 });
    const { data } = await seeded.server.query('{ statusCode(code: 404, locale: "vi") { summary translationState } }');
    expect(data!.statusCode).toEqual({
      summary: "Không có tài nguyên nào ở URL này, ít nhất là theo những gì server cho biết.",
      translationState: "PUBLISHED",
    });
  });
});
