// One fixture per class of bad input, each generated in a temporary folder and run through the CLI as a
// user would: exit status, file and line in the message, nothing from outside the content folder in any
// output, and the database byte-identical before and after.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// The CLI uses the Prisma singleton, which reads DATABASE_URL when first imported: point it at a copy
// of the migrated template before anything imports src/.
const databaseFile = await vi.hoisted(async () =>
  (await import("../helpers/cli-database.ts")).pointDatabaseUrlAtTemplateCopy("bad-inputs"),
);

const { runCli } = await import("../../src/cli/index.ts");
const { checkContent } = await import("../../src/pipeline/import.ts");
const { exportEntries } = await import("../../src/translations/exchange.ts");
const { toPo } = await import("../../src/translations/po.ts");
const { toXliff } = await import("../../src/translations/xliff.ts");
const { FIXTURES_DIR } = await import("../helpers/database.ts");

const MIN = path.join(FIXTURES_DIR, "content-min");
/** Text of a file outside the content folder: no output may ever quote it. */
const SECRET = "SECRET-7f3a9c root:x:0:0:root:/root:/bin/bash";

let output: string[];
let work: string;
beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  expect(await runCli(["import", "--dir", MIN])).toBe(0);
  vi.restoreAllMocks();
});
afterAll(() => rmSync(path.dirname(databaseFile), { recursive: true, force: true }));
beforeEach(() => {
  output = [];
  for (const method of ["log", "error", "warn"] as const)
    vi.spyOn(console, method).mockImplementation((...args) => void output.push(args.join(" ")));
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (output.push(String(chunk)), true));
  work = mkdtempSync(path.join(tmpdir(), "status-atlas-bad-"));
  return () => {
    vi.restoreAllMocks();
    rmSync(work, { recursive: true, force: true });
  };
});

type Case = {
  name: string;
  /** Makes the bad input in `dir` (a copy of the fixture corpus) or beside it in `outside`; returns the argv. */
  // biome-ignore lint/suspicious/noConfusingVoidType: most cases only write files and return nothing.
  make(dir: string, outside: string): string[] | void;
  /** The file the error names (relative to the content folder, or absolute), and its line (null: the file as a whole). */
  file: string;
  line: number | null;
  message: RegExp;
  exit?: number;
  /** How many error lines the run may print: a root cause reported once. */
  errors?: number;
};

const edit = (file: string, from: string | RegExp, to: string) => {
  const text = readFileSync(file, "utf8");
  if (!(typeof from === "string" ? text.includes(from) : from.test(text)))
    throw new Error(`${file} lacks ${String(from)}`);
  writeFileSync(file, text.replace(from, to));
};

async function exchangeFile(
  dir: string,
  outside: string,
  format: "xliff" | "po",
  change: (text: string) => string = (t) => t,
): Promise<string> {
  const { content } = await checkContent(dir);
  const doc = exportEntries(content, "vi", ["PUBLISHED"]);
  const file = path.join(outside, format === "po" ? "vi.po" : "vi.xlf");
  writeFileSync(file, change(format === "po" ? toPo(doc) : await toXliff(doc)));
  return file;
}

const contentCases: Case[] = [
  {
    name: "invalid UTF-8",
    make: (dir) => {
      const file = path.join(dir, "codes/en/404.md");
      const text = readFileSync(file);
      const at = text.indexOf("Not Found");
      writeFileSync(
        file,
        Buffer.concat([text.subarray(0, at), Buffer.from([0x4e, 0xff, 0x74]), text.subarray(at + 3)]),
      );
    },
    file: "codes/en/404.md",
    line: 3,
    message: /invalid UTF-8 at byte 22 \(0xff\)/,
    errors: 1,
  },
  {
    name: "a file over the size limit",
    make: (dir) =>
      writeFileSync(path.join(dir, "codes/en/410.md"), `---\ncode: 410\n---\n${"x".repeat(2 * 1024 * 1024)}\n`),
    file: "codes/en/410.md",
    line: null,
    message: /is 2 MiB, over the limit of 1 MiB per file/,
    errors: 1,
  },
  {
    name: "a field over the size limit",
    make: (dir) => edit(path.join(dir, "codes/en/200.md"), /^summary: .*$/m, `summary: ${"y".repeat(25_000)}`),
    file: "codes/en/200.md",
    line:
      readFileSync(path.join(MIN, "codes/en/200.md"), "utf8")
        .split("\n")
        .findIndex((l) => l.startsWith("summary:")) + 1,
    message: /summary: 25,000 characters, over the limit of 20,000 per field/,
    errors: 1,
  },
  {
    name: "a symlink to a file outside the content folder",
    make: (dir, outside) => {
      writeFileSync(path.join(outside, "passwd"), `${SECRET}\n`.repeat(50));
      rmSync(path.join(dir, "messages/vi.yaml"));
      symlinkSync(path.join(outside, "passwd"), path.join(dir, "messages/vi.yaml"));
    },
    file: "messages/vi.yaml",
    line: null,
    message: /is a symbolic link: links are not followed/,
    errors: 1,
  },
  {
    name: "a symlink to a folder outside the content folder",
    make: (dir, outside) => {
      mkdirSync(path.join(outside, "elsewhere"));
      writeFileSync(path.join(outside, "elsewhere/404.md"), `---\ncode: 404\ntitle: ${SECRET}\n---\n${SECRET}\n`);
      rmSync(path.join(dir, "codes/vi"), { recursive: true });
      symlinkSync(path.join(outside, "elsewhere"), path.join(dir, "codes/vi"));
    },
    file: "codes/vi",
    line: null,
    message: /is a symbolic link/,
    errors: 1,
  },
  {
    name: "a FIFO named like a content file",
    make: (dir) => {
      rmSync(path.join(dir, "codes/en/200.md"));
      execFileSync("mkfifo", [path.join(dir, "codes/en/200.md")]);
    },
    file: "codes/en/200.md",
    line: null,
    message: /is a FIFO \(named pipe\), not a regular file/,
    errors: 1,
  },
  {
    name: "a folder where a content file is expected",
    make: (dir) => {
      rmSync(path.join(dir, "codes/en/410.md"));
      mkdirSync(path.join(dir, "codes/en/410.md"));
    },
    file: "codes/en/410.md",
    line: null,
    message: /is a folder where a content file is expected/,
    errors: 1,
  },
  {
    name: "a misnamed file (upper-case extension)",
    make: (dir) => renameSync(path.join(dir, "codes/en/410.md"), path.join(dir, "codes/en/410.MD")),
    file: "codes/en/410.MD",
    line: 1,
    message: /not a content file name .*did you mean 410\.md\?/,
    errors: 1,
  },
  {
    name: "a misnamed file (not a three-digit code)",
    make: (dir) => cpSync(path.join(dir, "codes/en/410.md"), path.join(dir, "codes/en/42.md")),
    file: "codes/en/42.md",
    line: 1,
    message: /not a content file name .*--allow-unknown-files/,
    errors: 1,
  },
  {
    name: "broken YAML, reported once without follow-on errors from the files that use the code",
    make: (dir) => edit(path.join(dir, "codes/en/410.md"), "related: [404]", "related: [404"),
    file: "codes/en/410.md",
    line: 12,
    message: /YAML: /,
  },
  {
    name: "a missing locales file, named under the given folder",
    make: (dir) => rmSync(path.join(dir, "locales.yaml")),
    file: "locales.yaml",
    line: null,
    message: /missing: the content folder needs a locales\.yaml/,
    errors: 1,
  },
  {
    name: "a content folder that does not exist",
    make: (dir) => ["import", "--dir", path.join(dir, "nowhere")],
    file: "nowhere",
    line: null,
    message: /the content folder does not exist/,
    errors: 1,
  },
];

const translationCases: Omit<Case, "make" | "line">[] = [
  {
    name: "an XLIFF file with a DOCTYPE",
    file: "vi.xlf",
    message: /DOCTYPE not allowed/,
    errors: 1,
  },
  {
    name: "a PO file with a broken escape",
    file: "vi.po",
    message: /broken escape "\\q"/,
    errors: 1,
  },
  {
    name: "a PO file with an unterminated string",
    file: "vi.po",
    message: /unterminated string/,
    errors: 1,
  },
  {
    name: "a PO file that is not UTF-8",
    file: "vi.po",
    message: /invalid UTF-8 at byte \d+/,
    errors: 1,
  },
  {
    name: "an XLIFF target over the field limit",
    file: "vi.xlf",
    message: /code\.404#title: 30,000 characters, over the limit of 20,000 per field/,
    errors: 1,
  },
  {
    name: "an XLIFF file over the size limit",
    file: "vi.xlf",
    message: /is 17 MiB, over the limit of 16 MiB per translation file/,
    errors: 1,
  },
  {
    name: "a FIFO given as the translation file",
    file: "vi.po",
    message: /is not a regular file/,
    errors: 1,
  },
];

/** Translation cases need the exported file first, so they build it here; the line is found in the text. */
const translationInputs: Record<
  string,
  (dir: string, outside: string) => Promise<{ file: string; line: number | null }>
> = {
  "an XLIFF file with a DOCTYPE": async (dir, outside) => ({
    file: await exchangeFile(
      dir,
      outside,
      "xliff",
      (t) =>
        `<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file://${path.join(outside, "passwd")}">]>\n${t.replace("<target>Not Found</target>", "<target>&x;</target>")}`,
    ),
    line: 2,
  }),
  "a PO file with a broken escape": async (dir, outside) => {
    const file = await exchangeFile(dir, outside, "po", (t) =>
      t.replace('msgstr "Not Found"', 'msgstr "\\qNot Found"'),
    );
    return {
      file,
      line:
        readFileSync(file, "utf8")
          .split("\n")
          .findIndex((l) => l.includes("\\qNot Found")) + 1,
    };
  },
  "a PO file with an unterminated string": async (dir, outside) => {
    const file = await exchangeFile(dir, outside, "po", (t) => t.replace('msgstr "Not Found"', 'msgstr "Not Found'));
    return {
      file,
      line: readFileSync(file, "utf8").split("\n").indexOf('msgstr "Not Found') + 1,
    };
  },
  "a PO file that is not UTF-8": async (dir, outside) => {
    const file = await exchangeFile(dir, outside, "po");
    const bytes = readFileSync(file);
    const at = bytes.indexOf("Máy");
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = 0xff;
    writeFileSync(file, bytes);
    return { file, line: bytes.subarray(0, at).toString("latin1").split("\n").length };
  },
  "an XLIFF target over the field limit": async (dir, outside) => {
    const file = await exchangeFile(dir, outside, "xliff", (t) =>
      t.replace("<target>Not Found</target>", `<target>${"z".repeat(30_000)}</target>`),
    );
    const lines = readFileSync(file, "utf8").split("\n");
    const fileAt = lines.findIndex((l) => l.includes('<file id="code.404">'));
    return { file, line: lines.findIndex((l, i) => i > fileAt && l.includes('<unit id="title">')) + 1 };
  },
  "an XLIFF file over the size limit": async (dir, outside) => {
    const file = await exchangeFile(dir, outside, "xliff", (t) => `${t}<!-- ${"p".repeat(17 * 1024 * 1024)} -->\n`);
    return { file, line: null };
  },
  "a FIFO given as the translation file": async (_dir, outside) => {
    const file = path.join(outside, "vi.po");
    execFileSync("mkfifo", [file]);
    return { file, line: null };
  },
};

/** The database file and its journal, as bytes. */
function databaseBytes(): Buffer[] {
  return [databaseFile, `${databaseFile}-wal`, `${databaseFile}-journal`].map((f) =>
    existsSync(f) ? readFileSync(f) : Buffer.alloc(0),
  );
}

function expectReported(text: string, shown: string, line: number | null, message: RegExp, errors?: number) {
  const lines = text.split("\n").filter((l) => l.startsWith(shown));
  const where = line === null ? `${shown} ` : `${shown}:${line} `;
  expect(
    lines.filter((l) => l.startsWith(where) && message.test(l)),
    text.slice(0, 2000),
  ).toHaveLength(1);
  if (errors !== undefined)
    expect(text.match(/^(\d+) error\(s\)/m)?.[1] ?? String(lines.length), text.slice(0, 2000)).toBe(String(errors));
}

describe("every bad content input is refused by name, with exit status 1 and nothing written", () => {
  for (const c of contentCases) {
    it(c.name, async () => {
      const dir = path.join(work, "content");
      const outside = path.join(work, "outside");
      cpSync(MIN, dir, { recursive: true });
      mkdirSync(outside);
      const argv = c.make(dir, outside) ?? ["import", "--dir", dir];
      const before = databaseBytes();
      expect(await runCli(argv)).toBe(c.exit ?? 1);
      const text = output.join("\n");
      expectReported(text, path.join(dir, c.file), c.line, c.message, c.errors);
      // The root cause only: no error about another file that merely uses what this one defines.
      expect(text.split("\n").filter((l) => l.startsWith(dir) && !l.startsWith(path.join(dir, c.file)))).toEqual([]);
      expect(text).not.toContain("SECRET-7f3a9c");
      expect(text.length).toBeLessThan(5_000);
      expect(databaseBytes()).toEqual(before);
    });
  }
});

describe("every bad translation file is refused by line, with exit status 1 and nothing written", () => {
  for (const c of translationCases) {
    it(c.name, async () => {
      const dir = path.join(work, "content");
      const outside = path.join(work, "outside");
      cpSync(MIN, dir, { recursive: true });
      mkdirSync(outside);
      writeFileSync(path.join(outside, "passwd"), `${SECRET}\n`);
      const { file, line } = await translationInputs[c.name]!(dir, outside);
      const filesBefore = readFileSync(path.join(dir, "codes/vi/404.md"));
      const before = databaseBytes();
      expect(await runCli(["translations", "import", file, "--dir", dir, "--state", "published"])).toBe(1);
      const text = output.join("\n");
      expectReported(text, file, line, c.message);
      expect(text.split("\n").filter((l) => l.startsWith(file))).toHaveLength(c.errors ?? 1);
      expect(text).not.toContain("SECRET-7f3a9c");
      expect(text.length).toBeLessThan(5_000);
      expect(readFileSync(path.join(dir, "codes/vi/404.md"))).toEqual(filesBefore);
      expect(databaseBytes()).toEqual(before);
    });
  }
});

describe("the checks above can fail", () => {
  it("sees the database bytes change when an import does write", async () => {
    const dir = path.join(work, "content");
    cpSync(MIN, dir, { recursive: true });
    edit(path.join(dir, "codes/en/200.md"), /^summary: .*$/m, "summary: A changed summary.");
    const before = databaseBytes();
    expect(await runCli(["import", "--dir", dir])).toBe(0);
    expect(databaseBytes()).not.toEqual(before);
    // Back to the shared database's content: older than what was just imported, so forced.
    expect(await runCli(["import", "--dir", MIN, "--force"])).toBe(0);
  });

  it("writes nothing for an unknown flag, which is a usage error", async () => {
    const dir = path.join(work, "content");
    cpSync(MIN, dir, { recursive: true });
    edit(path.join(dir, "codes/en/200.md"), /^summary: .*$/m, "summary: A changed summary.");
    const before = databaseBytes();
    expect(await runCli(["import", "--dir", dir, "--dryrun"])).toBe(2);
    expect(output.join("\n")).toContain("did you mean --dry-run?");
    expect(databaseBytes()).toEqual(before);
  });
});
