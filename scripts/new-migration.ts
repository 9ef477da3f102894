// `npm run migration:new -- <name>`: writes the migration for both providers from the difference between
// the last committed prisma/schema.prisma and the working copy: prisma/migrations/<timestamp>_<name>/ for
// SQLite and prisma/postgresql/migrations/<timestamp>_<name>/ for PostgreSQL, after deriving
// prisma/postgresql/schema.prisma again. `prisma migrate dev` cannot run here (SQLite shadow database,
// P3006), so migrations are authored with `migrate diff`, offline for both providers.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  derivePostgresqlSchema,
  POSTGRESQL_SCHEMA,
  ROOT,
  SQLITE_SCHEMA,
  writePostgresqlSchema,
} from "./postgresql-schema.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migration:new -- <name_in_snake_case>");
  process.exit(1);
}
const temp = mkdtempSync(path.join(tmpdir(), "status-atlas-migration-"));
const prisma = createRequire(import.meta.url).resolve("prisma/build/index.js");
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);

/** Diffs the committed schema against the working copy; returns the migration folder, or undefined when nothing changed. */
function author(provider: {
  label: string;
  previous: string;
  schema: string;
  migrations: string;
  env: NodeJS.ProcessEnv;
  extraArgs: string[];
}): string | undefined {
  const previous = path.join(temp, `previous-${provider.label}.prisma`);
  writeFileSync(previous, provider.previous);
  const dir = path.join(ROOT, provider.migrations, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, "migration.sql");
  // -o keeps the CLI's "Loaded Prisma config" line out of the SQL.
  const args = [
    prisma,
    "migrate",
    "diff",
    ...provider.extraArgs,
    "--from-schema-datamodel",
    previous,
    "--to-schema-datamodel",
    provider.schema,
    "--script",
    "-o",
    out,
  ];
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...provider.env },
  });
  if (result.status !== 0) throw new Error(`${provider.label}: ${result.stderr || result.stdout}`);
  if (!/\b(CREATE|ALTER|DROP|INSERT)\b/.test(readFileSync(out, "utf8"))) {
    rmSync(dir, { recursive: true });
    return undefined;
  }
  return path.relative(ROOT, out);
}

try {
  writePostgresqlSchema();
  const committed = execFileSync("git", ["show", `HEAD:${SQLITE_SCHEMA}`], { cwd: ROOT, encoding: "utf8" });
  const written = [
    // The CLI opens the configured database even for a schema-to-schema diff: give it a scratch one.
    author({
      label: "sqlite",
      previous: committed,
      schema: SQLITE_SCHEMA,
      migrations: "prisma/migrations",
      env: { DATABASE_URL: `file:${path.join(temp, "scratch.db")}` },
      extraArgs: [],
    }),
    // No server needed: scripts/schema-diff.config.ts answers the one question the CLI asks.
    author({
      label: "postgresql",
      previous: derivePostgresqlSchema(committed),
      schema: POSTGRESQL_SCHEMA,
      migrations: "prisma/postgresql/migrations",
      env: { DATABASE_URL: "postgresql://schema-diff.invalid:5432/none" },
      extraArgs: ["--config", "scripts/schema-diff.config.ts"],
    }),
  ].filter(Boolean);
  if (written.length === 0) console.log(`${SQLITE_SCHEMA} has no changes since HEAD: no migration written.`);
  for (const file of written) console.log(`Wrote ${file}`);
  if (written.length === 1)
    console.warn("Only one provider's migration changed: check that the two migrations describe the same change.");
} finally {
  rmSync(temp, { recursive: true, force: true });
}
