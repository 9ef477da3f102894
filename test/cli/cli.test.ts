import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/index.ts";
import { copyContent } from "../helpers/database.ts";

let output: string[];
beforeEach(() => {
  output = [];
  for (const method of ["log", "error", "warn"] as const)
    vi.spyOn(console, method).mockImplementation((...args) => void output.push(args.join(" ")));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("status-atlas CLI", () => {
  it("checks a valid content folder", async () => {
    expect(await runCli(["check", "--dir", "seeds"])).toBe(0);
    expect(output.join("\n")).toMatch(/seeds: ok — 70 codes, 140 code texts, 10 comparisons/);
  });

  it("reports every content error with file, line and field, and exits 1", async () => {
    const dir = copyContent();
    try {
      const file = path.join(dir, "codes/en/418.md");
      writeFileSync(file, readFileSync(file, "utf8").replace("class: 4xx", 'class: "4xx "'));
      writeFileSync(path.join(dir, "codes/en/999.md"), "no frontmatter here\n");
      expect(await runCli(["check", "--dir", dir])).toBe(1);
      const text = output.join("\n");
      expect(text).toMatch(/codes\/en\/418\.md:4 class: expected one of 1xx, 2xx, 3xx, 4xx, 5xx, got "4xx "/);
      expect(text).toMatch(/codes\/en\/999\.md:1 missing frontmatter/);
      expect(text).toContain("2 error(s); nothing was imported.");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints usage and exits 2 (a usage error) for an unknown command", async () => {
    expect(await runCli(["frobnicate"])).toBe(2);
    expect(output.join("\n")).toMatch(/Unknown command|frobnicate/i);
  });

  it("rejects an unknown state with the list of valid ones, as a usage error", async () => {
    expect(await runCli(["translations", "export", "--locale", "vi", "--state", "DONE"])).toBe(2);
    expect(output.join("\n")).toContain("--state: unknown state DONE");
  });

  it("says once that a content folder does not exist", async () => {
    expect(await runCli(["check", "--dir", "/nonexistent/content"])).toBe(1);
    const text = output.join("\n");
    expect(text.match(/does not exist/g)).toHaveLength(1);
    expect(text).toContain("/nonexistent/content the content folder does not exist");
  });

  it("prints the version from package.json", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(await runCli(["--version"])).toBe(0);
    expect(output).toEqual([version]);
  });

  it("shows the program name in a subcommand's help", async () => {
    expect(await runCli(["translations", "export", "--help"])).toBe(0);
    expect(output.join("\n")).toContain("status-atlas translations export");
    output.length = 0;
    expect(await runCli(["check", "-h"])).toBe(0);
    expect(output.join("\n")).toContain("status-atlas check");
  });
});

describe("unknown flags", () => {
  // Every command, with a misspelling of one of its own flags: nothing may run on a flag it does not know.
  const cases: [string[], string, string][] = [
    [["import", "--dryrun"], "--dryrun", "--dry-run"],
    [["check", "--dri", "seeds"], "--dri", "--dir"],
    [["start", "--no-imports"], "--no-imports", "--no-import"],
    [["migrate", "--hlep"], "--hlep", "--help"],
    [["translations", "export", "--locale", "vi", "--fromat", "po"], "--fromat", "--format"],
    [["translations", "import", "vi.xlf", "--stat=reviewed"], "--stat", "--state"],
    [["translations", "stamp", "--locale", "vi", "--al"], "--al", "--all"],
    [["translations", "--locale", "vi", "export"], "--locale", ""],
  ];
  for (const [argv, flag, suggestion] of cases) {
    it(`refuses ${argv.join(" ")} with exit 2${suggestion ? `, suggesting ${suggestion}` : ""}`, async () => {
      expect(await runCli(argv)).toBe(2);
      const first = output.join("\n").split("\n")[0]!;
      expect(first).toContain(`Unknown option ${flag} for status-atlas`);
      if (suggestion) expect(first).toContain(`did you mean ${suggestion}?`);
    });
  }

  it("accepts declared flags in every spelling citty accepts: --flag=value, camelCase and --no-<boolean>", async () => {
    expect(
      await runCli([
        "check",
        "--dir=seeds",
        "--allowUnknownFiles",
        "--no-allow-unknown-files",
        "--max-file-bytes",
        "1048576",
      ]),
    ).toBe(0);
  });
});
