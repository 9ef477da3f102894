import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv, webhookDestinationPolicy } from "../src/env.ts";

describe("parseEnv", () => {
  it("fills in the documented defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 4000, HOST: "0.0.0.0", NODE_ENV: "development", SEEDS_DIR: "seeds" });
    expect(env.database).toEqual({ provider: "sqlite", file: path.resolve("data/status-atlas.db") });
  });

  it("finds the project's own persisted-operations manifest whatever the working directory, and takes a set path as given", () => {
    expect(parseEnv({}).PERSISTED_OPERATIONS_FILE).toBe(
      path.resolve(import.meta.dirname, "../persisted-operations.json"),
    );
    expect(parseEnv({ PERSISTED_OPERATIONS_FILE: "ops.json" }).PERSISTED_OPERATIONS_FILE).toBe("ops.json");
  });

  it("selects PostgreSQL for postgres:// and postgresql:// URLs, in the spelling Prisma accepts", () => {
    for (const url of ["postgres://atlas:secret@db:5432/atlas", "postgresql://atlas:secret@db:5432/atlas"]) {
      expect(parseEnv({ DATABASE_URL: url }).database).toEqual({
        provider: "postgresql",
        url: "postgresql://atlas:secret@db:5432/atlas",
      });
    }
  });

  it("names DATABASE_URL and the accepted forms when the URL is neither", () => {
    for (const url of ["mysql://db/atlas", "./data/atlas.db", "postgres://db"]) {
      expect(() => parseEnv({ DATABASE_URL: url })).toThrow(
        /DATABASE_URL: .*"file:<path>" \(SQLite.*"postgresql:\/\/user:password@host:5432\/database" \(PostgreSQL/,
      );
    }
  });

  it("reports every problem together, naming each variable", () => {
    let message = "";
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x/atlas", TRANSLATOR_TOKEN: "short" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid environment:/);
    expect(message).toMatch(/^ {2}PORT: /m);
    expect(message).toMatch(/^ {2}DATABASE_URL: must be "file:<path>" \(SQLite/m);
    expect(message).toMatch(/^ {2}TRANSLATOR_TOKEN: /m);
  });

  it("refuses TRANSLATOR_TOKEN, saying it is gone and how to create a token instead", () => {
    expect(() => parseEnv({ TRANSLATOR_TOKEN: "a-long-enough-shared-secret" })).toThrow(
      /TRANSLATOR_TOKEN: is no longer supported: .*Unset it and create one with `status-atlas tokens create --name <name> --role translator --locale <locale>`/,
    );
    expect(parseEnv({})).not.toHaveProperty("TRANSLATOR_TOKEN", expect.anything());
  });

  it("reads the HTTP cache lifetimes as whole seconds, refusing negative ones", () => {
    expect(parseEnv({})).toMatchObject({ CACHE_MAX_AGE: 60, CACHE_S_MAXAGE: 600, CACHE_STALE_WHILE_REVALIDATE: 60 });
    expect(parseEnv({ CACHE_MAX_AGE: "0", CACHE_S_MAXAGE: "86400" })).toMatchObject({
      CACHE_MAX_AGE: 0,
      CACHE_S_MAXAGE: 86400,
    });
    expect(() => parseEnv({ CACHE_STALE_WHILE_REVALIDATE: "-1" })).toThrow(/CACHE_STALE_WHILE_REVALIDATE/);
    expect(parseEnv({}).RESPONSE_CACHE_MAX_BYTES).toBe(64 * 1024 * 1024);
    expect(() => parseEnv({ RESPONSE_CACHE_MAX_BYTES: "lots" })).toThrow(/RESPONSE_CACHE_MAX_BYTES/);
  });

  it("leaves the locales the read model keeps built to the model unless told, and takes only a positive whole number", () => {
    expect(parseEnv({}).MODEL_LOCALES_KEPT).toBeUndefined();
    expect(parseEnv({ MODEL_LOCALES_KEPT: "101" }).MODEL_LOCALES_KEPT).toBe(101);
    for (const bad of ["0", "2.5", "all"])
      expect(() => parseEnv({ MODEL_LOCALES_KEPT: bad }), bad).toThrow(/MODEL_LOCALES_KEPT/);
  });

  it("limits rates per client by default, trusts no proxy unless told, and names a bad TRUST_PROXY", () => {
    expect(parseEnv({})).toMatchObject({ RATE_LIMIT_PER_SECOND: 50, RATE_LIMIT_BURST: 100, TRUST_PROXY: null });
    expect(parseEnv({ TRUST_PROXY: "1", RATE_LIMIT_PER_SECOND: "0" })).toMatchObject({
      TRUST_PROXY: { hops: 1 },
      RATE_LIMIT_PER_SECOND: 0,
    });
    expect(() => parseEnv({ TRUST_PROXY: "proxy.internal" })).toThrow(/TRUST_PROXY: .*hop count/);
  });

  it("allows no cross-origin reads and no credentials unless configured, in every environment", () => {
    for (const NODE_ENV of ["development", "production", "test"]) {
      expect(parseEnv({ NODE_ENV })).toMatchObject({ CORS_ORIGINS: [], CORS_CREDENTIALS: false });
    }
  });

  it("reads CORS_ORIGINS as a comma-separated list of origins", () => {
    const env = parseEnv({ CORS_ORIGINS: "https://app.example, http://localhost:3000,", CORS_CREDENTIALS: "true" });
    expect(env.CORS_ORIGINS).toEqual(["https://app.example", "http://localhost:3000"]);
    expect(env.CORS_CREDENTIALS).toBe(true);
  });

  it("refuses an entry that is not an origin as browsers send it (scheme, host, port; RFC 6454 §6.1)", () => {
    for (const CORS_ORIGINS of ["https://app.example/", "app.example", "https://app.example/path"]) {
      expect(() => parseEnv({ CORS_ORIGINS })).toThrow(/CORS_ORIGINS/);
    }
  });

  it('refuses credentials with the wildcard origin, which browsers reject (Fetch, CORS check: "*" never with credentials)', () => {
    expect(() => parseEnv({ CORS_ORIGINS: "*", CORS_CREDENTIALS: "true" })).toThrow(/CORS_CREDENTIALS/);
    expect(parseEnv({ CORS_ORIGINS: "*" }).CORS_ORIGINS).toEqual(["*"]);
  });
});

describe("webhook destinations", () => {
  it("allows loopback in development only, and the destinations the environment names", () => {
    expect(webhookDestinationPolicy(parseEnv({ NODE_ENV: "development" }))).toEqual({ allow: [], allowLoopback: true });
    expect(
      webhookDestinationPolicy(
        parseEnv({ NODE_ENV: "production", WEBHOOK_ALLOWED_DESTINATIONS: "hooks.internal, 10.0.5.0/24" }),
      ),
    ).toEqual({ allow: ["hooks.internal", "10.0.5.0/24"], allowLoopback: false });
  });
});
