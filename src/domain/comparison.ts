// The comparison engine: two codes (facts + resolved text), an optional curated overlay and a locale's
// catalogue in, a complete comparison out. Pure: no database, no HTTP, no clock.
import { CACHE_POLICIES, type CachePolicy, type CodeText, type ComparisonText } from "../content/format.ts";
import type { CodeFacts } from "../content/records.ts";
import { asClause } from "../content/text.ts";
import type { Catalogue } from "./catalogue.ts";
import { selectKey } from "./messages.ts";

export type CodeView = { facts: CodeFacts; text: CodeText; fallbackFields: string[] };
export type CuratedView = { text: ComparisonText; fallbackFields: string[] };

/**
 * The aspects two codes are compared on, in salience order: the first aspect in which a pair differs is
 * the most decisive thing to say about it. The class leads only when the classes differ; redirect
 * behaviour, outcome and authentication decide between codes of one class; meanings close the list, so a
 * pair that differs in no structured fact still has its meanings contrasted.
 */
export const DIFFERENCE_ASPECTS = [
  "CLASS",
  "REDIRECT_METHOD",
  "REDIRECT",
  "OUTCOME",
  "AUTH",
  "ACTOR",
  "PRODUCER",
  "RETRY",
  "BODY",
  "CACHEABILITY",
  "HEADERS",
  "REGISTRY",
  "CURATED",
  "MEANING",
  "SITUATION",
] as const;
export type DifferenceAspect = (typeof DIFFERENCE_ASPECTS)[number];

// The policies are a list of the content format, so the GraphQL enum derives from the same values.
export { CACHE_POLICIES, type CachePolicy };

/** A code's values for the aspect a difference or similarity is about, as the content format spells them. */
export type FacetValues = Partial<
  Pick<
    CodeFacts,
    | "redirect"
    | "redirectMethod"
    | "outcome"
    | "producer"
    | "actor"
    | "retry"
    | "retryCondition"
    | "auth"
    | "hasBody"
    | "registryStatus"
  >
> & {
  cachePolicy?: CachePolicy;
};

export type Difference = {
  aspect: DifferenceAspect;
  /** The aspect's value for each code, as a short localized phrase; null for curated remarks. */
  a: string | null;
  b: string | null;
  /** The same values as the format's enums, for frontends that render tables; null where there are none. */
  valuesA: FacetValues | null;
  valuesB: FacetValues | null;
  /** One list item each: the meaning and situation aspects speak about each code in turn. */
  sentences: string[];
};

/** Something the two codes share, kept apart from the differences. */
export type Similarity = { aspect: DifferenceAspect; value: string; values: FacetValues | null; sentence: string };

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
  similarities: Similarity[];
  whenToUse: WhenToUse[];
  sections: Section[];
  fallbackFields: string[];
  markdown: string;
};

const listFormats = new Map<string, Intl.ListFormat>();
/** Building an Intl formatter costs more than a whole comparison, so there is one per locale. */
function listFormat(locale: string): Intl.ListFormat {
  let format = listFormats.get(locale);
  if (!format) listFormats.set(locale, (format = new Intl.ListFormat(locale, { type: "conjunction" })));
  return format;
}

/**
 * How caches treat a response. RFC 9111 §3 stores final responses only, so a 1xx is never stored
 * whatever its headers; a 304 is never stored as a response either, since a cache uses it to freshen the
 * response it already holds (RFC 9111 §4.3.4). A final response the code's own definition forbids caches
 * to store (RFC 6585 §3–6: 428, 429, 431, 511) is never stored whatever its headers say. Of the other
 * final responses, the heuristically cacheable need no explicit freshness.
 */
export function cachePolicy(facts: CodeFacts): CachePolicy {
  if (facts.class === "1xx") return "never";
  if (facts.code === 304) return "freshens";
  if (facts.storage === "forbidden") return "never-stored";
  return facts.cacheable ? "heuristic" : "explicit";
}

const CACHE_LABEL_KEY = {
  heuristic: "value.cacheable.yes",
  explicit: "value.cacheable.no",
  never: "value.cacheable.never",
  freshens: "value.cacheable.freshens",
  "never-stored": "value.cacheable.neverStored",
} as const satisfies Record<CachePolicy, `value.cacheable.${string}`>;

/** Header names as a set, spelled one way: two codes name the same headers when their keys are equal. */
function headerSetKey(headers: readonly string[]): string {
  return [...new Set(headers.map((h) => h.toLowerCase()))].sort().join("\n");
}

type Labels = {
  cacheable: string;
  retry: string;
  body: string;
  auth: string;
  headers: string;
  registry: string;
  redirect: string;
  redirectMethod: string;
  outcome: string;
  producer: string;
  actor: string;
};

/** One code's side of one structured facet (see `Facet`). */
export type FacetSide = {
  /** Equal for two codes exactly when they are alike in the facet. */
  key: string;
  /** The code's value as a short localized phrase. */
  label: string;
  /** The value as the format's enums; null where the facet has none. */
  values: FacetValues | null;
  /** False for a value every code shares when the facet says nothing about it: not worth listing as a similarity. */
  informative: boolean;
};

/**
 * Everything a comparison says about one code on its own, in one locale. It depends on a single code,
 * so callers may keep it for the life of the content; only the pair's sentences are built per request.
 */
export type CodeRendering = CodeView & {
  heading: string;
  classLabel: string;
  labels: Labels;
  /** The description, lower-cased to continue "202 indicates that …". */
  descriptionClause: string;
  meaning: string;
  situation: string;
  advice: string;
  specLink: string;
  /**
   * What the code holds for each structured facet, in FACETS' order, shared by every pair it is in: a pair
   * compares these side by side and formats only the sentences of the facets in which its codes differ.
   */
  facets: readonly FacetSide[];
  /**
   * The code's own sections as the first (a) or second (b) code of a pair, and the same as Markdown: made
   * once per code, locale and content version, not once per comparison (a quarter of compareCodes' time).
   */
  slots: Record<Slot, { sections: readonly Section[]; markdown: string }>;
};

type Slot = "a" | "b";

/** A section as it appears in the page's Markdown: its heading at its level, then its content. */
const sectionMarkdown = (s: Section) => `${"#".repeat(s.level)} ${s.heading}\n\n${s.markdown}`;

/** The code's sections in one slot of a pair: ids "a", "a.description", … or "b", "b.description", … */
function inSlot(
  slot: Slot,
  code: number,
  sections: readonly { key: string; level: 2 | 3; heading: string; markdown: string }[],
) {
  const placed = sections.map(
    (s): Section => ({ id: `${slot}${s.key}`, level: s.level, code, heading: s.heading, markdown: s.markdown }),
  );
  return { sections: placed, markdown: placed.map(sectionMarkdown).join("\n\n") };
}

export function renderCode(view: CodeView, t: Catalogue): CodeRendering {
  const { facts, text } = view;
  const code = facts.code;
  const reasonPhrase = facts.reasonPhrase;
  // Section numbers read "RFC 9110 §15.4.4"; vendor documentation names its part instead ("return directive").
  const specLinkKey = /^\d/.test(facts.spec.section) ? "comparison.specLink" : "comparison.specLink.named";
  const sections = [
    { key: "", level: 2 as const, heading: t.format("code.heading", { code, reasonPhrase }), markdown: text.summary },
    { key: ".description", level: 3 as const, heading: t.format("heading.description"), markdown: text.description },
    { key: ".whenYouSeeIt", level: 3 as const, heading: t.format("heading.whenYouSeeIt"), markdown: text.whenYouSeeIt },
    { key: ".howToFix", level: 3 as const, heading: t.format("heading.howToFix"), markdown: text.howToFix },
  ];
  const labels: Labels = {
    cacheable: t.format(CACHE_LABEL_KEY[cachePolicy(facts)]),
    retry: t.format("value.retry", { retry: selectKey(facts.retry), condition: selectKey(facts.retryCondition) }),
    body: t.format(facts.hasBody ? "value.body.yes" : "value.body.no"),
    auth: t.format("value.auth", { auth: selectKey(facts.auth) }),
    headers: facts.headers.length ? listFormat(t.locale).format(facts.headers) : t.format("value.headers.none"),
    registry: t.format("value.registry", {
      status: facts.registryStatus,
      note: facts.registryNote ?? "",
      expires: facts.registryExpires ?? "",
    }),
    redirect: t.format("value.redirect", { redirect: selectKey(facts.redirect) }),
    redirectMethod: t.format("value.redirectMethod", { method: selectKey(facts.redirectMethod) }),
    outcome: t.format("value.outcome", { outcome: selectKey(facts.outcome) }),
    producer: t.format("value.producer", { producer: selectKey(facts.producer) }),
    actor: t.format("value.actor", { actor: selectKey(facts.actor) }),
  };
  return {
    ...view,
    heading: t.format("code.heading", { code, reasonPhrase }),
    classLabel: t.format(`class.${facts.class}`),
    labels,
    descriptionClause: asClause(text.description, t.locale),
    meaning: t.format("difference.meaning", { code, description: text.description }),
    situation: t.format("difference.situation", { code, situation: asClause(text.whenYouSeeIt, t.locale) }),
    advice: t.format("whenToUse.advice", { code, reasonPhrase, advice: text.useWhen }),
    specLink: `- [${t.format(specLinkKey, { document: facts.spec.document, section: facts.spec.section, code, reasonPhrase })}](${facts.spec.url})`,
    slots: { a: inSlot("a", code, sections), b: inSlot("b", code, sections) },
    facets: FACETS.map((facet) => ({
      key: facet.key(facts),
      label: facet.label(labels),
      values: facet.values(facts),
      informative: !facet.uninformative(facts),
    })),
  };
}

/**
 * One structured facet: how to read it from a code (made once per code, as its `FacetSide`), the value
 * every code shares when the facet says nothing about it (not worth listing as a similarity), and the
 * sentence stating a difference.
 */
type Facet = {
  aspect: DifferenceAspect;
  /** The key `similarity.shared` names the aspect by. */
  name: string;
  /** The enum values of the facet; null where it has none (header names are free text). */
  values(f: CodeFacts): FacetValues | null;
  /** Equal for two codes exactly when they are alike in the facet. */
  key(f: CodeFacts): string;
  label(labels: Labels): string;
  /** A shared value that says nothing about the pair, e.g. "not a redirect". */
  uninformative(f: CodeFacts): boolean;
  differ(a: CodeRendering, b: CodeRendering, t: Catalogue): string;
};

/**
 * Where a code's own rule is written, "RFC 6585 §4": a code whose definition forbids storing it (RFC 6585
 * §3–6) says so in its own section, and a sentence stating the ban cites that section.
 */
function ruleOf(facts: CodeFacts): string {
  return /^\d/.test(facts.spec.section)
    ? `${facts.spec.document} §${facts.spec.section}`
    : `${facts.spec.document}: ${facts.spec.section}`;
}

/**
 * The sentence contrasting two different cache policies: the more particular policy leads (304's, then an
 * interim response's, then a storage ban), and the other code's policy is worded by a select on its value.
 */
function cacheabilitySentence(a: CodeRendering, b: CodeRendering, t: Catalogue): string {
  const [fa, fb] = [a.facts, b.facts];
  const [cacheA, cacheB] = [cachePolicy(fa), cachePolicy(fb)];
  if (cacheA === "freshens" || cacheB === "freshens") {
    return t.format(
      "difference.cacheability.freshens",
      cacheA === "freshens"
        ? { validator: fa.code, other: fb.code, otherPolicy: selectKey(cacheB), otherRule: ruleOf(fb) }
        : { validator: fb.code, other: fa.code, otherPolicy: selectKey(cacheA), otherRule: ruleOf(fa) },
    );
  }
  if (cacheA === "never" || cacheB === "never") {
    return t.format(
      "difference.cacheability.interim",
      cacheA === "never"
        ? { interim: fa.code, final: fb.code, finalPolicy: selectKey(cacheB), finalRule: ruleOf(fb) }
        : { interim: fb.code, final: fa.code, finalPolicy: selectKey(cacheA), finalRule: ruleOf(fa) },
    );
  }
  if (cacheA === "never-stored" || cacheB === "never-stored") {
    return t.format(
      "difference.cacheability.neverStored",
      cacheA === "never-stored"
        ? { forbidden: fa.code, forbiddenRule: ruleOf(fa), other: fb.code, otherPolicy: selectKey(cacheB) }
        : { forbidden: fb.code, forbiddenRule: ruleOf(fb), other: fa.code, otherPolicy: selectKey(cacheA) },
    );
  }
  return t.format(
    "difference.cacheability",
    cacheA === "heuristic"
      ? { cacheable: fa.code, notCacheable: fb.code }
      : { cacheable: fb.code, notCacheable: fa.code },
  );
}

/** The structured facets in salience order (the order of DIFFERENCE_ASPECTS). */
const FACETS: Facet[] = [
  {
    aspect: "REDIRECT_METHOD",
    name: "redirectMethod",
    values: (f) => ({ redirectMethod: f.redirectMethod }),
    key: (f) => f.redirectMethod,
    label: (l) => l.redirectMethod,
    uninformative: (f) => f.redirectMethod === "not-applicable",
    differ: (a, b, t) =>
      t.format("difference.redirectMethod", {
        a: a.facts.code,
        b: b.facts.code,
        methodA: a.labels.redirectMethod,
        methodB: b.labels.redirectMethod,
      }),
  },
  {
    aspect: "REDIRECT",
    name: "redirect",
    values: (f) => ({ redirect: f.redirect }),
    key: (f) => f.redirect,
    label: (l) => l.redirect,
    uninformative: (f) => f.redirect === "none",
    differ: (a, b, t) =>
      t.format("difference.redirect", {
        a: a.facts.code,
        b: b.facts.code,
        redirectA: a.labels.redirect,
        redirectB: b.labels.redirect,
      }),
  },
  {
    aspect: "OUTCOME",
    name: "outcome",
    values: (f) => ({ outcome: f.outcome }),
    key: (f) => f.outcome,
    label: (l) => l.outcome,
    // Two codes HTTP says nothing about share no fact: "both unspecified" is not a similarity.
    uninformative: (f) => f.outcome === "unspecified",
    differ: (a, b, t) =>
      t.format("difference.outcome", {
        a: a.facts.code,
        b: b.facts.code,
        outcomeA: a.labels.outcome,
        outcomeB: b.labels.outcome,
      }),
  },
  {
    aspect: "AUTH",
    name: "auth",
    values: (f) => ({ auth: f.auth }),
    key: (f) => f.auth,
    label: (l) => l.auth,
    uninformative: (f) => f.auth === "none",
    differ: (a, b, t) =>
      t.format("difference.auth", { a: a.facts.code, b: b.facts.code, authA: a.labels.auth, authB: b.labels.auth }),
  },
  {
    aspect: "ACTOR",
    name: "actor",
    values: (f) => ({ actor: f.actor }),
    key: (f) => f.actor,
    label: (l) => l.actor,
    uninformative: (f) => f.actor === "nobody",
    differ: (a, b, t) =>
      t.format("difference.actor", {
        a: a.facts.code,
        b: b.facts.code,
        actorA: a.labels.actor,
        actorB: b.labels.actor,
      }),
  },
  {
    aspect: "PRODUCER",
    name: "producer",
    values: (f) => ({ producer: f.producer }),
    key: (f) => f.producer,
    label: (l) => l.producer,
    uninformative: (f) => f.producer === "origin",
    differ: (a, b, t) =>
      t.format("difference.producer", {
        a: a.facts.code,
        b: b.facts.code,
        producerA: a.labels.producer,
        producerB: b.labels.producer,
      }),
  },
  {
    aspect: "RETRY",
    name: "retry",
    values: (f) => ({ retry: f.retry, retryCondition: f.retryCondition }),
    key: (f) => JSON.stringify([f.retry, f.retryCondition]),
    label: (l) => l.retry,
    uninformative: (f) => f.retry === "not-applicable",
    differ: (a, b, t) =>
      t.format("difference.retry", {
        a: a.facts.code,
        b: b.facts.code,
        retryA: a.labels.retry,
        retryB: b.labels.retry,
      }),
  },
  {
    aspect: "BODY",
    name: "body",
    values: (f) => ({ hasBody: f.hasBody }),
    key: (f) => String(f.hasBody),
    label: (l) => l.body,
    uninformative: (f) => f.hasBody,
    differ: (a, b, t) => {
      const [withBody, withoutBody] = a.facts.hasBody ? [a.facts, b.facts] : [b.facts, a.facts];
      return t.format("difference.body", { withBody: withBody.code, withoutBody: withoutBody.code });
    },
  },
  {
    aspect: "CACHEABILITY",
    name: "cacheability",
    values: (f) => ({ cachePolicy: cachePolicy(f) }),
    key: cachePolicy,
    label: (l) => l.cacheable,
    uninformative: () => false,
    differ: cacheabilitySentence,
  },
  {
    aspect: "HEADERS",
    name: "headers",
    values: () => null,
    key: (f) => headerSetKey(f.headers),
    label: (l) => l.headers,
    uninformative: (f) => f.headers.length === 0,
    differ: (a, b, t) =>
      t.format("difference.headers", {
        a: a.facts.code,
        b: b.facts.code,
        headersA: a.labels.headers,
        headersB: b.labels.headers,
      }),
  },
  {
    aspect: "REGISTRY",
    name: "registry",
    values: (f) => ({ registryStatus: f.registryStatus }),
    key: (f) => f.registryStatus,
    label: (l) => l.registry,
    uninformative: (f) => f.registryStatus === "permanent",
    differ: (a, b, t) =>
      t.format("difference.registry", {
        a: a.facts.code,
        b: b.facts.code,
        registryA: a.labels.registry,
        registryB: b.labels.registry,
      }),
  },
];

/** Splits the pair's structured facts into what tells the two codes apart and what they share. */
function factsOfPair(
  a: CodeRendering,
  b: CodeRendering,
  t: Catalogue,
): { differences: Difference[]; similarities: Similarity[] } {
  const [fa, fb] = [a.facts, b.facts];
  const differences: Difference[] = [];
  const similarities: Similarity[] = [];
  if (fa.class !== fb.class) {
    const sentence = t.format("difference.class", {
      a: fa.code,
      b: fb.code,
      sameClass: "no",
      classA: a.classLabel,
      classB: b.classLabel,
    });
    differences.push({
      aspect: "CLASS",
      a: a.classLabel,
      b: b.classLabel,
      valuesA: null,
      valuesB: null,
      sentences: [sentence],
    });
  } else {
    similarities.push({
      aspect: "CLASS",
      value: a.classLabel,
      values: null,
      sentence: t.format("similarity.class", { a: fa.code, b: fb.code, className: a.classLabel }),
    });
  }
  // The two codes' sides of each facet were made with their renderings: only the sentences are per pair.
  for (let i = 0; i < FACETS.length; i++) {
    const facet = FACETS[i]!;
    const sa = a.facets[i]!;
    const sb = b.facets[i]!;
    if (sa.key !== sb.key) {
      differences.push({
        aspect: facet.aspect,
        a: sa.label,
        b: sb.label,
        valuesA: sa.values,
        valuesB: sb.values,
        sentences: [facet.differ(a, b, t)],
      });
    } else if (sa.informative) {
      similarities.push({
        aspect: facet.aspect,
        value: sa.label,
        values: sa.values,
        sentence: t.format("similarity.shared", { aspect: facet.name, a: fa.code, b: fb.code, value: sa.label }),
      });
    }
  }
  return { differences, similarities };
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
 * looked up by code, not by slot.
 */
function editorsAdviceFor(curated: CuratedView | null, code: number, lowerCode: number): string | null {
  if (!curated) return null;
  return code === lowerCode ? curated.text.whenToUseA : curated.text.whenToUseB;
}

/** Builds the comparison of `a` and `b` in the order the caller asked for them. */
export function compareCodes(
  a: CodeRendering,
  b: CodeRendering,
  curated: CuratedView | null,
  t: Catalogue,
): Comparison {
  if (a.facts.code === b.facts.code) throw new RangeError("a comparison needs two different codes");
  const fa = a.facts;
  const fb = b.facts;

  const headline = t.format("comparison.headline", {
    a: fa.code,
    reasonA: fa.reasonPhrase,
    b: fb.code,
    reasonB: fb.reasonPhrase,
  });
  const intro = [
    t.format("comparison.intro", {
      sameClass: fa.class === fb.class ? "yes" : "no",
      a: fa.code,
      reasonA: fa.reasonPhrase,
      b: fb.code,
      reasonB: fb.reasonPhrase,
      classA: a.classLabel,
      classB: b.classLabel,
    }),
    t.format("comparison.meanings", {
      a: fa.code,
      b: fb.code,
      descriptionA: a.descriptionClause,
      descriptionB: b.descriptionClause,
    }),
  ].join(" ");
  const summary = curated ? `${intro}\n\n${curated.text.summary}` : intro;

  const { differences, similarities } = factsOfPair(a, b, t);
  for (const sentence of curated?.text.differences ?? [])
    differences.push({ aspect: "CURATED", a: null, b: null, valuesA: null, valuesB: null, sentences: [sentence] });
  for (const sentence of curated?.text.similarities ?? [])
    similarities.push({ aspect: "CURATED", value: sentence, values: null, sentence });
  // The meanings always differ, so even a pair alike in every structured fact is told apart.
  differences.push({
    aspect: "MEANING",
    a: a.text.description,
    b: b.text.description,
    valuesA: null,
    valuesB: null,
    sentences: [a.meaning, b.meaning],
  });
  differences.push({
    aspect: "SITUATION",
    a: a.text.whenYouSeeIt,
    b: b.text.whenYouSeeIt,
    valuesA: null,
    valuesB: null,
    sentences: [a.situation, b.situation],
  });

  const whenToUse: WhenToUse[] = [a, b].map((v) => ({
    code: v.facts.code,
    advice: v.advice,
    curated: editorsAdviceFor(curated, v.facts.code, Math.min(fa.code, fb.code)),
  }));

  // The pair's own sections follow the two codes' (made with the codes, see CodeRendering.slots).
  const sections: Section[] = [];
  // Plain loops and flat strings here and below: this runs for every uncached comparison (bench/README.md).
  const items: string[] = [];
  for (const d of differences) for (const sentence of d.sentences) items.push(`${items.length + 1}. ${sentence}`);
  sections.push({
    id: "differences",
    level: 2,
    code: null,
    heading: t.format("heading.keyDifferences"),
    markdown: items.join("\n"),
  });
  if (similarities.length) {
    const shared: string[] = [];
    for (const s of similarities) shared.push(`- ${s.sentence}`);
    sections.push({
      id: "similarities",
      level: 2,
      code: null,
      heading: t.format("heading.similarities"),
      markdown: shared.join("\n"),
    });
  }
  // An editor's advice for the pair wins over the code's general advice.
  const advice: string[] = [];
  for (const w of whenToUse)
    advice.push(
      `- ${w.curated ? t.format("whenToUse.advice", { code: w.code, reasonPhrase: w.code === fa.code ? fa.reasonPhrase : fb.reasonPhrase, advice: w.curated }) : w.advice}`,
    );
  sections.push({
    id: "whenToUse",
    level: 2,
    code: null,
    heading: t.format("heading.whenToUse"),
    markdown: advice.join("\n"),
  });
  if (curated?.text.body) {
    sections.push({
      id: "inDepth",
      level: 2,
      code: null,
      heading: t.format("heading.editorsNotes"),
      markdown: demoteHeadings(curated.text.body),
    });
  }
  sections.push({
    id: "learnMore",
    level: 2,
    code: null,
    heading: t.format("heading.learnMore"),
    markdown: `${a.specLink}\n${b.specLink}`,
  });

  const pages = [`# ${headline}`, summary, a.slots.a.markdown, b.slots.b.markdown];
  for (const s of sections) pages.push(sectionMarkdown(s));
  // Ends with a newline. Appended before joining, so the page is one flat string: a string made by
  // `join(…) + "\n"` is a rope that serializing the response has to copy flat again.
  pages[pages.length - 1] += "\n";
  const markdown = pages.join("\n\n");

  // Loops, not spreads of mapped arrays: in a complete locale every list is empty, and this runs per pair.
  const fallbackFields: string[] = [];
  for (const f of a.fallbackFields) fallbackFields.push(`a.${f}`);
  for (const f of b.fallbackFields) fallbackFields.push(`b.${f}`);
  for (const f of curated?.fallbackFields ?? []) fallbackFields.push(`curated.${f}`);
  if (t.fallbackKeys.size) for (const k of [...t.fallbackKeys].sort()) fallbackFields.push(`messages.${k}`);
  return {
    a: fa.code,
    b: fb.code,
    locale: t.locale,
    curated: curated !== null,
    headline,
    summary,
    differences,
    similarities,
    whenToUse,
    sections: [...a.slots.a.sections, ...b.slots.b.sections, ...sections],
    fallbackFields,
    markdown,
  };
}
