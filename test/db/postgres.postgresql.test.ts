// The PostgreSQL side of the Database interface: snapshots in REPEATABLE READ, and the content-version
// watch over LISTEN/NOTIFY, including what happens when its connection is lost.
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readContentVersion, type ContentVersionWatch, type Database } from "../../src/db/database.ts";
import { createPostgresDatabase, WATCH_APPLICATION_NAME } from "../../src/db/postgres.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { admin } from "../helpers/postgres.ts";

let db: TestDatabase;
let other: Database;
beforeEach(async () => {
  db = await createTestDatabase();
  other = db.openAnother();
});
afterEach(async () => {
  await other.close();
  await db.close();
});

const bump = (by: Database = other) =>
  by.prisma.contentState.update({ where: { id: 1 }, data: { version: { increment: 1 } } });

/** Resolves once the watch knows of `version` or a newer one: at once if it already does. */
function heard(watch: ContentVersionWatch, version: number): Promise<number> {
  return new Promise((resolve) => {
    if (watch.latest() >= version) return resolve(watch.latest());
    const off = watch.onChange((v) => {
      if (v >= version) {
        off();
        resolve(v);
      }
    });
  });
}

describe("readSnapshot on PostgreSQL", () => {
  it("reads one committed state: a commit landing mid-transaction is not seen", async () => {
    const [before, after, level] = await db.readSnapshot(async (tx) => {
      const first = await readContentVersion(tx);
      await bump();
      const second = await readContentVersion(tx);
      const rows = await tx.$queryRawUnsafe<{ transaction_isolation: string }[]>("SHOW transaction_isolation");
      return [first, second, rows[0]?.transaction_isolation];
    });
    expect(after).toBe(before);
    expect(level).toBe("repeatable read");
    expect(await readContentVersion(db.prisma)).toBe(before + 1);
  });
});

describe("watchContentVersion on PostgreSQL", () => {
  it("starts at the stored version and tells listeners of each newer one another connection commits", async () => {
    const watch = await db.watchContentVersion();
    expect(watch.latest()).toBe(0);
    const seen: number[] = [];
    watch.onChange((v) => seen.push(v));
    await bump();
    await bump();
    await heard(watch, 2);
    expect(seen).toEqual([1, 2]);
    expect(watch.latest()).toBe(2);
    await watch.close();
  });

  it("never announces a version whose transaction rolled back", async () => {
    const watch = await db.watchContentVersion();
    const seen: number[] = [];
    watch.onChange((v) => seen.push(v));
    await expect(
      other.prisma.$transaction(async (tx) => {
        await tx.contentState.update({ where: { id: 1 }, data: { version: 100 } });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await bump();
    await heard(watch, 1);
    expect(seen).toEqual([1]);
    await watch.close();
  });

  it("re-subscribes after losing its connection and re-reads the version it missed meanwhile", async () => {
    const errors: string[] = [];
    const watched = createPostgresDatabase(db.url, {
      onWatchError: (m) => errors.push(m),
      reconnect: { minMs: 10, maxMs: 50 },
    });
    try {
      const watch = await watched.watchContentVersion();
      const { hostname, port, pathname } = new URL(db.url);
      // Kills the listener's backend, then commits while it is gone: that NOTIFY reaches nobody.
      await admin(db.url, async (client) => {
        const { rows } = await client.query(
          `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
          [WATCH_APPLICATION_NAME],
        );
        expect(rows).toEqual([{ done: true }]);
      });
      await bump();
      expect(await heard(watch, 1)).toBe(1);
      expect(errors[0]).toContain(`PostgreSQL at ${hostname}:${port}${pathname} is unreachable:`);
      // And it listens again: the next commit is announced.
      await bump();
      expect(await heard(watch, 2)).toBe(2);
      await watch.close();
    } finally {
      await watched.close();
    }
  });

  it("shares one LISTEN connection between the watches of a process", async () => {
    const [a, b] = [await db.watchContentVersion(), await db.watchContentVersion()];
    const count = await admin(
      db.url,
      async (client) =>
        (
          await client.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
            [WATCH_APPLICATION_NAME],
          )
        ).rows[0].n,
    );
    expect(count).toBe(1);
    await bump();
    await heard(a, 1);
    // Whatever one watch heard, the other already knows.
    expect(b.latest()).toBe(1);
    await a.close();
    await b.close();
  });

  it("reports an unreachable server with host, port and cause, and keeps trying", async () => {
    const errors: string[] = [];
    const unreachable = createPostgresDatabase("postgresql://atlas@127.0.0.1:1/atlas", {
      onWatchError: (m) => errors.push(m),
    });
    const watch = await unreachable.watchContentVersion();
    expect(watch.latest()).toBe(0);
    expect(errors[0]).toMatch(/^PostgreSQL at 127\.0\.0\.1:1\/atlas is unreachable: ECONNREFUSED/);
    await unreachable.close();
  });

  it("lets the process exit once the database is closed", async () => {
    const script = `
      import { createPostgresDatabase } from "./src/db/postgres.ts";
      const db = createPostgresDatabase(process.argv[1]);
      const watch = await db.watchContentVersion();
      await db.prisma.contentState.count();
      await db.close();
      console.log("closed at version", watch.latest());`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, db.url], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: "closed at version 0" });
  });
});
