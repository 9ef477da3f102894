// docker-compose.yml is valid for Compose itself: `docker-compose config` (Debian's docker-compose
// package; .ci/run installs it) parses, merges and validates it without a Docker engine.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { COMPOSE_FILE, ROOT } from "./compose.ts";

const available = spawnSync("docker-compose", ["version"], { encoding: "utf8" }).status === 0;
if (!available && process.env.CI !== "true") {
  console.warn("SKIPPED docker-compose.yml validation: the docker-compose binary is not installed (apt-get install docker-compose, or run .ci/run).");
}

describe.runIf(available || process.env.CI === "true")("docker-compose.yml", () => {
  it("passes `docker-compose config`", () => {
    const result = spawnSync("docker-compose", ["--file", COMPOSE_FILE, "config", "--quiet"], { cwd: ROOT, encoding: "utf8" });
    expect(result.error?.message, "docker-compose must be installed in CI").toBeUndefined();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("lists the services Compose will start: PostgreSQL, the release step, two replicas and the proxy", () => {
    const result = spawnSync("docker-compose", ["--file", COMPOSE_FILE, "config", "--services"], { cwd: ROOT, encoding: "utf8" });
    expect(result.stdout.trim().split("\n").sort()).toEqual(["app-1", "app-2", "postgres", "proxy", "release"]);
  });
});
