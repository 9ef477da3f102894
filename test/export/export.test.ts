// The export round trip through a real database, on every provider: what the database holds, written as
// files, imports back as exactly what it holds.
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runExport, type ExportReport } from "../../src/export/export.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";
import { runCli } from "../helpers/processes.ts";

/** Every file under `dir` (hidden ones included) → its bytes. */
function folderBytes(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) =>
    lstatSync(path.join(dir, f)).isFile(),
  );
  return new Map(files.sort().map((f) => [f.split(path.sep).join("/"), readFileSync(path.join(dir, f), "latin1")]));
}

function ok(report: ExportReport) {
  if (!report.ok) throw new Error(`export failed: ${report.code} ${report.message}`);
  return report;
}

let db: TestDatabase;
let out: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const imported = await runImport(db, { dir: SEEDS_DIR });
  expect(imported.ok).toBe(true);
});
afterAll(async () => {
  await db.close();
});
beforeEach(() => {
  out = mkdtempSync(path.join(tmpdir(), "status-atlas-export-"));
});
afterEach(() => {
  rmSync(out, { recursive: true, force: true });
});

describe("exporting seeds/ from the database", () => {
  it("writes files that import into the same database as no change at all", async () => {
    const report = ok(await runExport(db, { dir: out }));
    expect(report.written).toHaveLength(report.files);
    const imported = await runImport(db, { dir: out });
    expect(imported).toMatchObject({
      ok: true,
      applied: false,
      plan: { counts: { created: 0, updated: 0, deleted: 0, keptWithoutPrune: 0 } },
    });
  });

  it("writes the same bytes when exported again, and writes nothing the second time", async () => {
    ok(await runExport(db, { dir: out }));
    const first = folderBytes(out);
    const again = ok(await runExport(db, { dir: out }));
    expect(again.written).toEqual([]);
    expect(again.unchanged).toHaveLength(again.files);
    expect(folderBytes(out)).toEqual(first);
  });

  it("exports the same bytes from a fresh database the export was imported into", async () => {
    ok(await runExport(db, { dir: out }));
    const fresh = await createTestDatabase();
    const second = mkdtempSync(path.join(tmpdir(), "status-atlas-export-"));
    try {
      expect((await runImport(fresh, { dir: out })).ok).toBe(true);
      ok(await runExport(fresh, { dir: second }));
      expect(folderBytes(second)).toEqual(folderBytes(out));
    } finally {
      await fresh.close();
      rmSync(second, { recursive: true, force: true });
    }
  });
});

describe("what an export writes and deletes", () => {
  it("rewrites only the files whose bytes differ, and leaves no temporary file behind", async () => {
    ok(await runExport(db, { dir: out }));
    const first = folderBytes(out);
    writeFileSync(path.join(out, "codes/vi/404.md"), "edited by hand\n");
    const report = ok(await runExport(db, { dir: out }));
    expect(report.written).toEqual(["codes/vi/404.md"]);
    expect(report.unchanged).toHaveLength(report.files - 1);
    expect(folderBytes(out)).toEqual(first);
  });

  it("leaves an editor's files alone when they say the same: exporting into seeds/ rewrites nothing", async () => {
    cpSync(SEEDS_DIR, out, { recursive: true });
    const report = ok(await runExport(db, { dir: out }));
    expect(report.written).toEqual([]);
    expect(folderBytes(out)).toEqual(folderBytes(SEEDS_DIR));
  });

  it("keeps quoting, key order and comments the editor chose, and rewrites a file whose values differ", async () => {
    cpSync(SEEDS_DIR, out, { recursive: true });
    const restyled =
      "# kept\n" +
      readFileSync(path.join(out, "codes/en/404.md"), "utf8")
        .replace(
          /^(summary|title): (.*)$/gm,
          (_l, key: string, value: string) =>
            `${key}: ${value.startsWith('"') ? value.slice(1, -1) : JSON.stringify(value)}`,
        )
        .replace(/^---\n/, "");
    writeFileSync(path.join(out, "codes/en/404.md"), `---\n${restyled}`);
    const edited = readFileSync(path.join(out, "codes/vi/404.md"), "utf8").replace(
      /^summary: .*$/m,
      "summary: sửa tay",
    );
    writeFileSync(path.join(out, "codes/vi/404.md"), edited);
    const styled = folderBytes(out).get("codes/en/404.md");
    const report = ok(await runExport(db, { dir: out }));
    expect(report.written).toEqual(["codes/vi/404.md"]);
    expect(folderBytes(out).get("codes/en/404.md")).toBe(styled);
    expect(readFileSync(path.join(out, "codes/vi/404.md"), "utf8")).not.toContain("sửa tay");
  });

  it("writes only the locales asked for, with locales.yaml", async () => {
    const report = ok(await runExport(db, { dir: out, locales: ["vi"] }));
    const paths = [...folderBytes(out).keys()];
    expect(report.files).toBe(paths.length);
    expect(paths).toContain("locales.yaml");
    expect(paths).toContain("codes/vi/404.md");
    expect(paths).toContain("messages/vi.yaml");
    expect(paths.filter((p) => p.includes("/en"))).toEqual([]);
  });

  it("refuses an unknown locale by name, with the closest locale the database holds, and writes nothing", async () => {
    const report = await runExport(db, { dir: out, locales: ["vi", "vn"] });
    expect(report).toMatchObject({
      ok: false,
      code: "UNKNOWN_LOCALE",
      message: expect.stringContaining('unknown locale "vn"; did you mean "vi"?'),
    });
    expect(folderBytes(out).size).toBe(0);
  });

  it("deletes nothing without --prune, and with it only content files of the exported locales, never a termbase", async () => {
    const stray = [
      "codes/en/999.md",
      "codes/vi/999.md",
      "comparisons/en/100-vs-101.md",
      "messages/fr.yaml",
      "notes.txt",
      "codes/en/README.md",
      "glossary/vi.yaml",
    ];
    const writeStray = () => {
      for (const f of stray) {
        mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
        writeFileSync(path.join(out, f), "stray\n");
      }
    };
    writeStray();
    expect(ok(await runExport(db, { dir: out })).deleted).toEqual([]);
    expect(ok(await runExport(db, { dir: out, locales: ["vi"], prune: true })).deleted).toEqual(["codes/vi/999.md"]);
    writeStray();
    expect(ok(await runExport(db, { dir: out, prune: true })).deleted).toEqual([
      "codes/en/999.md",
      "codes/vi/999.md",
      "comparisons/en/100-vs-101.md",
      "messages/fr.yaml",
    ]);
    const left = [...folderBytes(out).keys()];
    for (const kept of ["notes.txt", "codes/en/README.md", "glossary/vi.yaml"]) expect(left).toContain(kept);
  });

  it("refuses a --dir that is a file, and a folder inside it that is a link, writing nothing", async () => {
    const file = path.join(out, "a-file");
    writeFileSync(file, "not a folder\n");
    expect(await runExport(db, { dir: file })).toMatchObject({
      ok: false,
      code: "NOT_WRITABLE",
      errors: [expect.objectContaining({ message: expect.stringContaining("is a file, not a folder") })],
    });

    const elsewhere = mkdtempSync(path.join(tmpdir(), "status-atlas-elsewhere-"));
    try {
      const dir = path.join(out, "export");
      mkdirSync(dir);
      symlinkSync(elsewhere, path.join(dir, "codes"));
      const report = await runExport(db, { dir });
      expect(report).toMatchObject({ ok: false, code: "NOT_WRITABLE" });
      expect(report.ok ? [] : "errors" in report ? report.errors.map((e) => e.message) : []).toContainEqual(
        expect.stringContaining("codes is a symbolic link"),
      );
      expect(readdirSync(elsewhere)).toEqual([]);
      expect(readdirSync(dir)).toEqual(["codes"]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("refuses to export an empty database rather than write (or prune to) an empty folder", async () => {
    const empty = await createTestDatabase();
    try {
      expect(await runExport(empty, { dir: out, prune: true })).toMatchObject({ ok: false, code: "EMPTY" });
    } finally {
      await empty.close();
    }
  });
});

describe("status-atlas export", () => {
  it("exports into --dir and reports written and unchanged counts", async () => {
    const env = { DATABASE_URL: db.url };
    const first = await runCli(["export", "--dir", out], env);
    // Every file seeds/ has but the termbase, which is not stored in the database.
    expect(first.stdout).toMatch(/Exported content version \d+ to .*: 163 files, 163 written, 0 unchanged\.\n$/);
    expect(first.stdout).toContain("wrote codes/en/404.md\n");
    const second = await runCli(["export", "--dir", out, "--locale", "en", "--locale=vi"], env);
    expect(second.stdout).toMatch(/^Exported content version \d+ to .*: 163 files, 0 written, 163 unchanged\.\n$/);
  });

  it("takes --locale comma-separated and names an unknown one with a suggestion, exiting 1", async () => {
    const failed = await runCli(["export", "--dir", out, "--locale", "en,vn"], { DATABASE_URL: db.url }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--locale: unknown locale "vn"; did you mean "vi"?'),
    });
  });

  it("requires --dir, exiting 2, rather than overwrite the content folder editors work in", async () => {
    const failed = await runCli(["export"], { DATABASE_URL: db.url }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringMatching(/dir/) });
  });
});
