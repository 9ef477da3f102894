// Prisma CLI configuration: the JavaScript schema engine over a driver adapter, so that generate, diff
// and migrate deploy run without downloading native engines. DATABASE_URL picks the provider's schema,
// migrations folder and adapter (see src/db/url.ts for the accepted forms).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { PrismaPgForMigrate } from "./src/db/postgres-migrate-adapter.ts";
import { databaseUrlOf } from "./src/db/url.ts";
import { env } from "./src/env.ts";

const location = env.database;
// The schema's datasource reads DATABASE_URL; without it the CLI cannot tell that the client uses the
// query compiler and tries to download a native query engine.
process.env.DATABASE_URL = databaseUrlOf(location);

export default location.provider === "sqlite"
  ? defineConfig({
      schema: "prisma/schema.prisma",
      migrations: { path: "prisma/migrations" },
      engine: "js",
      experimental: { adapter: true },
      async adapter() {
        // Every CLI command opens the database, even `migrate diff --from-empty`; in a fresh clone its
        // folder does not exist yet, and SQLite would fail with a bare "External error".
        mkdirSync(path.dirname(location.file), { recursive: true });
        return new PrismaBetterSQLite3({ url: `file:${location.file}` });
      },
    })
  : defineConfig({
      // Derived from prisma/schema.prisma (scripts/postgresql-schema.ts).
      schema: "prisma/postgresql/schema.prisma",
      migrations: { path: "prisma/postgresql/migrations" },
      engine: "js",
      experimental: { adapter: true },
      // Not the plain PrismaPg: see the header of src/db/postgres-migrate-adapter.ts.
      adapter: async () => new PrismaPgForMigrate(location.url),
    });
