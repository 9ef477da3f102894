import { beforeAll, describe, expect, it } from "vitest";
import type { ContentSet } from "../../src/content/records.ts";
import {
  ACTORS,
  AUTH_KINDS,
  OUTCOMES,
  PRODUCERS,
  REDIRECT_KINDS,
  REDIRECT_METHODS,
  REGISTRY_STATUSES,
  RETRY_CONDITIONS,
  RETRY_POLICIES,
} from "../../src/content/format.ts";
import { compareCodes, renderCode } from "../../src/domain/comparison.ts";
import { ENGINE_MESSAGES } from "../../src/domain/messages.ts";
import { forbiddenVariants } from "../../src/content/glossary.ts";
import { checkContent } from "../../src/pipeline/import.ts";
import { buildContentModel, type ContentModel } from "../../src/read/model.ts";
import { SEEDS_DIR } from "../helpers/database.ts";

// The engine is pure; the real corpus (read from files, no database) supplies realistic inputs.
let model: ContentModel;
let content: ContentSet;
beforeAll(async () => {
  const checked = await checkContent(SEEDS_DIR);
  const errors = checked.errors;
  content = checked.content as ContentSet;
  expect(errors).toEqual([]);
  model = buildContentModel(content);
});

const view = (code: number, locale = "en") => renderCode(model.codeView(code, locale)!, model.catalogue(locale));
const compare = (a: number, b: number, locale = "en") =>
  compareCodes(view(a, locale), view(b, locale), model.curatedView(a, b, locale), model.catalogue(locale));

describe("the facets comparisons are built from", () => {
  const FACET_LISTS = {
    redirect: REDIRECT_KINDS,
    redirectMethod: REDIRECT_METHODS,
    outcome: OUTCOMES,
    producer: PRODUCERS,
    actor: ACTORS,
    retryCondition: RETRY_CONDITIONS,
    retry: RETRY_POLICIES,
    auth: AUTH_KINDS,
    registryStatus: REGISTRY_STATUSES,
  } as const;

  it("have a value from the format's list for every code", () => {
    for (const facts of model.codeList) {
      for (const [facet, values] of Object.entries(FACET_LISTS))
        expect(values, `${facts.code} ${facet}`).toContain(facts[facet as keyof typeof FACET_LISTS]);
    }
  });

  it("word every value of every facet differently, in every locale, with no message borrowed from English", () => {
    for (const locale of ["en", "vi"]) {
      const t = model.catalogue(locale);
      expect([...t.fallbackKeys], locale).toEqual([]);
      for (const key of Object.keys(ENGINE_MESSAGES))
        expect(
          content.messages.some((m) => m.locale === locale && m.key === key),
          `${locale} ${key}`,
        ).toBe(true);
      // A value that fell into the template's "other" branch would read like another value.
      const camel = (v: string) => v.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
      const wordings: [string, string[]][] = [
        ["redirect", REDIRECT_KINDS.map((v) => t.format("value.redirect", { redirect: camel(v) }))],
        ["redirectMethod", REDIRECT_METHODS.map((v) => t.format("value.redirectMethod", { method: camel(v) }))],
        ["outcome", OUTCOMES.map((v) => t.format("value.outcome", { outcome: camel(v) }))],
        ["producer", PRODUCERS.map((v) => t.format("value.producer", { producer: camel(v) }))],
        ["actor", ACTORS.map((v) => t.format("value.actor", { actor: camel(v) }))],
        ["auth", AUTH_KINDS.map((v) => t.format("value.auth", { auth: camel(v) }))],
        [
          "registry",
          REGISTRY_STATUSES.map((v) => t.format("value.registry", { status: v, note: "nginx", expires: "2025-11-13" })),
        ],
        ["retry", RETRY_POLICIES.map((v) => t.format("value.retry", { retry: camel(v), condition: "unconditional" }))],
        [
          "retryCondition",
          RETRY_CONDITIONS.map((v) =>
            t.format("value.retry", {
              retry:
                v === "idempotent-only" || v === "after-network-login"
                  ? "yes"
                  : v === "retry-after-or-backoff"
                    ? "afterDelay"
                    : "no",
              condition: camel(v),
            }),
          ),
        ],
      ];
      for (const [facet, texts] of wordings)
        expect(new Set(texts).size, `${locale} ${facet}: ${texts.join(" | ")}`).toBe(texts.length);
    }
  });
});

describe("compareCodes", () => {
  it("builds the seed page's sentences from the two codes' fields", () => {
    const c = compare(202, 403);
    expect(c.headline).toBe("HTTP 202 Accepted vs 403 Forbidden");
    expect(c.summary).toContain(
      "HTTP 202 (Accepted) is a 2xx Success response, while 403 (Forbidden) is a 4xx Client Error response.",
    );
    expect(c.summary).toContain(
      "In contrast, 403 means that the server understood the request and refuses to carry it out.",
    );
    const sentences = c.differences.flatMap((d) => d.sentences);
    expect(sentences).toContain(
      "You encounter 403 when you are signed in but your account lacks the role or permission the action needs, or when the server refuses for reasons unrelated to who you are, such as a blocked IP address.",
    );
    expect(sentences).toContain(
      "You encounter 202 when an API queues work that outlasts the request, such as building a report, sending a batch of emails or transcoding a video.",
    );
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
        for (const sentence of d.sentences)
          expect(sentence).toMatch(/^Bạn gặp mã \d{3} (?!(khi|với|nếu|trong|sau) \1)/u);
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
    expect(c.differences.find((d) => d.aspect === "BODY")!.sentences[0]).toMatch(
      /^503 carries content.*while 204 never has a response body/,
    );
  });

  it("says a 1xx response is never cached, since caches store only final responses", () => {
    const cache = (a: number, b: number, locale = "en") =>
      compare(a, b, locale).differences.find((d) => d.aspect === "CACHEABILITY");
    expect(cache(100, 200)).toMatchObject({
      a: "never cached (interim response)",
      b: "cacheable by default",
      sentences: [
        "100 is an interim response, which caches never store, while 200 is cacheable by default (heuristic freshness, RFC 9111).",
      ],
    });
    expect(cache(503, 103)!.sentences[0]).toBe(
      "103 is an interim response, which caches never store, while 503 is stored by caches only when explicit cache headers allow it.",
    );
    expect(cache(103, 503, "vi")!.sentences[0]).toMatch(
      /^Mã 103 là response tạm thời .* còn mã 503 chỉ được cache khi có header cache cho phép rõ ràng\.$/,
    );
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

  it("lists only differences for every pair of codes, and at least one for each", () => {
    // A sentence about both codes at once states what they share, which belongs under Similarities.
    const shared =
      /^(Both|Neither)\b|\b(both|neither) (are|is|have|carry|may)\b|\bbehave (the same|identically)\b|\beither one\b/i;
    const codes = model.codeList.map((c) => c.code);
    let pairs = 0;
    for (const a of codes) {
      for (const b of codes) {
        if (a >= b) continue;
        pairs++;
        const c = compare(a, b);
        expect(c.differences.length, `${a} vs ${b}`).toBeGreaterThan(0);
        for (const d of c.differences) {
          for (const sentence of d.sentences) expect(sentence, `${a} vs ${b} ${d.aspect}`).not.toMatch(shared);
          if (d.valuesA) expect(d.valuesA, `${a} vs ${b} ${d.aspect}`).not.toEqual(d.valuesB);
          if (d.aspect !== "CURATED") expect(d.a, `${a} vs ${b} ${d.aspect}`).not.toBe(d.b);
        }
        // Class leads only when the classes differ.
        expect(c.differences[0]!.aspect === "CLASS", `${a} vs ${b}`).toBe(Math.floor(a / 100) !== Math.floor(b / 100));
      }
    }
    expect(pairs).toBe((codes.length * (codes.length - 1)) / 2);
  });

  it("states the decisive difference of well-known pairs first", () => {
    // The class comes first when it differs (429 is 4xx, 503 is 5xx); what decides comes right after it.
    const first = (a: number, b: number, curated = true) => {
      const c = curated ? compare(a, b) : compareCodes(view(a), view(b), null, model.catalogue("en"));
      return c.differences.find((d) => d.aspect !== "CLASS")!;
    };
    // 303 turns the method into GET, 307 keeps it (RFC 9110 §15.4.4, §15.4.8).
    expect(first(303, 307)).toMatchObject({
      aspect: "REDIRECT_METHOD",
      valuesA: { redirectMethod: "changed-to-get" },
      valuesB: { redirectMethod: "kept" },
    });
    // Both permanent; 301 may turn POST into GET, 308 may not (RFC 9110 §15.4.2, §15.4.9).
    expect(first(301, 308)).toMatchObject({
      aspect: "REDIRECT_METHOD",
      valuesA: { redirectMethod: "may-change-to-get" },
      valuesB: { redirectMethod: "kept" },
    });
    // 401 challenges for credentials, 403 refuses whoever asks (RFC 9110 §15.5.2, §15.5.4).
    expect(first(401, 403)).toMatchObject({
      aspect: "AUTH",
      valuesA: { auth: "challenge" },
      valuesB: { auth: "denied" },
    });
    // 429 is the client's to fix by slowing down, 503 the operator's (RFC 6585 §4, RFC 9110 §15.6.4).
    expect(first(429, 503)).toMatchObject({
      aspect: "ACTOR",
      valuesA: { actor: "client-waits" },
      valuesB: { actor: "operator" },
    });
    // 502 and 504 share every structured fact: an invalid answer against no answer in time.
    expect(first(502, 504).sentences[0]).toMatch(/502.*invalid response.*504.*timeout/);
    expect(first(502, 504, false)).toMatchObject({ aspect: "MEANING" });
    expect(first(502, 504, false).sentences.join(" ")).toMatch(
      /HTTP 502: .*invalid or incomplete.* HTTP 504: .*did not answer within its time limit/,
    );
  });

  it("says when a server should send each code, and lets an editor's advice win", () => {
    const plain = compare(100, 204);
    expect(plain.whenToUse.map((w) => w.advice)).toEqual([
      expect.stringMatching(/^100 \(Continue\): Send 100 only when/),
      expect.stringMatching(/^204 \(No Content\): Return 204 when/),
    ]);
    expect(plain.sections.find((s) => s.id === "whenToUse")!.markdown).not.toContain(
      model.codeView(100, "en")!.text.howToFix,
    );
    const curated = compare(401, 403).sections.find((s) => s.id === "whenToUse")!.markdown;
    expect(curated).toContain("401 (Unauthorized): Return 401 when the request carries no credentials");
    expect(curated).not.toContain(model.codeView(401, "en")!.text.useWhen);
  });

  it("keeps an editor's similarities out of the key differences", () => {
    const c = compare(302, 307);
    expect(c.differences.filter((d) => d.aspect === "CURATED").map((d) => d.sentences[0])).not.toContainEqual(
      expect.stringMatching(/^Both/),
    );
    expect(c.similarities.filter((s) => s.aspect === "CURATED").map((s) => s.sentence)).toContainEqual(
      expect.stringMatching(/^Both are temporary/),
    );
  });

  it("links vendor documentation by name and RFCs by section number", () => {
    const learnMore = compare(444, 404).sections.find((s) => s.id === "learnMore")!.markdown;
    expect(learnMore).toContain("[nginx documentation: return directive (444 No Response)]");
    expect(learnMore).toContain("[RFC 9110 §15.5.5: 404 Not Found]");
    expect(learnMore).not.toMatch(/§[^\d]/);
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

  it("writes Vietnamese pages in the termbase's words only, for every code and every curated pair", () => {
    const glossary = content.glossaries!.find((g) => g.locale === "vi")!.entries;
    expect(glossary.length).toBeGreaterThan(10);
    const pages = model.codeList.map((c) => compare(c.code, c.code === 200 ? 404 : 200, "vi"));
    for (const { codeA, codeB } of content.comparisons) pages.push(compare(codeA, codeB, "vi"));
    for (const page of pages) expect(forbiddenVariants(page.markdown, glossary), `${page.a} vs ${page.b}`).toEqual([]);
    // The check can fail: the English page uses words the Vietnamese termbase rules out.
    expect(forbiddenVariants(compare(401, 403, "en").markdown, glossary).length).toBeGreaterThan(0);
  });

  it("renders every heading and sentence in Vietnamese for vi", () => {
    const c = compare(202, 403, "vi");
    expect(c.sections.filter((s) => s.level === 3).map((s) => s.heading)).toEqual([
      "Mô tả",
      "Khi bạn thấy mã này",
      "Cách khắc phục",
      "Mô tả",
      "Khi bạn thấy mã này",
      "Cách khắc phục",
    ]);
    expect(c.differences[0]!.sentences[0]).toBe(
      "202 thuộc nhóm 2xx Thành công, còn 403 thuộc nhóm 4xx Lỗi phía client.",
    );
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
