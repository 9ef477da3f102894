// Part of `npm run bench` (`BENCH_ONLY=editorial` alone): the write path as a translation team uses it, on
// generated corpora of 2, 21 and 101 locales (bench/corpus.ts; `BENCH_LOCALES=2,21` to choose), per provider.
// Per corpus: an import into an empty database (time, peak RSS of this process) and the same import again
// (nothing to do); then two server processes on the database, and over HTTP:
//   - one translator's draft save, p50/p99;
//   - publish → served: a reviewer publishes a unit, then both servers are asked until each serves it;
//   - server A's RSS once every locale has been read;
//   - public cached reads of 60 comparison pages on server A alone, and while on server B 20 translators
//     save 10 drafts/s in all and a reviewer publishes 1 unit/s: in 3 rounds (BENCH_EDITORIAL_ROUNDS), the
//     median round's ratio;
//   - 20 translators saving as fast as answers come: saves/s, and lost updates (a save answered OK whose
//     text is not the stored draft at the end).
// Ratios matter, not absolute numbers: this machine's speed drifts by tens of percent within minutes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { migrateDatabase } from "../src/cli/migrate.ts";
import { createDatabase } from "../src/db/index.ts";
import { runImport } from "../src/pipeline/import.ts";
import { admin, withDatabase } from "../test/helpers/postgres.ts";
import { startServer, type ServerProcess } from "../test/helpers/processes.ts";
import { bearer, createToken } from "../test/helpers/tokens.ts";
import { extraLocales, generateCorpus } from "./corpus.ts";

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const SIZES = (process.env.BENCH_LOCALES ?? "2,21,101").split(",").map(Number);
const TRANSLATORS = 20;
const SAVES = 40;
const PUBLISHES = 20;
/** Rounds of reads alone and while the team works (BENCH_EDITORIAL_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_EDITORIAL_ROUNDS ?? 3);
/** Codes the translators work on, one each: distinct records, so a conflict can only be a bug. */
const CODES = [
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424,
  425,
];
/** 60 distinct comparison pages in Vietnamese: what readers fetch while the team works. */
const PAGES = [200, 201, 202, 204, 301, 302, 304, 307, 308, 500, 502, 503].flatMap((a) =>
  [400, 401, 403, 404, 429].map(
    (b) =>
      `/graphql?query=${encodeURIComponent(`{ compare(a: ${a}, b: ${b}, locale: "vi") { headline summary differences { aspect sentence } markdown } }`)}`,
  ),
);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
/** A process's resident memory, from /proc (Linux, where the bench runs). */
const residentBytes = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function graphql(
  server: ServerProcess,
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<any> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...bearer(token) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

const SAVE = "mutation ($input: SaveTranslationInput!) { saveTranslation(input: $input) { translation { revision } } }";
const PUBLISH = "mutation ($input: PublishTranslationInput!) { publishTranslation(input: $input) { contentVersion } }";

/** One translator at work on one unit: saves with the revision the last answer gave. */
class Translator {
  revision = 0;
  saved = 0;
  conflicts = 0;
  last = "";
  constructor(
    readonly server: ServerProcess,
    readonly token: string,
    readonly code: number,
    readonly locale: string,
  ) {}
  async start() {
    const answer = await graphql(
      this.server,
      `{ statusCode(code: ${this.code}, locale: "${this.locale}", preview: true) { translation { revision } } }`,
      {},
      this.token,
    );
    this.revision = answer.data.statusCode.translation.revision;
  }
  async save(): Promise<number> {
    const text = `Bản nháp ${this.code} số ${this.saved + this.conflicts + 1}`;
    const started = performance.now();
    const answer = await graphql(
      this.server,
      SAVE,
      {
        input: {
          unitId: `code.${this.code}`,
          locale: this.locale,
          expectedRevision: this.revision,
          text: { summary: text },
        },
      },
      this.token,
    );
    const took = performance.now() - started;
    if (answer.errors?.length) {
      if (answer.errors[0].extensions?.code !== "CONFLICT")
        throw new Error(JSON.stringify(answer.errors[0]).slice(0, 500));
      this.conflicts++;
      await this.start();
    } else {
      this.revision = answer.data.saveTranslation.translation.revision;
      this.last = text;
      this.saved++;
    }
    return took;
  }
}

type Reads = { perSecond: number; errors: number };

/** Public reads of the 60 pages in turn (cached after the warm-up) on `server`: requests/s and failures. */
async function cachedReads(server: ServerProcess): Promise<Reads> {
  let n = 0;
  const options = {
    url: server.url,
    headers: { accept: "application/json" },
    connections: 10,
    requests: [{ setupRequest: (req: any) => ({ ...req, path: PAGES[n++ % PAGES.length] }) }],
  };
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: DURATION });
  return { perSecond: result.requests.average, errors: result.non2xx + result.errors };
}

/**
 * A reviewer publishing one unit a second, each time a draft first: units none of the team works on, since
 * a publish takes a draft away, which would count as a lost update.
 */
class Reviewer {
  private published = 0;
  constructor(
    readonly server: ServerProcess,
    readonly token: string,
    readonly locale: string,
  ) {}
  async publishUntil(until: Promise<unknown>) {
    let done = false;
    void until.then(() => (done = true));
    while (!done) {
      const started = performance.now();
      const code = CODES[TRANSLATORS + (this.published++ % (CODES.length - TRANSLATORS))]!;
      const unit = new Translator(this.server, this.token, code, this.locale);
      await unit.start();
      await unit.save();
      const published = await graphql(
        this.server,
        PUBLISH,
        { input: { unitId: `code.${code}`, locale: this.locale, expectedRevision: unit.revision } },
        this.token,
      );
      if (published.errors?.length) throw new Error(JSON.stringify(published.errors[0]).slice(0, 500));
      await sleep(Math.max(0, 1000 - (performance.now() - started)));
    }
  }
}

/** Cached reads on `reader` while the team saves 10 drafts/s in all and the reviewer publishes 1 unit/s. */
async function readsWhileTeamWorks(reader: ServerProcess, team: Translator[], reviewer: Reviewer): Promise<Reads> {
  const reading = cachedReads(reader);
  await Promise.all([translating(team, 10 / TRANSLATORS, reading), reviewer.publishUntil(reading)]);
  return reading;
}

/** Runs every translator's loop until `until` resolves; `perSecond` paces each (0: as fast as answers come). */
async function translating(team: Translator[], perSecond: number, until: Promise<unknown>) {
  let done = false;
  void until.then(() => (done = true));
  await Promise.all(
    team.map(async (translator, i) => {
      if (perSecond) await sleep((1000 / perSecond) * (i / team.length));
      while (!done) {
        const took = await translator.save();
        if (perSecond) await sleep(Math.max(0, 1000 / perSecond - took));
      }
    }),
  );
}

/** Saves acknowledged whose text is not what the database holds at the end: must be none. */
async function lostUpdates(url: string, team: Translator[]): Promise<number> {
  const db = createDatabase(url);
  try {
    let lost = 0;
    for (const t of team) {
      const draft = await db.prisma.translationDraft.findUnique({
        where: { unit_locale: { unit: `code.${t.code}`, locale: t.locale } },
      });
      if (t.saved && (!draft || JSON.parse(draft.text).summary !== t.last)) lost++;
    }
    return lost;
  } finally {
    await db.close();
  }
}

type Row = Record<string, string | number>;

async function measureCorpus(provider: string, url: string, locales: number): Promise<Row> {
  const dir = generateCorpus(locales);
  // The locale the team translates: a clone when there are any, so every locale counts in what a save costs.
  const locale = locales > 2 ? extraLocales(1)[0]! : "vi";
  try {
    migrateDatabase(url);
    const db = createDatabase(url);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    let started = performance.now();
    const imported = await runImport(db, { dir, force: true });
    const importSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (!imported.ok)
      throw new Error(`import of ${locales} locales failed: ${JSON.stringify(imported.errors.slice(0, 2))}`);
    started = performance.now();
    await runImport(db, { dir });
    const noopSeconds = (performance.now() - started) / 1000;
    const tokens = await Promise.all(
      Array.from({ length: TRANSLATORS }, (_, i) =>
        createToken(db, { role: "translator", locales: [locale], name: `bench-translator-${i}` }),
      ),
    );
    const reviewerToken = await createToken(db, { role: "reviewer", locales: [locale], name: "bench-reviewer" });
    await db.close();

    // One address for all the load: the per-client rate limit would measure itself.
    // BENCH_SERVER_PROFILE=<dir>: both servers write their CPU profiles and event-loop stalls there (profile-server.cjs).
    const profile = process.env.BENCH_SERVER_PROFILE;
    const [a, b] = await Promise.all(
      [0, 1].map(() =>
        startServer(["--no-import"], {
          DATABASE_URL: url,
          RATE_LIMIT_PER_SECOND: "0",
          ...(profile && { NODE_OPTIONS: `--require ${path.join(import.meta.dirname, "profile-server.cjs")}` }),
        }),
      ),
    );
    try {
      // One translator's saves, one at a time.
      const solo = new Translator(b!, tokens[0]!, CODES[0]!, locale);
      await solo.start();
      const saves: number[] = [];
      for (let i = 0; i < SAVES; i++) saves.push(await solo.save());

      // Publish → served on both servers.
      const served: number[] = [];
      for (let i = 0; i < PUBLISHES; i++) {
        const code = CODES[(i % (CODES.length - 1)) + 1]!;
        const translator = new Translator(b!, reviewerToken, code, locale);
        await translator.start();
        await translator.save();
        const published = await graphql(
          b!,
          PUBLISH,
          { input: { unitId: `code.${code}`, locale, expectedRevision: translator.revision } },
          reviewerToken,
        );
        if (published.errors?.length) throw new Error(JSON.stringify(published.errors[0]).slice(0, 500));
        const committed = performance.now();
        const query = encodeURIComponent(`{ statusCode(code: ${code}, locale: "${locale}") { summary } }`);
        await Promise.all(
          [a!, b!].map(async (server) => {
            for (;;) {
              const answer = (await (
                await fetch(`${server.url}/graphql?query=${query}`, { headers: { accept: "application/json" } })
              ).json()) as any;
              if (answer.data?.statusCode?.summary === translator.last) break;
            }
            served.push(performance.now() - committed);
          }),
        );
      }

      // Server A's memory once every locale has been read: a page and a comparison in each.
      for (const code of ["en", "vi", ...extraLocales(locales - 2)]) {
        const query = encodeURIComponent(
          `{ statusCode(code: 404, locale: "${code}") { summary } compare(a: 202, b: 403, locale: "${code}") { headline } }`,
        );
        await (await fetch(`${a!.url}/graphql?query=${query}`, { headers: { accept: "application/json" } })).text();
      }
      const serverRss = residentBytes(a!.child.pid!);

      // Public cached reads on A alone and while the team works on B, in rounds whose order alternates: this
      // machine drifts by tens of percent within minutes, so a ratio is taken within each round (seconds
      // apart) and the row shows the median round, as bench/run.ts does for the edge scenarios.
      const team = tokens.map((token, i) => new Translator(b!, token, CODES[i % CODES.length]!, locale));
      await Promise.all(team.map((t) => t.start()));
      const reviewer = new Reviewer(b!, reviewerToken, locale);
      const rounds: { alone: Reads; during: Reads }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const alone = round % 2 ? undefined : await cachedReads(a!);
        const during = await readsWhileTeamWorks(a!, team, reviewer);
        rounds.push({ alone: alone ?? (await cachedReads(a!)), during });
      }
      const ratios = rounds.map((r) => r.during.perSecond / r.alone.perSecond);
      const median = [...ratios].sort((x, y) => x - y)[Math.floor(ratios.length / 2)]!;
      const medianRound = rounds[ratios.indexOf(median)]!;

      // The team as fast as answers come.
      const before = team.reduce((n, t) => n + t.saved, 0);
      const flatOut = sleep(DURATION * 1000);
      started = performance.now();
      await translating(team, 0, flatOut);
      const savesPerSecond = (team.reduce((n, t) => n + t.saved, 0) - before) / ((performance.now() - started) / 1000);
      const lost = await lostUpdates(url, team);

      return {
        provider,
        locales,
        units: imported.plan.entries.length,
        "import s": importSeconds.toFixed(1),
        "import peak RSS MB": Math.round(peak / 1e6),
        "no-op import s": noopSeconds.toFixed(1),
        "save p50 ms": percentile(saves, 50).toFixed(0),
        "save p99 ms": percentile(saves, 99).toFixed(0),
        "publish → served on 2 servers p50 ms": percentile(served, 50).toFixed(0),
        "p99 ms": percentile(served, 99).toFixed(0),
        "server RSS MB, every locale read": Math.round(serverRss / 1e6),
        "cached reads/s alone": Math.round(medianRound.alone.perSecond),
        "with 10 saves/s + 1 publish/s": Math.round(medianRound.during.perSecond),
        [`ratio (median of ${ROUNDS} rounds)`]: median.toFixed(2),
        "min–max of rounds": `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
        "read errors": rounds.reduce((n, r) => n + r.alone.errors + r.during.errors, 0),
        "saves/s, 20 translators": savesPerSecond.toFixed(1),
        conflicts: team.reduce((n, t) => n + t.conflicts, 0),
        "lost updates": lost,
      };
    } finally {
      for (const server of [a!, b!]) server.child.kill("SIGTERM");
      await Promise.all([a!, b!].map((s) => s.exited));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchEditorial(): Promise<void> {
  const rows: Row[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), "status-atlas-editorial-"));
  try {
    for (const locales of SIZES) {
      rows.push(await measureCorpus("SQLite", `file:${path.join(scratch, `corpus-${locales}.db`)}`, locales));
      const server = process.env.POSTGRES_TEST_URL;
      if (!server) continue;
      const name = `status_atlas_editorial_${process.pid}_${locales}`;
      await admin(server, (client) => client.query(`CREATE DATABASE "${name}"`));
      try {
        rows.push(await measureCorpus("PostgreSQL", withDatabase(server, name), locales));
      } finally {
        await admin(server, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(
    `\nEditorial writes by corpus size; two server processes per database; ${DURATION}s read windows; node ${process.version}\n`,
  );
  const columns = Object.keys(rows[0] ?? {});
  console.log(`| ${columns.join(" | ")} |`);
  console.log(`|${columns.map((_c, i) => (i < 2 ? "---" : "---:")).join("|")}|`);
  for (const row of rows) console.log(`| ${columns.map((c) => row[c]).join(" | ")} |`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchEditorial();
