// The facts generated comparisons read, held to what the RFCs define for each code, and every sentence of
// every pair (2,415 of them, in both locales) held to those facts.
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeFacts, ContentSet } from "../../src/content/records.ts";
import {
  cachePolicy,
  compareCodes,
  renderCode,
  type CodeRendering,
  type FacetValues,
} from "../../src/domain/comparison.ts";
import type { Catalogue } from "../../src/domain/catalogue.ts";
import { checkContent } from "../../src/pipeline/import.ts";
import { buildContentModel, type ContentModel } from "../../src/read/model.ts";
import { SEEDS_DIR } from "../helpers/database.ts";

let model: ContentModel;
let content: ContentSet;
beforeAll(async () => {
  const checked = await checkContent(SEEDS_DIR);
  expect(checked.errors).toEqual([]);
  content = checked.content as ContentSet;
  model = buildContentModel(content);
});

const LOCALES = ["en", "vi"] as const;
const facts = (code: number) => model.codeList.find((f) => f.code === code)!;
const view = (code: number, locale: string) => renderCode(model.codeView(code, locale)!, model.catalogue(locale));
const compare = (a: number, b: number, locale: string) =>
  compareCodes(view(a, locale), view(b, locale), model.curatedView(a, b, locale), model.catalogue(locale));

/** The redirects of RFC 9110 §15.4 that send the client to a Location: the only codes a redirect method applies to. */
const LOCATION_REDIRECTS = [301, 302, 303, 307, 308];
/**
 * Codes whose definition does not say whether the request's action was carried out. RFC 9110 §15.4.3 (302)
 * and §15.4.4 (303) say where to look next; a 302 answers a form POST as often as a 303 answers a GET.
 */
const OUTCOME_UNDEFINED = [302, 303];

/**
 * The facets HTTP leaves undefined for a code, each with the value that says so. A code's value for such a
 * facet must be that one, and no sentence may state anything else for it.
 */
function undefinedFacets(f: CodeFacts): Partial<Record<"outcome" | "retry" | "redirectMethod", string>> {
  const open: Partial<Record<"outcome" | "retry" | "redirectMethod", string>> = {};
  if (OUTCOME_UNDEFINED.includes(f.code)) open.outcome = "unspecified";
  // RFC 9110 §15.2–15.4: nothing failed in an informational, successful or redirecting answer.
  if (f.class === "1xx" || f.class === "2xx" || f.class === "3xx") open.retry = "not-applicable";
  if (!LOCATION_REDIRECTS.includes(f.code)) open.redirectMethod = "not-applicable";
  return open;
}

/** How the catalogue words one value of a facet: what a sentence must say for a code holding it. */
function wording(t: Catalogue, facet: "outcome" | "retry" | "redirectMethod", value: string, f: CodeFacts): string {
  const key = value.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
  if (facet === "outcome") return t.format("value.outcome", { outcome: key });
  if (facet === "retry")
    return t.format("value.retry", {
      retry: key,
      condition: f.retryCondition.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()),
    });
  return t.format("value.redirectMethod", { method: key });
}

const FACET_OF_ASPECT = { OUTCOME: "outcome", RETRY: "retry", REDIRECT_METHOD: "redirectMethod" } as const;

describe("the facts of each code", () => {
  it("say a cache must never store 428, 429, 431 and 511, whatever the headers say (RFC 6585 §3–6)", () => {
    for (const code of [428, 429, 431, 511]) expect(cachePolicy(facts(code)), `${code}`).toBe("never-stored");
    // Every code RFC 6585 defines carries the same MUST NOT; nothing else it could be confused with does.
    for (const f of model.codeList.filter((f) => f.spec.document === "RFC 6585"))
      expect(cachePolicy(f), `${f.code}`).toBe("never-stored");
    for (const f of model.codeList.filter((f) => f.class === "1xx")) expect(cachePolicy(f), `${f.code}`).toBe("never");
  });

  it("mark as such every facet HTTP leaves undefined for a code, instead of claiming a value", () => {
    for (const f of model.codeList) {
      for (const [facet, value] of Object.entries(undefinedFacets(f)))
        expect(f[facet as keyof CodeFacts], `${f.code} ${facet}`).toBe(value);
    }
  });

  it("give 101, 303 and 304 the outcome and kind of redirect RFC 9110 defines, and 511 the retry its own fix describes", () => {
    // §15.2.2: after 101 the connection speaks the new protocol; no final HTTP response follows.
    expect(facts(101).outcome).toBe("switched");
    // §15.4.5: a 304 is a successful revalidation, not a refusal like 412's.
    expect(facts(304).outcome).toBe("revalidated");
    expect(facts(304).outcome).not.toBe(facts(412).outcome);
    // §15.4 lists 303 apart from the temporary redirects: an indirect response.
    expect(facts(303).redirect).toBe("indirect");
    expect(facts(302).redirect).toBe("temporary");
    // RFC 6585 §6: after the user signs in on the portal, the same request goes through.
    expect(facts(511)).toMatchObject({ retry: "yes", retryCondition: "after-network-login" });
  });
});

describe("every generated comparison, for all 2,415 pairs in both locales", () => {
  it("states for each code only the facts it holds, says 'not applicable' as such, and never contrasts or shares two values HTTP leaves open", () => {
    const codes = model.codeList.map((f) => f.code).sort((a, b) => a - b);
    expect((codes.length * (codes.length - 1)) / 2).toBe(2415);
    const problems: string[] = [];
    for (const locale of LOCALES) {
      const t = model.catalogue(locale);
      const views = new Map<number, CodeRendering>(codes.map((c) => [c, view(c, locale)]));
      for (let i = 0; i < codes.length; i++) {
        for (let j = i + 1; j < codes.length; j++) {
          const [a, b] = [views.get(codes[i]!)!, views.get(codes[j]!)!];
          const c = compareCodes(a, b, model.curatedView(a.facts.code, b.facts.code, locale), t);
          const where = `${locale} ${a.facts.code}-vs-${b.facts.code}`;
          for (const d of c.differences) {
            const facet = FACET_OF_ASPECT[d.aspect as keyof typeof FACET_OF_ASPECT];
            if (!facet) continue;
            const [openA, openB] = [undefinedFacets(a.facts)[facet], undefinedFacets(b.facts)[facet]];
            if (openA && openB)
              problems.push(`${where}: contrasts two values HTTP leaves open (${d.aspect}): ${d.sentences[0]}`);
            for (const [side, f, open, label] of [
              ["a", a.facts, openA, d.a],
              ["b", b.facts, openB, d.b],
            ] as const) {
              if (open && label !== wording(t, facet, open, f))
                problems.push(`${where}: ${side} ${d.aspect} claims "${label}" where HTTP defines nothing`);
              if (!d.sentences[0]!.includes(label!))
                problems.push(`${where}: the ${d.aspect} sentence does not state ${f.code}'s own value "${label}"`);
            }
          }
          for (const s of c.similarities) {
            const facet = FACET_OF_ASPECT[s.aspect as keyof typeof FACET_OF_ASPECT];
            if (facet && undefinedFacets(a.facts)[facet] && undefinedFacets(b.facts)[facet])
              problems.push(`${where}: shares a value HTTP leaves open (${s.aspect}): ${s.sentence}`);
          }
          const cache = c.differences.find((d) => d.aspect === "CACHEABILITY");
          for (const [f, values] of [
            [a.facts, cache?.valuesA],
            [b.facts, cache?.valuesB],
          ] as [CodeFacts, FacetValues | null | undefined][]) {
            if (values && values.cachePolicy !== cachePolicy(f))
              problems.push(`${where}: cache policy of ${f.code} given as ${values.cachePolicy}`);
          }
          // RFC 6585's codes are never stored: a sentence about one must say so, citing the code's own section.
          for (const f of [a.facts, b.facts].filter((f) => f.storage === "forbidden" && f.class !== "1xx")) {
            const rule = `RFC 6585 §${f.spec.section}`;
            if (cache && !cache.sentences[0]!.includes(rule))
              problems.push(
                `${where}: the caching sentence does not cite ${rule}, which forbids storing ${f.code}: ${cache.sentences[0]}`,
              );
          }
        }
      }
    }
    expect(problems.slice(0, 20), `${problems.length} problem(s)`).toEqual([]);
  });

  it("tells readers 429, 431 and 511 are never stored where the old pages said explicit headers allow it", () => {
    for (const [a, b, banned, section] of [
      [404, 429, 429, 4],
      [200, 431, 431, 5],
      [103, 511, 511, 6],
      [304, 428, 428, 3],
    ] as const) {
      const en = compare(a, b, "en").differences.find((d) => d.aspect === "CACHEABILITY")!.sentences[0]!;
      expect(en).not.toMatch(new RegExp(`${banned} is stored by caches only when explicit cache headers allow it`));
      expect(en).toMatch(/must not (be )?stored?|must not store/);
      // The ban rests on the code's own section of RFC 6585, and the sentence cites it.
      expect(en).toContain(`(RFC 6585 §${section})`);
      const vi = compare(a, b, "vi").differences.find((d) => d.aspect === "CACHEABILITY")!.sentences[0]!;
      expect(vi).toContain("không được lưu");
      expect(vi).toContain(`(RFC 6585 §${section})`);
    }
  });

  it("tells 401 from 403 by the credentials: none or invalid ones for 401, valid ones refused for 403 (RFC 9110 §15.5.2, §15.5.4)", () => {
    const auth = (locale: string) => compare(401, 403, locale).differences.find((d) => d.aspect === "AUTH")!;
    expect(auth("en").a).toMatch(/no credentials the server accepts, either none or invalid ones/);
    expect(auth("en").b).toMatch(/refused even to valid credentials/);
    expect(auth("vi").a).toMatch(
      /không mang thông tin xác thực nào được chấp nhận, có thể là không có hoặc không hợp lệ/,
    );
    expect(auth("vi").b).toMatch(/bị từ chối kể cả khi thông tin xác thực hợp lệ/);
    // 407 is 401's challenge from a proxy: it reads the same.
    expect(compare(403, 407, "en").differences.find((d) => d.aspect === "AUTH")!.b).toBe(auth("en").a);
  });

  it("never says a 302 or 303 was, or was not, carried out", () => {
    for (const locale of LOCALES) {
      const t = model.catalogue(locale);
      const [carriedOut, notCarriedOut, unspecified] = ["applied", "notApplied", "unspecified"].map((o) =>
        t.format("value.outcome", { outcome: o }),
      );
      for (const [other, redirect] of [
        [200, 302],
        [201, 303],
        [404, 302],
        [412, 303],
      ] as const) {
        const outcome = compare(other, redirect, locale).differences.find((d) => d.aspect === "OUTCOME")!;
        expect(outcome.b, `${locale} ${other}-${redirect}`).toBe(unspecified);
        expect([carriedOut, notCarriedOut], `${locale} ${other}-${redirect}`).not.toContain(outcome.b);
      }
      const pair = compare(302, 303, locale);
      expect(
        pair.differences.some((d) => d.aspect === "OUTCOME"),
        `${locale} 302-303`,
      ).toBe(false);
      expect(
        pair.similarities.some((s) => s.aspect === "OUTCOME"),
        `${locale} 302-303`,
      ).toBe(false);
    }
  });
});
