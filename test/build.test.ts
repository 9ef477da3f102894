// The production build: `npm install` compiles src/ to dist/, which Node runs without a TypeScript loader.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DIST = path.resolve(import.meta.dirname, "../dist");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe.skipIf(!existsSync(DIST) && !process.env.CI)("dist/", () => {
  it("imports no .ts file, statically or dynamically, so plain node can run it", () => {
    const offenders = files(DIST)
      .filter((f) => f.endsWith(".js"))
      .flatMap((f) => [...readFileSync(f, "utf8").matchAll(/(?:from\s*|import\()\s*"(\.{1,2}\/[^"]+\.ts)"/g)].map((m) => `${path.relative(DIST, f)}: ${m[1]}`));
    expect(offenders).toEqual([]);
  });

  it("has a module for every module in src/", () => {
    const sources = files(path.resolve(import.meta.dirname, "../src")).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    const missing = sources.map((f) => path.relative(path.resolve(import.meta.dirname, "../src"), f).replace(/\.ts$/, ".js")).filter((f) => !existsSync(path.join(DIST, f)));
    expect(missing).toEqual([]);
  });
});
