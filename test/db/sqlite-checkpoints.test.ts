// A server's SQLite writer leaves checkpoints to a thread of its own (src/db/sqlite-checkpoints.ts): SQLite's
// automatic checkpoint ran inside the COMMIT that filled the log, on the event loop, and held every request
// for 170–200 ms after a 101-locale import job. These tests show the writer no longer checkpoints, and that
// the log is still copied back into the database file, without another write, and at close.
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteDatabase } from "../../src/db/sqlite.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratchFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-checkpoints-"));
  dirs.push(dir);
  return path.join(dir, "test.db");
}

/** About 8 MB of rows in one transaction: 2,000 log pages, twice SQLite's automatic checkpoint threshold. */
const FILL = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
  INSERT INTO t SELECT hex(randomblob(1000)) FROM n`;

const autocheckpoint = async (db: ReturnType<typeof createSqliteDatabase>) =>
  Number(
    ((await db.prisma.$queryRawUnsafe("PRAGMA wal_autocheckpoint")) as { wal_autocheckpoint: bigint }[])[0]!
      .wal_autocheckpoint,
  );

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

describe("SQLite checkpoints", () => {
  it("are SQLite's own, at COMMIT, for a database opened without background checkpoints (the CLI's)", async () => {
    const db = createSqliteDatabase(scratchFile());
    try {
      expect(await autocheckpoint(db)).toBe(1000);
    } finally {
      await db.close();
    }
  });

  it("run on a thread of their own for a server: the writer's are off, and the log still reaches the file", async () => {
    const file = scratchFile();
    const failures: string[] = [];
    const db = createSqliteDatabase(file, { backgroundCheckpoints: { onFailure: (m) => failures.push(m) } });
    // A new file: a server's start-up sets WAL mode on an existing one (src/db/sqlite.ts).
    await db.prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    try {
      await db.write((tx) => tx.$executeRawUnsafe("CREATE TABLE t (x TEXT)"));
      // The COMMIT that fills the log past 1,000 pages no longer copies it back on the caller's thread.
      expect(await autocheckpoint(db)).toBe(0);
      const before = statSync(file).size;
      await db.write((tx) => tx.$executeRawUnsafe(FILL));
      // No further write: only the worker can move the log's 8 MB into the database file.
      expect(await until(() => statSync(file).size > before + 7_000_000, 10_000)).toBe(true);
      expect(failures).toEqual([]);
    } finally {
      await db.close();
    }
    // Closing ran the last checkpoint and stopped the thread: the log is gone, every row is in the file.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = createSqliteDatabase(file);
    try {
      expect(await again.prisma.$queryRawUnsafe("SELECT count(*) AS n FROM t")).toEqual([{ n: 4000n }]);
    } finally {
      await again.close();
    }
  });
});
