import { beforeAll, describe, expect, it } from "vitest";
import type { ContentSet } from "../../src/content/records.ts";
import { compareCodes, renderCode } from "../../src/domain/comparison.ts";
import { checkContent } from "../../src/pipeline/import.ts";
import { buildContentModel, type ContentModel } from "../../src/read/model.ts";
import { SEEDS_DIR } from "../helpers/database.ts";

// The engine is pure; the real corpus (read from files, no database) supplies realistic inputs.
let model: ContentModel;
beforeAll(async () => {
  const { content, errors } = await checkContent(SEEDS_DIR);
  expect(errors).toEqual([]);
  model = buildContentModel(content as ContentSet);
});

const view = (code: number, locale = "en") => renderCode(model.codeView(code, locale)!, model.catalogue(locale));
const compare = (a: number, b: number, locale = "en") => compareCodes(view(a, locale), view(b, locale), model.curatedView(a, b, locale), model.catalogue(locale));

describe("compareCodes", () => {
  it("builds the seed page's sentences from the two codes' fields", () => {
    const c = compare(202, 403);
    expect(c.headline).toBe("HTTP 202 Accepted vs 403 Forbidden");
    expect(c.summary).toContain("HTTP 202 (Accepted) is a 2xx Success response, while 403 (Forbidden) is a 4xx Client Error response.");
    expect(c.summary).toContain("In contrast, 403 means that the server understood the request but refuses to authorize it.");
    const sentences = c.differences.flatMap((d) => d.sentences);
    expect(sentences).toContain("You encounter 403 when trying to access a resource you're authenticated for but don't have permission to access.");
    expect(sentences).toContain("You encounter 202 for async operations like batch jobs, email sending, or background tasks that take time to complete.");
  });

  it("never doubles a word where a field meets its template, for any code", () => {
    // \b is ASCII-only even with /u, so word edges are spelled out for Vietnamese letters.
    const doubled = /(?<![\p{L}\p{M}])(\p{L}+) \1(?![\p{L}\p{M}])/iu;
    for (const { code } of model.codeList) {
      const other = code === 200 ? 404 : 200;
      // English prose has no reduplication, so the whole page must be free of doubled words.
      expect(compare(code, other, "en").markdown, `compare(${code}, ${other})`).not.toMatch(doubled);
      // Vietnamese reduplicates on purpose ("chung chung"), so only the template junctions are checked.
      for (const d of compare(code, other, "vi").differences.filter((d) => d.aspect === "SITUATION")) {
        for (const sentence of d.sentences) expect(sentence).toMatch(/^Bạn gặp mã \d{3} (?!(khi|với|nếu|trong|sau) \1)/u);
      }
    }
  });

  it("derives differences from facts, so any pair has meaningful ones", () => {
    const c = compare(204, 503);
    const aspects = c.differences.map((d) => d.aspect);
    expect(aspects).toEqual(expect.arrayContaining(["CLASS", "MEANING", "SITUATION", "CACHEABILITY", "RETRY", "BODY"]));
    const cache = c.differences.find((d) => d.aspect === "CACHEABILITY")!;
    expect(cache).toMatchObject({ a: "cacheable by default", b: "not cacheable by default" });
    expect(cache.sentences[0]).toMatch(/^204 is cacheable by default.*while 503/);
    expect(c.differences.find((d) => d.aspect === "BODY")!.sentences[0]).toMatch(/^503 carries content.*while 204 never has a response body/);
  });

  it("says a 1xx response is never cached, since caches store only final responses", () => {
    const cache = (a: number, b: number, locale = "en") => compare(a, b, locale).differences.find((d) => d.aspect === "CACHEABILITY");
    expect(cache(100, 200)).toMatchObject({
      a: "never cached (interim response)",
      b: "cacheable by default",
      sentences: ["100 is an interim response, which caches never store, while 200 is cacheable by default (heuristic freshness, RFC 9111)."],
    });
    expect(cache(503, 103)!.sentences[0]).toBe("103 is an interim response, which caches never store, while 503 is stored by caches only when explicit cache headers allow it.");
    expect(cache(103, 503, "vi")!.sentences[0]).toMatch(/^Mã 103 là response tạm thời .* còn mã 503 chỉ được cache khi có header cache cho phép rõ ràng\.$/);
    expect(cache(100, 101)).toBeUndefined();
  });

  it("only reports an aspect when the two codes differ in it, and lists what they share as similarities", () => {
    const c = compare(502, 504);
    expect(c.differences.map((d) => d.aspect)).not.toContain("RETRY");
    expect(c.differences.map((d) => d.aspect)).not.toContain("CLASS");
    expect(c.similarities.map((s) => s.sentence)).toContain("Both 502 and 504 are 5xx Server Error responses.");
    expect(c.similarities.find((s) => s.aspect === "PRODUCER")).toMatchObject({ values: { producer: "gateway" } });
    const section = c.sections.find((s) => s.id === "similarities")!;
    expect(section.heading).toBe("Similarities");
    expect(compare(502, 504, "vi").sections.find((s) => s.id === "similarities")!.heading).toBe("Điểm giống nhau");
  });

  it("is the same comparison with a and b swapped when asked the other way round", () => {
    const ab = compare(401, 403);
    const ba = compare(403, 401);
    expect([ba.a, ba.b]).toEqual([403, 401]);
    expect(ba.curated).toBe(true);
    expect(ba.whenToUse.map((w) => w.code)).toEqual([403, 401]);
    expect(ba.whenToUse.find((w) => w.code === 401)!.curated).toBe(ab.whenToUse.find((w) => w.code === 401)!.curated);
    expect(new Set(ba.differences.map((d) => d.aspect))).toEqual(new Set(ab.differences.map((d) => d.aspect)));
  });

  it("adds curated text on top of the generated comparison", () => {
    const generated = compare(403, 404);
    const curated = compare(401, 403);
    expect(generated.curated).toBe(false);
    expect(curated.differences.filter((d) => d.aspect === "CURATED").length).toBeGreaterThan(0);
    expect(curated.differences.map((d) => d.aspect)).toContain("AUTH");
    expect(curated.sections.map((s) => s.id)).toContain("inDepth");
    expect(generated.sections.map((s) => s.id)).not.toContain("inDepth");
  });

  it("moves curated Markdown headings one level down under its section", () => {
    const section = compare(401, 403).sections.find((s) => s.id === "inDepth")!;
    expect(section.markdown).toMatch(/^### /m);
    expect(section.markdown).not.toMatch(/^## /m);
  });

  it("renders every heading and sentence in Vietnamese for vi", () => {
    const c = compare(202, 403, "vi");
    expect(c.sections.filter((s) => s.level === 3).map((s) => s.heading)).toEqual(["Mô tả", "Khi bạn thấy mã này", "Cách khắc phục", "Mô tả", "Khi bạn thấy mã này", "Cách khắc phục"]);
    expect(c.differences[0]!.sentences[0]).toBe("202 thuộc nhóm 2xx Thành công, còn 403 thuộc nhóm 4xx Lỗi phía client.");
    expect(c.fallbackFields).toEqual([]);
  });

  it("lists fields served from the fallback locale", () => {
    const partial = renderCode({ ...model.codeView(202, "vi")!, fallbackFields: ["body"] }, model.catalogue("vi"));
    const c = compareCodes(partial, view(403, "vi"), null, model.catalogue("vi"));
    expect(c.fallbackFields).toEqual(["a.body"]);
  });

  it("refuses to compare a code with itself", () => {
    expect(() => compareCodes(view(200), view(200), null, model.catalogue("en"))).toThrow(RangeError);
  });
});
