// `postinstall`: generates both Prisma clients, whatever DATABASE_URL the installing shell has.
// The SQLite one goes to @prisma/client, the PostgreSQL one to node_modules/.prisma/postgresql; each
// needs a URL of its own provider for the CLI to pick its schema (prisma.config.ts), and none connects.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const prisma = createRequire(import.meta.url).resolve("prisma/build/index.js");
const urls = { sqlite: "file:./data/status-atlas.db", postgresql: "postgresql://generate.invalid:5432/status_atlas" };
for (const [provider, url] of Object.entries(urls)) {
  const result = spawnSync(process.execPath, [prisma, "generate", "--no-hints"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (result.status !== 0) {
    console.error(`prisma generate failed for the ${provider} client`);
    process.exit(result.status ?? 1);
  }
}
