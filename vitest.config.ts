import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// Every test runs on SQLite; the files that touch a database run again on a real PostgreSQL server
// (POSTGRES_TEST_URL names a database on it as a user that may create databases; .ci/run starts one).
// Which files touch a database is read from the files themselves, so a new one is covered on both.
// (A file that copies the SQLite template itself, as test/cli/bad-inputs.test.ts does to compare bytes,
// stays SQLite-only.)
const TOUCHES_DATABASE =
  /\b(createTestDatabase|createEmptyDatabase|useTestDatabase|useSeededServer|useImportedCopy)\(|inject\("postgresAdminUrl"\)/;
const POSTGRESQL_ONLY = "test/**/*.postgresql.test.ts";
const databaseTests = readdirSync("test", { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".test.ts") && !file.endsWith(".postgresql.test.ts"))
  .map((file) => path.posix.join("test", file.split(path.sep).join("/")))
  .filter((file) => TOUCHES_DATABASE.test(readFileSync(file, "utf8")));

// The `unit` project: files that need nothing but the code (no database, server, child process or browser),
// so `npx vitest run --project unit` answers in seconds. `npm test` runs every project; each file runs in
// exactly one of unit and sqlite.
const NEEDS_MORE_THAN_CODE =
  /\b(createTestDatabase|createEmptyDatabase|createSqliteDatabase|useTestDatabase|useSeededServer|useImportedCopy|runCli|spawn|fork|execFile|listen|runImport|createStatusAtlas\w*|startServer|createContentStore)\(|postgresAdminUrl|chromium/;
const unitTests = readdirSync("test", { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".test.ts") && !file.endsWith(".postgresql.test.ts"))
  .map((file) => path.posix.join("test", file.split(path.sep).join("/")))
  .filter((file) => !NEEDS_MORE_THAN_CODE.test(readFileSync(file, "utf8")));

const postgresUrl = process.env.POSTGRES_TEST_URL;
const SKIPPED =
  "PostgreSQL project SKIPPED: POSTGRES_TEST_URL is not set, so the database tests ran on SQLite only. Run .ci/run, or set POSTGRES_TEST_URL=postgresql://user@host:port/database (a user that may create databases).";
if (!postgresUrl && process.env.CI === "true") {
  // In CI a missing server means the PostgreSQL half was never tested: that is a failure, not a skip.
  throw new Error(
    `CI=true but POSTGRES_TEST_URL is not set: the PostgreSQL tests cannot run. .ci/run starts a server and sets it.`,
  );
}
// Vitest may load this file more than once per run: say it once at the start (and again at the end).
const warned = globalThis as { statusAtlasSkipWarned?: boolean };
if (!postgresUrl && !warned.statusAtlasSkipWarned) {
  warned.statusAtlasSkipWarned = true;
  console.warn(`\n${SKIPPED}\n`);
}

const projects: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: "unit", include: unitTests } },
  {
    extends: true,
    test: {
      name: "sqlite",
      include: ["test/**/*.test.ts"],
      exclude: [POSTGRESQL_ONLY, ...unitTests],
      globalSetup: ["test/helpers/global-setup.ts"],
    },
  },
];
if (postgresUrl) {
  // A write is a round trip per row over a socket here, not an in-process call: an import of seeds/ takes
  // seconds on a loaded machine, so a file doing several gets more time.
  projects.push({
    extends: true,
    test: {
      name: "postgresql",
      include: [...databaseTests, POSTGRESQL_ONLY],
      globalSetup: ["test/helpers/global-setup.ts"],
      testTimeout: 120_000,
    },
  });
}

export default defineConfig({
  resolve: {
    // graphql 16 ships index.mjs beside index.js; Vite would give our code the .mjs one while
    // graphql-yoga (loaded by Node) gets the .js one, and `instanceof GraphQLError` would then fail.
    alias: { graphql: createRequire(import.meta.url).resolve("graphql") },
  },
  test: {
    projects,
    // Each file works on its own database copy; two cores, so two forks.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
    // The JSON report is what .ci/run counts passes and failures from.
    reporters: ["default", "json", ...(postgresUrl ? [] : [{ onTestRunEnd: () => console.warn(`\n${SKIPPED}\n`) }])],
    outputFile: { json: ".vitest-results.json" },
  },
});
