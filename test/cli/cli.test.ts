import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/index.ts";
import { copyContent, FIXTURES_DIR } from "../helpers/database.ts";

let output: string[];
beforeEach(() => {
  output = [];
  for (const method of ["log", "error", "warn"] as const) vi.spyOn(console, method).mockImplementation((...args) => void output.push(args.join(" ")));
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

  it("exports translations as XLIFF to a file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-cli-"));
    try {
      const out = path.join(dir, "vi.xlf");
      expect(await runCli(["translations", "export", "--locale", "vi", "--state", "PUBLISHED", "--out", out])).toBe(0);
      const xml = readFileSync(out, "utf8");
      expect(xml).toContain('srcLang="en" trgLang="vi"');
      expect(xml).toContain('<file id="code.404">');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("explains an export with nothing to translate instead of writing an empty document", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-cli-"));
    try {
      const out = path.join(dir, "vi.xlf");
      // Every Vietnamese text in seeds/ is published and current.
      expect(await runCli(["translations", "export", "--locale", "vi", "--out", out])).toBe(0);
      expect(output.join("\n")).toContain("Nothing to translate in state MISSING,OUTDATED; nothing written. Use --state DRAFT,REVIEWED,PUBLISHED to export those units for review.");
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects an unknown state with the list of valid ones, as a usage error", async () => {
    expect(await runCli(["translations", "export", "--locale", "vi", "--state", "DONE"])).toBe(2);
    expect(output.join("\n")).toContain("--state: unknown state DONE");
  });

  it("stamps translation files inside the --dir it was given, wherever the command runs from", async () => {
    const dir = copyContent(path.join(FIXTURES_DIR, "content-min"));
    try {
      const file = path.join(dir, "codes/vi/404.md");
      const before = readFileSync(file, "utf8");
      writeFileSync(path.join(dir, "codes/en/404.md"), readFileSync(path.join(dir, "codes/en/404.md"), "utf8").replace(/^howToFix:.*$/m, "howToFix: Check the link."));
      expect(await runCli(["translations", "stamp", "--locale", "vi", "--id", "code.404", "--dir", dir])).toBe(0);
      const after = readFileSync(file, "utf8");
      expect(after).not.toBe(before);
      expect(after.replace(/^source: .*$/m, "")).toBe(before.replace(/^source: .*$/m, ""));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
    expect(await runCli(["check", "--dir=seeds", "--allowUnknownFiles", "--no-allow-unknown-files", "--max-file-bytes", "1048576"])).toBe(0);
  });
});
