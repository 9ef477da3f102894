// Comparison type and the `compare` query: any two codes, computed at query time by the comparison engine.
import { builder, type Context } from "../builder.ts";
import { compareCodes, DIFFERENCE_ASPECTS, type Comparison, type Difference, type Section, type WhenToUse } from "../domain/comparison.ts";
import { comparisonTag } from "../http/content-reads.ts";
import { expectedError } from "./errors.ts";
import { LOCALE_ARG, resolveLocale } from "./locale.ts";
import { enumFrom, StatusCodeType } from "./status-code.ts";

const DifferenceAspectEnum = enumFrom("DifferenceAspect", "What a difference between two codes is about.", DIFFERENCE_ASPECTS, {
  CLASS: "Their classes (1xx…5xx); listed even when they agree.",
  MEANING: "What each code means.",
  SITUATION: "When each code shows up.",
  CACHEABILITY: "Whether caches may store each response by default.",
  RETRY: "Whether repeating the same request may succeed.",
  BODY: "Whether each response can carry content.",
  AUTH: "What each code says about authentication.",
  HEADERS: "The header fields that matter for each code.",
  REGISTRY: "Each code's standing in the IANA registry.",
  CURATED: "A remark an editor wrote for this pair.",
}, (a) => a);

const DifferenceType = builder.objectRef<Difference>("Difference").implement({
  description: "One way the two codes differ (or, for CLASS, agree), derived from their facts; CURATED ones come from an editor.",
  fields: (t) => ({
    aspect: t.field({ type: DifferenceAspectEnum, description: "What the difference is about.", resolve: (d) => d.aspect }),
    a: t.exposeString("a", { nullable: true, description: "The aspect's value for the first code." }),
    b: t.exposeString("b", { nullable: true, description: "The aspect's value for the second code." }),
    sentence: t.string({ description: "The difference as localized prose.", resolve: (d) => d.sentences.join(" ") }),
    sentences: t.exposeStringList("sentences", { description: "The same prose as list items, as the page renders them." }),
  }),
});

type WhenToUseRef = WhenToUse & { locale: string };
const WhenToUseType = builder.objectRef<WhenToUseRef>("WhenToUse").implement({
  description: "When to answer with one of the two codes.",
  fields: (t) => ({
    code: t.field({ type: StatusCodeType, description: "The code this advice is about.", resolve: (w) => ({ code: w.code, locale: w.locale }) }),
    advice: t.exposeString("advice", { description: "Generated from the code's how-to-fix text." }),
    curated: t.exposeString("curated", { nullable: true, description: "An editor's advice for this pair, when curated." }),
  }),
});

const SectionType = builder.objectRef<Section>("ComparisonSection").implement({
  description: "A section of the rendered page, with its localized heading.",
  fields: (t) => ({
    id: t.exposeString("id", { description: 'A stable identifier, the same in every locale: "a…" or "b…" for a per-code section, otherwise e.g. "differences", "whenToUse", "learnMore".' }),
    level: t.exposeInt("level", { description: "Heading level in the Markdown page: 2 or 3." }),
    code: t.exposeInt("code", { nullable: true, description: "The code a per-code section is about." }),
    heading: t.exposeString("heading", { description: "The localized heading." }),
    markdown: t.exposeString("markdown", { description: "The section's content as Markdown, without its heading." }),
  }),
});

/** The comparison of two codes we have, in a resolved locale, recorded for purge keys; coded errors otherwise. */
function comparisonFor(a: number, b: number, locale: string, { model, reads }: Context): Comparison {
  reads.codes.add(a).add(b);
  reads.comparisons.add(comparisonTag(a, b));
  const missing = [a, b].filter((code) => !model.codes.has(code));
  if (missing.length) {
    throw expectedError("NOT_FOUND", `No status code ${missing.join(" or ")} in the reference.`, { codes: missing });
  }
  if (a === b) throw expectedError("VALIDATION", `Cannot compare ${a} with itself: pick two different codes.`, { field: "b" });
  return compareCodes(model.codeRendering(a, locale)!, model.codeRendering(b, locale)!, model.curatedView(a, b, locale), model.catalogue(locale));
}

const COMPARISON_NODE_ID = /^(\d{3}):(\d{3}):([A-Za-z0-9-]+)$/;

const ComparisonType = builder.node(builder.objectRef<Comparison>("Comparison"), {
  description: "Two status codes side by side, in the order asked for.",
  id: { resolve: (c) => `${c.a}:${c.b}:${c.locale}` },
  loadOne: (id, context) => {
    const [, a, b, locale] = COMPARISON_NODE_ID.exec(id) ?? [];
    const { model } = context;
    // An id that names nothing we have is null, as node(id:) answers for any unknown id.
    if (!locale || !model.locales.has(locale) || a === b || !model.codes.has(Number(a)) || !model.codes.has(Number(b))) return null;
    return comparisonFor(Number(a), Number(b), locale, context);
  },
  fields: (t) => ({
    a: t.field({ type: StatusCodeType, description: "The first code asked for.", resolve: (c) => ({ code: c.a, locale: c.locale }) }),
    b: t.field({ type: StatusCodeType, description: "The second code asked for.", resolve: (c) => ({ code: c.b, locale: c.locale }) }),
    locale: t.exposeString("locale", { description: "The locale the comparison is written in." }),
    curated: t.exposeBoolean("curated", { description: "An editor's comparison exists for this pair (in either order)." }),
    headline: t.exposeString("headline", { description: 'The page title, e.g. "HTTP 401 Unauthorized vs 403 Forbidden".' }),
    summary: t.exposeString("summary", { description: "The two codes' classes and meanings in generated prose, followed by an editor's summary when curated." }),
    differences: t.field({ type: [DifferenceType], description: "The ways the two codes differ, class first.", resolve: (c) => c.differences }),
    whenToUse: t.field({ type: [WhenToUseType], description: "Advice for each code, in the order asked for.", resolve: (c) => c.whenToUse.map((w) => ({ ...w, locale: c.locale })) }),
    sections: t.field({ type: [SectionType], description: "The rendered page, section by section.", resolve: (c) => c.sections }),
    fallbackFields: t.exposeStringList("fallbackFields", { description: 'Fields served from a fallback locale, e.g. "a.description", "messages.heading.howToFix".' }),
    markdown: t.exposeString("markdown", { description: "The whole page rendered as Markdown." }),
  }),
});

builder.queryField("compare", (t) =>
  t.field({
    type: ComparisonType,
    description: "Compares any two codes we have. Errors: NOT_FOUND for an unknown code, VALIDATION when a equals b.",
    args: {
      a: t.arg.int({ required: true, description: "The first code, e.g. 401." }),
      b: t.arg.int({ required: true, description: "The second code, e.g. 403; must differ from a." }),
      locale: t.arg.string({ description: LOCALE_ARG }),
    },
    resolve: (_root, { a, b, locale: requested }, context) => {
      return comparisonFor(a, b, resolveLocale(requested, context), context);
    },
  }),
);
