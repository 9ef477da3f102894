// Migrates one template database per project with Prisma's own CLI; each test file copies it instead of
// migrating again: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../src/cli/migrate.ts";
import type { Provider } from "../../src/db/index.ts";
import { admin, withDatabase } from "./postgres.ts";

export default async function setup(project: TestProject) {
  if (project.name === "postgresql") return setupPostgres(project);
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-template-"));
  const template = path.join(dir, "template.db");
  migrateDatabase(`file:${template}`);
  project.provide("provider", "sqlite");
  project.provide("templateDatabase", template);
  return () => rmSync(dir, { recursive: true, force: true });
}

async function setupPostgres(project: TestProject) {
  const adminUrl = process.env.POSTGRES_TEST_URL!;
  // Databases of this run share a prefix, so teardown finds every one a crashed test left behind.
  const prefix = `status_atlas_test_${process.pid}`;
  const template = `${prefix}_template`;
  await dropDatabases(adminUrl, prefix);
  await admin(adminUrl, (client) => client.query(`CREATE DATABASE "${template}"`));
  migrateDatabase(withDatabase(adminUrl, template));
  project.provide("provider", "postgresql");
  project.provide("templateDatabase", template);
  project.provide("postgresAdminUrl", adminUrl);
  project.provide("postgresPrefix", prefix);
  return () => dropDatabases(adminUrl, prefix);
}

async function dropDatabases(adminUrl: string, prefix: string): Promise<void> {
  await admin(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [prefix],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

declare module "vitest" {
  export interface ProvidedContext {
    provider: Provider;
    /** SQLite: the template file. PostgreSQL: the template database's name. */
    templateDatabase: string;
    postgresAdminUrl: string;
    postgresPrefix: string;
  }
}
