// docker-compose.yml is valid for Compose itself: `docker-compose config` (Debian's docker-compose
// package; .ci/run installs it) parses, merges and validates it without a Docker engine.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMPOSE_FILE, composeServices, ROOT } from "./compose.ts";

const available = spawnSync("docker-compose", ["version"], { encoding: "utf8" }).status === 0;
if (!available && process.env.CI !== "true") {
  console.warn(
    "SKIPPED docker-compose.yml validation: the docker-compose binary is not installed (apt-get install docker-compose, or run .ci/run).",
  );
}

describe.runIf(available || process.env.CI === "true")("docker-compose.yml", () => {
  it("passes `docker-compose config`", () => {
    const result = spawnSync("docker-compose", ["--file", COMPOSE_FILE, "config", "--quiet"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.error?.message, "docker-compose must be installed in CI").toBeUndefined();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("lists the services Compose will start: PostgreSQL, the release step, two replicas and the proxy", () => {
    const result = spawnSync("docker-compose", ["--file", COMPOSE_FILE, "config", "--services"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.stdout.trim().split("\n").sort()).toEqual(["app-1", "app-2", "postgres", "proxy", "release"]);
  });
});

/** The PostgreSQL major version the tests run on: the server POSTGRES_TEST_URL names, else the one .ci/postgres.sh would start. */
async function testedPostgresMajor(): Promise<number | undefined> {
  const url = process.env.POSTGRES_TEST_URL;
  if (url) {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
      return Math.floor(Number(rows[0]!.server_version_num) / 10_000);
    } finally {
      await client.end();
    }
  }
  const { readdirSync } = await import("node:fs");
  const installed = (() => {
    try {
      return readdirSync("/usr/lib/postgresql").map(Number).filter(Number.isInteger);
    } catch {
      return [];
    }
  })();
  return installed.length ? Math.max(...installed) : undefined;
}

describe("docker-compose.yml's settings", () => {
  it("runs the PostgreSQL major version the tests run on", async () => {
    const image = composeServices().postgres!.image!;
    const major = await testedPostgresMajor();
    if (major === undefined && process.env.CI !== "true")
      return void console.warn("SKIPPED: no PostgreSQL here to compare docker-compose.yml's image with.");
    expect(image).toMatch(new RegExp(`^postgres:${major}(\\.|-|$)`));
  });

  it("gives our services an environment start-up accepts: no TRANSLATOR_TOKEN, nothing src/env.ts refuses", async () => {
    const { parseEnv } = await import("../../src/env.ts");
    const services = Object.entries(composeServices()).filter(([, service]) => service.build !== undefined);
    expect(services.length).toBe(3);
    for (const [name, service] of services) {
      expect(() => parseEnv(service.environment ?? {}), name).not.toThrow();
      expect(Object.keys(service.environment ?? {}), name).not.toContain("TRANSLATOR_TOKEN");
    }
    expect(readFileSync(COMPOSE_FILE, "utf8")).not.toContain("TRANSLATOR_TOKEN");
  });
});
