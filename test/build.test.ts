// The production build: `npm install` bundles src/ into dist/ (scripts/build.ts), which Node runs without a
// TypeScript loader.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = path.join(ROOT, "dist");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe.skipIf(!existsSync(DIST) && !process.env.CI)("dist/", () => {
  const scripts = () => files(DIST).filter((f) => f.endsWith(".js"));

  it("imports no .ts file and no TypeScript loader, statically or dynamically, so plain node can run it", () => {
    const offenders = scripts().flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/(?:from\s*|import\(\s*)"([^"]+)"/g)]
        .map((m) => m[1]!)
        .filter((specifier) => specifier.endsWith(".ts") || specifier.startsWith("tsx"))
        .map((specifier) => `${path.relative(DIST, f)}: ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("knows which build it is: the build id is written in, not looked up at run time", () => {
    const bundle = scripts()
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    expect(bundle).not.toContain("STATUS_ATLAS_BUILD_ID");
    expect(bundle).toMatch(/buildId\s*=\s*"[0-9a-f]{16}"/);
  });

  it("runs under plain node: the CLI answers --version from dist/cli/index.js", () => {
    const run = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { runCli } = await import(${JSON.stringify(path.join(DIST, "cli/index.js"))}); process.exitCode = await runCli(["--version"]);`,
      ],
      {
        cwd: ROOT,
        encoding: "utf8",
        // No NODE_OPTIONS: vitest's own loaders must not be what makes it work.
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      },
    );
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
  });
});
