// Content versions on the write path: one write per version, no import undoes a write it never saw,
// and files older than the database are not imported over it.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readContentVersion } from "../../src/db/database.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { copyContent, createTestDatabase, SEEDS_DIR, snapshotContent, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
const dirs: string[] = [];
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of seeds/ with the English summary of 404 replaced. */
function contentWith404Summary(summary: string): string {
  const dir = copyContent();
  dirs.push(dir);
  const file = path.join(dir, "codes/en/404.md");
  writeFileSync(file, readFileSync(file, "utf8").replace(/^summary:.*$/m, `summary: ${summary}`));
  return dir;
}

describe("content versions on the write path", () => {
  it("moves the version forward by exactly one per import that changes something, and not at all otherwise", async () => {
    expect(await readContentVersion(db.prisma)).toBe(0);
    const first = await runImport(db, { dir: SEEDS_DIR });
    expect(first.ok && first.version).toBe(1);
    const again = await runImport(db, { dir: SEEDS_DIR });
    expect(again.ok && !again.applied && again.version).toBe(1);
    const edited = await runImport(db, { dir: contentWith404Summary("A new summary.") });
    expect(edited.ok && edited.version).toBe(2);
    expect(await readContentVersion(db.prisma)).toBe(2);
    const run = await db.prisma.importRun.findFirst({ orderBy: { id: "desc" } });
    expect(run?.contentVersion).toBe(2);
  });

  it("refuses with CONFLICT, naming both versions and writing nothing, when another write lands between plan and apply", async () => {
    await runImport(db, { dir: SEEDS_DIR });
    const ours = contentWith404Summary("Ours.");
    const theirs = contentWith404Summary("Theirs.");
    let theirReport: Awaited<ReturnType<typeof runImport>> | undefined;
    const report = await runImport(db, {
      dir: ours,
      // The other import plans from the same version and commits first.
      afterPlan: async () => {
        theirReport = await runImport(db, { dir: theirs });
      },
    });
    expect(theirReport?.ok).toBe(true);
    expect(report.ok).toBe(false);
    if (report.ok || report.code !== "CONFLICT") throw new Error(`expected CONFLICT, got ${JSON.stringify(report)}`);
    expect(report.conflict).toEqual({ plannedVersion: 1, currentVersion: 2 });
    expect(report.errors[0]?.message).toMatch(/CONFLICT: .*version 1.*version 2/);
    const row = await db.prisma.statusCodeTranslation.findUnique({
      where: { code_locale: { code: 404, locale: "en" } },
    });
    expect(row?.summary).toBe("Theirs.");
    expect(await readContentVersion(db.prisma)).toBe(2);
  });

  it("refuses files older than the database, naming the file, unless forced", async () => {
    const dir = contentWith404Summary("The first text.");
    const file = path.join(dir, "codes/en/404.md");
    const first = readFileSync(file, "utf8");
    await runImport(db, { dir });
    writeFileSync(file, first.replace("The first text.", "Newer text."));
    expect((await runImport(db, { dir })).ok).toBe(true);
    const before = await snapshotContent(db.prisma);

    // The folder goes back to the text version 1 stored, which version 2 replaced.
    writeFileSync(file, first);
    const older = await runImport(db, { dir });
    expect(older.ok).toBe(false);
    if (older.ok) return;
    expect(older.code).toBe("OLDER_CONTENT");
    expect(older.errors).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/codes\/en\/404\.md$/),
        message: expect.stringMatching(/code\.404:en is older than the database: .*version 1.*now version 2.*--force/),
      }),
    ]);
    expect(await snapshotContent(db.prisma)).toEqual(before);
    expect(await readContentVersion(db.prisma)).toBe(2);

    const forced = await runImport(db, { dir, force: true });
    expect(forced.ok && forced.version).toBe(3);
  });

  it("accepts new text that was never stored before", async () => {
    await runImport(db, { dir: SEEDS_DIR });
    expect((await runImport(db, { dir: contentWith404Summary("Second.") })).ok).toBe(true);
    expect((await runImport(db, { dir: contentWith404Summary("Third.") })).ok).toBe(true);
    expect(await readContentVersion(db.prisma)).toBe(3);
  });
});
