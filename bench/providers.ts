// Part of `npm run bench`: per database provider, (1) how long after an import commits every server
// serves the new content version (commit → served on the next request, p50/p99 over BENCH_RELEASES
// imports), and (2) the read throughput of one server on that database, cached and uncached.
// SQLite always; PostgreSQL on the server POSTGRES_TEST_URL names (`npm run bench` starts a private one
// with .ci/postgres.sh, as CI does), in a database of its own created for the run and dropped after.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { migrateDatabase } from "../src/cli/migrate.ts";
import { createDatabase } from "../src/db/index.ts";
import { runImport } from "../src/pipeline/import.ts";
import { admin, withDatabase } from "../test/helpers/postgres.ts";
import { startServer, type ServerProcess } from "../test/helpers/processes.ts";

const RELEASES = Number(process.env.BENCH_RELEASES ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const SEEDS = path.resolve(import.meta.dirname, "../seeds");
const COMPARE =
  'query Compare { compare(a: 202, b: 403, locale: "vi") { headline summary differences { aspect sentence } markdown } }';
const COMPARE_ANY =
  "query Compare($a: Int!, $b: Int!, $locale: String) { compare(a: $a, b: $b, locale: $locale) { headline summary differences { aspect sentence } markdown } }";
const CODES = readdirSync(path.join(SEEDS, "codes/en")).map((name) => Number.parseInt(name, 10));
/** Every request a pair not asked before (a cache miss), with one document (compiled once): the uncached path. */
const PAIRS = ["vi", "en"].flatMap((locale) =>
  CODES.flatMap((a) => CODES.filter((b) => b !== a).map((b) => ({ a, b, locale }))),
);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** The version a real page is served from: the comparison, so building the new snapshot's pages counts. */
async function servedVersion(server: ServerProcess): Promise<number> {
  const query = encodeURIComponent(`{ contentVersion ${COMPARE.slice(COMPARE.indexOf("{") + 1)}`);
  const response = await fetch(`${server.url}/graphql?query=${query}`, { headers: { accept: "application/json" } });
  return ((await response.json()) as { data: { contentVersion: number } }).data.contentVersion;
}

/** Commit → served: imports a changed 404 summary, then asks both servers until each serves it. */
async function releaseLatency(url: string, servers: ServerProcess[]): Promise<number[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-releases-"));
  cpSync(SEEDS, dir, { recursive: true });
  const file = path.join(dir, "codes/en/404.md");
  const original = readFileSync(file, "utf8");
  const db = createDatabase(url);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < RELEASES; i++) {
      writeFileSync(file, original.replace(/^summary:.*$/m, `summary: "Release ${i} of the benchmark."`));
      const report = await runImport(db, { dir });
      const committed = performance.now();
      if (!report.ok || !report.applied) throw new Error(`release ${i} was not applied`);
      await Promise.all(
        servers.map(async (server) => {
          while ((await servedVersion(server)) < report.version) {}
          latencies.push(performance.now() - committed);
        }),
      );
    }
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return latencies.sort((a, b) => a - b);
}

async function throughput(server: ServerProcess, cached: boolean): Promise<number> {
  let n = 0;
  const options = {
    url: `${server.url}/graphql`,
    method: "POST" as const,
    headers: { "content-type": "application/json" },
    connections: 10,
    requests: [
      {
        setupRequest: (req: any) => ({
          ...req,
          body: JSON.stringify(
            cached ? { query: COMPARE } : { query: COMPARE_ANY, variables: PAIRS[n++ % PAIRS.length] },
          ),
        }),
      },
    ],
  };
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon({ ...options, duration: DURATION });
  if (result.non2xx || result.errors) throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return Math.round(result.requests.average);
}

async function measureProvider(label: string, url: string): Promise<string> {
  migrateDatabase(url);
  const db = createDatabase(url);
  const seeded = await runImport(db, { dir: SEEDS, force: true });
  await db.close();
  if (!seeded.ok) throw new Error(`seed import failed on ${label}`);
  // The polling and load below come from one address: the per-client rate limit would measure itself.
  const servers = await Promise.all(
    [0, 1].map(() => startServer(["--no-import"], { DATABASE_URL: url, RATE_LIMIT_PER_SECOND: "0" })),
  );
  try {
    const latencies = await releaseLatency(url, servers);
    const uncached = await throughput(servers[0]!, false);
    const cached = await throughput(servers[0]!, true);
    return `| ${label} | ${latencies.length} | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} | ${cached} | ${uncached} |`;
  } finally {
    for (const server of servers) server.child.kill("SIGTERM");
    await Promise.all(servers.map((s) => s.exited));
  }
}

export async function benchProviders(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-providers-"));
  const rows: string[] = [];
  try {
    rows.push(await measureProvider("SQLite (WAL, data_version)", `file:${path.join(dir, "bench.db")}`));
    const server = process.env.POSTGRES_TEST_URL;
    if (server) {
      const name = `status_atlas_bench_${process.pid}`;
      await admin(server, (client) => client.query(`CREATE DATABASE "${name}"`));
      try {
        rows.push(await measureProvider("PostgreSQL (LISTEN/NOTIFY)", withDatabase(server, name)));
      } finally {
        await admin(server, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      }
    } else
      console.log(
        "PostgreSQL skipped: no POSTGRES_TEST_URL (npm run bench starts a private server when PostgreSQL is installed).",
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nContent releases and reads per provider; two server processes; node ${process.version}\n`);
  console.log(
    "| provider | releases × servers | commit → served p50 ms | p99 ms | cached compare req/s | uncached compare req/s |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const row of rows) console.log(row);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchProviders();
