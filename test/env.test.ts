import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../src/env.ts";

describe("parseEnv", () => {
  it("fills in the documented defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 4000, HOST: "0.0.0.0", NODE_ENV: "development", SEEDS_DIR: "seeds" });
    expect(env.databaseFile).toBe(path.resolve("data/status-atlas.db"));
  });

  it("reports every problem together, naming each variable", () => {
    let message = "";
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "postgres://x", TRANSLATOR_TOKEN: "short" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid environment:/);
    expect(message).toMatch(/^ {2}PORT: /m);
    expect(message).toMatch(/^ {2}DATABASE_URL: must be a SQLite URL/m);
    expect(message).toMatch(/^ {2}TRANSLATOR_TOKEN: /m);
  });
});
