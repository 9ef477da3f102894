// The shell lines of the README and docs/, run as a reader runs them: in bash with `set -euo pipefail`, where
// `npx status-atlas` is this checkout's CLI (outside a clone, npx would ask the registry for the package).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { CLI } from "./processes.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export const readDoc = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The part of `markdown` under the heading `heading` (its whole line), up to the next heading as high or higher. */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  // A `#` line inside a fenced block is a shell comment, not a heading.
  let fenced = false;
  const end = lines.findIndex((line, i) => {
    if (line.startsWith("```")) fenced = !fenced;
    return i > start && !fenced && /^#+ /.test(line) && /^#+/.exec(line)![0].length <= level;
  });
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** The fenced blocks of `markdown` whose info string is exactly `info` (`sh`, `sh try`), in order. */
export function codeBlocks(markdown: string, info = "sh"): string[] {
  const fence = new RegExp(`^\`\`\`${info}\\n([\\s\\S]*?)^\`\`\``, "gm");
  return [...markdown.matchAll(fence)].map((m) => m[1]!);
}

/** Runs `script` in bash, failing on the first command that fails; `npx status-atlas` is this checkout's CLI. */
export function runAsWritten(script: string, options: { cwd: string; env?: Record<string, string> }) {
  const npx = `npx() { [ "$1" = status-atlas ] || return 127; shift; node ${JSON.stringify(CLI)} "$@"; }`;
  return promisify(execFile)("bash", ["-c", `set -euo pipefail\n${npx}\n${script}`], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
  });
}
