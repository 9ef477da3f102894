// `status-atlas migrate`: applies Prisma migrations with Prisma's own CLI (JS schema engine, offline).
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineCommand } from "citty";
import { env } from "../env.ts";
import { CliError } from "./errors.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function migrateDatabase(databaseFile: string = env.databaseFile): string {
  mkdirSync(path.dirname(databaseFile), { recursive: true });
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const result = spawnSync(process.execPath, [prismaCli, "migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: `file:${databaseFile}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) throw new CliError(`prisma migrate deploy failed for ${databaseFile}:\n${output}`);
  return output;
}

export default defineCommand({
  meta: { name: "migrate", description: "Create the database if needed and apply pending migrations" },
  run() {
    const output = migrateDatabase();
    const applied = /(\d+) migrations? found/.exec(output)?.[0] ?? "migrations checked";
    console.log(`${env.databaseFile}: ${applied}; ${/No pending migrations/.test(output) ? "already up to date" : "applied"}`);
  },
});
