// `status-atlas translations export | import | stamp`, run as a translator's tooling would: the CLI in a
// child process on the test's own database. Files and the API meet in the database; the content folder
// is read for its termbases and never written.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEdit } from "../../src/editorial/write.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { fromXliff, toXliff } from "../../src/translations/xliff.ts";
import { copyContent, createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";
import { CLI } from "../helpers/processes.ts";

let db: TestDatabase;
let dir: string;
let work: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = copyContent(SEEDS_DIR);
  work = mkdtempSync(path.join(tmpdir(), "status-atlas-cli-translations-"));
  expect((await runImport(db, { dir })).ok).toBe(true);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

type Run = { code: number; stdout: string; stderr: string };
async function translations(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [CLI, "translations", ...args, "--dir", dir],
      { env: { ...process.env, DATABASE_URL: db.url } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** An editor's change to a code's English through the API: its translations become OUTDATED in the database only. */
async function changeEnglish(code: number, summary: string) {
  const revision = (await db.prisma.revision.findUnique({ where: { record: `code.${code}` } }))?.revision ?? 1;
  expect(
    await runEdit(
      db,
      { kind: "updateStatusCode", code, facts: {}, text: { summary } },
      { actor: "edna", expectedRevision: revision },
    ),
  ).toMatchObject({ ok: true });
}

const viRow = (code: number) =>
  db.prisma.statusCodeTranslation.findUnique({ where: { code_locale: { code, locale: "vi" } } });

describe("translations through the CLI", () => {
  it("explains an export with nothing to translate instead of writing an empty document", async () => {
    const out = path.join(work, "empty.xlf");
    const run = await translations("export", "--locale", "vi", "--out", out);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Nothing to translate in state MISSING,OUTDATED; nothing written.");
  });

  it("exports the unit an API edit made OUTDATED, which the content folder knows nothing of", async () => {
    await changeEnglish(404, "No resource lives at this URL, and the server need not say whether one ever did.");
    const out = path.join(work, "vi.xlf");
    const run = await translations("export", "--locale", "vi", "--out", out);
    expect(run.code).toBe(0);
    const xml = readFileSync(out, "utf8");
    expect(xml).toContain('srcLang="en" trgLang="vi"');
    expect(xml).toContain('<file id="code.404">');
    expect(xml).toContain("No resource lives at this URL");
    expect(xml).toContain("English when last translated");
  });

  it("imports a translator's file as drafts: the published text stays, and no content file is written", async () => {
    const out = path.join(work, "vi.xlf");
    const doc = await fromXliff(readFileSync(out, "utf8"));
    const target = "Không có tài nguyên nào ở URL này, và server không cần nói đã từng có hay chưa.";
    writeFileSync(
      out,
      await toXliff({
        ...doc,
        entries: doc.entries.map((e) => (e.unitId === "code.404" && e.field === "summary" ? { ...e, target } : e)),
      }),
    );
    const published = await viRow(404);
    const file = readFileSync(path.join(dir, "codes/vi/404.md"), "utf8");

    const run = await translations("import", out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("saved as drafts; readers keep the published text");
    expect(await viRow(404)).toEqual(published);
    const draft = await db.prisma.translationDraft.findUnique({
      where: { unit_locale: { unit: "code.404", locale: "vi" } },
    });
    expect(JSON.parse(draft!.text).summary).toBe(target);
    expect(readFileSync(path.join(dir, "codes/vi/404.md"), "utf8")).toBe(file);
  });

  it("stamps a reviewed translation in the database: its text stays, it is no longer OUTDATED", async () => {
    await changeEnglish(410, "The resource was removed on purpose; nothing will come back at this URL.");
    const before = await viRow(410);
    const run = await translations("stamp", "--locale", "vi", "--id", "code.410");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Stamped 1 translation\(s\) in the database \(content version \d+\)\./);
    const after = await viRow(410);
    expect(after).toMatchObject({ summary: before!.summary, title: before!.title, state: "published" });
    expect(after!.sourceHash).not.toBe(before!.sourceHash);
    // Nothing is OUTDATED any more: 410 is stamped and 404 has a draft.
    const again = await translations(
      "export",
      "--locale",
      "vi",
      "--state",
      "OUTDATED",
      "--out",
      path.join(work, "after-stamp.xlf"),
    );
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("Nothing to translate in state OUTDATED");
  });

  it("refuses a unit id that names nothing, and a locale that is not translatable, with exit 1", async () => {
    const unknown = await translations("stamp", "--locale", "vi", "--id", "code.299");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no vi translation for: code.299");
    const locale = await translations("export", "--locale", "xx");
    expect(locale.code).toBe(1);
    expect(locale.stderr).toContain('--locale: "xx" is not a locale to translate into');
  });
});
