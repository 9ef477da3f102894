// `npm run bench`: measures compare(202, 403, vi) against the physical limit (raw node:http), a plain
// yoga hello-world, one with our body limit (like for like), one answering the same comparison
// precomputed (Yoga's cost for this response), and ours uncached and cached, with autocannon; prints a
// table with ratios and peak RSS. Then the edge targets over GET (`BENCH_ONLY=edge`): a persisted GET's cache
// hit against raw node:http sending that very response, and the uncached comparison against Yoga's and our
// own server answering it precomputed. First, how fast a hostile translation file is refused
// (bench/refusal.ts); last, commit → served latency and reads per database provider (bench/providers.ts).
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { migrateDatabase } from "../src/cli/migrate.ts";
import { createSqliteDatabase } from "../src/db/sqlite.ts";
import { sha256Hex } from "../src/http/persisted-operations.ts";
import { runImport } from "../src/pipeline/import.ts";
import { bundle } from "../scripts/bundle.ts";
import { runLoad, type LoadCounts, type LoadOptions } from "./load.ts";
import { benchColdStart } from "./cold-start.ts";
import { benchReleases } from "./releases.ts";
import { benchWorkbench } from "./workbench.ts";
import { benchProviders } from "./providers.ts";
import { benchEditorial } from "./editorial.ts";
import { benchTranslationRefusal } from "./refusal.ts";
import { BENCH_RATE_LIMIT, type Scenario } from "./scenarios.ts";

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
// This machine's speed drifts by tens of percent within minutes, so scenarios take turns, round after
// round, and each row is its median round: a slow minute cannot land on one scenario alone.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PORT = 4700;
const COMPARE =
  'query Compare { compare(a: 202, b: 403, locale: "vi") { headline summary differences { aspect sentence } markdown } }';
const HELLO = "{ hello }";

type Result = {
  scenario: Scenario;
  label: string;
  requests: number;
  p50: number;
  p99: number;
  rssMiB: number;
  errors: number;
};

/**
 * The servers run bundled as `npm run build` bundles dist/ (scripts/bundle.ts), under plain node: the bench
 * measures the code production runs. Under tsx, every closure our code creates per request is also named
 * with Object.defineProperty, which Yoga's code (not transformed) is spared.
 */
const SERVERS_DIR = path.join(import.meta.dirname, "..", "node_modules", ".cache", "status-atlas-bench");
let bundled: Promise<string> | undefined;
function serversScript(): Promise<string> {
  bundled ??= (async () => {
    rmSync(SERVERS_DIR, { recursive: true, force: true });
    await bundle({ entryPoints: { servers: "bench/servers.ts" }, outdir: SERVERS_DIR });
    return path.join(SERVERS_DIR, "servers.js");
  })();
  return bundled;
}

async function startServer(scenario: Scenario, databaseFile: string, rawBody = "", port = PORT): Promise<ChildProcess> {
  const child = fork(await serversScript(), [scenario, String(port), databaseFile, rawBody], {
    // Not the parent's: fork would pass on tsx's loader, which would transform the bundle again.
    execArgv: [],
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`${scenario} server exited with ${code}`)));
  });
}

/** Peak resident set size of a process, from the kernel's high-water mark. */
function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kib / 1024);
}

type Method = "POST" | "GET";

/** A GET of the comparison by its persisted operation's id, as a frontend built with codegen sends it. */
const persistedPath = (query: string) => `/graphql?id=${sha256Hex(query)}`;

async function measure(
  scenario: Scenario,
  label: string,
  query: string,
  method: Method,
  databaseFile: string,
  rawBody?: string,
): Promise<Result> {
  const server = await startServer(scenario, databaseFile, rawBody);
  try {
    const base = `http://127.0.0.1:${PORT}/graphql`;
    const options =
      method === "POST"
        ? {
            url: base,
            method,
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query }),
            connections: CONNECTIONS,
          }
        : {
            url: `${base}?query=${encodeURIComponent(query)}`,
            method,
            headers: { accept: "application/graphql-response+json" },
            connections: CONNECTIONS,
          };
    await autocannon({ ...options, duration: 2 }); // warm-up: JIT, caches, read model
    const result = await autocannon({ ...options, duration: DURATION });
    return {
      scenario,
      label,
      requests: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      rssMiB: peakRssMiB(server.pid!),
      errors: result.errors + result.non2xx,
    };
  } finally {
    server.kill();
  }
}

/** The round with the median throughput, with the highest peak RSS and the errors of every round. */
function medianRound(runs: Result[]): Result {
  const sorted = [...runs].sort((x, y) => x.requests - y.requests);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    ...median,
    rssMiB: Math.max(...runs.map((r) => r.rssMiB)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

function printTable(title: string, results: Result[]): void {
  const find = (scenario: Scenario) => results.find((r) => r.scenario === scenario)!;
  const [raw, hello, lean] = [find("raw-node"), find("yoga-hello"), find("yoga-hello-lean")];
  console.log(`\n${title}\n`);
  console.log("| scenario | req/s | p50 ms | p99 ms | × raw node | × yoga hello | peak RSS MiB | errors |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.label} | ${r.requests} | ${r.p50} | ${r.p99} | ${(r.requests / raw.requests).toFixed(3)} | ${(r.requests / hello.requests).toFixed(2)} | ${r.rssMiB} | ${r.errors} |`,
    );
  }
  const uncached = find("compare-uncached").requests / hello.requests;
  const cached = find("compare-cached").requests / hello.requests;
  console.log(
    `\nTargets: (3) ≥ 0.8× yoga hello: ${uncached.toFixed(2)}× ${uncached >= 0.8 ? "met" : "NOT met"}; (4) ≥ 1.0× yoga hello: ${cached.toFixed(2)}× ${cached >= 1 ? "met" : "NOT met"}`,
  );
  console.log(
    `Like for like, against (2b): (3) ${(find("compare-uncached").requests / lean.requests).toFixed(2)}×, (4) ${(find("compare-cached").requests / lean.requests).toFixed(2)}×`,
  );
  console.log(
    `Computing the comparison, (3) against (2c): ${(find("compare-uncached").requests / find("yoga-precomputed").requests).toFixed(2)}×`,
  );
}

/**
 * A second client's cached throughput during a flood from the first, against its throughput alone. The
 * legitimate client (127.0.0.3) asks at 80% of its rate limit over 4 connections; the flood (127.0.0.2,
 * another process so it does not slow the other client's generator) sends on 20 connections as fast as
 * answers come. Returns the legitimate client's 200s per second alone and during the flood.
 */
async function measureFlood(
  scenario: Scenario,
  databaseFile: string,
): Promise<{ alone: number; flooded: number; flood: LoadCounts; rssMiB: number }> {
  const server = await startServer(scenario, databaseFile);
  const url = `http://127.0.0.1:${PORT}/graphql?query=${encodeURIComponent(COMPARE)}`;
  const headers = { accept: "application/graphql-response+json" };
  const legitimate: LoadOptions = {
    url,
    headers,
    localAddress: "127.0.0.3",
    connections: 4,
    perSecond: BENCH_RATE_LIMIT.perSecond * 0.8,
  };
  const measureLegitimate = async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), DURATION * 1000);
    const counts = await runLoad(legitimate, controller.signal);
    // A legitimate client under its limit is never refused: if it were, the measurement would be wrong.
    if (counts.limited) console.warn(`the legitimate client was refused ${counts.limited} times`);
    return counts.ok / DURATION;
  };
  try {
    await fetch(url, { headers }); // fills the response cache
    const alone = await measureLegitimate();
    const flood = fork(
      path.join(import.meta.dirname, "load.ts"),
      [JSON.stringify({ url, headers, localAddress: "127.0.0.2", connections: 20 } satisfies LoadOptions)],
      {
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      },
    );
    await new Promise((resolve) => flood.once("message", resolve));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the flood reaches full speed
    const flooded = await measureLegitimate();
    const counts = new Promise<LoadCounts>((resolve) =>
      flood.once("message", (message) => resolve(message as LoadCounts)),
    );
    flood.send("stop");
    return { alone, flooded, flood: await counts, rssMiB: peakRssMiB(server.pid!) };
  } finally {
    server.kill();
  }
}

/**
 * The edge targets: a persisted operation's cached GET against raw node:http sending that very response
 * (status, headers and body, captured from our server), and the uncached comparison over GET against Yoga
 * answering it precomputed.
 */
async function edgeTable(databaseFile: string): Promise<void> {
  const probe = await startServer("compare-cached", databaseFile, COMPARE);
  let captured: string;
  try {
    const url = `http://127.0.0.1:${PORT}${persistedPath(COMPARE)}`;
    const headers = { accept: "application/graphql-response+json" };
    await fetch(url, { headers }); // a miss fills the cache
    const hit = await fetch(url, { headers });
    const kept = Object.fromEntries(
      [...hit.headers].filter(
        ([name]) => !["date", "connection", "keep-alive", "content-length", "transfer-encoding"].includes(name),
      ),
    );
    captured = JSON.stringify({ headers: kept, body: await hit.text() });
  } finally {
    probe.kill();
  }
  const compareBody = JSON.parse(captured).body as string;
  const scenarios: [Scenario, string, Method | "GET persisted", string?][] = [
    ["raw-node-response", "(6) raw node:http, our cached response's headers and body", "GET persisted", captured],
    ["compare-cached", "(7) persisted GET `?id=`, response cache hit", "GET persisted"],
    ["yoga-precomputed", "(2c) yoga, same pipeline, comparison precomputed", "GET", compareBody],
    ["ours-precomputed", "(2d) our server, response cache off, comparison precomputed", "GET", COMPARE],
    ["compare-uncached", "(3) compare(202,403,vi) uncached", "GET"],
  ];
  const [cached, computed] = [
    await interleaved(scenarios.slice(0, 2), databaseFile),
    await interleaved(scenarios.slice(2), databaseFile),
  ];
  const rounds = EDGE_ROUNDS;
  console.log(
    `\nEdge targets over GET — ${rounds} rounds of ${EDGE_SECONDS}s per scenario, the scenarios of a group served side by side and loaded in turn (order rotating each round); ratios are the median of each round's ratio; ${CONNECTIONS} connections\n`,
  );
  console.log(
    "| scenario | median req/s | p99 ms | ratio (median of rounds) | min–max of rounds | target | peak RSS MiB | errors |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  const row = (r: Interleaved, ratio?: { of: Interleaved; name: string }, target = "") => {
    const ratios = ratio ? r.rounds.map((x, i) => x.requests / ratio.of.rounds[i]!.requests).sort((x, y) => x - y) : [];
    const ratioText = ratio ? `${median(ratios).toFixed(3)} × ${ratio.name}` : "1.000";
    const range = ratio ? `${ratios[0]!.toFixed(2)}–${ratios.at(-1)!.toFixed(2)}` : "";
    console.log(
      `| ${r.label} | ${median(r.rounds.map((x) => x.requests))} | ${median(r.rounds.map((x) => x.p99))} | ${ratioText} | ${range} | ${target} | ${r.rssMiB} | ${r.errors} |`,
    );
  };
  const [raw, persisted] = cached;
  const [precomputed, oursPrecomputed, uncached] = computed;
  row(raw!);
  row(persisted!, { of: raw!, name: "(6)" }, "≥ 0.9");
  row(precomputed!);
  row(oursPrecomputed!, { of: precomputed!, name: "(2c)" });
  row(uncached!, { of: precomputed!, name: "(2c)" }, "≥ 0.9");
  row(uncached!, { of: oursPrecomputed!, name: "(2d)" }, "computing: ≥ 0.9");
}

const EDGE_ROUNDS = Number(process.env.BENCH_EDGE_ROUNDS ?? 9);
const EDGE_SECONDS = Number(process.env.BENCH_EDGE_SECONDS ?? 3);
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor((values.length - 1) / 2)]!;

type Interleaved = { label: string; rounds: { requests: number; p99: number }[]; rssMiB: number; errors: number };

/**
 * The scenarios served side by side (one process each, ports PORT+i), loaded one at a time, round after
 * round, the order rotating: this machine drifts by tens of percent within minutes, and two scenarios
 * measured seconds apart drift together, so each round's ratio is sound even when the rounds differ.
 */
async function interleaved(
  scenarios: [Scenario, string, Method | "GET persisted", string?][],
  databaseFile: string,
): Promise<Interleaved[]> {
  const servers: ChildProcess[] = [];
  try {
    for (const [i, [scenario, , , body]] of scenarios.entries())
      servers.push(
        await startServer(
          scenario,
          databaseFile,
          body ?? (scenario.startsWith("compare") ? COMPARE : undefined),
          PORT + i,
        ),
      );
    const optionsOf = (i: number) => {
      const method = scenarios[i]![2];
      const path = method === "GET" ? `/graphql?query=${encodeURIComponent(COMPARE)}` : persistedPath(COMPARE);
      return {
        url: `http://127.0.0.1:${PORT + i}${path}`,
        method: "GET" as const,
        headers: { accept: "application/graphql-response+json" },
        connections: CONNECTIONS,
      };
    };
    for (const i of scenarios.keys()) await autocannon({ ...optionsOf(i), duration: 2 }); // warm-up
    const results: Interleaved[] = scenarios.map(([, label]) => ({ label, rounds: [], rssMiB: 0, errors: 0 }));
    for (let round = 0; round < EDGE_ROUNDS; round++) {
      for (let k = 0; k < scenarios.length; k++) {
        const i = (round + k) % scenarios.length;
        const result = await autocannon({ ...optionsOf(i), duration: EDGE_SECONDS });
        results[i]!.rounds.push({ requests: Math.round(result.requests.average), p99: result.latency.p99 });
        results[i]!.errors += result.errors + result.non2xx;
      }
    }
    for (const [i, server] of servers.entries()) results[i]!.rssMiB = peakRssMiB(server.pid!);
    return results;
  } finally {
    for (const server of servers) server.kill();
  }
}

async function floodTable(databaseFile: string): Promise<void> {
  const scenarios: [Scenario, string][] = [
    ["compare-cached-limited", `(5) cached GET, rate limit ${BENCH_RATE_LIMIT.perSecond}/s per client`],
    ["compare-cached", "(5b) cached GET, no rate limit"],
  ];
  console.log(
    `\nFlood: a legitimate client (127.0.0.3, ${BENCH_RATE_LIMIT.perSecond * 0.8} req/s asked, 4 connections) alone and during a flood from 127.0.0.2 (20 connections) — median of ${ROUNDS} rounds of ${DURATION}s\n`,
  );
  console.log("| scenario | alone req/s | during flood req/s | × alone | flood 200/s | flood 429/s | peak RSS MiB |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const [scenario, label] of scenarios) {
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) runs.push(await measureFlood(scenario, databaseFile));
    runs.sort((x, y) => x.flooded / x.alone - y.flooded / y.alone);
    const median = runs[Math.floor((runs.length - 1) / 2)]!;
    const floodSeconds = DURATION + 1;
    console.log(
      `| ${label} | ${median.alone.toFixed(0)} | ${median.flooded.toFixed(0)} | ${(median.flooded / median.alone).toFixed(2)} | ${(median.flood.ok / floodSeconds).toFixed(0)} | ${(median.flood.limited / floodSeconds).toFixed(0)} | ${Math.max(...runs.map((r) => r.rssMiB))} |`,
    );
  }
  console.log("\nTarget: the legitimate client keeps ≥ 0.5× its throughput alone during the flood.");
}

async function main() {
  // `BENCH_ONLY=releases`, `cold`, `editorial`, `workbench` or `import npm run bench`: only the content-release
  // latency, the cold start, the write path, the workbench's pages or the import, at the end;
  // `requests`, `edge` or `flood`: only that table of servers.
  if (["releases", "cold", "editorial", "workbench", "import"].includes(process.env.BENCH_ONLY ?? "")) return;
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-bench-"));
  const databaseFile = path.join(dir, "bench.db");
  try {
    migrateDatabase(`file:${databaseFile}`);
    const db = createSqliteDatabase(databaseFile);
    const report = await runImport(db, { dir: path.resolve(import.meta.dirname, "../seeds") });
    if (!report.ok) throw new Error("seed import failed");
    await benchTranslationRefusal(db);
    await db.close();

    // The exact response body our server sends, for the raw node:http baseline.
    const probe = await startServer("compare-uncached", databaseFile);
    const response = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: COMPARE }),
    });
    const rawBody = await response.text();
    probe.kill();
    if (!rawBody.includes("So sánh HTTP 202")) throw new Error(`unexpected response: ${rawBody.slice(0, 200)}`);

    const scenarios: [Scenario, string, string, string?][] = [
      ["raw-node", "(1) raw node:http, precomputed JSON", COMPARE, rawBody],
      ["yoga-hello", "(2) yoga hello-world", HELLO],
      ["yoga-hello-lean", "(2b) yoga hello-world, our body limit", HELLO],
      ["yoga-precomputed", "(2c) yoga, same pipeline, comparison precomputed", COMPARE, rawBody],
      ["compare-uncached", "(3) compare(202,403,vi) uncached", COMPARE],
      ["compare-cached", "(4) compare(202,403,vi) response cache", COMPARE],
    ];
    if (process.env.BENCH_ONLY === "flood") return await floodTable(databaseFile);
    if (process.env.BENCH_ONLY === "edge") return await edgeTable(databaseFile);
    for (const method of ["POST", "GET"] as const) {
      const rounds = new Map<Scenario, Result[]>(scenarios.map(([scenario]) => [scenario, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const [scenario, label, query, body] of scenarios)
          rounds.get(scenario)!.push(await measure(scenario, label, query, method, databaseFile, body));
      }
      const results = scenarios.map(([scenario]) => medianRound(rounds.get(scenario)!));
      printTable(
        `${method} requests — median of ${ROUNDS} rounds of ${DURATION}s per scenario, ${CONNECTIONS} connections, ${Buffer.byteLength(rawBody)} byte response for (1), (3), (4); node ${process.version}`,
        results,
      );
    }
    if (process.env.BENCH_ONLY === "requests") return;
    await edgeTable(databaseFile);
    await floodTable(databaseFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
// Last: content releases (commit → served) and reads per database provider.
if (!process.env.BENCH_ONLY) await benchProviders();
// And how long `status-atlas start` takes to its first answer.
if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === "cold") await benchColdStart();
if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === "releases") await benchReleases();
// The write path as translation teams use it, at 2, 21 and 101 locales (`BENCH_ONLY=editorial`, `BENCH_LOCALES=2,21`).
if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === "editorial") await benchEditorial();
// The translation workbench's unit page at 101 locales (bench/workbench.ts, `BENCH_ONLY=workbench`).
if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === "workbench") await benchWorkbench();
// The import as `status-atlas import` runs it at 101 locales, and reads during an import job (bench/import.ts,
// `BENCH_ONLY=import`): its own process, since it measures a process's peak memory and sets the CLI's heap growth.
if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === "import")
  execFileSync(process.execPath, [...process.execArgv, path.join(import.meta.dirname, "import.ts")], {
    stdio: "inherit",
    env: { ...process.env, BENCH_IMPORT_READS: process.env.BENCH_IMPORT_READS ?? "1" },
  });
