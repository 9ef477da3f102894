// A request reads one content version: commits landing while a snapshot loads never show up in it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import path from "node:path";
import { runImport } from "../../src/pipeline/import.ts";
import { createTestServer, type TestServer } from "../helpers/graphql.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  expect((await runImport(db, { dir: SEEDS_DIR })).ok).toBe(true);
  server = createTestServer(db, { responseCache: false });
});
afterAll(async () => {
  await server.close();
  await db.close();
});

describe("content snapshots", () => {
  it("never serves a response that mixes two content versions while commits land during loads", async () => {
    // Another process commits every few milliseconds: the version, a fact and a text, in three tables,
    // so a load that read them outside one transaction would see them half-changed.
    const writer = spawn(
      process.execPath,
      ["--import", "tsx", path.resolve(import.meta.dirname, "../helpers/commit-loop.ts"), db.url, "60"],
      { stdio: "inherit" },
    );
    let writing = true;
    const commits = new Promise<number | null>((resolve) =>
      writer.on("exit", (code) => ((writing = false), resolve(code))),
    );
    const seen: { version: number; reasonPhrase: string; title: string }[] = [];
    while (writing) {
      const batch = await Promise.all(
        Array.from({ length: 4 }, () =>
          server.query<any>(`{ contentVersion statusCode(code: 404, locale: "en") { reasonPhrase title } }`),
        ),
      );
      for (const response of batch) {
        expect(response.errors).toBeUndefined();
        seen.push({ version: response.data.contentVersion, ...response.data.statusCode });
      }
      // Answers can resolve on microtasks alone: give the writer's turns a chance.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await commits).toBe(0);
    const mixed = seen.filter(
      (s) =>
        !s.reasonPhrase.startsWith("Not Found") ||
        (s.reasonPhrase !== "Not Found" && s.reasonPhrase !== `Not Found ${s.version}`) ||
        (s.title.startsWith("Title ") && s.title !== `Title ${s.version}`),
    );
    expect(mixed).toEqual([]);
    // The test only means something if the readers saw several versions go by.
    expect(new Set(seen.map((s) => s.version)).size).toBeGreaterThan(2);
  });

  it("announces the version in X-Content-Version and in contentVersion, and moves it by one per import", async () => {
    const ask = () =>
      server.yoga.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ contentVersion }" }),
      });
    const before = await ask();
    const version = Number(before.headers.get("x-content-version"));
    expect(((await before.json()) as any).data.contentVersion).toBe(version);
    const report = await runImport(db, { dir: SEEDS_DIR, force: true });
    expect(report.ok && report.applied).toBe(true);
    const after = await ask();
    expect(Number(after.headers.get("x-content-version"))).toBe(version + 1);
  });
});
