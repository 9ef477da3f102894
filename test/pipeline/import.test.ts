import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runImport } from "../../src/pipeline/import.ts";
import { copyContent, createTestDatabase, SEEDS_DIR, snapshotContent, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.close();
});

describe("importing seeds/ end to end", () => {
  it("loads every code, translation, comparison and message with their facts", async () => {
    const report = await runImport(db, { dir: SEEDS_DIR });
    expect(report.ok).toBe(true);
    expect(await db.prisma.statusCode.count()).toBe(70);
    expect(await db.prisma.statusCodeTranslation.count({ where: { locale: "vi" } })).toBe(70);
    expect(await db.prisma.comparison.count()).toBe(10);
    expect(await db.prisma.locale.findUnique({ where: { code: "vi" } })).toMatchObject({ fallback: "en" });
    expect(await db.prisma.statusCode.findUnique({ where: { code: 418 } })).toMatchObject({
      registryStatus: "unused",
      class: "4xx",
    });
    expect(await db.prisma.statusCode.findUnique({ where: { code: 104 } })).toMatchObject({
      registryStatus: "temporary",
      registryExpires: new Date("2025-11-13T00:00:00Z"),
    });
    expect(await db.prisma.statusCode.findUnique({ where: { code: 510 } })).toMatchObject({
      registryStatus: "obsolete",
    });
    expect(await db.prisma.statusCode.findUnique({ where: { code: 499 } })).toMatchObject({
      registryStatus: "unofficial",
      registryNote: expect.stringContaining("nginx"),
    });
    expect(await db.prisma.statusCode.findUnique({ where: { code: 503 } })).toMatchObject({
      retry: "after-delay",
      specUrl: "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
    });
    const related = await db.prisma.relatedCode.findMany({ where: { fromCode: 403 }, orderBy: { position: "asc" } });
    expect(related.map((r) => r.toCode)).toContain(401);
    const runs = await db.prisma.importRun.findMany();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      status: "succeeded",
      created: report.ok ? report.plan.counts.created : -1,
      deleted: 0,
    });
  });

  it("changes nothing when the same files are imported again", async () => {
    await runImport(db, { dir: SEEDS_DIR });
    const before = await snapshotContent(db.prisma);
    const runsBefore = await db.prisma.importRun.count();
    db.statements.length = 0;
    const report = await runImport(db, { dir: SEEDS_DIR });
    expect(report).toMatchObject({ ok: true, applied: false });
    expect(db.statements.filter((sql) => /^\s*(INSERT|UPDATE|DELETE)/i.test(sql))).toEqual([]);
    expect(await snapshotContent(db.prisma)).toEqual(before);
    expect(await db.prisma.importRun.count()).toBe(runsBefore);
  });

  it("leaves the database exactly as it was when the new files have an error", async () => {
    await runImport(db, { dir: SEEDS_DIR });
    const before = await snapshotContent(db.prisma);
    const dir = copyContent();
    try {
      const file = path.join(dir, "codes/en/404.md");
      writeFileSync(
        file,
        readFileSync(file, "utf8")
          .replace("summary:", "summary: changed\nsummary_typo:")
          .replace("class: 4xx", "class: 9xx"),
      );
      writeFileSync(
        path.join(dir, "codes/en/200.md"),
        readFileSync(path.join(dir, "codes/en/200.md"), "utf8").replace(/^summary:.*$/m, "summary: A changed summary."),
      );
      const runsBefore = await db.prisma.importRun.count();
      db.statements.length = 0;
      const report = await runImport(db, { dir });
      expect(report.ok).toBe(false);
      expect(report.ok ? [] : report.errors.map((e) => e.file)).toContainEqual(
        expect.stringMatching(/codes\/en\/404\.md$/),
      );
      // Read only: the last import's digest, asked for before parsing (an unchanged folder is not parsed).
      expect(db.statements.filter((sql) => !/^\s*(SELECT|BEGIN|COMMIT|ROLLBACK|SET TRANSACTION)/i.test(sql))).toEqual(
        [],
      );
      expect(await snapshotContent(db.prisma)).toEqual(before);
      // Not even a log row: the errors are the caller's to print.
      expect(await db.prisma.importRun.count()).toBe(runsBefore);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rolls everything back when the apply step crashes part-way", async () => {
    await runImport(db, { dir: SEEDS_DIR });
    const before = await snapshotContent(db.prisma);
    const dir = copyContent();
    try {
      rmSync(path.join(dir, "comparisons/vi/401-vs-403.md"));
      const file = path.join(dir, "codes/en/404.md");
      writeFileSync(file, readFileSync(file, "utf8").replace(/^summary:.*$/m, "summary: Nothing here."));
      await expect(
        runImport(db, {
          dir,
          prune: true,
          beforeCommit: async () => {
            throw new Error("simulated crash after the writes");
          },
        }),
      ).rejects.toThrow("simulated crash");
      expect(await snapshotContent(db.prisma)).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes nothing on a dry run but returns the plan", async () => {
    const report = await runImport(db, { dir: SEEDS_DIR, dryRun: true });
    expect(report.ok && report.plan.counts.created).toBeGreaterThan(300);
    expect(await db.prisma.statusCode.count()).toBe(0);
    expect(await db.prisma.importRun.count()).toBe(0);
  });

  it("keeps content whose file was removed unless --prune is given", async () => {
    await runImport(db, { dir: SEEDS_DIR });
    const dir = copyContent();
    try {
      rmSync(path.join(dir, "comparisons/vi/401-vs-403.md"));
      const kept = await runImport(db, { dir });
      expect(kept.ok && kept.plan.counts.keptWithoutPrune).toBe(1);
      expect(await db.prisma.comparisonTranslation.count({ where: { codeA: 401, codeB: 403, locale: "vi" } })).toBe(1);
      const pruned = await runImport(db, { dir, prune: true });
      expect(pruned.ok && pruned.plan.counts.deleted).toBe(1);
      expect(await db.prisma.comparisonTranslation.count({ where: { codeA: 401, codeB: 403, locale: "vi" } })).toBe(0);
      expect(await db.prisma.comparisonTranslation.count({ where: { codeA: 401, codeB: 403, locale: "en" } })).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("records which translations an English edit made outdated", async () => {
    await runImport(db, { dir: SEEDS_DIR });
    const dir = copyContent();
    try {
      const file = path.join(dir, "codes/en/404.md");
      writeFileSync(file, readFileSync(file, "utf8").replace(/^howToFix:.*$/m, "howToFix: Check the link for typos."));
      const report = await runImport(db, { dir });
      expect(report.ok && report.plan.newlyOutdated).toEqual([
        { id: "code.404", locale: "vi", file: expect.stringMatching(/codes\/vi\/404\.md$/) },
      ]);
      const run = await db.prisma.importRun.findFirst({ orderBy: { id: "desc" } });
      expect(JSON.parse(run!.outdated)).toEqual([expect.objectContaining({ id: "code.404", locale: "vi" })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("changes nothing when the same content is imported from another folder", async () => {
    await runImport(db, { dir: SEEDS_DIR });
    const before = await snapshotContent(db.prisma);
    const dir = copyContent();
    try {
      db.statements.length = 0;
      const report = await runImport(db, { dir });
      expect(report).toMatchObject({ ok: true, applied: false });
      expect(report.ok && report.plan.counts).toMatchObject({ created: 0, updated: 0, deleted: 0 });
      expect(db.statements.filter((sql) => /^\s*(INSERT|UPDATE|DELETE)/i.test(sql))).toEqual([]);
      expect(await snapshotContent(db.prisma)).toEqual(before);
      // Rows name files relative to the content folder, wherever it was.
      expect(before.codeTexts.find((t) => t.code === 404 && t.locale === "vi")!.file).toBe("codes/vi/404.md");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("changes nothing when every file of the corpus is saved with CRLF line endings (and some with a BOM)", async () => {
    await runImport(db, { dir: SEEDS_DIR });
    const before = await snapshotContent(db.prisma);
    const dir = copyContent();
    try {
      const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      expect(files.length).toBeGreaterThan(150);
      files.forEach((entry, i) => {
        const file = path.join(entry.parentPath, entry.name);
        const text = readFileSync(file, "utf8");
        expect(text).not.toContain("\r");
        writeFileSync(file, `${i % 2 ? "\uFEFF" : ""}${text.replace(/\n/g, "\r\n")}`);
      });
      db.statements.length = 0;
      const report = await runImport(db, { dir });
      expect(report.ok ? [] : report.errors).toEqual([]);
      expect(report).toMatchObject({ ok: true, applied: false });
      expect(report.ok && report.plan.newlyOutdated).toEqual([]);
      // The content is the same; only the folder's digest (other bytes) is recorded, so the next import skips it.
      expect(db.statements.filter((sql) => /^\s*(INSERT|UPDATE|DELETE)/i.test(sql))).toEqual([
        expect.stringMatching(/^INSERT INTO \S*ImportSource\W/),
      ]);
      expect(await snapshotContent(db.prisma)).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
