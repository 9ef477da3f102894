// Prisma config for `npm run migration:new` on PostgreSQL: a diff between two schema files needs no
// database, but the CLI opens one anyway and asks the server's version. This adapter answers that one
// question (PostgreSQL 15, what CI runs) and refuses everything else, so migrations are authored offline.
import { defineConfig } from "prisma/config";
import path from "node:path";
import { POSTGRESQL_SCHEMA, ROOT } from "./postgresql-schema.ts";

// @prisma/driver-adapter-utils' ColumnTypeEnum values for the probe's three columns.
const BOOLEAN = 5;
const TEXT = 7;
const INT32 = 0;

const refuse = async (): Promise<never> => {
  throw new Error("scripts/schema-diff.config.ts diffs schema files only: it has no database");
};

const offline = {
  provider: "postgres" as const,
  adapterName: "status-atlas-schema-diff",
  async queryRaw(query: { sql: string }) {
    if (!/^SELECT EXISTS\(SELECT 1 FROM pg_namespace/.test(query.sql)) return refuse();
    return {
      columnNames: ["exists", "version", "numeric_version"],
      columnTypes: [BOOLEAN, TEXT, INT32],
      rows: [[true, "PostgreSQL 15.0", 150000]],
    };
  },
  executeRaw: refuse,
  executeScript: refuse,
  startTransaction: refuse,
  getConnectionInfo: () => ({ schemaName: "public", supportsRelationJoins: true }),
  async dispose() {},
};

export default defineConfig({
  schema: path.join(ROOT, POSTGRESQL_SCHEMA),
  engine: "js",
  experimental: { adapter: true },
  adapter: async () =>
    ({
      provider: "postgres",
      adapterName: offline.adapterName,
      connect: async () => offline,
      connectToShadowDb: async () => offline,
    }) as never,
});
