// The English terms the unit page marks: found as termsIn finds them (whole words, prose only), in
// reading order, overlaps resolved to the longer term. Pure: no database.
import { describe, expect, it } from "vitest";
import type { GlossaryEntry } from "../../src/content/format.ts";
import { termOccurrences, termsIn } from "../../src/content/glossary.ts";

const entry = (term: string, use: string, avoid: string[] = []): GlossaryEntry =>
  ({ term, use, avoid }) as GlossaryEntry;
const entries = [
  entry("server", "server", ["máy chủ"]),
  entry("origin server", "server gốc"),
  entry("header", "header"),
];

describe("termOccurrences", () => {
  it("finds whole words outside code, in reading order, keeping the longer of two overlapping terms", () => {
    const source = "The `Server` header names the origin server; a Server-Timing header is not a server.";
    const found = termOccurrences(source, entries).map((o) => [source.slice(o.start, o.end), o.entry.use]);
    expect(found).toEqual([
      ["header", "header"],
      ["origin server", "server gốc"],
      ["header", "header"],
      ["server", "server"],
    ]);
    // The same terms termsIn reports for the text, no more and no fewer.
    expect(new Set(termOccurrences(source, entries).map((o) => o.entry.term))).toEqual(
      new Set(termsIn(source, entries).map((e) => e.term)),
    );
  });

  it("finds nothing in a text without the terms", () => {
    expect(termOccurrences("Nothing to see.", entries)).toEqual([]);
  });
});
