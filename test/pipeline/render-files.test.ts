import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { classifyContentPath } from "../../src/content/paths.ts";
import type { ContentSet } from "../../src/content/records.ts";
import { unitsOf } from "../../src/content/units.ts";
import { renderContentFiles, type ContentFile } from "../../src/pipeline/render-files.ts";
import { checkContent, checkContentFiles } from "../../src/pipeline/import.ts";
import { SEEDS_DIR } from "../helpers/database.ts";

let seeds: ContentSet;
let files: ContentFile[];
beforeAll(async () => {
  const checked = await checkContent(SEEDS_DIR);
  expect(checked.errors).toEqual([]);
  seeds = checked.content;
  files = renderContentFiles(seeds);
});

const fileAt = (rendered: ContentFile[], at: string) => rendered.find((f) => f.path === at)?.text;
const frontmatterKeys = (text: string) =>
  Object.keys(parseDocument(/^---\n([\s\S]*?)\n---/.exec(text)![1]!).toJS() as object);
const unitHashes = (content: ContentSet) => new Map([...unitsOf(content)].map(([id, unit]) => [id, unit.hash]));

describe("renderContentFiles on the whole of seeds/", () => {
  it("renders files the importer reads back, without an error or a warning, as units with the same ids and hashes", () => {
    const back = checkContentFiles(files);
    expect(back.errors).toEqual([]);
    expect(back.warnings).toEqual([]);
    expect(unitHashes(back.content)).toEqual(unitHashes(seeds));
  });

  it("renders what it read back byte for byte as it rendered it the first time", () => {
    expect(renderContentFiles(checkContentFiles(files).content)).toEqual(files);
  });

  it("renders one file for every file of seeds/, under the same name", () => {
    const seedFiles = readdirSync(SEEDS_DIR, { recursive: true, encoding: "utf8" })
      .map((f) => f.split(path.sep).join("/"))
      .filter((f) => classifyContentPath(f));
    expect(files.map((f) => f.path)).toEqual(seedFiles.sort());
  });

  it("writes frontmatter keys in the order the seeds use: what the file is, then facts or translation state, then text", () => {
    for (const at of [
      "codes/en/202.md",
      "codes/vi/202.md",
      "comparisons/en/401-vs-403.md",
      "comparisons/vi/401-vs-403.md",
    ]) {
      expect(frontmatterKeys(fileAt(files, at)!), at).toEqual(
        frontmatterKeys(readFileSync(path.join(SEEDS_DIR, at), "utf8")),
      );
    }
  });

  it("writes a Markdown file as frontmatter, a blank line and the body, ending in one newline", () => {
    const text = fileAt(files, "codes/en/202.md")!;
    expect(text).toMatch(
      /^---\ncode: 202\ntitle: Accepted\nclass: 2xx\n[\s\S]*\n---\n\n## What the specification says\n[\s\S]*[^\n]\n$/,
    );
    expect(text).toContain("\nrelated: [200, 201, 303]\nheaders: [Location, Retry-After]\n");
    expect(text).toContain('\n  section: "15.3.3"\n');
  });
});

/** seeds/ with one code translation changed by `edit`. */
function withTranslation(edit: (record: ContentSet["codeTranslations"][number]) => void): ContentSet {
  const content = structuredClone(seeds);
  edit(content.codeTranslations.find((t) => t.locale === "vi" && t.code === 404)!);
  return content;
}

describe("renderContentFiles: values YAML would misread", () => {
  it("quotes a source hash, so a hash of digits and one 'e' is not read back as a number", () => {
    const content = withTranslation((t) => (t.sourceHash = "889178135e31"));
    const rendered = renderContentFiles(content);
    expect(fileAt(rendered, "codes/vi/404.md")).toContain('\nsource: "889178135e31"\n');
    expect(unitHashes(checkContentFiles(rendered).content)).toEqual(unitHashes(content));
  });

  it("keeps a spec section such as 15.10 the string it is, not the number 15.1", () => {
    const content = structuredClone(seeds);
    content.codes.find((c) => c.code === 404)!.spec.section = "15.10";
    const back = checkContentFiles(renderContentFiles(content)).content;
    expect(back.codes.find((c) => c.code === 404)!.spec.section).toBe("15.10");
  });

  it("reads back text that looks like YAML syntax, a number, a boolean or spans lines exactly as it was", () => {
    const tricky = [
      "404",
      "yes",
      "true",
      "null",
      "- not a list",
      "key: value # not a comment",
      "  {braces}",
      "ends with a colon:",
      "two\nlines",
      '"quoted"',
      "'single'",
      "Tiếng Việt",
    ];
    for (const summary of tricky) {
      const content = withTranslation((t) => (t.text.summary = summary.trim()));
      const back = checkContentFiles(renderContentFiles(content));
      expect(back.errors, summary).toEqual([]);
      expect(
        back.content.codeTranslations.find((t) => t.locale === "vi" && t.code === 404)!.text.summary,
        summary,
      ).toBe(summary.trim());
    }
  });

  it("writes a draft message's state and leaves the default, published, out", () => {
    const content = structuredClone(seeds);
    const message = content.messages.find((m) => m.locale === "vi" && m.key === "heading.description")!;
    message.state = "draft";
    const rendered = renderContentFiles(content);
    expect(fileAt(rendered, "messages/vi.yaml")).toMatch(
      /\nheading\.description:\n {2}text: Mô tả\n {2}state: draft\n {2}source: "[0-9a-f]{12}"\n/,
    );
    expect(fileAt(rendered, "messages/vi.yaml")).not.toContain("state: published");
    expect(unitHashes(checkContentFiles(rendered).content)).toEqual(unitHashes(content));
  });
});

describe("renderContentFiles: which files, where", () => {
  it("renders only the files of the locales asked for, and locales.yaml, which the others are read against", () => {
    const paths = renderContentFiles(seeds, { locales: ["vi"] }).map((f) => f.path);
    expect(paths).toContain("locales.yaml");
    expect(paths).toContain("messages/vi.yaml");
    expect(paths).toContain("codes/vi/404.md");
    expect(paths.filter((p) => classifyContentPath(p)?.locale === "en")).toEqual([]);
  });

  it("renders no termbase when the content has none, as content read from the database has none", () => {
    const { glossaries: _, ...stored } = seeds;
    expect(renderContentFiles(stored).map((f) => f.path)).not.toContain("glossary/vi.yaml");
  });

  it("keeps a record's own file name when the importer reads it as the same record, and names new ones itself", () => {
    const content = structuredClone(seeds);
    for (const m of content.messages) if (m.locale === "vi") m.file = "messages/vi.yml";
    const translation = content.codeTranslations.find((t) => t.locale === "vi" && t.code === 404)!;
    translation.file = "";
    const paths = renderContentFiles(content).map((f) => f.path);
    expect(paths).toContain("messages/vi.yml");
    expect(paths).not.toContain("messages/vi.yaml");
    expect(paths).toContain("codes/vi/404.md");
  });

  it("renders a code with no English text yet, so the importer reports what is missing by file, line and field", () => {
    const content = structuredClone(seeds);
    content.codeTranslations = content.codeTranslations.filter((t) => !(t.locale === "en" && t.code === 404));
    const { errors } = checkContentFiles(renderContentFiles(content));
    expect(errors).toContainEqual(
      expect.objectContaining({ file: "codes/en/404.md", field: "summary", line: expect.any(Number) }),
    );
  });
});
