// Edits through the API take the importer's path: validated as files would be, planned, applied with
// history and revisions, and refused with CONFLICT when the record moved on since the client read it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEdit } from "../../src/editorial/write.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { loadStoredContent } from "../../src/read/load.ts";
import { buildContentModel } from "../../src/read/model.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const report = await runImport(db, { dir: SEEDS_DIR });
  expect(report.ok).toBe(true);
});
afterAll(() => db.close());

const revisionOf = async (record: string) => (await db.prisma.revision.findUnique({ where: { record } }))?.revision;
const translationState = async (locale: string, unit: string) =>
  buildContentModel(await loadStoredContent(db.prisma))
    .translationUnits(locale)
    .get(unit)?.state;

describe("editing through the API", () => {
  it("changes English text, moves the record's revision and the content version, and writes history", async () => {
    const before = await revisionOf("code.418");
    const outcome = await runEdit(
      db,
      { kind: "updateStatusCode", code: 418, facts: {}, text: { summary: "A teapot refuses to brew coffee." } },
      { actor: "alice", expectedRevision: before! },
    );
    expect(outcome).toMatchObject({ ok: true, changed: true, revision: before! + 1 });
    const row = await db.prisma.statusCodeTranslation.findUnique({
      where: { code_locale: { code: 418, locale: "en" } },
    });
    expect(row?.summary).toBe("A teapot refuses to brew coffee.");
    const entries = await db.prisma.historyEntry.findMany({ where: { unit: "code.418", actor: "alice" } });
    expect(entries.map((e) => [e.locale, e.field, JSON.parse(e.after!)])).toEqual([
      ["en", "summary", "A teapot refuses to brew coffee."],
    ]);
  });

  it("marks the Vietnamese translation outdated when its English changes through a mutation, as an import does", async () => {
    expect(await translationState("vi", "code.404")).toBe("PUBLISHED");
    const outcome = await runEdit(
      db,
      {
        kind: "updateStatusCode",
        code: 404,
        facts: {},
        text: { howToFix: "Check the URL for typos and follow links from the site itself." },
      },
      { actor: "alice", expectedRevision: (await revisionOf("code.404"))! },
    );
    expect(outcome.ok).toBe(true);
    expect(await translationState("vi", "code.404")).toBe("OUTDATED");
  });

  it("refuses a stale revision with CONFLICT, the current revision and value, and writes nothing", async () => {
    const current = (await revisionOf("code.410"))!;
    const version = (await db.prisma.contentState.findFirst())!.version;
    const outcome = await runEdit(
      db,
      { kind: "updateStatusCode", code: 410, facts: { cacheable: false }, text: {} },
      { actor: "bob", expectedRevision: current - 1 },
    );
    expect(outcome).toMatchObject({ ok: false, code: "CONFLICT", currentRevision: current });
    expect(outcome.ok === false && outcome.code === "CONFLICT" && outcome.current.current?.cacheable).toBe(true);
    expect((await db.prisma.contentState.findFirst())!.version).toBe(version);
  });

  it("lets exactly one of two editors who read the same revision win", async () => {
    const seen = (await revisionOf("code.500"))!;
    const [x, y] = await Promise.all([
      runEdit(
        db,
        { kind: "updateStatusCode", code: 500, facts: {}, text: { summary: "Editor X's summary." } },
        { actor: "x", expectedRevision: seen },
      ),
      runEdit(
        db,
        { kind: "updateStatusCode", code: 500, facts: {}, text: { summary: "Editor Y's summary." } },
        { actor: "y", expectedRevision: seen },
      ),
    ]);
    const outcomes = [x, y].map((o) => (o.ok ? "ok" : o.code)).sort();
    expect(outcomes).toEqual(["CONFLICT", "ok"]);
    const winner = x.ok ? "Editor X's summary." : "Editor Y's summary.";
    expect(
      (await db.prisma.statusCodeTranslation.findUnique({ where: { code_locale: { code: 500, locale: "en" } } }))
        ?.summary,
    ).toBe(winner);
  });

  it("refuses text a file could not hold, naming the unit and field", async () => {
    const outcome = await runEdit(
      db,
      { kind: "updateMessage", key: "heading.description", text: "{broken" },
      { actor: "alice", expectedRevision: (await revisionOf("message.heading.description")) ?? 1 },
    );
    expect(outcome).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(outcome.ok === false && outcome.code === "VALIDATION" && outcome.issues[0]!.field).toMatch(/^message/);
  });

  it("keeps the published translation served while a draft is saved, reviewed and published", async () => {
    const record = "code.200:vi";
    const rev = (await revisionOf(record)) ?? 1;
    const saved = await runEdit(
      db,
      { kind: "saveTranslation", unitId: "code.200", locale: "vi", text: { summary: "Bản nháp mới." } },
      { actor: "tran", expectedRevision: rev },
    );
    expect(saved).toMatchObject({ ok: true, revision: rev + 1 });
    const row = await db.prisma.statusCodeTranslation.findUnique({
      where: { code_locale: { code: 200, locale: "vi" } },
    });
    expect(row?.state).toBe("published");
    expect(row?.summary).not.toBe("Bản nháp mới.");
    const reviewed = await runEdit(
      db,
      { kind: "reviewTranslation", unitId: "code.200", locale: "vi" },
      { actor: "rev", expectedRevision: rev + 1 },
    );
    expect(reviewed.ok).toBe(true);
    const published = await runEdit(
      db,
      { kind: "publishTranslation", unitId: "code.200", locale: "vi" },
      { actor: "rev", expectedRevision: rev + 2 },
    );
    expect(published.ok).toBe(true);
    const after = await db.prisma.statusCodeTranslation.findUnique({
      where: { code_locale: { code: 200, locale: "vi" } },
    });
    expect([after?.state, after?.summary]).toEqual(["published", "Bản nháp mới."]);
    expect(await db.prisma.translationDraft.count()).toBe(0);
  });
});
