// `status-atlas migrate`: applies Prisma migrations with Prisma's own CLI (JS schema engine, offline), on
// whichever database DATABASE_URL names; prisma.config.ts picks that provider's schema and migrations.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { defineCommand } from "citty";
import { database } from "../database.ts";
import { databaseUrlOf, describeDatabase, parseDatabaseUrl } from "../db/index.ts";
import { pendingMigrations } from "../db/migrations.ts";
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
    options: {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrlOf(parsed.location), PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      encoding: "utf8" as const,
    },
    outcome(failed: boolean, output: string): string {
      if (failed)
        throw new CliError(`prisma migrate deploy failed for ${describeDatabase(parsed.location)}:\n${output}`);
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

/** Prisma's last line once its work is done, applied or not: after it, the CLI may linger on a timer. */
const DEPLOY_DONE = /No pending migrations to apply|All migrations have been successfully applied|have been applied/;
/** How long after that line the process may take to exit before the wait is explained. */
const LINGER_NOTICE_MS = 1500;

/**
 * `migrateDatabase` without blocking: `start` reads the content folder while Prisma's CLI starts up and
 * migrates. `progress` hears what it is waiting for: Prisma's CLI starting and migrating, then, on
 * PostgreSQL, the CLI itself, which stays alive about 10 s on a timer its schema engine never clears.
 */
export function migrateDatabaseAsync(
  url: string = env.DATABASE_URL,
  progress: (message: string) => void = () => {},
): Promise<string> {
  const deploy = migrateDeploy(url);
  return new Promise((resolve, reject) => {
    let output = "";
    let lingering: NodeJS.Timeout | undefined;
    const child = spawn(process.execPath, deploy.args, { cwd: deploy.options.cwd, env: deploy.options.env });
    const collect = (chunk: Buffer) => {
      output += String(chunk);
      if (!lingering && DEPLOY_DONE.test(output)) {
        lingering = setTimeout(
          () =>
            progress(
              "Migrations done; waiting for Prisma's CLI to exit (on PostgreSQL it keeps a timer running for about 10 s after its work).",
            ),
          LINGER_NOTICE_MS,
        );
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(lingering);
      try {
        resolve(deploy.outcome(code !== 0, output));
      } catch (failure) {
        reject(failure);
      }
    });
  });
}

export default defineCommand({
  meta: { name: "migrate", description: "Create the database if needed and apply pending migrations" },
  async run() {
    const where = describeDatabase(env.database);
    // Asked of the database itself first: an up-to-date database needs no Prisma CLI (a second to start, and
    // on PostgreSQL about 10 s to exit).
    const db = database();
    const pending = await pendingMigrations(db).finally(() => db.close());
    if (pending.length === 0) {
      console.log(`${where}: already up to date; no migration to apply.`);
      return;
    }
    // stderr: what it is waiting for, as it happens; stdout keeps the one result line.
    console.error(
      `${where}: applying ${pending.length} migration(s) with prisma migrate deploy: ${pending.join(", ")}`,
    );
    const output = await migrateDatabaseAsync(env.DATABASE_URL, (message) => console.error(message));
    const applied = /(\d+) migrations? found/.exec(output)?.[0] ?? "migrations checked";
    console.log(`${where}: ${applied}; ${/No pending migrations/.test(output) ? "already up to date" : "applied"}`);
  },
});
