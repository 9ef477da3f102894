// An edit reads and checks only the records it changes and those they depend on (src/editorial/scope.ts),
// with the importer's own rules: what it brings is refused, whatever part of the content it lands in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEdit } from "../../src/editorial/write.ts";
import { scopeOfEdit } from "../../src/editorial/scope.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { loadTermbases } from "../../src/pipeline/termbase.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  expect((await runImport(db, { dir: SEEDS_DIR })).ok).toBe(true);
});
afterAll(() => db.close());

const revisionOf = async (record: string) =>
  (await db.prisma.revision.findUnique({ where: { record } }))?.revision ?? 1;

describe("an edit's checks", () => {
  it("refuses an English message whose placeholders its translations no longer match, naming the translation", async () => {
    const english = await db.prisma.message.findFirst({ where: { locale: "en", text: { contains: "{" } } });
    const placeholder = /\{(\w+)/.exec(english!.text)![1]!;
    const key = english!.key;
    const text = english!.text.replaceAll(`{${placeholder}`, `{renamed${placeholder}`);
    const outcome = await runEdit(
      db,
      { kind: "updateMessage", key, text },
      { actor: "alice", expectedRevision: await revisionOf(`message.${key}`) },
    );
    expect(outcome).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(outcome.ok === false && outcome.code === "VALIDATION" && outcome.issues.map((i) => i.field)).toContain(
      `message:vi.${key}`,
    );
    expect((await db.prisma.message.findUnique({ where: { locale_key: { locale: "en", key } } }))!.text).toBe(
      english!.text,
    );
  });

  it("refuses a related code that does not exist, and takes one that does", async () => {
    const expectedRevision = await revisionOf("code.418");
    const wrong = await runEdit(
      db,
      { kind: "updateStatusCode", code: 418, facts: { related: [599] }, text: {} },
      { actor: "alice", expectedRevision },
    );
    expect(wrong).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(wrong.ok === false && wrong.message).toContain("599 is not a known status code");
    const right = await runEdit(
      db,
      { kind: "updateStatusCode", code: 418, facts: { related: [500] }, text: {} },
      { actor: "alice", expectedRevision },
    );
    expect(right).toMatchObject({ ok: true, changed: true });
  });

  it("refuses a translated message that drops a placeholder of its English", async () => {
    const english = await db.prisma.message.findFirst({ where: { locale: "en", text: { contains: "{" } } });
    const unitId = `message.${english!.key}`;
    const outcome = await runEdit(
      db,
      { kind: "saveTranslation", unitId, locale: "vi", text: { text: "Không còn chỗ giữ chỗ nào" } },
      { actor: "tran", expectedRevision: await revisionOf(`${unitId}:vi`) },
    );
    expect(outcome).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await db.prisma.translationDraft.count({ where: { unit: unitId } })).toBe(0);
  });

  it("holds a translation to its locale's termbase, read once beside the files: a published variant is refused, a draft's is not", async () => {
    const { glossaries } = await loadTermbases(SEEDS_DIR, ["vi"]);
    const save = async (summary: string) =>
      runEdit(
        db,
        { kind: "saveTranslation", unitId: "code.404", locale: "vi", text: { summary } },
        { actor: "vi-translator", expectedRevision: await revisionOf("code.404:vi"), glossaries },
      );
    // A draft may hold the variant (readers never see it), so the save goes through.
    expect(await save("Máy chủ không tìm thấy gì ở URL này.")).toMatchObject({ ok: true });
    // Publishing it would put the variant where readers see it: the termbase held beside the files refuses it.
    const published = await runEdit(
      db,
      { kind: "publishTranslation", unitId: "code.404", locale: "vi" },
      { actor: "vi-reviewer", expectedRevision: await revisionOf("code.404:vi"), glossaries },
    );
    expect(published).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(published.ok === false && published.message).toMatch(
      /code\.404:vi\.summary: "Máy chủ" is a variant the termbase rules out: write "server"/,
    );
    // Without the termbase nothing forbids the word: the refusal above came from it.
    const unchecked = await runEdit(
      db,
      { kind: "publishTranslation", unitId: "code.404", locale: "vi" },
      { actor: "vi-reviewer", expectedRevision: await revisionOf("code.404:vi") },
    );
    expect(unchecked).toMatchObject({ ok: true });
  });

  it("reads a translation's unit and its English, never another locale's text", () => {
    const scope = scopeOfEdit({ kind: "saveTranslation", unitId: "comparison.401-vs-403", locale: "vi", text: {} });
    expect(scope).toEqual({
      codes: [401, 403],
      codeTexts: [
        { code: 401, locales: ["en"] },
        { code: 403, locales: ["en"] },
      ],
      pairs: [{ a: 401, b: 403, locales: ["en", "vi"] }],
      messages: [],
      drafts: [{ unit: "comparison.401-vs-403", locales: ["vi"] }],
    });
    // An English message is checked against every locale's translation of it.
    expect(scopeOfEdit({ kind: "updateMessage", key: "heading.description", text: "x" }).messages).toBe("all");
  });
});
