// The CLI as a newcomer runs it from a fresh clone, in every form the README shows: `npx status-atlas`,
// `npm run --silent cli --`, and a mistyped environment.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runImport } from "../../src/pipeline/import.ts";
import { createEmptyDatabase, createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";
import { CLI } from "../helpers/processes.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Printed on stderr when the TypeScript sources run instead of dist/ (a developer's edit): not a problem line. */
const STALE_BUILD = /^status-atlas: src\/ changed since the last build/;

type Run = { code: number; stdout: string; stderr: string };
async function run(file: string, args: string[], env: Record<string, string>): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
const problemLines = (stderr: string) => stderr.split("\n").filter((line) => line && !STALE_BUILD.test(line));

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  expect((await runImport(db, { dir: SEEDS_DIR })).ok).toBe(true);
});
afterAll(async () => {
  await db.close();
});

describe("a mistyped environment", () => {
  for (const command of [["tokens", "list"], ["start"], ["migrate"]]) {
    it(`stops \`${command.join(" ")}\` with one line per problem and exit status 2, never the bundle's source`, async () => {
      const result = await run(process.execPath, [CLI, ...command], {
        PORT: "abc",
        DATABASE_URL: "mysql://x",
        NODE_ENV: "production",
      });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      const lines = problemLines(result.stderr);
      expect(lines).toHaveLength(2);
      expect(lines).toContainEqual(
        expect.stringMatching(/^status-atlas: invalid environment: PORT: expected a number, got "abc"$/),
      );
      // The URL may carry a password: the line names the variable and the accepted forms, not the value.
      expect(lines).toContainEqual(
        expect.stringMatching(/^status-atlas: invalid environment: DATABASE_URL: must be "file:<path>"/),
      );
      expect(result.stderr).not.toContain("mysql://x");
      expect(result.stderr.length).toBeLessThan(1000);
    });
  }
});

describe("the persisted-operations manifest", () => {
  it("that cannot be read stops start with one line naming it, exit status 2, and no stack", async () => {
    const elsewhere = {
      DATABASE_URL: db.url,
      NODE_ENV: "production",
      PORT: "0",
      LOG_LEVEL: "silent",
      SEEDS_DIR,
      PERSISTED_OPERATIONS_FILE: path.join(ROOT, "no-such-manifest.json"),
    };
    const missing = await run(process.execPath, [CLI, "start"], elsewhere);
    expect(missing.code).toBe(2);
    expect(problemLines(missing.stderr)).toEqual([
      `status-atlas: invalid environment: PERSISTED_OPERATIONS_FILE: cannot read ${elsewhere.PERSISTED_OPERATIONS_FILE}: no such file`,
    ]);
  });
});

describe("tokens create, however it is run", () => {
  it("prints the token alone on stdout through npx status-atlas (the package's own bin, nothing downloaded)", async () => {
    const result = await run(
      "npx",
      ["--no-install", "status-atlas", "tokens", "create", "--name", "npx-made", "--role", "admin"],
      { DATABASE_URL: db.url },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^sa_[A-Za-z0-9_-]+\n$/);
  });

  it("prints the token alone on stdout through npm run --silent cli --, so TOKEN=$(…) captures exactly it", async () => {
    const result = await run(
      "npm",
      ["run", "--silent", "cli", "--", "tokens", "create", "--name", "npm-made", "--role", "editor"],
      { DATABASE_URL: db.url },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^sa_[A-Za-z0-9_-]+\n$/);
  });

  it("is not what plain `npm run cli --` gives: npm's banner lands on stdout too (why the README says --silent)", async () => {
    const result = await run("npm", ["run", "cli", "--", "tokens", "list"], { DATABASE_URL: db.url });
    expect(result.stdout).toMatch(/^\n?> status-atlas@/);
  });
});

describe("npx status-atlas", () => {
  it("runs the project's own CLI from the clone", async () => {
    const result = await run("npx", ["--no-install", "status-atlas", "--version"], {});
    expect(result).toMatchObject({
      code: 0,
      stdout: `${JSON.parse((await import("node:fs")).readFileSync(path.join(ROOT, "package.json"), "utf8")).version}\n`,
    });
  });
});

describe("migrate", () => {
  it("says what it applies and waits for, and answers an up-to-date database at once without Prisma's CLI", {
    timeout: 120_000,
  }, async () => {
    const empty = await createEmptyDatabase();
    try {
      const first = await run(process.execPath, [CLI, "migrate"], { DATABASE_URL: empty.url });
      expect(first.code, first.stderr).toBe(0);
      expect(problemLines(first.stderr)[0]).toMatch(
        /: applying \d+ migration\(s\) with prisma migrate deploy: \d+_init, /,
      );
      // On PostgreSQL Prisma's CLI lingers about 10 s on a timer after its work: the wait is explained.
      if (inject("provider") === "postgresql")
        expect(first.stderr).toContain("Migrations done; waiting for Prisma's CLI to exit");
      expect(first.stdout).toMatch(/: \d+ migrations found; applied\n$/);

      const started = performance.now();
      const again = await run(process.execPath, [CLI, "migrate"], { DATABASE_URL: empty.url });
      expect(again).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/: already up to date; no migration to apply\.\n$/),
      });
      expect(problemLines(again.stderr)).toEqual([]);
      // Well under the 10 s Prisma's CLI would take to exit on PostgreSQL: it was not started.
      expect(performance.now() - started).toBeLessThan(8_000);
    } finally {
      await empty.drop();
    }
  });
});
