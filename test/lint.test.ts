// `npm run lint` passes on the whole tree: Biome's formatter (width 120) finds nothing to change and its
// linter no error. Run here so `npm test`, and so `.ci/run`, fail on a file left unformatted or refused.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const BIOME = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");

describe("npm run lint", () => {
  it("finds every file formatted and no lint error", { timeout: 60_000 }, async () => {
    const outcome = await promisify(execFile)(process.execPath, [BIOME, "check", "--colors=off", "."], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      () => ({ code: 0, output: "" }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        output: `${error.stdout}${error.stderr}`,
      }),
    );
    expect(outcome.output.slice(0, 4000)).toBe("");
    expect(outcome.code).toBe(0);
  });
});
