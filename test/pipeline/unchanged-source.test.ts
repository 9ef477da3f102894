// A no-op import compares digests, not texts (src/pipeline/source.ts): a folder that is byte for byte what
// the last import read, by the same importer, is not parsed, checked or planned again, and nothing is written.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as parse from "../../src/pipeline/parse.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { describeReport } from "../../src/cli/import.ts";
import { copyContent, createTestDatabase, snapshotContent, type TestDatabase } from "../helpers/database.ts";

// Every parse of a folder goes through parsingContentRead: counted, and otherwise left as it is.
vi.mock("../../src/pipeline/parse.ts", async (original) => {
  const actual = await original<typeof import("../../src/pipeline/parse.ts")>();
  return { ...actual, parsingContentRead: vi.fn(actual.parsingContentRead) };
});
const parsed = vi.mocked(parse.parsingContentRead);

let db: TestDatabase;
let dir: string;
beforeEach(async () => {
  db = await createTestDatabase();
  dir = copyContent();
  parsed.mockClear();
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const writes = (statements: string[]) => statements.filter((sql) => /^\s*(INSERT|UPDATE|DELETE)/i.test(sql));

describe("importing a folder unchanged since the last import", () => {
  it("parses nothing and writes nothing", async () => {
    const first = await runImport(db, { dir });
    expect(first).toMatchObject({ ok: true, applied: true });
    expect(parsed).toHaveBeenCalledTimes(1);
    const before = await snapshotContent(db.prisma);
    const units = await db.prisma.importBase.count();
    parsed.mockClear();
    db.statements.length = 0;
    const again = await runImport(db, { dir });
    expect(parsed).not.toHaveBeenCalled();
    expect(again).toMatchObject({ ok: true, applied: false, unchangedSource: true, version: 1 });
    expect(again.ok && again.plan.counts).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: units });
    expect(writes(db.statements)).toEqual([]);
    expect(await snapshotContent(db.prisma)).toEqual(before);
    expect(describeReport(again, false)).toMatch(
      /^Nothing to do: the files are byte for byte what the last import read \(\d+ units\)/,
    );
  });

  it("picks up a one-byte change, parsing the folder and writing it", async () => {
    await runImport(db, { dir });
    const file = path.join(dir, "codes/en/418.md");
    const text = readFileSync(file, "utf8");
    // One byte: the summary's first letter, changed in place.
    const at = text.indexOf("summary: ") + "summary: ".length;
    writeFileSync(file, text.slice(0, at) + (text[at] === "X" ? "Y" : "X") + text.slice(at + 1));
    parsed.mockClear();
    const again = await runImport(db, { dir });
    expect(parsed).toHaveBeenCalledTimes(1);
    expect(again).toMatchObject({ ok: true, applied: true, version: 2 });
    expect(again.ok && again.plan.counts).toMatchObject({ created: 0, updated: 1 });
    const stored = await db.prisma.statusCodeTranslation.findUnique({
      where: { code_locale: { code: 418, locale: "en" } },
    });
    expect(stored?.summary.startsWith(text[at] === "X" ? "Y" : "X")).toBe(true);
    // And unchanged again from then on.
    parsed.mockClear();
    expect(await runImport(db, { dir })).toMatchObject({ ok: true, unchangedSource: true });
    expect(parsed).not.toHaveBeenCalled();
  });

  it("is parsed and planned when --force, --prune or a dry run could make the same files write something else", async () => {
    await runImport(db, { dir });
    for (const options of [{ force: true }, { prune: true }, { dryRun: true }]) {
      parsed.mockClear();
      const report = await runImport(db, { dir, ...options });
      expect(parsed, JSON.stringify(options)).toHaveBeenCalledTimes(1);
      expect(report).toMatchObject({ ok: true, applied: false });
      expect(report.ok && report.unchangedSource).toBeFalsy();
    }
  });
});
