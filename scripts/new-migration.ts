// `npm run migration:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between the last committed prisma/schema.prisma and the working copy. `prisma migrate dev`
// cannot run here (SQLite shadow database, P3006), so migrations are authored with `migrate diff`.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migration:new -- <name_in_snake_case>");
  process.exit(1);
}
const root = path.resolve(import.meta.dirname, "..");
const temp = mkdtempSync(path.join(tmpdir(), "status-atlas-migration-"));
try {
  const previous = path.join(temp, "previous.prisma");
  writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: root }));
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(root, "prisma/migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, "migration.sql");
  const prisma = createRequire(import.meta.url).resolve("prisma/build/index.js");
  // -o keeps the CLI's "Loaded Prisma config" line out of the SQL.
  // The CLI opens the configured database even for a schema-to-schema diff: give it a scratch one.
  const result = spawnSync(process.execPath, [prisma, "migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", "prisma/schema.prisma", "--script", "-o", out], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: `file:${path.join(temp, "scratch.db")}` },
  });
  if (result.status !== 0) throw new Error(result.stderr || result.stdout);
  const sql = readFileSync(out, "utf8");
  if (!/\b(CREATE|ALTER|DROP|INSERT)\b/.test(sql)) {
    rmSync(dir, { recursive: true });
    console.log("prisma/schema.prisma has no changes since HEAD: no migration written.");
  } else {
    console.log(`Wrote ${path.relative(root, out)}`);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
