// /health (alive) and /ready (can serve), both JSON with the content version.
import { describe, expect, inject, it } from "vitest";
import { createContentStore } from "../../src/read/store.ts";
import { createStatusAtlasYoga } from "../../src/yoga.ts";
import { createPostgresDatabase } from "../../src/db/postgres.ts";
import { createSqliteDatabase } from "../../src/db/sqlite.ts";
import { useSeededServer } from "../helpers/graphql.ts";

const seeded = useSeededServer();

describe("health and readiness", () => {
  it("answers /health with 200 and /ready with 200 and the content version once a snapshot is loaded", async () => {
    const health = await seeded.server.yoga.fetch("http://localhost/health");
    expect(health.status).toBe(200);
    expect(health.headers.get("content-type")).toContain("application/json");
    const ready = await seeded.server.yoga.fetch("http://localhost/ready");
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.json()).toEqual({ status: "ready", contentVersion: 1 });
    expect(await (await seeded.server.yoga.fetch("http://localhost/health")).json()).toEqual({
      status: "ok",
      contentVersion: 1,
    });
  });

  it("answers /ready with 503 and the reason when the database cannot be read, while /health stays 200", async () => {
    const store = createContentStore(createSqliteDatabase("/nonexistent/status-atlas.db"));
    const yoga = createStatusAtlasYoga({ store });
    const ready = await yoga.fetch("http://localhost/ready");
    expect(ready.status).toBe(503);
    const { reason } = (await ready.json()) as { reason: string };
    // The cause itself, not Prisma's "Invalid `…` invocation:" that ends at a colon.
    expect(reason).toMatch(/^database not reachable or content not loadable: \S/);
    expect(reason).not.toMatch(/:\s*$/);
    expect((await yoga.fetch("http://localhost/health")).status).toBe(200);
  });

  it("names a PostgreSQL server that refuses connections in /ready's reason", async () => {
    // Port 1 on this machine: nothing listens there, so the connection is refused at once.
    const db = createPostgresDatabase("postgresql://atlas@127.0.0.1:1/atlas");
    try {
      const yoga = createStatusAtlasYoga({ store: createContentStore(db) });
      const ready = await yoga.fetch("http://localhost/ready");
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: "unavailable",
        reason: expect.stringMatching(/content not loadable: .*\b127\.0\.0\.1:1\b/),
      });
    } finally {
      await db.close();
    }
  });

  it("answers /ready with 503 once shutdown began, so load balancers stop sending requests", async () => {
    const yoga = createStatusAtlasYoga({ store: seeded.server.store, draining: () => true });
    const ready = await yoga.fetch("http://localhost/ready");
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ reason: "shutting down" });
  });

  it("sends X-Content-Version on GraphQL responses, cached or not", async () => {
    const get = () =>
      seeded.server.yoga.fetch("http://localhost/graphql?query=%7BcontentVersion%7D", {
        headers: { accept: "application/json" },
      });
    const first = await get();
    const second = await get();
    expect(first.headers.get("x-content-version")).toBe("1");
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(second.headers.get("x-content-version")).toBe("1");
  });
});

// The store's retry is the same code on both providers; a database file that appears is SQLite's case.
describe.runIf(inject("provider") === "sqlite")("readiness after a failure", () => {
  it("turns ready once the database can be read, without a restart", async () => {
    const { mkdtempSync, copyFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-ready-"));
    const file = path.join(dir, "late.db");
    const store = createContentStore(createSqliteDatabase(file));
    const yoga = createStatusAtlasYoga({ store });
    try {
      expect((await yoga.fetch("http://localhost/ready")).status).toBe(503);
      // The database appears (migrated and imported elsewhere) while the server runs.
      copyFileSync(seeded.db.url.replace(/^file:/, ""), file);
      expect((await yoga.fetch("http://localhost/ready")).status).toBe(200);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
