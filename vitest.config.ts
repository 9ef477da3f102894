import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // graphql 16 ships index.mjs beside index.js; Vite would give our code the .mjs one while
    // graphql-yoga (loaded by Node) gets the .js one, and `instanceof GraphQLError` would then fail.
    alias: { graphql: createRequire(import.meta.url).resolve("graphql") },
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    // Each file works on its own SQLite copy; two cores, so two forks.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: "test" },
    // The JSON report is what .ci/run counts passes and failures from.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" },
  },
});
