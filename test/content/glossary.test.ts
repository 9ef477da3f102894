import { describe, expect, it } from "vitest";
import type { GlossaryEntry } from "../../src/content/format.ts";
import { describeEntry, forbiddenVariants, termsIn } from "../../src/content/glossary.ts";

const entries: GlossaryEntry[] = [
  { term: "server", use: "server", avoid: ["máy chủ"] },
  { term: "resource", use: "tài nguyên", avoid: ["resource"] },
  { term: "(tone marks) -oa", use: "hoá", avoid: ["hóa"] },
];

describe("forbiddenVariants", () => {
  it("finds every forbidden variant with its line, whatever its case", () => {
    const text = "Máy chủ trả 404.\nResource này không có trên máy chủ.";
    expect(forbiddenVariants(text, entries)).toEqual([
      { variant: "Máy chủ", use: "server", term: "server", line: 1 },
      { variant: "Resource", use: "tài nguyên", term: "resource", line: 2 },
      { variant: "máy chủ", use: "server", term: "server", line: 2 },
    ]);
  });

  it("matches whole words only, so a syllable inside another word or a header name is not a hit", () => {
    expect(forbiddenVariants("Tài nguyên bị khóa; xem DAV:resource-id và header Resource-Policy.", entries)).toEqual([]);
    expect(forbiddenVariants("Dữ liệu đã mã hóa.", entries).map((h) => h.variant)).toEqual(["hóa"]);
  });

  it("leaves code alone: fenced blocks, inline code and link targets keep their English", () => {
    const text = "Xem `resource` và [tài liệu](https://example.com/resource).\n\n```json\n{\"resource\": 1}\n```\nresource";
    expect(forbiddenVariants(text, entries)).toEqual([{ variant: "resource", use: "tài nguyên", term: "resource", line: 6 }]);
  });
});

describe("termsIn", () => {
  it("lists the entries whose English term a source text mentions, for translators' notes", () => {
    expect(termsIn("The server could not find the requested resource.", entries).map(describeEntry)).toEqual(["server → server (not: máy chủ)", "resource → tài nguyên (not: resource)"]);
    expect(termsIn("Nothing to see", entries)).toEqual([]);
  });
});
