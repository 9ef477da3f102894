// The import rows (`BENCH_ONLY=import npm run bench`, or `tsx bench/import.ts`; `BENCH_IMPORT_LOCALES=101` by default): an import of
// the generated corpus into an empty database (time, peak RSS of this process), then the same import again
// (a no-op). SQLite always; PostgreSQL too when POSTGRES_TEST_URL is set (`source .ci/postgres.sh`). The import
// runs with the CLI's heap setting (src/cli/import.ts); `BENCH_IMPORT_HEAP=default` runs it with V8's own.
// The peak is the kernel's high-water mark of this process (getrusage), not a sample: a blocked event loop
// would hide the peak from a timer. Each provider runs in its own child process so peaks do not mix.
// `BENCH_IMPORT_READS=1` adds reads during an import job (`=only`: just those): a server process serving `seeds/` imports the
// corpus as a job (POST /imports) while 4 clients read a cached page; read latency alone and during the job.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrateDatabase } from "../src/cli/migrate.ts";
import { createDatabase } from "../src/db/index.ts";
import { runImport } from "../src/pipeline/import.ts";
import { tuneHeapForImport } from "../src/cli/import.ts";
import { admin, withDatabase } from "../test/helpers/postgres.ts";
import { SEEDS, generateCorpus } from "./corpus.ts";
import { startServer } from "../test/helpers/processes.ts";
import { bearer, createToken } from "../test/helpers/tokens.ts";

// Its own variable: BENCH_LOCALES is the editorial bench's list ("2,21,101").
const LOCALES = Number(process.env.BENCH_IMPORT_LOCALES ?? 101);

/** One provider, in this process: prints one JSON line. */
async function measure(url: string, dir: string): Promise<void> {
  // What `status-atlas import` runs with; BENCH_IMPORT_HEAP=default measures V8's own heap growth instead.
  if (process.env.BENCH_IMPORT_HEAP !== "default") tuneHeapForImport();
  migrateDatabase(url);
  const db = createDatabase(url);
  try {
    const before = process.resourceUsage().maxRSS * 1024;
    let started = performance.now();
    const cpu = process.cpuUsage();
    const imported = await runImport(db, { dir, force: true });
    const importSeconds = (performance.now() - started) / 1000;
    // CPU time too: on a shared machine the wall clock measures the neighbours as well.
    const used = process.cpuUsage(cpu);
    const importCpuSeconds = (used.user + used.system) / 1e6;
    const peak = process.resourceUsage().maxRSS * 1024;
    if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.errors.slice(0, 2))}`);
    started = performance.now();
    const noopCpu = process.cpuUsage();
    const again = await runImport(db, { dir });
    const noopSeconds = (performance.now() - started) / 1000;
    const noopUsed = process.cpuUsage(noopCpu);
    const noopCpuSeconds = (noopUsed.user + noopUsed.system) / 1e6;
    if (!again.ok || again.applied) throw new Error("the second import was not a no-op");
    console.log(
      JSON.stringify({
        units: imported.plan.entries.length,
        importSeconds,
        importCpuSeconds,
        peakMB: peak / 1e6,
        startMB: before / 1e6,
        noopSeconds,
        noopCpuSeconds,
      }),
    );
  } finally {
    await db.close();
  }
}

const READERS = 4;
const READ = `/graphql?query=${encodeURIComponent('{ statusCode(code: 404, locale: "vi") { title summary } }')}`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** READERS clients reading one after another until `until` resolves; each read's latency in ms. */
async function readWhile(base: string, until: Promise<unknown>, errors: string[] = []): Promise<number[]> {
  let done = false;
  void until.then(() => (done = true));
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: READERS }, async () => {
      while (!done) {
        const started = performance.now();
        const response = await fetch(`${base}${READ}`, { headers: { accept: "application/json" } });
        await response.text();
        latencies.push(performance.now() - started);
        if (response.status !== 200)
          errors.push(`${response.status} after ${Math.round(performance.now() - started)} ms`);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

/** Reads alone for 3 s, then during an import job of the corpus; prints one JSON line. */
async function readsDuringImport(url: string, dir: string): Promise<void> {
  migrateDatabase(url);
  const db = createDatabase(url);
  const imported = await runImport(db, { dir: SEEDS });
  if (!imported.ok) throw new Error("seeds/ did not import");
  const editor = bearer(await createToken(db, { role: "editor", name: "bench-import-reads" }));
  await db.close();
  // BENCH_SERVER_PROFILE=<dir>: the server writes its CPU profile and event-loop stalls there (profile-server.cjs).
  const profile = process.env.BENCH_SERVER_PROFILE;
  const server = await startServer(["--no-import"], {
    DATABASE_URL: url,
    SEEDS_DIR: dir,
    RATE_LIMIT_PER_SECOND: "0",
    ...(profile && { NODE_OPTIONS: `--require ${path.join(import.meta.dirname, "profile-server.cjs")}` }),
  });
  try {
    await readWhile(server.url, new Promise((resolve) => setTimeout(resolve, 500)));
    const alone = await readWhile(server.url, new Promise((resolve) => setTimeout(resolve, 3000)));
    const started = performance.now();
    const accepted = await fetch(`${server.url}/imports`, { method: "POST", headers: editor });
    if (accepted.status !== 202) throw new Error(`POST /imports answered ${accepted.status}`);
    const { href } = (await accepted.json()) as { href: string };
    const polls: number[] = [];
    const finished = (async () => {
      for (;;) {
        // A poll reads the job's row outside the import's transaction (on SQLite too: src/db/sqlite.ts), so it
        // should answer at once; its latency is reported, and a failed one is asked again.
        const asked = performance.now();
        const answer = await fetch(`${server.url}${href}`, { headers: editor }).catch(() => null);
        polls.push(performance.now() - asked);
        if (answer?.status !== 200) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          continue;
        }
        const job = (await answer.json()) as { status: string; failureReason: string | null };
        if (job.status === "FAILED" || job.status === "CANCELLED")
          throw new Error(`the job ${job.status}: ${job.failureReason}`);
        if (job.status === "SUCCEEDED") return performance.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const errors: string[] = [];
    const during = await readWhile(server.url, finished, errors).catch((error: unknown) => {
      console.error(
        server
          .output()
          .split("\n")
          .filter((line) => /"level":(40|50)/.test(line))
          .join("\n")
          .slice(-4000),
      );
      throw error;
    });
    const jobSeconds = (await finished) / 1000;
    const row = (l: number[]) => ({ reads: l.length, p50: percentile(l, 50), p99: percentile(l, 99), max: l.at(-1) });
    if (errors.length)
      console.error(
        server
          .output()
          .split("\n")
          .filter((line) => /"level":50/.test(line))
          .slice(0, 3)
          .join("\n")
          .slice(0, 3000),
      );
    const pollMax = Math.max(...polls);
    console.log(JSON.stringify({ alone: row(alone), during: row(during), jobSeconds, errors: errors.length, pollMax }));
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
  }
}

async function main(): Promise<void> {
  const [, , role, url, dir] = process.argv;
  if (role === "--child") return measure(url!, dir!);
  if (role === "--reads") return readsDuringImport(url!, dir!);
  const corpus = generateCorpus(LOCALES);
  const scratch = mkdtempSync(path.join(tmpdir(), "status-atlas-import-bench-"));
  const run = (what: string, databaseUrl: string) => {
    const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, what, databaseUrl, corpus], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    return JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, any>;
  };
  const reads: string[] = [];
  const child = (provider: string, databaseUrl: string, readsUrl: string) => {
    if (process.env.BENCH_IMPORT_READS === "only") return reads.push(readsRow(provider, readsUrl));
    const row = run("--child", databaseUrl) as Record<string, number>;
    console.log(
      `| ${provider} | ${LOCALES} | ${row.units} | ${row.importSeconds!.toFixed(1)} | ${row.importCpuSeconds!.toFixed(1)} | ${Math.round(row.peakMB!)} | ${row.noopSeconds!.toFixed(2)} | ${row.noopCpuSeconds!.toFixed(2)} |`,
    );
    if (process.env.BENCH_IMPORT_READS) reads.push(readsRow(provider, readsUrl));
  };
  const readsRow = (provider: string, readsUrl: string) => {
    const r = run("--reads", readsUrl);
    const ms = (x: number) => x.toFixed(1);
    return `| ${provider} | ${LOCALES} | ${r.alone.reads} | ${ms(r.alone.p50)} | ${ms(r.alone.p99)} | ${r.during.reads} | ${ms(r.during.p50)} | ${ms(r.during.p99)} | ${ms(r.during.max)} | ${r.errors} | ${r.jobSeconds.toFixed(1)} | ${ms(r.pollMax)} |`;
  };
  try {
    console.log(`\nImport of the generated corpus, node ${process.version}\n`);
    console.log(
      "| database | locales | units | import s | import CPU s | import peak RSS MB | no-op import s | no-op CPU s |\n|---|---:|---:|---:|---:|---:|---:|---:|",
    );
    if (process.env.BENCH_IMPORT_SQLITE !== "0")
      child("SQLite", `file:${path.join(scratch, "import.db")}`, `file:${path.join(scratch, "reads.db")}`);
    const server = process.env.POSTGRES_TEST_URL;
    if (server) {
      const names = [`status_atlas_import_${process.pid}`, `status_atlas_import_reads_${process.pid}`];
      for (const name of names) await admin(server, (client) => client.query(`CREATE DATABASE "${name}"`));
      try {
        child("PostgreSQL", withDatabase(server, names[0]!), withDatabase(server, names[1]!));
      } finally {
        for (const name of names)
          await admin(server, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      }
    }
    if (reads.length) {
      console.log(
        `\nCached reads (${READERS} clients, one read at a time each) alone, then while an import job imports the corpus; ms\n`,
      );
      console.log(
        "| database | locales | reads alone | p50 | p99 | reads during the job | p50 | p99 | max | errors | job s | slowest poll ms |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      );
      for (const line of reads) console.log(line);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(corpus, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
