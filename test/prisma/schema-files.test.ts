// One model, two providers: the PostgreSQL schema is derived from prisma/schema.prisma, and every
// migration exists for both (`npm run migration:new` writes both).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { derivePostgresqlSchema, POSTGRESQL_SCHEMA, ROOT, SQLITE_SCHEMA } from "../../scripts/postgresql-schema.ts";

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const migrationNames = (dir: string) =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe("prisma schema files", () => {
  it("keeps prisma/postgresql/schema.prisma derived from prisma/schema.prisma (run `npm run migration:new`)", () => {
    expect(read(POSTGRESQL_SCHEMA)).toBe(derivePostgresqlSchema(read(SQLITE_SCHEMA)));
  });

  it("differs from the SQLite schema in the provider and the client's output only", () => {
    const derived = derivePostgresqlSchema(read(SQLITE_SCHEMA));
    expect(derived).toMatch(/provider = "postgresql"/);
    expect(derived).toMatch(/output\s+= "..\/..\/node_modules\/.prisma\/postgresql"/);
    const strip = (s: string) =>
      s
        .split("\n")
        .filter((l) => !/^\/\/|provider = "(sqlite|postgresql)"|^\s*output\s*=/.test(l))
        .join("\n")
        .trim();
    expect(strip(derived)).toBe(strip(read(SQLITE_SCHEMA)));
  });

  it("has every migration for both providers, under the same name", () => {
    expect(migrationNames("prisma/postgresql/migrations")).toEqual(migrationNames("prisma/migrations"));
    expect(read("prisma/migrations/migration_lock.toml")).toMatch(/provider = "sqlite"/);
    expect(read("prisma/postgresql/migrations/migration_lock.toml")).toMatch(/provider = "postgresql"/);
  });
});
