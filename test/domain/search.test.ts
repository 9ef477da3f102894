import { describe, expect, it } from "vitest";
import {
  FIELD_WEIGHTS,
  parseSearch,
  scoreDocument,
  searchCodes,
  matchStrength,
  type SearchDocument,
} from "../../src/domain/search.ts";

const doc = (code: number, name: string, summary = "", body = ""): SearchDocument => ({
  code,
  fields: [
    { weight: FIELD_WEIGHTS.name, text: name },
    { weight: FIELD_WEIGHTS.summary, text: summary },
    { weight: FIELD_WEIGHTS.body, text: body },
  ],
});

// Folded text, as searchDocumentOf builds it.
const docs = [
  doc(204, "204 no content", "nothing to send", "a get that finds nothing: khong tim thay gi, but 404 is clearer"),
  doc(404, "404 not found", "khong tim thay gi o url nay", "the origin server found no current representation"),
  doc(410, "410 gone", "removed for good", "unlike 404 not found, the removal is permanent"),
  doc(429, "429 too many requests", "rate limited", "estimate when to retry"),
];
const byCode = new Map(docs.map((d) => [d.code, d]));
const search = (input: string, order: "CODE" | "RELEVANCE" = "RELEVANCE") =>
  searchCodes(parseSearch(input), [...byCode.keys()], (code) => byCode.get(code)!, order);

describe("parseSearch", () => {
  it("reads up to three digits as a code prefix and anything else as folded words", () => {
    expect(parseSearch("42")).toEqual({ kind: "code", prefix: "42" });
    expect(parseSearch("4xx")).toEqual({ kind: "code", prefix: "4" });
    expect(parseSearch("50X")).toEqual({ kind: "code", prefix: "50" });
    expect(parseSearch("4xxx")).toEqual({ kind: "words", words: ["4xxx"], phrase: "4xxx" });
    expect(parseSearch("  ")).toEqual({ kind: "everything" });
    expect(parseSearch(null)).toEqual({ kind: "everything" });
    expect(parseSearch(" Không  tìm THẤY ")).toEqual({
      kind: "words",
      words: ["khong", "tim", "thay"],
      phrase: "khong tim thay",
    });
    expect(parseSearch("4041")).toEqual({ kind: "words", words: ["4041"], phrase: "4041" });
    expect(parseSearch("not not found")).toEqual({ kind: "words", words: ["not", "found"], phrase: "not not found" });
  });
});

describe("matchStrength", () => {
  it("counts a whole word fully, the start of a longer word by half, and nothing inside a word", () => {
    expect(matchStrength("see retry-after", "after")).toBe(1);
    expect(matchStrength("unauthorized access", "unauth")).toBe(0.5);
    expect(matchStrength("request timeout, tim", "tim")).toBe(1);
    expect(matchStrength("estimate, then timeout", "tim")).toBe(0.5);
    expect(matchStrength("estimate when", "tim")).toBe(0);
  });
});

describe("scoreDocument", () => {
  it("needs every word and weighs a hit in the name above one in the body", () => {
    expect(scoreDocument(["not", "found"], "not found", byCode.get(404)!)).toBeGreaterThan(
      scoreDocument(["not", "found"], "not found", byCode.get(410)!),
    );
    expect(scoreDocument(["gone", "zebra"], "gone zebra", byCode.get(410)!)).toBe(0);
  });

  it("adds a bonus when the words stand together", () => {
    const together = doc(1, "x", "", "khong tim thay");
    const apart = doc(2, "x", "", "tim khong thay");
    expect(scoreDocument(["khong", "tim", "thay"], "khong tim thay", together)).toBeGreaterThan(
      scoreDocument(["khong", "tim", "thay"], "khong tim thay", apart),
    );
  });
});

describe("searchCodes", () => {
  it("puts the code whose name or summary matches first, ties in code order", () => {
    expect(search("not found")).toEqual([404, 410]);
    expect(search("khong tim thay")).toEqual([404, 204]);
  });

  it("keeps code order when asked, with the same matches", () => {
    expect(search("khong tim thay", "CODE")).toEqual([204, 404]);
    expect(search("42", "RELEVANCE")).toEqual([429]);
    expect(search("", "CODE")).toEqual([204, 404, 410, 429]);
  });

  it("does not match a word inside another word, and ranks a whole word above a prefix", () => {
    expect(search("tim")).toEqual([404, 204]);
    // "requests" in a name, "removed" in a summary, "representation" in a body; "clearer" has it inside.
    expect(search("re")).toEqual([429, 410, 404]);
    expect(search("gone")).toEqual([410]);
    expect(search("mate")).toEqual([]);
  });
});
