import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkContent, runImport } from "../../src/pipeline/import.ts";
import { formatIssue } from "../../src/pipeline/issues.ts";
import { exportEntries } from "../../src/translations/exchange.ts";
import { exportFromDatabase, importIntoDatabase } from "../../src/translations/database.ts";
import { formatOfFile, readExchangeFile } from "../../src/translations/read.ts";
import type { EditorialState } from "../../src/content/format.ts";
import { fromPo, toPo } from "../../src/translations/po.ts";
import { fromXliff, toXliff } from "../../src/translations/xliff.ts";
import { copyContent, createTestDatabase, snapshotContent, type TestDatabase } from "../helpers/database.ts";

let dir: string;
let db: TestDatabase;
const cwd = process.cwd();

beforeEach(async () => {
  dir = copyContent();
  db = await createTestDatabase();
  // Content paths are reported relative to the working directory, as editors run the CLI from the repo root.
  process.chdir(path.dirname(dir));
  expect((await runImport(db, { dir })).ok).toBe(true);
});
afterEach(async () => {
  process.chdir(cwd);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

function edit(relative: string, from: RegExp, to: string) {
  const file = path.join(dir, relative);
  const text = readFileSync(file, "utf8");
  if (!from.test(text)) throw new Error(`${relative} does not match ${from}`);
  writeFileSync(file, text.replace(from, to));
}

/** What `translations export` writes: the database's units in these states, as a file beside the content folder. */
async function exportFile(format: "xliff" | "po", states = ["MISSING", "OUTDATED"] as const) {
  const exported = await exportFromDatabase(db, { locale: "vi", states: [...states] });
  if (!exported.ok) throw new Error(exported.message);
  const doc = exported.doc;
  const file = path.join(dir, `../vi-${format}.${format === "xliff" ? "xlf" : "po"}`);
  writeFileSync(file, format === "xliff" ? await toXliff(doc) : toPo(doc));
  return { file, doc };
}

/** What `translations import` does with a file: read it, then write its units into the database. */
async function importTranslations(file: string, options: { locale?: string; state: EditorialState }) {
  const exchange = await readExchangeFile(file, formatOfFile(file)!);
  if ("errors" in exchange) return { ok: false as const, errors: exchange.errors };
  return importIntoDatabase(db, {
    doc: exchange.doc,
    lineOf: exchange.lineOf,
    locale: options.locale ?? exchange.doc.targetLanguage,
    file,
    state: options.state,
    actor: "exchange-test",
  });
}

describe("XLIFF 2.0 and PO exchange", () => {
  for (const format of ["xliff", "po"] as const) {
    it(`round-trips a translation through ${format}: export, translate, import`, async () => {
      edit("codes/en/404.md", /^howToFix:.*$/m, 'howToFix: "Check the link for typos."');
      expect((await runImport(db, { dir })).ok).toBe(true);
      const { file, doc } = await exportFile(format);
      expect(doc.entries.map((e) => `${e.unitId}#${e.field}`)).toEqual(
        ["title", "summary", "description", "whenYouSeeIt", "howToFix", "useWhen", "body"].map((f) => `code.404#${f}`),
      );

      // The translator's tool fills in the new target and leaves the rest as exported.
      const translated = doc.entries.map((e) =>
        e.field === "howToFix" ? { ...e, target: "Kiểm tra link xem có gõ sai không." } : e,
      );
      writeFileSync(
        file,
        format === "xliff" ? await toXliff({ ...doc, entries: translated }) : toPo({ ...doc, entries: translated }),
      );

      const result = await importTranslations(file, { locale: "vi", state: "published" });
      expect(result.ok ? [] : result.errors.map(formatIssue)).toEqual([]);
      // The content folder is not written: the database holds translations (`status-atlas export` writes files).
      expect(readFileSync(path.join(dir, "codes/vi/404.md"), "utf8")).not.toContain(
        "Kiểm tra link xem có gõ sai không.",
      );
      const row = await db.prisma.statusCodeTranslation.findUnique({
        where: { code_locale: { code: 404, locale: "vi" } },
      });
      expect(row).toMatchObject({
        howToFix: "Kiểm tra link xem có gõ sai không.",
        state: "published",
        sourceHash: doc.entries[0]!.sourceHash,
      });
      // Up to date again: nothing left to export.
      expect((await exportFile(format)).doc.entries).toEqual([]);
    });
  }

  it("keeps unit ids, notes and the source hash through a write and read", async () => {
    const { content } = await checkContent(dir);
    const doc = exportEntries(content, "vi", ["PUBLISHED"]);
    const viaXliff = await fromXliff(await toXliff(doc));
    const viaPo = fromPo(toPo(doc));
    for (const back of [viaXliff, viaPo]) {
      expect(back.targetLanguage).toBe("vi");
      expect(back.entries.map((e) => [e.unitId, e.field, e.source, e.target, e.sourceHash])).toEqual(
        doc.entries.map((e) => [e.unitId, e.field, e.source, e.target, e.sourceHash]),
      );
    }
    expect(doc.entries.find((e) => e.unitId === "message.difference.situation")!.note).toContain(
      "keep every {placeholder}",
    );
  });

  it("refuses a file whose English moved on since export, writing nothing", async () => {
    const { file, doc } = await exportFile("xliff", ["PUBLISHED"] as never);
    const stale = doc.entries
      .filter((e) => e.unitId === "code.410")
      .map((e) => ({ ...e, target: `${e.target} (sửa)` }));
    writeFileSync(file, await toXliff({ ...doc, entries: stale }));
    edit("codes/en/410.md", /^summary:.*$/m, 'summary: "Removed for good."');
    expect((await runImport(db, { dir })).ok).toBe(true);
    const dbBefore = await snapshotContent(db.prisma);
    const result = await importTranslations(file, { locale: "vi", state: "published" });
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.errors.map(formatIssue);
    expect(messages[0]).toMatch(
      /^.*vi-xliff\.xlf:\d+ code\.410#title: stale: the English changed since this file was exported/,
    );
    expect(await snapshotContent(db.prisma)).toEqual(dbBefore);
    expect(await db.prisma.translationDraft.count()).toBe(0);
  });

  it("names the unit and line of unknown ids, broken placeholders and a wrong target language", async () => {
    const { file, doc } = await exportFile("xliff", ["PUBLISHED"] as never);
    const entries = [
      ...doc.entries
        .filter((e) => e.unitId === "message.difference.situation")
        .map((e) => ({ ...e, target: "Bạn gặp mã {ma} {situation}" })),
      { ...doc.entries[0]!, unitId: "code.999", target: "x" },
    ];
    const xml = await toXliff({ ...doc, entries });
    writeFileSync(file, xml);
    const result = await importTranslations(file, { locale: "vi", state: "published" });
    const messages = result.ok ? [] : result.errors.map(formatIssue);
    const line = xml.split("\n").findIndex((l) => l.includes('<file id="message.difference.situation"')) + 2;
    expect(messages).toContainEqual(
      `${file}:${line} message.difference.situation#text: placeholders must match the English template: missing {code}; unknown {ma}`,
    );
    expect(messages).toContainEqual(expect.stringMatching(/code\.999#title: unknown unit id/));

    writeFileSync(file, xml.replace('trgLang="vi"', 'trgLang="fr"'));
    const wrong = await importTranslations(file, { locale: "vi", state: "published" });
    expect(wrong.ok ? [] : wrong.errors.map(formatIssue)).toEqual([
      expect.stringMatching(/:\d+ targetLanguage: the file is for "fr", not "vi"$/),
    ]);
    const unknown = await importTranslations(file, { state: "published" });
    expect(unknown.ok ? [] : unknown.errors.map(formatIssue)).toEqual([
      expect.stringMatching(/:\d+ targetLanguage: "fr" is not a locale to translate into \(translatable: vi\)$/),
    ]);
  });

  it("takes the locale from the file when none is given", async () => {
    edit("codes/en/410.md", /^summary:.*$/m, 'summary: "Removed for good."');
    expect((await runImport(db, { dir })).ok).toBe(true);
    const { file, doc } = await exportFile("po");
    writeFileSync(
      file,
      toPo({
        ...doc,
        entries: doc.entries.map((e) => (e.field === "summary" ? { ...e, target: "Đã bị gỡ vĩnh viễn." } : e)),
      }),
    );
    const result = await importTranslations(file, { state: "published" });
    expect(result.ok).toBe(true);
    const row = await db.prisma.statusCodeTranslation.findUnique({
      where: { code_locale: { code: 410, locale: "vi" } },
    });
    expect(row!.summary).toBe("Đã bị gỡ vĩnh viễn.");
  });

  it("creates a missing translation when every field is translated, and refuses a partial one", async () => {
    rmSync(path.join(dir, "codes/vi/418.md"));
    expect((await runImport(db, { dir, prune: true })).ok).toBe(true);
    const { file, doc } = await exportFile("po");
    const partial = doc.entries.map((e) => (e.field === "title" ? { ...e, target: "Unused" } : e));
    writeFileSync(file, toPo({ ...doc, entries: partial }));
    const refused = await importTranslations(file, { locale: "vi", state: "draft" });
    expect(refused.ok ? [] : refused.errors.map(formatIssue)).toEqual([
      expect.stringContaining(
        "code.418: a new translation needs every field; missing summary, description, whenYouSeeIt, howToFix, useWhen, body",
      ),
    ]);

    const full = doc.entries.map((e) => ({ ...e, target: e.field === "title" ? "Unused" : `Bản dịch của ${e.field}` }));
    writeFileSync(file, toPo({ ...doc, entries: full }));
    const created = await importTranslations(file, { locale: "vi", state: "draft" });
    expect(created.ok).toBe(true);
    const draft = await db.prisma.translationDraft.findUnique({
      where: { unit_locale: { unit: "code.418", locale: "vi" } },
    });
    expect(draft).toMatchObject({ state: "draft" });
    expect(JSON.parse(draft!.text)).toMatchObject({ summary: "Bản dịch của summary" });
  });
});
