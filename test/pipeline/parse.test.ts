import { describe, expect, it } from "vitest";
import { parseFile } from "../../src/pipeline/parse.ts";

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

  it("reports a file without frontmatter", () => {
    const { parsed, errors } = parseFile("seeds/codes/en/404.md", "codes/en/404.md", "# Just Markdown\n");
    expect(parsed).toBeUndefined();
    expect(errors).toEqual([{ file: "seeds/codes/en/404.md", line: 1, field: "", message: expect.stringContaining("missing frontmatter") }]);
  });

  it("reports frontmatter that is never closed", () => {
    const { errors } = parseFile("x.md", "codes/en/404.md", "---\ncode: 404\ntitle: Not Found\n");
    expect(errors[0]!.message).toContain("not closed");
  });

  it("reports malformed YAML with the line it is on", () => {
    const { parsed, errors } = parseFile("x.md", "codes/en/404.md", "---\ncode: 404\ntitle: [unclosed\nsummary: x\n---\nbody\n");
    expect(parsed).toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.message).toMatch(/^YAML: /);
    expect(errors[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it("reports a key given twice", () => {
    const { errors } = parseFile("x.md", "codes/en/404.md", "---\ncode: 404\ncode: 405\n---\nbody\n");
    expect(errors[0]).toMatchObject({ line: 3, message: expect.stringContaining("unique") });
  });

  it("warns about files that are not content and ignores them", () => {
    const { parsed, errors, warnings } = parseFile("seeds/README.md", "README.md", "hello");
    expect(parsed).toBeUndefined();
    expect(errors).toEqual([]);
    expect(warnings[0]!.message).toContain("not a content file");
  });

  it("reads comparison files with both codes from the name", () => {
    const { parsed } = parseFile("c.md", "comparisons/vi/401-vs-403.md", "---\ncodes: [401, 403]\n---\n");
    expect(parsed).toMatchObject({ kind: "comparison", locale: "vi", nameCodes: [401, 403] });
  });
});
