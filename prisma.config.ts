// Prisma CLI configuration: the JavaScript schema engine over better-sqlite3, so that generate,
// db push and migrate deploy run without downloading native engines.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { env } from "./src/env.ts";

// The schema's datasource reads DATABASE_URL; without it the CLI cannot tell that the client uses the
// query compiler and tries to download a native query engine.
process.env.DATABASE_URL = `file:${env.databaseFile}`;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    // Every CLI command opens the database, even `migrate diff --from-empty`; in a fresh clone its
    // folder does not exist yet, and SQLite would fail with a bare "External error".
    mkdirSync(path.dirname(env.databaseFile), { recursive: true });
    return new PrismaBetterSQLite3({ url: `file:${env.databaseFile}` });
  },
});
