import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentPath, classifyContentPath } from "../../src/content/paths.ts";
import { checkContent, checkContentFiles } from "../../src/pipeline/import.ts";
import { parseContentDir, parseContentFiles } from "../../src/pipeline/parse.ts";
import { FIXTURES_DIR, SEEDS_DIR } from "../helpers/database.ts";

/** Every file under `dir` as bytes, the way an uploaded archive hands them over. */
function filesOf(dir: string): { path: string; text: Uint8Array }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const full = path.join(e.parentPath, e.name);
      return { path: path.relative(dir, full).split(path.sep).join("/"), text: readFileSync(full) };
    });
}

const MINIMAL = path.join(FIXTURES_DIR, "content-min");
const strip = (r: Awaited<ReturnType<typeof parseContentDir>>) => ({
  ...r,
  files: r.files.map(({ lineOf: _, ...f }) => f),
});

describe("parseContentFiles", () => {
  it("parses seeds/ given in memory exactly as parseContentDir parses the folder", async () => {
    expect(strip(parseContentFiles(filesOf(SEEDS_DIR)))).toEqual(strip(await parseContentDir(SEEDS_DIR)));
  });

  it("checks files in memory as checkContent checks the folder, naming files by the paths given", async () => {
    const fromDir = await checkContent(SEEDS_DIR);
    expect(checkContentFiles(filesOf(SEEDS_DIR))).toEqual({ ...fromDir, errors: [], warnings: [] });
  });

  it("reports an error in memory with the same file, line and field as on disk", async () => {
    const files = filesOf(SEEDS_DIR).map((f) =>
      f.path === "codes/en/404.md"
        ? { path: f.path, text: Buffer.from(f.text).toString("utf8").replace("class: 4xx", "class: 9xx") }
        : f,
    );
    const { errors } = checkContentFiles(files);
    expect(errors).toEqual([expect.objectContaining({ file: "codes/en/404.md", line: 4, field: "class" })]);
  });

  it("refuses a path that reaches outside the content folder or is absolute, naming it", () => {
    const text = "- code: en\n  name: English\n  nativeName: English\n";
    const { errors, files } = parseContentFiles([
      { path: "../locales.yaml", text },
      { path: "/etc/locales.yaml", text },
      { path: "codes\\en\\404.md", text },
      { path: "codes//en/404.md", text },
    ]);
    expect(files).toEqual([]);
    expect(errors.map((e) => [e.file, e.message])).toEqual([
      ["../locales.yaml", expect.stringContaining("outside the content folder")],
      ["/etc/locales.yaml", expect.stringContaining("absolute")],
      ["codes//en/404.md", expect.stringContaining("empty")],
      ["codes\\en\\404.md", expect.stringContaining("backslash")],
    ]);
  });

  it("refuses the same path given twice, and skips hidden files as a folder's are skipped", () => {
    const text = "- code: en\n  name: English\n  nativeName: English\n";
    const result = parseContentFiles([
      { path: "locales.yaml", text },
      { path: "locales.yaml", text },
      { path: ".git/config", text: "[core]" },
      { path: "codes/en/.DS_Store", text: "\u0000" },
    ]);
    expect(result.files.map((f) => f.file)).toEqual(["locales.yaml"]);
    expect(result.errors).toEqual([
      expect.objectContaining({ file: "locales.yaml", message: "is given more than once" }),
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("checks bytes as UTF-8 and holds every file to the size limit, as when reading a folder", () => {
    const result = parseContentFiles(
      [
        { path: "messages/en.yaml", text: Uint8Array.from([0x61, 0x3a, 0x20, 0xc3, 0x28]) },
        { path: "messages/vi.yaml", text: `a: ${"x".repeat(100)}` },
      ],
      { limits: { fileBytes: 50 } },
    );
    expect(result.errors).toHaveLength(2);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: "messages/en.yaml",
          message: expect.stringContaining("invalid UTF-8 at byte 3"),
        }),
        expect.objectContaining({
          file: "messages/vi.yaml",
          message: expect.stringContaining("over the limit of 50 bytes"),
        }),
      ]),
    );
    // A refused file still exists: validation must not report it missing.
    expect(result.failed.map((f) => f.file).sort()).toEqual(["messages/en.yaml", "messages/vi.yaml"]);
  });

  it("parses the minimal fixture in memory as on disk", async () => {
    expect(strip(parseContentFiles(filesOf(MINIMAL)))).toEqual(strip(await parseContentDir(MINIMAL)));
  });
});

describe("contentPath", () => {
  it("names every file where the parser reads it as the record it was made for", () => {
    expect(classifyContentPath(contentPath.locales())).toEqual({ kind: "locales" });
    expect(classifyContentPath(contentPath.messages("pt-BR"))).toEqual({ kind: "messages", locale: "pt-BR" });
    expect(classifyContentPath(contentPath.glossary("vi"))).toEqual({ kind: "glossary", locale: "vi" });
    expect(classifyContentPath(contentPath.code("vi", 404))).toEqual({ kind: "code", locale: "vi", nameCodes: [404] });
    expect(classifyContentPath(contentPath.comparison("en", 403, 401))).toEqual({
      kind: "comparison",
      locale: "en",
      nameCodes: [401, 403],
    });
  });

  it("is what seeds/ uses for every file", () => {
    for (const { path: at } of filesOf(SEEDS_DIR)) {
      const location = classifyContentPath(at)!;
      const expected =
        location.kind === "locales"
          ? contentPath.locales()
          : location.kind === "messages"
            ? contentPath.messages(location.locale!)
            : location.kind === "glossary"
              ? contentPath.glossary(location.locale!)
              : location.kind === "code"
                ? contentPath.code(location.locale!, location.nameCodes![0]!)
                : contentPath.comparison(location.locale!, location.nameCodes![0]!, location.nameCodes![1]!);
      expect(at).toBe(expected);
    }
  });
});
