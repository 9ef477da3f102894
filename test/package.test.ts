// What `npm install` says on the oldest Node the project supports: nothing about engines. Every package in
// the lockfile must accept the lowest version `engines.node` allows, or npm prints an EBADENGINE warning
// for it (and the README's Node requirement would be a lie).
import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  engines: { node: string };
  scripts: Record<string, string>;
};
const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
};

describe("package.json and the lockfile", () => {
  it("installs on the oldest Node that engines allows without an engine warning from any package", () => {
    const oldest = semver.minVersion(pkg.engines.node)!.version;
    const refusing = Object.entries(lock.packages)
      .filter(
        ([name, entry]) =>
          name !== "" &&
          !Array.isArray(entry.engines) &&
          entry.engines?.node &&
          !semver.satisfies(oldest, entry.engines.node),
      )
      // Optional platform binaries that npm skips on Linux x64 never reach the engine check.
      .filter(([, entry]) => !entry.optional)
      .map(
        ([name, entry]) =>
          `${name.replace(/^.*node_modules\//, "")}@${entry.version} wants node ${(entry.engines as { node: string }).node}`,
      );
    expect(refusing, `engines.node is "${pkg.engines.node}", so Node ${oldest} must be accepted`).toEqual([]);
  });

  it("keeps @whatwg-node/* on the versions that support Node 20 (the newer ones want Node 22.15)", () => {
    const whatwg = Object.entries(lock.packages).filter(([name]) => name.includes("node_modules/@whatwg-node/"));
    expect(whatwg.length).toBeGreaterThan(0);
    for (const [name, entry] of whatwg) {
      const wanted = (entry.engines as { node?: string } | undefined)?.node;
      if (wanted)
        expect(semver.satisfies("20.19.0", wanted), `${name}@${entry.version} wants node ${wanted}`).toBe(true);
    }
  });

  it("runs the server with exec, so npm's shell hands SIGTERM straight to node (test/server/signals.test.ts)", () => {
    expect(pkg.scripts.start).toMatch(/^exec node bin\/status-atlas\.js start$/);
  });
});
