import { describe, expect, it } from "vitest";
import { decodeUtf8, invalidUtf8Offset, MAX_YAML_ALIASES, parseFile } from "../../src/pipeline/parse.ts";

/** Nine levels of anchors, each aliasing the one before nine times: 9^9 nodes if expanded ("billion laughs"). */
const aliasBomb = (indent = "") =>
  [
    "a: &a [x, x, x, x, x, x, x, x, x]",
    ..."bcdefghi".split("").map((name, i) => {
      const previous = "abcdefghi"[i]!;
      return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`;
    }),
  ]
    .map((line) => indent + line)
    .join("\n");

const good = `---
code: 404
title: Not Found
related: [410, 200]
registry:
  status: permanent
---

## Body
Text.
`;

describe("parseFile", () => {
  it("splits frontmatter from the Markdown body and knows the kind, locale and code from the path", () => {
    const { parsed, errors } = parseFile("seeds/codes/en/404.md", "codes/en/404.md", good);
    expect(errors).toEqual([]);
    expect(parsed).toMatchObject({ kind: "code", locale: "en", nameCodes: [404], body: "## Body\nText." });
    expect(parsed!.data).toMatchObject({ code: 404, title: "Not Found", related: [410, 200] });
  });

  it("knows the line of every field, nested and in lists", () => {
    const { parsed } = parseFile("f.md", "codes/en/404.md", good);
    expect(parsed!.lineOf(["code"])).toBe(2);
    expect(parsed!.lineOf(["related", 1])).toBe(4);
    expect(parsed!.lineOf(["registry", "status"])).toBe(6);
    // A missing field points at its parent.
    expect(parsed!.lineOf(["registry", "expires"])).toBe(6);
    expect(parsed!.keys.map((k) => k.key)).toEqual(["code", "title", "related", "registry"]);
  });

  it("refuses frontmatter whose aliases expand past the limit, at the line of the first alias, instead of throwing", () => {
    const text = `---\ncode: 404\ntitle: Not Found\n${aliasBomb()}\n---\nBody\n`;
    const { parsed, failed, errors } = parseFile("seeds/codes/en/404.md", "codes/en/404.md", text);
    expect(parsed).toBeUndefined();
    expect(failed).toMatchObject({ kind: "code", locale: "en" });
    expect(errors).toEqual([
      {
        file: "seeds/codes/en/404.md",
        line: 5,
        field: "",
        message: `YAML: its aliases expand to more than ${MAX_YAML_ALIASES} nodes; write the values out instead of nesting anchors`,
      },
    ]);
  });

  it("refuses the same in a YAML file (messages, glossary, locales)", () => {
    const { errors } = parseFile("seeds/messages/en.yaml", "messages/en.yaml", `heading: x\n${aliasBomb()}\n`);
    expect(errors).toEqual([
      {
        file: "seeds/messages/en.yaml",
        line: 3,
        field: "",
        message: expect.stringContaining("aliases expand to more than"),
      },
    ]);
  });

  it("still takes an anchor used a few times", () => {
    const { parsed, errors } = parseFile(
      "f.md",
      "codes/en/404.md",
      "---\ncode: 404\ntitle: &t Not Found\nsummary: *t\n---\nBody\n",
    );
    expect(errors).toEqual([]);
    expect(parsed!.data).toMatchObject({ title: "Not Found", summary: "Not Found" });
  });

  it("reports a file without frontmatter", () => {
    const { parsed, errors } = parseFile("seeds/codes/en/404.md", "codes/en/404.md", "# Just Markdown\n");
    expect(parsed).toBeUndefined();
    expect(errors).toEqual([
      { file: "seeds/codes/en/404.md", line: 1, field: "", message: expect.stringContaining("missing frontmatter") },
    ]);
  });

  it("reports frontmatter that is never closed", () => {
    const { errors } = parseFile("x.md", "codes/en/404.md", "---\ncode: 404\ntitle: Not Found\n");
    expect(errors[0]!.message).toContain("not closed");
  });

  it("reports malformed YAML with the line it is on", () => {
    const { parsed, errors } = parseFile(
      "x.md",
      "codes/en/404.md",
      "---\ncode: 404\ntitle: [unclosed\nsummary: x\n---\nbody\n",
    );
    expect(parsed).toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.message).toMatch(/^YAML: /);
    expect(errors[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it("reports a key given twice", () => {
    const { errors } = parseFile("x.md", "codes/en/404.md", "---\ncode: 404\ncode: 405\n---\nbody\n");
    expect(errors[0]).toMatchObject({ line: 3, message: expect.stringContaining("unique") });
  });

  it("warns about files that are neither Markdown nor YAML and ignores them", () => {
    const { parsed, errors, warnings } = parseFile("seeds/notes.txt", "notes.txt", "hello");
    expect(parsed).toBeUndefined();
    expect(errors).toEqual([]);
    expect(warnings[0]!.message).toContain("not a content file");
  });

  it("refuses a misnamed Markdown file, suggesting the name it most likely meant", () => {
    const known = ["codes/en/404.md", "codes/en/410.md"];
    expect(parseFile("x", "codes/en/404.MD", good, { known }).errors[0]!.message).toContain("did you mean 404.md?");
    expect(parseFile("x", "codes/vi/4040.md", good, { known }).errors[0]!.message).toContain("did you mean 404.md?");
    expect(parseFile("x", "comparisons/en/404_vs_410.md", good, { known }).errors[0]!.message).toContain(
      "did you mean 404-vs-410.md?",
    );
    expect(parseFile("x", "locale.yaml", "", { known }).errors[0]!.message).toContain("did you mean locales.yaml?");
  });

  it("skips a misnamed file with a warning when unknown files are allowed", () => {
    const { errors, warnings } = parseFile("x", "codes/en/42.md", good, { allowUnknownFiles: true });
    expect(errors).toEqual([]);
    expect(warnings[0]!.message).toMatch(/not a content file name .*ignored$/);
  });

  it("reads glossary/<locale>.yaml as the locale's termbase, and reports broken YAML in it by line", () => {
    expect(parseFile("x", "glossary/vi.yaml", "- en: request\n  use: request\n").parsed).toMatchObject({
      kind: "glossary",
      locale: "vi",
    });
    const broken = parseFile("x", "glossary/vi.yaml", "entries:\n  - en: [request\n");
    expect(broken.parsed).toBeUndefined();
    expect(broken.errors).toEqual([expect.objectContaining({ file: "x", line: expect.any(Number) })]);
    expect(broken.errors[0]!.line).toBeGreaterThan(1);
  });

  it("reads CRLF and BOM files exactly as their LF equivalents", () => {
    const crlf = parseFile("x", "codes/en/404.md", `\uFEFF${good.replace(/\n/g, "\r\n")}`).parsed!;
    const lf = parseFile("x", "codes/en/404.md", good).parsed!;
    expect(crlf.data).toEqual(lf.data);
    expect(crlf.body).toBe(lf.body);
    expect(crlf.lineOf(["registry", "status"])).toBe(6);
  });

  it("refuses a field over the per-field limit, naming the field, its line and the limit", () => {
    const { parsed, failed, errors } = parseFile(
      "x",
      "codes/en/404.md",
      good.replace("title: Not Found", `title: ${"x".repeat(101)}`),
      { limits: { fieldChars: 100 } },
    );
    expect(parsed).toBeUndefined();
    expect(failed).toMatchObject({ kind: "code", nameCodes: [404] });
    expect(errors).toEqual([
      { file: "x", line: 3, field: "title", message: expect.stringContaining("101 characters, over the limit of 100") },
    ]);
    const item = parseFile(
      "x",
      "comparisons/en/404-vs-410.md",
      `---\ncodes: [404, 410]\ndifferences:\n  - short\n  - ${"d".repeat(101)}\n---\n`,
      { limits: { fieldChars: 100 } },
    );
    expect(item.errors).toEqual([
      { file: "x", line: 5, field: "differences", message: expect.stringContaining("over the limit of 100") },
    ]);
    const body = parseFile("x", "codes/en/404.md", `${good}${"y".repeat(100)}\n`, { limits: { fieldChars: 100 } });
    expect(body.errors).toEqual([
      { file: "x", line: 9, field: "body", message: expect.stringContaining("over the limit of 100") },
    ]);
  });
});

describe("decodeUtf8", () => {
  it("names the line and byte offset of the first invalid sequence", () => {
    const bytes = Buffer.concat([
      Buffer.from("---\ncode: 404\ntitle: Kh"),
      Buffer.from([0xf4, 0x6e]),
      Buffer.from("g\n"),
    ]);
    expect(decodeUtf8("f.md", bytes)).toEqual({
      error: { file: "f.md", line: 3, field: "", message: expect.stringContaining("invalid UTF-8 at byte 23") },
    });
  });

  it("accepts every valid sequence, Vietnamese and emoji included, and refuses overlong forms and surrogates", () => {
    expect(decodeUtf8("f", Buffer.from("Không tìm thấy 🙂"))).toEqual({ text: "Không tìm thấy 🙂" });
    expect(invalidUtf8Offset(Buffer.from([0x41, 0xc0, 0xaf]))).toBe(1);
    expect(invalidUtf8Offset(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(invalidUtf8Offset(Buffer.from([0xe2, 0x82]))).toBe(0);
  });

  it("finds invalid UTF-8 exactly where the WHATWG decoder does, over every 1- to 4-byte lead and many tails", () => {
    const fatal = new TextDecoder("utf-8", { fatal: true });
    const valid = (bytes: Uint8Array) => {
      try {
        fatal.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (let lead = 0; lead < 256; lead++) {
      for (let trial = 0; trial < 64; trial++) {
        // A lead byte, then continuation bytes most of the time, so that long sequences are tried too.
        const tail = Array.from({ length: 3 }, () => (random() < 192 ? 0x80 | (random() & 0x3f) : random()));
        const bytes = Uint8Array.from([0x41, lead, ...tail.slice(0, trial % 4)]);
        const offset = invalidUtf8Offset(bytes);
        expect(offset < 0, `${[...bytes].map((b) => b.toString(16))}`).toBe(valid(bytes));
        if (offset >= 0) expect(valid(bytes.subarray(0, offset))).toBe(true);
      }
    }
  });
});

describe("parseFile, other kinds", () => {
  it("reads comparison files with both codes from the name", () => {
    const { parsed } = parseFile("c.md", "comparisons/vi/401-vs-403.md", "---\ncodes: [401, 403]\n---\n");
    expect(parsed).toMatchObject({ kind: "comparison", locale: "vi", nameCodes: [401, 403] });
  });
});
