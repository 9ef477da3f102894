// `status-atlas migrate`: applies Prisma migrations with Prisma's own CLI (JS schema engine, offline), on
// whichever database DATABASE_URL names; prisma.config.ts picks that provider's schema and migrations.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineCommand } from "citty";
import { databaseUrlOf, describeDatabase, parseDatabaseUrl } from "../db/index.ts";
import { env } from "../env.ts";
import { CliError } from "./errors.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function migrateDatabase(url: string = env.DATABASE_URL): string {
  const parsed = parseDatabaseUrl(url);
  if (!parsed.ok) throw new CliError(`DATABASE_URL ${parsed.message}`);
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const result = spawnSync(process.execPath, [prismaCli, "migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrlOf(parsed.location), PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) throw new CliError(`prisma migrate deploy failed for ${describeDatabase(parsed.location)}:\n${output}`);
  return output;
}

export default defineCommand({
  meta: { name: "migrate", description: "Create the database if needed and apply pending migrations" },
  run() {
    const output = migrateDatabase();
    const applied = /(\d+) migrations? found/.exec(output)?.[0] ?? "migrations checked";
    console.log(`${describeDatabase(env.database)}: ${applied}; ${/No pending migrations/.test(output) ? "already up to date" : "applied"}`);
  },
});
