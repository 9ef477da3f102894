// The import rows alone, run by hand (`tsx bench/import.ts`, `BENCH_LOCALES=101` by default): an import of
// the generated corpus into an empty database (time, peak RSS of this process), then the same import again
// (a no-op). SQLite always; PostgreSQL too when POSTGRES_TEST_URL is set (`source .ci/postgres.sh`).
// The peak is the kernel's high-water mark of this process (getrusage), not a sample: a blocked event loop
// would hide the peak from a timer. Each provider runs in its own child process so peaks do not mix.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrateDatabase } from "../src/cli/migrate.ts";
import { createDatabase } from "../src/db/index.ts";
import { runImport } from "../src/pipeline/import.ts";
import { admin, withDatabase } from "../test/helpers/postgres.ts";
import { generateCorpus } from "./corpus.ts";

const LOCALES = Number(process.env.BENCH_LOCALES ?? 101);

/** One provider, in this process: prints one JSON line. */
async function measure(url: string, dir: string): Promise<void> {
  migrateDatabase(url);
  const db = createDatabase(url);
  try {
    const before = process.resourceUsage().maxRSS * 1024;
    let started = performance.now();
    const imported = await runImport(db, { dir, force: true });
    const importSeconds = (performance.now() - started) / 1000;
    const peak = process.resourceUsage().maxRSS * 1024;
    if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.errors.slice(0, 2))}`);
    started = performance.now();
    const again = await runImport(db, { dir });
    const noopSeconds = (performance.now() - started) / 1000;
    if (!again.ok || again.applied) throw new Error("the second import was not a no-op");
    console.log(JSON.stringify({ units: imported.plan.entries.length, importSeconds, peakMB: peak / 1e6, startMB: before / 1e6, noopSeconds }));
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const [, , role, url, dir] = process.argv;
  if (role === "--child") return measure(url!, dir!);
  const corpus = generateCorpus(LOCALES);
  const scratch = mkdtempSync(path.join(tmpdir(), "status-atlas-import-bench-"));
  const child = (provider: string, databaseUrl: string) => {
    const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, "--child", databaseUrl, corpus], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    const row = JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, number>;
    console.log(
      `| ${provider} | ${LOCALES} | ${row.units} | ${row.importSeconds!.toFixed(1)} | ${Math.round(row.peakMB!)} | ${row.noopSeconds!.toFixed(2)} |`,
    );
  };
  try {
    console.log(`\nImport of the generated corpus, node ${process.version}\n`);
    console.log("| database | locales | units | import s | import peak RSS MB | no-op import s |\n|---|---:|---:|---:|---:|---:|");
    child("SQLite", `file:${path.join(scratch, "import.db")}`);
    const server = process.env.POSTGRES_TEST_URL;
    if (server) {
      const name = `status_atlas_import_${process.pid}`;
      await admin(server, (client) => client.query(`CREATE DATABASE "${name}"`));
      try {
        child("PostgreSQL", withDatabase(server, name));
      } finally {
        await admin(server, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(corpus, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
