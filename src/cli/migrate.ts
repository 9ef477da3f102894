// `status-atlas migrate`: applies Prisma migrations with Prisma's own CLI (JS schema engine, offline), on
// whichever database DATABASE_URL names; prisma.config.ts picks that provider's schema and migrations.
import { execFile, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { defineCommand } from "citty";
import { databaseUrlOf, describeDatabase, parseDatabaseUrl } from "../db/index.ts";
import { env } from "../env.ts";
import { projectRoot } from "../paths.ts";
import { CliError } from "./errors.ts";

/** `prisma migrate deploy` for `url`, as a process to run, and what its exit and output mean. */
function migrateDeploy(url: string) {
  const parsed = parseDatabaseUrl(url);
  if (!parsed.ok) throw new CliError(`DATABASE_URL ${parsed.message}`);
  const prismaCli = createRequire(path.join(projectRoot, "package.json")).resolve("prisma/build/index.js");
  return {
    args: [prismaCli, "migrate", "deploy"],
    options: { cwd: projectRoot, env: { ...process.env, DATABASE_URL: databaseUrlOf(parsed.location), PRISMA_HIDE_UPDATE_MESSAGE: "1" }, encoding: "utf8" as const },
    outcome(failed: boolean, output: string): string {
      if (failed) throw new CliError(`prisma migrate deploy failed for ${describeDatabase(parsed.location)}:\n${output}`);
      return output;
    },
  };
}

/** Applies pending migrations and returns Prisma's output; throws a CliError with it when they fail. */
export function migrateDatabase(url: string = env.DATABASE_URL): string {
  const deploy = migrateDeploy(url);
  const result = spawnSync(process.execPath, deploy.args, deploy.options);
  return deploy.outcome(result.status !== 0, `${result.stdout ?? ""}${result.stderr ?? ""}`);
}

/** `migrateDatabase` without blocking: `start` reads the content folder while Prisma's CLI starts up and migrates. */
export function migrateDatabaseAsync(url: string = env.DATABASE_URL): Promise<string> {
  const deploy = migrateDeploy(url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, deploy.args, { ...deploy.options, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      try {
        resolve(deploy.outcome(error !== null, `${stdout}${stderr}`));
      } catch (failure) {
        reject(failure);
      }
    });
  });
}

export default defineCommand({
  meta: { name: "migrate", description: "Create the database if needed and apply pending migrations" },
  run() {
    const output = migrateDatabase();
    const applied = /(\d+) migrations? found/.exec(output)?.[0] ?? "migrations checked";
    console.log(`${describeDatabase(env.database)}: ${applied}; ${/No pending migrations/.test(output) ? "already up to date" : "applied"}`);
  },
});
