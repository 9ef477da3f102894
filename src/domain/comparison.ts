// The comparison engine: two codes (facts + resolved text), an optional curated overlay and a locale's
// catalogue in, a complete comparison out. Pure: no database, no HTTP, no clock.
import type { CodeText, ComparisonText, RetryPolicy } from "../content/format.ts";
import type { CodeFacts } from "../content/records.ts";
import { asClause } from "../content/text.ts";
import type { Catalogue } from "./catalogue.ts";

export type CodeView = { facts: CodeFacts; text: CodeText; fallbackFields: string[] };
export type CuratedView = { text: ComparisonText; fallbackFields: string[] };

export const DIFFERENCE_ASPECTS = ["CLASS", "MEANING", "SITUATION", "CACHEABILITY", "RETRY", "BODY", "AUTH", "HEADERS", "REGISTRY", "CURATED"] as const;
export type DifferenceAspect = (typeof DIFFERENCE_ASPECTS)[number];

export type Difference = {
  aspect: DifferenceAspect;
  /** The aspect's value for each code, as a short localized phrase; null for curated remarks. */
  a: string | null;
  b: string | null;
  /** One list item each: the meaning and situation aspects speak about each code in turn. */
  sentences: string[];
};

export type WhenToUse = { code: number; advice: string; curated: string | null };
export type Section = { id: string; level: 2 | 3; code: number | null; heading: string; markdown: string };

export type Comparison = {
  a: number;
  b: number;
  locale: string;
  curated: boolean;
  headline: string;
  summary: string;
  differences: Difference[];
  whenToUse: WhenToUse[];
  sections: Section[];
  fallbackFields: string[];
  markdown: string;
};

const RETRY_KEY: Record<RetryPolicy, string> = { yes: "yes", "after-delay": "afterDelay", no: "no", "not-applicable": "notApplicable" };

const listFormats = new Map<string, Intl.ListFormat>();
/** Building an Intl formatter costs more than a whole comparison, so there is one per locale. */
function listFormat(locale: string): Intl.ListFormat {
  let format = listFormats.get(locale);
  if (!format) listFormats.set(locale, (format = new Intl.ListFormat(locale, { type: "conjunction" })));
  return format;
}

/**
 * How caches treat a response. RFC 9111 §3 stores final responses only, so a 1xx is never stored
 * whatever its headers; of the final ones, the heuristically cacheable need no explicit freshness.
 */
export type CachePolicy = "heuristic" | "explicit" | "never";
export function cachePolicy(facts: CodeFacts): CachePolicy {
  if (facts.class === "1xx") return "never";
  return facts.cacheable ? "heuristic" : "explicit";
}

const CACHE_LABEL_KEY: Record<CachePolicy, `value.cacheable.${"yes" | "no" | "never"}`> = { heuristic: "value.cacheable.yes", explicit: "value.cacheable.no", never: "value.cacheable.never" };

function sameSet(x: readonly string[], y: readonly string[]): boolean {
  const a = new Set(x.map((h) => h.toLowerCase()));
  return a.size === new Set(y.map((h) => h.toLowerCase())).size && y.every((h) => a.has(h.toLowerCase()));
}

/**
 * Everything a comparison says about one code on its own, in one locale. It depends on a single code,
 * so callers may keep it for the life of the content; only the pair's sentences are built per request.
 */
export type CodeRendering = CodeView & {
  heading: string;
  classLabel: string;
  labels: { cacheable: string; retry: string; body: string; auth: string; headers: string; registry: string };
  /** The description, lower-cased to continue "202 indicates that …". */
  descriptionClause: string;
  meaning: string;
  situation: string;
  advice: string;
  specLink: string;
  /** The code's own sections, without the a/b slot the pair gives them. */
  sections: { key: string; level: 2 | 3; heading: string; markdown: string }[];
};

export function renderCode(view: CodeView, t: Catalogue): CodeRendering {
  const { facts, text } = view;
  const code = facts.code;
  return {
    ...view,
    heading: t.format("code.heading", { code, reasonPhrase: facts.reasonPhrase }),
    classLabel: t.format(`class.${facts.class}`),
    labels: {
      cacheable: t.format(CACHE_LABEL_KEY[cachePolicy(facts)]),
      retry: t.format("value.retry", { retry: RETRY_KEY[facts.retry] }),
      body: t.format(facts.hasBody ? "value.body.yes" : "value.body.no"),
      auth: t.format("value.auth", { auth: facts.auth }),
      headers: facts.headers.length ? listFormat(t.locale).format(facts.headers) : t.format("value.headers.none"),
      registry: t.format("value.registry", { status: facts.registryStatus, note: facts.registryNote ?? "" }),
    },
    descriptionClause: asClause(text.description, t.locale),
    meaning: t.format("difference.meaning", { code, description: text.description }),
    situation: t.format("difference.situation", { code, situation: asClause(text.whenYouSeeIt, t.locale) }),
    advice: t.format("whenToUse.advice", { code, reasonPhrase: facts.reasonPhrase, advice: text.howToFix }),
    specLink: `- [${t.format("comparison.specLink", { document: facts.spec.document, section: facts.spec.section, code, reasonPhrase: facts.reasonPhrase })}](${facts.spec.url})`,
    sections: [
      { key: "", level: 2, heading: t.format("code.heading", { code, reasonPhrase: facts.reasonPhrase }), markdown: text.summary },
      { key: ".description", level: 3, heading: t.format("heading.description"), markdown: text.description },
      { key: ".whenYouSeeIt", level: 3, heading: t.format("heading.whenYouSeeIt"), markdown: text.whenYouSeeIt },
      { key: ".howToFix", level: 3, heading: t.format("heading.howToFix"), markdown: text.howToFix },
    ],
  };
}

function differencesFromFacts(a: CodeRendering, b: CodeRendering, t: Catalogue): Difference[] {
  const fa = a.facts;
  const fb = b.facts;
  // Written out rather than spread from a shared pair object: on Node 20, `{ ...pair, x, y, z }` takes
  // V8's slow path, about 3 µs each, which was a third of a whole comparison.
  const [codeA, codeB] = [fa.code, fb.code];
  const list: Difference[] = [
    {
      aspect: "CLASS",
      a: a.classLabel,
      b: b.classLabel,
      sentences: [t.format("difference.class", { a: codeA, b: codeB, sameClass: fa.class === fb.class ? "yes" : "no", classA: a.classLabel, classB: b.classLabel })],
    },
    { aspect: "MEANING", a: a.text.description, b: b.text.description, sentences: [a.meaning, b.meaning] },
    { aspect: "SITUATION", a: a.text.whenYouSeeIt, b: b.text.whenYouSeeIt, sentences: [a.situation, b.situation] },
  ];
  const [cacheA, cacheB] = [cachePolicy(fa), cachePolicy(fb)];
  if (cacheA !== cacheB) {
    const sentence =
      cacheA === "never" || cacheB === "never"
        ? t.format("difference.cacheability.interim", cacheA === "never" ? { interim: fa.code, final: fb.code, finalPolicy: cacheB } : { interim: fb.code, final: fa.code, finalPolicy: cacheA })
        : t.format("difference.cacheability", cacheA === "heuristic" ? { cacheable: fa.code, notCacheable: fb.code } : { cacheable: fb.code, notCacheable: fa.code });
    list.push({ aspect: "CACHEABILITY", a: a.labels.cacheable, b: b.labels.cacheable, sentences: [sentence] });
  }
  if (fa.retry !== fb.retry) {
    list.push({ aspect: "RETRY", a: a.labels.retry, b: b.labels.retry, sentences: [t.format("difference.retry", { a: codeA, b: codeB, retryA: a.labels.retry, retryB: b.labels.retry })] });
  }
  if (fa.hasBody !== fb.hasBody) {
    const [withBody, withoutBody] = fa.hasBody ? [fa, fb] : [fb, fa];
    list.push({ aspect: "BODY", a: a.labels.body, b: b.labels.body, sentences: [t.format("difference.body", { withBody: withBody.code, withoutBody: withoutBody.code })] });
  }
  if (fa.auth !== fb.auth) {
    list.push({ aspect: "AUTH", a: a.labels.auth, b: b.labels.auth, sentences: [t.format("difference.auth", { a: codeA, b: codeB, authA: a.labels.auth, authB: b.labels.auth })] });
  }
  if (!sameSet(fa.headers, fb.headers)) {
    list.push({ aspect: "HEADERS", a: a.labels.headers, b: b.labels.headers, sentences: [t.format("difference.headers", { a: codeA, b: codeB, headersA: a.labels.headers, headersB: b.labels.headers })] });
  }
  if (fa.registryStatus !== fb.registryStatus) {
    list.push({ aspect: "REGISTRY", a: a.labels.registry, b: b.labels.registry, sentences: [t.format("difference.registry", { a: codeA, b: codeB, registryA: a.labels.registry, registryB: b.labels.registry })] });
  }
  return list;
}

/** Curated Markdown sits under a level-2 section, so its own headings move one level down. */
function demoteHeadings(markdown: string): string {
  let inFence = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
      return !inFence && /^#{1,5} /.test(line) ? `#${line}` : line;
    })
    .join("\n");
}

/**
 * An editor's advice for one code of the pair. Curated text is stored for the ascending pair, so it is
 * looked up by code, not by slot. (A module function: tsx names every per-call closure, which costs.)
 */
function editorsAdviceFor(curated: CuratedView | null, code: number, lowerCode: number): string | null {
  if (!curated) return null;
  return code === lowerCode ? curated.text.whenToUseA : curated.text.whenToUseB;
}

/** Builds the comparison of `a` and `b` in the order the caller asked for them. */
export function compareCodes(a: CodeRendering, b: CodeRendering, curated: CuratedView | null, t: Catalogue): Comparison {
  if (a.facts.code === b.facts.code) throw new RangeError("a comparison needs two different codes");
  const fa = a.facts;
  const fb = b.facts;

  const headline = t.format("comparison.headline", { a: fa.code, reasonA: fa.reasonPhrase, b: fb.code, reasonB: fb.reasonPhrase });
  const intro = [
    t.format("comparison.intro", { sameClass: fa.class === fb.class ? "yes" : "no", a: fa.code, reasonA: fa.reasonPhrase, b: fb.code, reasonB: fb.reasonPhrase, classA: a.classLabel, classB: b.classLabel }),
    t.format("comparison.meanings", { a: fa.code, b: fb.code, descriptionA: a.descriptionClause, descriptionB: b.descriptionClause }),
  ].join(" ");
  const summary = curated ? `${intro}\n\n${curated.text.summary}` : intro;

  const differences = differencesFromFacts(a, b, t);
  for (const sentence of curated?.text.differences ?? []) differences.push({ aspect: "CURATED", a: null, b: null, sentences: [sentence] });

  const whenToUse: WhenToUse[] = [a, b].map((v) => ({ code: v.facts.code, advice: v.advice, curated: editorsAdviceFor(curated, v.facts.code, Math.min(fa.code, fb.code)) }));

  const sections: Section[] = [];
  for (const [slot, v] of [["a", a], ["b", b]] as const) {
    for (const s of v.sections) sections.push({ id: `${slot}${s.key}`, level: s.level, code: v.facts.code, heading: s.heading, markdown: s.markdown });
  }
  // A plain loop: Array.prototype.flatMap costs ~3 µs for these eight items on Node 20.
  const items: string[] = [];
  for (const d of differences) for (const sentence of d.sentences) items.push(`${items.length + 1}. ${sentence}`);
  sections.push({ id: "differences", level: 2, code: null, heading: t.format("heading.keyDifferences"), markdown: items.join("\n") });
  const curatedAdvice = whenToUse.filter((w) => w.curated).map((w) => `- **${w.code}** — ${w.curated}`);
  sections.push({
    id: "whenToUse",
    level: 2,
    code: null,
    heading: t.format("heading.whenToUse"),
    markdown: [whenToUse.map((w) => w.advice).join(" "), ...(curatedAdvice.length ? [curatedAdvice.join("\n")] : [])].join("\n\n"),
  });
  if (curated?.text.body) {
    sections.push({ id: "inDepth", level: 2, code: null, heading: t.format("heading.editorsNotes"), markdown: demoteHeadings(curated.text.body) });
  }
  sections.push({ id: "learnMore", level: 2, code: null, heading: t.format("heading.learnMore"), markdown: `${a.specLink}\n${b.specLink}` });

  const markdown = [`# ${headline}`, summary, ...sections.map((s) => `${"#".repeat(s.level)} ${s.heading}\n\n${s.markdown}`)].join("\n\n") + "\n";

  const fallbackFields = [
    ...a.fallbackFields.map((f) => `a.${f}`),
    ...b.fallbackFields.map((f) => `b.${f}`),
    ...(curated?.fallbackFields ?? []).map((f) => `curated.${f}`),
    ...[...t.fallbackKeys].sort().map((k) => `messages.${k}`),
  ];
  return { a: fa.code, b: fb.code, locale: t.locale, curated: curated !== null, headline, summary, differences, whenToUse, sections, fallbackFields, markdown };
}
