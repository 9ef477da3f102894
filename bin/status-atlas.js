#!/usr/bin/env node
// Runs the CLI bundled into dist/ (by `npm install` and `npm run build`): plain Node, no TypeScript
// loader at run time. When dist/ is missing or older than a file in src/ (a developer's edit since the
// last build), it runs the TypeScript sources through tsx instead, so nothing stale is ever served.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { distState } from "./dist-current.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * An error that escaped the CLI. Node's own report of an uncaught error quotes the source line it came
 * from, and in dist/ that line is a whole minified chunk (about 100 kB): print the message and stack only.
 * A refused environment (src/env.ts) is the user's to fix: one line per variable, exit 2, no stack.
 */
function report(error) {
  if (error?.code === "INVALID_ENVIRONMENT" && Array.isArray(error.problems)) {
    for (const problem of error.problems) console.error(`status-atlas: invalid environment: ${problem}`);
    return 2;
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
}
process.on("uncaughtException", (error) => process.exit(report(error)));

try {
  const state = distState(root);
  let runCli;
  if (state === "current") {
    ({ runCli } = await import("../dist/cli/index.js"));
  } else {
    if (state === "stale")
      console.error(
        "status-atlas: src/ changed since the last build; running the TypeScript sources (`npm run build` compiles them).",
      );
    const { register } = await import("tsx/esm/api");
    register();
    ({ runCli } = await import("../src/cli/index.ts"));
  }
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  process.exitCode = report(error);
}
