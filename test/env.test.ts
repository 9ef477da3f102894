import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../src/env.ts";

describe("parseEnv", () => {
  it("fills in the documented defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 4000, HOST: "0.0.0.0", NODE_ENV: "development", SEEDS_DIR: "seeds" });
    expect(env.database).toEqual({ provider: "sqlite", file: path.resolve("data/status-atlas.db") });
  });

  it("selects PostgreSQL for postgres:// and postgresql:// URLs, in the spelling Prisma accepts", () => {
    for (const url of ["postgres://atlas:secret@db:5432/atlas", "postgresql://atlas:secret@db:5432/atlas"]) {
      expect(parseEnv({ DATABASE_URL: url }).database).toEqual({ provider: "postgresql", url: "postgresql://atlas:secret@db:5432/atlas" });
    }
  });

  it("names DATABASE_URL and the accepted forms when the URL is neither", () => {
    for (const url of ["mysql://db/atlas", "./data/atlas.db", "postgres://db"]) {
      expect(() => parseEnv({ DATABASE_URL: url })).toThrow(/DATABASE_URL: .*"file:<path>" \(SQLite.*"postgresql:\/\/user:password@host:5432\/database" \(PostgreSQL/);
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
});
