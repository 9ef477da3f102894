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

function sameSet(x: readonly string[], y: readonly string[]): boolean {
  const a = new Set(x.map((h) => h.toLowerCase()));
  return a.size === new Set(y.map((h) => h.toLowerCase())).size && y.every((h) => a.has(h.toLowerCase()));
}

function differencesFromFacts(a: CodeView, b: CodeView, t: Catalogue): Difference[] {
  const fa = a.facts;
  const fb = b.facts;
  const classLabel = (c: CodeFacts) => t.format(`class.${c.class}`);
  const sameClass = fa.class === fb.class ? "yes" : "no";
  const list: Difference[] = [
    {
      aspect: "CLASS",
      a: classLabel(fa),
      b: classLabel(fb),
      sentences: [t.format("difference.class", { sameClass, a: fa.code, b: fb.code, classA: classLabel(fa), classB: classLabel(fb) })],
    },
    {
      aspect: "MEANING",
      a: a.text.description,
      b: b.text.description,
      sentences: [a, b].map((v) => t.format("difference.meaning", { code: v.facts.code, description: v.text.description })),
    },
    {
      aspect: "SITUATION",
      a: a.text.whenYouSeeIt,
      b: b.text.whenYouSeeIt,
      sentences: [a, b].map((v) => t.format("difference.situation", { code: v.facts.code, situation: asClause(v.text.whenYouSeeIt, t.locale) })),
    },
  ];
  const cacheLabel = (c: CodeFacts) => t.format(c.cacheable ? "value.cacheable.yes" : "value.cacheable.no");
  if (fa.cacheable !== fb.cacheable) {
    const [yes, no] = fa.cacheable ? [fa, fb] : [fb, fa];
    list.push({ aspect: "CACHEABILITY", a: cacheLabel(fa), b: cacheLabel(fb), sentences: [t.format("difference.cacheability", { cacheable: yes.code, notCacheable: no.code })] });
  }
  const retryLabel = (c: CodeFacts) => t.format("value.retry", { retry: RETRY_KEY[c.retry] });
  if (fa.retry !== fb.retry) {
    list.push({ aspect: "RETRY", a: retryLabel(fa), b: retryLabel(fb), sentences: [t.format("difference.retry", { a: fa.code, b: fb.code, retryA: retryLabel(fa), retryB: retryLabel(fb) })] });
  }
  const bodyLabel = (c: CodeFacts) => t.format(c.hasBody ? "value.body.yes" : "value.body.no");
  if (fa.hasBody !== fb.hasBody) {
    const [withBody, withoutBody] = fa.hasBody ? [fa, fb] : [fb, fa];
    list.push({ aspect: "BODY", a: bodyLabel(fa), b: bodyLabel(fb), sentences: [t.format("difference.body", { withBody: withBody.code, withoutBody: withoutBody.code })] });
  }
  const authLabel = (c: CodeFacts) => t.format("value.auth", { auth: c.auth });
  if (fa.auth !== fb.auth) {
    list.push({ aspect: "AUTH", a: authLabel(fa), b: authLabel(fb), sentences: [t.format("difference.auth", { a: fa.code, b: fb.code, authA: authLabel(fa), authB: authLabel(fb) })] });
  }
  const headerList = new Intl.ListFormat(t.locale, { type: "conjunction" });
  const headersLabel = (c: CodeFacts) => (c.headers.length ? headerList.format(c.headers) : t.format("value.headers.none"));
  if (!sameSet(fa.headers, fb.headers)) {
    list.push({
      aspect: "HEADERS",
      a: headersLabel(fa),
      b: headersLabel(fb),
      sentences: [t.format("difference.headers", { a: fa.code, b: fb.code, headersA: headersLabel(fa), headersB: headersLabel(fb) })],
    });
  }
  const registryLabel = (c: CodeFacts) => t.format("value.registry", { status: c.registryStatus, note: c.registryNote ?? "" });
  if (fa.registryStatus !== fb.registryStatus) {
    list.push({
      aspect: "REGISTRY",
      a: registryLabel(fa),
      b: registryLabel(fb),
      sentences: [t.format("difference.registry", { a: fa.code, b: fb.code, registryA: registryLabel(fa), registryB: registryLabel(fb) })],
    });
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

/** Builds the comparison of `first` and `second` in the order the caller asked for them. */
export function compareCodes(first: CodeView, second: CodeView, curated: CuratedView | null, t: Catalogue): Comparison {
  if (first.facts.code === second.facts.code) throw new RangeError("a comparison needs two different codes");
  const [a, b] = [first, second];
  const fa = a.facts;
  const fb = b.facts;
  const classLabel = (c: CodeFacts) => t.format(`class.${c.class}`);
  // Curated text is stored for the ascending pair, so its per-code advice is looked up by code, not by slot.
  const curatedFor = (code: number) => (curated ? (code === Math.min(fa.code, fb.code) ? curated.text.whenToUseA : curated.text.whenToUseB) : null);

  const headline = t.format("comparison.headline", { a: fa.code, reasonA: fa.reasonPhrase, b: fb.code, reasonB: fb.reasonPhrase });
  const intro = [
    t.format("comparison.intro", { sameClass: fa.class === fb.class ? "yes" : "no", a: fa.code, reasonA: fa.reasonPhrase, b: fb.code, reasonB: fb.reasonPhrase, classA: classLabel(fa), classB: classLabel(fb) }),
    t.format("comparison.meanings", { a: fa.code, b: fb.code, descriptionA: asClause(a.text.description, t.locale), descriptionB: asClause(b.text.description, t.locale) }),
  ].join(" ");
  const summary = curated ? `${intro}\n\n${curated.text.summary}` : intro;

  const differences = differencesFromFacts(a, b, t);
  for (const sentence of curated?.text.differences ?? []) differences.push({ aspect: "CURATED", a: null, b: null, sentences: [sentence] });

  const whenToUse: WhenToUse[] = [a, b].map((v) => ({
    code: v.facts.code,
    advice: t.format("whenToUse.advice", { code: v.facts.code, reasonPhrase: v.facts.reasonPhrase, advice: v.text.howToFix }),
    curated: curatedFor(v.facts.code),
  }));

  const sections: Section[] = [];
  for (const [slot, v] of [["a", a], ["b", b]] as const) {
    const code = v.facts.code;
    sections.push({ id: slot, level: 2, code, heading: t.format("code.heading", { code, reasonPhrase: v.facts.reasonPhrase }), markdown: v.text.summary });
    sections.push({ id: `${slot}.description`, level: 3, code, heading: t.format("heading.description"), markdown: v.text.description });
    sections.push({ id: `${slot}.whenYouSeeIt`, level: 3, code, heading: t.format("heading.whenYouSeeIt"), markdown: v.text.whenYouSeeIt });
    sections.push({ id: `${slot}.howToFix`, level: 3, code, heading: t.format("heading.howToFix"), markdown: v.text.howToFix });
  }
  const items = differences.flatMap((d) => d.sentences);
  sections.push({ id: "differences", level: 2, code: null, heading: t.format("heading.keyDifferences"), markdown: items.map((s, i) => `${i + 1}. ${s}`).join("\n") });
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
  const specLink = (c: CodeFacts) =>
    `- [${t.format("comparison.specLink", { document: c.spec.document, section: c.spec.section, code: c.code, reasonPhrase: c.reasonPhrase })}](${c.spec.url})`;
  sections.push({ id: "learnMore", level: 2, code: null, heading: t.format("heading.learnMore"), markdown: [specLink(fa), specLink(fb)].join("\n") });

  const markdown = [`# ${headline}`, summary, ...sections.map((s) => `${"#".repeat(s.level)} ${s.heading}\n\n${s.markdown}`)].join("\n\n") + "\n";

  const fallbackFields = [
    ...a.fallbackFields.map((f) => `a.${f}`),
    ...b.fallbackFields.map((f) => `b.${f}`),
    ...(curated?.fallbackFields ?? []).map((f) => `curated.${f}`),
    ...[...t.fallbackKeys].sort().map((k) => `messages.${k}`),
  ];
  return { a: fa.code, b: fb.code, locale: t.locale, curated: curated !== null, headline, summary, differences, whenToUse, sections, fallbackFields, markdown };
}
