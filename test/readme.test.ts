// The README's GraphQL examples, and those of docs/http-api.md where the rest of the API moved, are part of
// the contract: each must run without errors. So are the README's `sh try` blocks: they run, as written,
// in bash against a real server on a freshly imported database, with the CLI a newcomer would use; and the
// editor's and translator's `sh` blocks, in a folder holding a copy of seeds/ as a fresh clone does; and the
// operator's, on an empty database of the test's provider.
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlExamples } from "../src/http/graphiql.ts";
import { runImport } from "../src/pipeline/import.ts";
import { createEmptyDatabase, createTestDatabase, SEEDS_DIR, type TestDatabase } from "./helpers/database.ts";
import { useSeededServer } from "./helpers/graphql.ts";
import { runAsWritten } from "./helpers/doc-blocks.ts";
import { listenOnLoopback } from "./helpers/loopback.ts";
import { runCli, startServer, type ServerProcess } from "./helpers/processes.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
const httpApi = readFileSync(path.join(ROOT, "docs/http-api.md"), "utf8");
const examples = [
  ...graphqlExamples(readme).map((example) => ({ from: "README.md", example })),
  ...graphqlExamples(httpApi).map((example) => ({ from: "docs/http-api.md", example })),
];
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
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "persisted-operations.json"), "utf8")) as Record<
      string,
      string
    >;
    const id = /--data-urlencode id=([0-9a-f]{64})/.exec(shellBlocks.join("\n"))?.[1];
    expect(id && manifest[id], "the README's persisted-operation id is in persisted-operations.json").toBeTruthy();
    expect(shellBlocks[1]).toMatch(/^TOKEN=\$\(npx status-atlas tokens create /m);
  });

  for (const [i, block] of shellBlocks.entries()) {
    it(`runs block ${i + 1} in bash: every command succeeds and every answer is data without errors`, {
      timeout: 60_000,
    }, async () => {
      const script = `set -euo pipefail\n${block.replaceAll("http://localhost:4000", server.url)}`;
      // A .curlrc that ends each answer with a newline, so the answers can be told apart; the commands stay as written.
      const home = mkdtempSync(path.join(tmpdir(), "status-atlas-readme-"));
      writeFileSync(path.join(home, ".curlrc"), 'write-out = "\\n"\n');
      const { stdout } = await promisify(execFile)("bash", ["-c", script], {
        cwd: ROOT,
        env: { ...process.env, CURL_HOME: home, DATABASE_URL: seeded.db.url },
      }).finally(() => rmSync(home, { recursive: true, force: true }));
      const answers = stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { data?: unknown; errors?: unknown });
      expect(answers.length).toBe(block.split("\n").filter((line) => line.startsWith("curl ")).length);
      for (const answer of answers) {
        expect(answer.errors).toBeUndefined();
        expect(answer.data).toBeTruthy();
      }
    });
  }
});

/** The plain `sh` blocks of one "### Role" section of the README. */
function roleBlocks(role: string): string[] {
  const section = new RegExp(`^### ${role}\\n([\\s\\S]*?)(?=^#{2,3} )`, "m").exec(readme)?.[1] ?? "";
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

describe("the editor's and the translator's commands, run as written on a fresh clone's seeds/", () => {
  let db: TestDatabase;
  let work: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    // A folder holding a copy of seeds/, as a clone has, so what the commands write stays out of the repository.
    work = mkdtempSync(path.join(tmpdir(), "status-atlas-readme-roles-"));
    cpSync(SEEDS_DIR, path.join(work, "seeds"), { recursive: true });
    // The translator's commands read the database: it holds seeds/ as after the Quick start's npm start.
    expect((await runImport(db, { dir: path.join(work, "seeds") })).ok).toBe(true);
  });
  afterAll(async () => {
    await db.close();
    rmSync(work, { recursive: true, force: true });
  });

  for (const role of ["Editor", "Translator"]) {
    it(`runs every command of the ${role.toLowerCase()}'s blocks, in order, and each exits 0`, {
      timeout: 120_000,
    }, async () => {
      const blocks = roleBlocks(role);
      expect(blocks.length, `the README's ${role} section has a sh block`).toBeGreaterThan(0);
      for (const block of blocks) expect(block).toMatch(/^npx status-atlas /m);
      const { stdout, stderr } = await runAsWritten(blocks.join("\n"), { cwd: work, env: { DATABASE_URL: db.url } });
      expect(`${stdout}${stderr}`).not.toMatch(/error/i);
    });
  }

  it("leaves the translator the file it asked for: the published Vietnamese, to review", () => {
    expect(roleBlocks("Translator").join("\n")).toContain("--out review.xlf");
    expect(readFileSync(path.join(work, "review.xlf"), "utf8")).toContain('trgLang="vi"');
  });

  it("writes no vi.xlf while nothing needs work, as the README says", () => {
    expect(readme).toMatch(/writes nothing, saying so, while every Vietnamese unit\s+is published/);
    expect(existsSync(path.join(work, "vi.xlf"))).toBe(false);
  });

  it("says why when the translator imports the vi.xlf that was not written, and writes nothing (exit 1)", async () => {
    const line = /`(npx status-atlas translations import vi\.xlf)`/.exec(readme)?.[1];
    expect(line, "the README's import line").toBeTruthy();
    const refused = await runAsWritten(line!, { cwd: work, env: { DATABASE_URL: db.url } }).catch((error) => error);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("vi.xlf no such file (`translations export` writes none while nothing is in");
    expect(refused.stderr).toContain("Nothing was written.");
  });
});

describe("the operator's short version, run as written on an empty database", () => {
  const PLACEHOLDER = "postgresql://atlas:secret@db:5432/atlas";

  it("migrates, imports, prints the first admin token alone, and serves a replica that SIGTERM stops with exit 0", {
    timeout: 180_000,
  }, async () => {
    const [block] = roleBlocks("Operator");
    expect(block, "the README's Operator section has a sh block").toBeTruthy();
    expect(block).toContain(`export DATABASE_URL=${PLACEHOLDER}`);
    const lines = block!.split("\n").filter((line) => line.trim());
    const replica = lines.find((line) => line.includes("npm start"));
    expect(replica, "a replica's line").toBeTruthy();
    const empty = await createEmptyDatabase();
    try {
      // The release step and the token, in bash as written, on this test's database instead of the placeholder.
      const release = lines
        .filter((line) => line !== replica)
        .join("\n")
        .replaceAll(PLACEHOLDER, empty.url);
      const { stdout } = await promisify(execFile)("bash", ["-c", `set -euo pipefail\n${release}`], { cwd: ROOT });
      const lastLine = stdout.trim().split("\n").at(-1)!;
      expect(lastLine).toMatch(/^sa_[A-Za-z0-9_-]+$/);

      // The replica's line as written, DATABASE_URL exported as above; bash execs a lone command, so npm gets the signal.
      const child = spawn("bash", ["-c", replica!], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: empty.url, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" },
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const check = () => {
            const match = /GraphQL at http:\/\/localhost:(\d+)\/graphql/.exec(output);
            if (match) return resolve(`http://127.0.0.1:${match[1]}`);
            if (child.exitCode !== null)
              return reject(new Error(`the replica exited with ${child.exitCode}:\n${output}`));
            setTimeout(check, 50);
          };
          check();
        });
        // --no-import: the replica serves what the release step imported, and does not import itself.
        expect(output).not.toMatch(/Imported as content version|applying \d+ migration/);
        expect(await (await fetch(`${url}/ready`)).json()).toMatchObject({ status: "ready", contentVersion: 1 });
        const answer = await fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${lastLine}` },
          body: JSON.stringify({ query: "{ statusCode(code: 404) { title } }" }),
        });
        expect(await answer.json()).toEqual({ data: { statusCode: { title: "Not Found" } } });
        child.kill("SIGTERM");
        expect(await exited, output).toBe(0);
      } finally {
        child.kill("SIGKILL");
      }
    } finally {
      await empty.drop();
    }
  });
});

describe("the README's Troubleshooting", () => {
  it("names a port already in use as it quotes, and exits 1 without serving", { timeout: 60_000 }, async () => {
    const quoted = /\*\*`(Status Atlas cannot listen: port 4000 is already in use)`\.\*\*/.exec(readme)?.[1];
    expect(quoted, "the Troubleshooting entry").toBeTruthy();
    const taken = await listenOnLoopback((_req, res) => res.end());
    try {
      const refused = await runCli(["start", "--no-import"], {
        DATABASE_URL: seeded.db.url,
        HOST: "127.0.0.1",
        PORT: String(taken.port),
        LOG_LEVEL: "info",
      }).catch((error: { code: number; stdout: string; stderr: string }) => error);
      expect("code" in refused && refused.code).toBe(1);
      expect(`${refused.stdout}${refused.stderr}`).toContain(quoted!.replace("4000", String(taken.port)));
    } finally {
      await taken.close();
    }
  });
});
