// Part of `npm run bench`: how long a content release takes end to end, as a content repository's CI sees
// it: from `POST /imports` with a tar.gz to the `content.published` webhook arriving at a local receiver.
// p50/p99 over BENCH_RELEASES releases (50 by default), each changing one code's English summary.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { create as createTar } from "tar";
import { createToken } from "../src/auth/store.ts";
import { migrateDatabase } from "../src/cli/migrate.ts";
import { createSqliteDatabase } from "../src/db/sqlite.ts";
import { runImport } from "../src/pipeline/import.ts";
import { addSubscription } from "../src/webhooks/subscriptions.ts";
import { CLI } from "../test/helpers/processes.ts";

const RELEASES = Number(process.env.BENCH_RELEASES ?? 50);
const PORT = 4795;
const SEEDS = path.resolve(import.meta.dirname, "../seeds");

async function tarGz(dir: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = createTar({ gzip: true, cwd: dir, portable: true }, ["."]);
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

export async function benchReleases(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-releases-"));
  const file = path.join(dir, "releases.db");
  const content = path.join(dir, "content");
  cpSync(SEEDS, content, { recursive: true });
  migrateDatabase(`file:${file}`);
  const db = createSqliteDatabase(file);
  // Versions announced by content.published, and when each arrived.
  const arrived = new Map<number, number>();
  const receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const event = JSON.parse(body) as { type: string; data: { contentVersion?: number } };
      if (event.type === "content.published" && event.data.contentVersion)
        arrived.set(event.data.contentVersion, performance.now());
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const server = spawn(process.execPath, [CLI, "start", "--no-import"], {
    // development: the receiver is on loopback, which only development may reach (src/env.ts).
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${file}`,
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_SECOND: "0",
    },
    stdio: "ignore",
  });
  try {
    const imported = await runImport(db, { dir: content });
    if (!imported.ok) throw new Error("seed import failed");
    const { token } = await createToken(db.prisma, { name: "bench-release", role: "editor", locales: [] });
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const added = await addSubscription(db, { url, events: "content.published" }, { allowLoopback: true });
    if (!added.ok) throw new Error(added.message);
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${PORT}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const latencies: number[] = [];
    const summaryFile = path.join(content, "codes/en/418.md");
    const original = readFileSync(summaryFile, "utf8");
    for (let i = 1; i <= RELEASES; i++) {
      writeFileSync(summaryFile, original.replace(/^summary:.*$/m, `summary: Release ${i} of the teapot's summary.`));
      const body = await tarGz(content);
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${PORT}/imports`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/gzip" },
        body: new Uint8Array(body),
      });
      if (response.status !== 202)
        throw new Error(`POST /imports answered ${response.status}: ${await response.text()}`);
      const version = imported.version + i;
      while (!arrived.has(version)) {
        if (performance.now() - started > 60_000)
          throw new Error(`content.published for version ${version} did not arrive within 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      latencies.push(arrived.get(version)! - started);
    }
    const ms = (v: number) => v.toFixed(0);
    console.log(
      `\nContent release over HTTP: POST /imports (tar.gz of seeds/, one summary changed) → content.published received, ${RELEASES} releases, SQLite\n`,
    );
    console.log("| p50 ms | p99 ms | min ms | max ms |");
    console.log("|---:|---:|---:|---:|");
    console.log(
      `| ${ms(percentile(latencies, 50))} | ${ms(percentile(latencies, 99))} | ${ms(Math.min(...latencies))} | ${ms(Math.max(...latencies))} |`,
    );
  } finally {
    server.kill("SIGTERM");
    receiver.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchReleases();
