// What `status-atlas import` prints: one summary line by default, the per-unit plan with --verbose, and a
// progress bar only on a terminal.
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

// The CLI uses the database singleton, which reads DATABASE_URL when first imported: point it at a copy of
// the migrated template before anything imports src/ (as test/cli/bad-inputs.test.ts does).
const databaseFile = await vi.hoisted(async () => {
  const { inject } = await import("vitest");
  const fs = await import("node:fs");
  const os = await import("node:os");
  const p = await import("node:path");
  const file = p.join(fs.mkdtempSync(p.join(os.tmpdir(), "status-atlas-import-output-")), "test.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  process.env.DATABASE_URL = `file:${file}`;
  return file;
});

const { rmSync } = await import("node:fs");
const { runCli } = await import("../../src/cli/index.ts");
const { progressBar, renderProgressBar } = await import("../../src/cli/progress.ts");
const { FIXTURES_DIR } = await import("../helpers/database.ts");

const MIN = path.join(FIXTURES_DIR, "content-min");

let output: string[];
beforeEach(() => {
  output = [];
  for (const method of ["log", "error", "warn"] as const) vi.spyOn(console, method).mockImplementation((...args) => void output.push(args.join(" ")));
  return () => vi.restoreAllMocks();
});
afterAll(() => rmSync(path.dirname(databaseFile), { recursive: true, force: true }));

describe("status-atlas import output", () => {
  it("prints the plan as one summary line, not a line per unit, when not asked for more", async () => {
    expect(await runCli(["import", "--dir", MIN, "--dry-run"])).toBe(0);
    expect(output).toEqual([expect.stringMatching(/^Dry run — nothing written\. The plan: \d+ created, 0 updated, 0 deleted, 0 unchanged \(--verbose lists every unit\)\.$/)]);
  });

  it("lists every unit with --verbose", async () => {
    expect(await runCli(["import", "--dir", MIN, "--dry-run", "--verbose"])).toBe(0);
    const text = output.join("\n");
    expect(text).toContain("codes/en/410.md");
    expect(text).toMatch(/^ {2}create {2}code:410$/m);
  });

  it("says which content version an import made, in one line", async () => {
    expect(await runCli(["import", "--dir", MIN])).toBe(0);
    expect(output).toEqual([expect.stringMatching(/^Imported as content version 1: \d+ created, 0 updated, 0 deleted, 0 unchanged \(--verbose lists every unit\)\.$/)]);
  });
});

describe("the progress bar", () => {
  it("draws the share of units written", () => {
    expect(renderProgressBar(0, 480, 10)).toBe("[----------]   0/480 units   0%");
    expect(renderProgressBar(120, 480, 10)).toBe("[###-------] 120/480 units  25%");
    expect(renderProgressBar(480, 480, 10)).toBe("[##########] 480/480 units 100%");
    expect(renderProgressBar(0, 0, 10)).toBe("[##########] 0/0 units 100%");
  });

  it("is not drawn where output is not a terminal (a log, a pipe, CI)", () => {
    expect(progressBar({ isTTY: false, write: () => true }, "Writing")).toBeUndefined();
  });

  it("redraws in place on a terminal at most every interval, always drawing the end, then moves to a new line", () => {
    const written: string[] = [];
    let now = 0;
    const bar = progressBar({ isTTY: true, write: (text: string) => written.push(text) }, "Writing", { intervalMs: 100, now: () => now })!;
    bar.update(1, 3);
    bar.update(2, 3);
    now = 50;
    bar.update(3, 3);
    bar.end();
    expect(written).toEqual([`\rWriting ${renderProgressBar(1, 3)}`, `\rWriting ${renderProgressBar(3, 3)}`, "\n"]);
  });
});
