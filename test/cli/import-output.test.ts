// What `status-atlas import` prints: one summary line by default, the per-unit plan with --verbose, and a
// progress bar only on a terminal.
import path from "node:path";
import { PassThrough } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

// The CLI uses the database singleton, which reads DATABASE_URL when first imported: point it at a copy of
// the migrated template before anything imports src/ (as test/cli/bad-inputs.test.ts does).
const databaseFile = await vi.hoisted(async () =>
  (await import("../helpers/cli-database.ts")).pointDatabaseUrlAtTemplateCopy("import-output"),
);

const { rmSync } = await import("node:fs");
const { runCli } = await import("../../src/cli/index.ts");
const { progressBar } = await import("../../src/cli/progress.ts");

const { FIXTURES_DIR } = await import("../helpers/database.ts");

const MIN = path.join(FIXTURES_DIR, "content-min");

let output: string[];
beforeEach(() => {
  output = [];
  for (const method of ["log", "error", "warn"] as const)
    vi.spyOn(console, method).mockImplementation((...args) => void output.push(args.join(" ")));
  return () => vi.restoreAllMocks();
});
afterAll(() => rmSync(path.dirname(databaseFile), { recursive: true, force: true }));

describe("status-atlas import output", () => {
  it("prints the plan as one summary line, not a line per unit, when not asked for more", async () => {
    expect(await runCli(["import", "--dir", MIN, "--dry-run"])).toBe(0);
    expect(output).toEqual([
      expect.stringMatching(
        /^Dry run — nothing written\. The plan: \d+ created, 0 updated, 0 deleted, 0 unchanged \(--verbose lists every unit\)\.$/,
      ),
    ]);
  });

  it("lists every unit with --verbose", async () => {
    expect(await runCli(["import", "--dir", MIN, "--dry-run", "--verbose"])).toBe(0);
    const text = output.join("\n");
    expect(text).toContain("codes/en/410.md");
    expect(text).toMatch(/^ {2}create {2}code:410$/m);
  });

  it("says which content version an import made, in one line", async () => {
    expect(await runCli(["import", "--dir", MIN])).toBe(0);
    expect(output).toEqual([
      expect.stringMatching(
        /^Imported as content version 1: \d+ created, 0 updated, 0 deleted, 0 unchanged \(--verbose lists every unit\)\.$/,
      ),
    ]);
  });
});

describe("the progress bar", () => {
  /** A terminal as cli-progress sees one: a TTY that records what is written, escape codes stripped. */
  function terminal() {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    let written = "";
    stream.on("data", (chunk: Buffer) => (written += chunk.toString()));
    // eslint-disable-next-line no-control-regex
    return { stream, text: () => stripVTControlCharacters(written) };
  }

  it("is not drawn where output is not a terminal (a log, a pipe, CI)", () => {
    expect(progressBar(Object.assign(new PassThrough(), { isTTY: false }), "Writing")).toBeUndefined();
  });

  it("draws the share of units written on a terminal, and ends on the finished bar", async () => {
    const { stream, text } = terminal();
    const bar = progressBar(stream, "Writing")!;
    bar.update(0, 480);
    bar.update(120, 480);
    bar.update(480, 480);
    bar.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toContain("Writing [------------------------------] 0/480 units 0%");
    expect(text()).toContain("Writing [##############################] 480/480 units 100%");
    expect(text().endsWith("\n")).toBe(true);
  });
});
