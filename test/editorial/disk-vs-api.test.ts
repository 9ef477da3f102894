// Markdown and the API are both sources: an import tells a change on disk from a change through the API
// by what the files held at the last import, and never lets one silently overwrite the other.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runEdit } from "../../src/editorial/write.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { snapshotContent, useImportedCopy } from "../helpers/database.ts";

const seeded = useImportedCopy();

const summaryOf = async (code: number) =>
  (await seeded.db.prisma.statusCodeTranslation.findUnique({ where: { code_locale: { code, locale: "en" } } }))
    ?.summary;
const revisionOf = async (record: string) =>
  (await seeded.db.prisma.revision.findUnique({ where: { record } }))?.revision ?? 1;
const editSummary = async (code: number, summary: string) =>
  runEdit(
    seeded.db,
    { kind: "updateStatusCode", code, facts: {}, text: { summary } },
    { actor: "alice", expectedRevision: await revisionOf(`code.${code}`) },
  );
function editFile(code: number, summary: string) {
  const file = path.join(seeded.dir, `codes/en/${code}.md`);
  writeFileSync(file, readFileSync(file, "utf8").replace(/^summary:.*$/m, `summary: ${summary}`));
}

describe("importing after edits through the API", () => {
  it("keeps a change made through the API when only the database changed since the last import", async () => {
    expect((await editSummary(404, "Changed through the API.")).ok).toBe(true);
    // The plan in full (a dry run): the unit is kept as changed through the API.
    const planned = await runImport(seeded.db, { dir: seeded.dir, dryRun: true });
    expect(planned.ok && planned.plan.counts.keptFromApi).toBe(1);
    // The import itself: the files are what the last import read, so it is not even planned again.
    const report = await runImport(seeded.db, { dir: seeded.dir });
    expect(report).toMatchObject({ ok: true, applied: false });
    expect(await summaryOf(404)).toBe("Changed through the API.");
  });

  it("imports a change made on disk when only the file changed", async () => {
    editFile(404, "Changed on disk.");
    const report = await runImport(seeded.db, { dir: seeded.dir });
    expect(report.ok && report.applied).toBe(true);
    expect(await summaryOf(404)).toBe("Changed on disk.");
  });

  it("refuses a unit changed on both sides, naming the file and the database's revision, and writes nothing", async () => {
    expect((await editSummary(404, "Changed through the API.")).ok).toBe(true);
    editFile(404, "Changed on disk.");
    const before = await snapshotContent(seeded.db.prisma);
    const report = await runImport(seeded.db, { dir: seeded.dir });
    expect(report.ok).toBe(false);
    expect(!report.ok && report.code).toBe("EDIT_CONFLICT");
    const message = !report.ok ? report.errors.map((e) => `${e.file}: ${e.message}`).join("\n") : "";
    expect(message).toMatch(/codes\/en\/404\.md: code:404|codes\/en\/404\.md: code\.404/);
    expect(message).toContain("revision 2");
    expect(message).toContain("alice");
    expect(await snapshotContent(seeded.db.prisma)).toEqual(before);
  });

  it("lets the files win with --force, keeping the database's value in history", async () => {
    expect((await editSummary(404, "Changed through the API.")).ok).toBe(true);
    editFile(404, "Changed on disk.");
    const report = await runImport(seeded.db, { dir: seeded.dir, force: true });
    expect(report.ok && report.applied).toBe(true);
    expect(await summaryOf(404)).toBe("Changed on disk.");
    const entry = await seeded.db.prisma.historyEntry.findFirst({
      where: { unit: "code.404", actor: "import", field: "summary" },
      orderBy: { id: "desc" },
    });
    expect(JSON.parse(entry!.before!)).toBe("Changed through the API.");
  });

  it("keeps the database with --keep-db, noting the file's value in history", async () => {
    expect((await editSummary(404, "Changed through the API.")).ok).toBe(true);
    editFile(404, "Changed on disk.");
    const report = await runImport(seeded.db, { dir: seeded.dir, keepDb: true });
    expect(report.ok).toBe(true);
    expect(await summaryOf(404)).toBe("Changed through the API.");
    const noted = await seeded.db.prisma.historyEntry.findFirst({
      where: { unit: "code.404", actor: "import", note: { not: null } },
    });
    expect(JSON.parse(noted!.after!)).toBe("Changed on disk.");
    // Settled: the same files import quietly next time.
    const again = await runImport(seeded.db, { dir: seeded.dir });
    expect(again.ok).toBe(true);
  });

  it("never prunes a comparison created through the API, which no file ever held", async () => {
    const text = {
      summary: "Both refuse the request.",
      differences: ["409 is about the resource's state; 412 about a precondition the client sent."],
      similarities: [],
      whenToUseA: "Use 409 for state conflicts.",
      whenToUseB: "Use 412 when If-Match fails.",
      body: "",
    };
    expect(
      (
        await runEdit(
          seeded.db,
          { kind: "upsertComparison", a: 409, b: 412, text },
          { actor: "alice", expectedRevision: null },
        )
      ).ok,
    ).toBe(true);
    const report = await runImport(seeded.db, { dir: seeded.dir, prune: true });
    expect(report.ok).toBe(true);
    expect(await seeded.db.prisma.comparison.count({ where: { codeA: 409, codeB: 412 } })).toBe(1);
  });
});

describe("history and revert", () => {
  it("records who changed which field, and reverts it as a change of its own", async () => {
    const original = await summaryOf(410);
    expect((await editSummary(410, "A wrong summary.")).ok).toBe(true);
    const entry = await seeded.db.prisma.historyEntry.findFirst({
      where: { unit: "code.410", actor: "alice", field: "summary" },
    });
    expect(JSON.parse(entry!.before!)).toBe(original);
    const reverted = await runEdit(
      seeded.db,
      {
        kind: "revert",
        entry: {
          id: entry!.id,
          unit: entry!.unit,
          locale: entry!.locale,
          field: entry!.field,
          before: JSON.parse(entry!.before!),
          after: JSON.parse(entry!.after!),
        },
      },
      { actor: "bob", expectedRevision: await revisionOf("code.410") },
    );
    expect(reverted.ok).toBe(true);
    expect(await summaryOf(410)).toBe(original);
    const undo = await seeded.db.prisma.historyEntry.findFirst({ where: { unit: "code.410", actor: "bob" } });
    expect([JSON.parse(undo!.before!), JSON.parse(undo!.after!)]).toEqual(["A wrong summary.", original]);
  });

  it("brings a deleted comparison back, translations included, by reverting its deletion", async () => {
    const rev = await revisionOf("comparison.401-vs-403");
    expect(
      (
        await runEdit(
          seeded.db,
          { kind: "deleteComparison", a: 403, b: 401 },
          { actor: "alice", expectedRevision: rev },
        )
      ).ok,
    ).toBe(true);
    expect(await seeded.db.prisma.comparisonTranslation.count({ where: { codeA: 401, codeB: 403 } })).toBe(0);
    const deletions = await seeded.db.prisma.historyEntry.findMany({
      where: { unit: "comparison.401-vs-403", actor: "alice", field: "*" },
      orderBy: { id: "asc" },
    });
    expect(deletions.map((e) => e.locale).sort()).toEqual(["en", "vi", null].sort());
    // Reverting the pair's deletion brings back the texts deleted with it: a pair without English is not valid.
    const pair = deletions.find((e) => e.locale === null)!;
    const asEntry = (e: (typeof deletions)[number]) => ({
      id: e.id,
      unit: e.unit,
      locale: e.locale,
      field: e.field,
      before: JSON.parse(e.before!),
      after: null,
    });
    const outcome = await runEdit(
      seeded.db,
      { kind: "revert", entry: { ...asEntry(pair), together: deletions.filter((e) => e !== pair).map(asEntry) } },
      { actor: "alice", expectedRevision: rev + 1 },
    );
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    expect(await seeded.db.prisma.comparisonTranslation.count({ where: { codeA: 401, codeB: 403 } })).toBe(2);
  });
});
