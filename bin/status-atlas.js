#!/usr/bin/env node
// Runs the CLI compiled to dist/ (built by `npm install` and `npm run build`): plain Node, no TypeScript
// loader at run time. When dist/ is missing or older than a file in src/ (a developer's edit since the
// last build), it runs the TypeScript sources through tsx instead, so nothing stale is ever served.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stamp = path.join(root, "dist", ".built");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
let runCli;
if (built && built >= newestSource(path.join(root, "src"))) {
  ({ runCli } = await import("../dist/cli/index.js"));
} else {
  if (built) console.error("status-atlas: src/ changed since the last build; running the TypeScript sources (`npm run build` compiles them).");
  const { register } = await import("tsx/esm/api");
  register();
  ({ runCli } = await import("../src/cli/index.ts"));
}
process.exitCode = await runCli(process.argv.slice(2));
