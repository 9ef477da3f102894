// The README's GraphQL examples, and those of docs/http-api.md where the rest of the API moved, are part of
// the contract: each must run without errors. So are the README's `sh try` blocks: they run, as written,
// in bash against a real server on a freshly imported database, with the CLI a newcomer would use.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlExamples } from "../src/http/graphiql.ts";
import { useSeededServer } from "./helpers/graphql.ts";
import { startServer, type ServerProcess } from "./helpers/processes.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
const httpApi = readFileSync(path.join(ROOT, "docs/http-api.md"), "utf8");
const examples = [...graphqlExamples(readme).map((example) => ({ from: "README.md", example })), ...graphqlExamples(httpApi).map((example) => ({ from: "docs/http-api.md", example }))];
const shellBlocks = [...readme.matchAll(/^```sh try\n([\s\S]*?)^```/gm)].map((m) => m[1]!);

const seeded = useSeededServer();

describe("README examples", () => {
  it("has examples to run, in the README and in docs/http-api.md", () => {
    expect(graphqlExamples(readme).length).toBeGreaterThanOrEqual(4);
    expect(graphqlExamples(httpApi).length).toBeGreaterThanOrEqual(4);
  });

  for (const [i, { from, example }] of examples.entries()) {
    it(`runs example ${i + 1} of ${from}: ${example.split("\n")[0]!.trim()} ${example.split("\n")[1]?.trim()}`, async () => {
      const { data, errors } = await seeded.server.query(example);
      expect(errors).toBeUndefined();
      expect(data).toBeTruthy();
    });
  }

  it("finds 404 for the Vietnamese search in the README's search example", async () => {
    const search = graphqlExamples(readme).find((example) => example.includes("khong tim thay"))!;
    const { data } = await seeded.server.query(search);
    expect(data!.statusCodes.edges.map((e: any) => e.node.code)).toContain(404);
  });
});

describe("the README's shell lines, run as written", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer(["--no-import"], { DATABASE_URL: seeded.db.url, NODE_ENV: "development" });
  }, 60_000);
  afterAll(async () => {
    server.child.kill("SIGTERM");
    await server.exited;
  });

  it("has the frontend developer's curl lines, with a token and a persisted operation's real id", () => {
    expect(shellBlocks.length).toBe(2);
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "persisted-operations.json"), "utf8")) as Record<string, string>;
    const id = /--data-urlencode id=([0-9a-f]{64})/.exec(shellBlocks.join("\n"))?.[1];
    expect(id && manifest[id], "the README's persisted-operation id is in persisted-operations.json").toBeTruthy();
    expect(shellBlocks[1]).toMatch(/^TOKEN=\$\(npx status-atlas tokens create /m);
  });

  for (const [i, block] of shellBlocks.entries()) {
    it(`runs block ${i + 1} in bash: every command succeeds and every answer is data without errors`, { timeout: 60_000 }, async () => {
      const script = `set -euo pipefail\n${block.replaceAll("http://localhost:4000", server.url)}`;
      // A .curlrc that ends each answer with a newline, so the answers can be told apart; the commands stay as written.
      const home = mkdtempSync(path.join(tmpdir(), "status-atlas-readme-"));
      writeFileSync(path.join(home, ".curlrc"), 'write-out = "\\n"\n');
      const { stdout } = await promisify(execFile)("bash", ["-c", script], { cwd: ROOT, env: { ...process.env, CURL_HOME: home, DATABASE_URL: seeded.db.url } }).finally(() =>
        rmSync(home, { recursive: true, force: true }),
      );
      const answers = stdout.trim().split("\n").map((line) => JSON.parse(line) as { data?: unknown; errors?: unknown });
      expect(answers.length).toBe(block.split("\n").filter((line) => line.startsWith("curl ")).length);
      for (const answer of answers) {
        expect(answer.errors).toBeUndefined();
        expect(answer.data).toBeTruthy();
      }
    });
  }
});
