// Comparison type and the `compare` query: any two codes, computed at query time by the comparison engine.
import { builder } from "../builder.ts";
import { ACTORS, OUTCOMES, PRODUCERS, REDIRECT_KINDS, REDIRECT_METHODS, RETRY_CONDITIONS } from "../content/format.ts";
import { CACHE_POLICIES, compareCodes, DIFFERENCE_ASPECTS, type Comparison, type Difference, type FacetValues, type Section, type Similarity, type WhenToUse } from "../domain/comparison.ts";
import { expectedError } from "./errors.ts";
import { resolveLocale } from "./locale.ts";
import { AuthKindEnum, enumFrom, RegistryStatusEnum, RetryPolicyEnum, StatusCodeType } from "./status-code.ts";

const DifferenceAspectEnum = builder.enumType("DifferenceAspect", { values: DIFFERENCE_ASPECTS });

// Facet enums take their values from the content format's lists, as the StatusCode enums do.
const RedirectKindEnum = enumFrom("RedirectKind", REDIRECT_KINDS);
const RedirectMethodEnum = enumFrom("RedirectMethod", REDIRECT_METHODS);
const OutcomeEnum = enumFrom("Outcome", OUTCOMES);
const ProducerEnum = enumFrom("Producer", PRODUCERS);
const ActorEnum = enumFrom("Actor", ACTORS);
const RetryConditionEnum = enumFrom("RetryCondition", RETRY_CONDITIONS);
const CachePolicyEnum = enumFrom("CachePolicy", CACHE_POLICIES);

const FacetValuesType = builder.objectRef<FacetValues>("FacetValues").implement({
  description: "One code's values for the aspect compared, as enums; only the fields of that aspect are set.",
  fields: (t) => ({
    redirect: t.field({ type: RedirectKindEnum, nullable: true, resolve: (v) => v.redirect }),
    redirectMethod: t.field({ type: RedirectMethodEnum, nullable: true, resolve: (v) => v.redirectMethod }),
    outcome: t.field({ type: OutcomeEnum, nullable: true, resolve: (v) => v.outcome }),
    producer: t.field({ type: ProducerEnum, nullable: true, resolve: (v) => v.producer }),
    actor: t.field({ type: ActorEnum, nullable: true, resolve: (v) => v.actor }),
    retry: t.field({ type: RetryPolicyEnum, nullable: true, resolve: (v) => v.retry }),
    retryCondition: t.field({ type: RetryConditionEnum, nullable: true, resolve: (v) => v.retryCondition }),
    auth: t.field({ type: AuthKindEnum, nullable: true, resolve: (v) => v.auth }),
    hasBody: t.boolean({ nullable: true, resolve: (v) => v.hasBody }),
    cachePolicy: t.field({ type: CachePolicyEnum, nullable: true, resolve: (v) => v.cachePolicy }),
    registryStatus: t.field({ type: RegistryStatusEnum, nullable: true, resolve: (v) => v.registryStatus }),
  }),
});

const SimilarityType = builder.objectRef<Similarity>("Similarity").implement({
  description: "Something the two codes share, derived from their facts.",
  fields: (t) => ({
    aspect: t.field({ type: DifferenceAspectEnum, resolve: (s) => s.aspect }),
    value: t.exposeString("value", { description: "The shared value, as a short localized phrase." }),
    values: t.field({ type: FacetValuesType, nullable: true, description: "The shared value as enums (null for CLASS).", resolve: (s) => s.values }),
    sentence: t.exposeString("sentence", { description: "The similarity as localized prose." }),
  }),
});

const DifferenceType = builder.objectRef<Difference>("Difference").implement({
  description: "One way the two codes differ, derived from their facts, most decisive first; CURATED ones come from an editor.",
  fields: (t) => ({
    aspect: t.field({ type: DifferenceAspectEnum, resolve: (d) => d.aspect }),
    a: t.exposeString("a", { nullable: true, description: "The aspect's value for the first code." }),
    b: t.exposeString("b", { nullable: true, description: "The aspect's value for the second code." }),
    valuesA: t.field({ type: FacetValuesType, nullable: true, description: "The first code's value as enums, for structured aspects.", resolve: (d) => d.valuesA }),
    valuesB: t.field({ type: FacetValuesType, nullable: true, description: "The second code's value as enums, for structured aspects.", resolve: (d) => d.valuesB }),
    sentence: t.string({ description: "The difference as localized prose.", resolve: (d) => d.sentences.join(" ") }),
    sentences: t.exposeStringList("sentences", { description: "The same prose as list items, as the page renders them." }),
  }),
});

type WhenToUseRef = WhenToUse & { locale: string };
const WhenToUseType = builder.objectRef<WhenToUseRef>("WhenToUse").implement({
  fields: (t) => ({
    code: t.field({ type: StatusCodeType, resolve: (w) => ({ code: w.code, locale: w.locale }) }),
    advice: t.exposeString("advice", { description: "When a server should send the code, from the code's useWhen text." }),
    curated: t.exposeString("curated", { nullable: true, description: "An editor's advice for this pair, when curated." }),
  }),
});

const SectionType = builder.objectRef<Section>("ComparisonSection").implement({
  description: "A section of the rendered page, with its localized heading.",
  fields: (t) => ({
    id: t.exposeString("id"),
    level: t.exposeInt("level"),
    code: t.exposeInt("code", { nullable: true, description: "The code a per-code section is about." }),
    heading: t.exposeString("heading"),
    markdown: t.exposeString("markdown"),
  }),
});

const ComparisonType = builder.objectRef<Comparison>("Comparison").implement({
  description: "Two status codes side by side, in the order asked for.",
  fields: (t) => ({
    a: t.field({ type: StatusCodeType, resolve: (c) => ({ code: c.a, locale: c.locale }) }),
    b: t.field({ type: StatusCodeType, resolve: (c) => ({ code: c.b, locale: c.locale }) }),
    locale: t.exposeString("locale"),
    curated: t.exposeBoolean("curated", { description: "An editor's comparison exists for this pair (in either order)." }),
    headline: t.exposeString("headline"),
    summary: t.exposeString("summary"),
    differences: t.field({ type: [DifferenceType], description: "Only what tells the codes apart, most decisive first.", resolve: (c) => c.differences }),
    similarities: t.field({ type: [SimilarityType], description: "What the two codes share.", resolve: (c) => c.similarities }),
    whenToUse: t.field({ type: [WhenToUseType], resolve: (c) => c.whenToUse.map((w) => ({ ...w, locale: c.locale })) }),
    sections: t.field({ type: [SectionType], resolve: (c) => c.sections }),
    fallbackFields: t.exposeStringList("fallbackFields", { description: 'Fields served from a fallback locale, e.g. "a.description", "messages.heading.howToFix".' }),
    markdown: t.exposeString("markdown", { description: "The whole page rendered as Markdown." }),
  }),
});

builder.queryField("compare", (t) =>
  t.field({
    type: ComparisonType,
    description: "Compares any two codes we have. Errors: NOT_FOUND for an unknown code, VALIDATION when a equals b.",
    args: { a: t.arg.int({ required: true }), b: t.arg.int({ required: true }), locale: t.arg.string() },
    resolve: (_root, { a, b, locale: requested }, context) => {
      const locale = resolveLocale(requested, context);
      const { model } = context;
      const missing = [a, b].filter((code) => !model.codes.has(code));
      if (missing.length) {
        throw expectedError("NOT_FOUND", `No status code ${missing.join(" or ")} in the reference.`, { codes: missing });
      }
      if (a === b) throw expectedError("VALIDATION", `Cannot compare ${a} with itself: pick two different codes.`, { field: "b" });
      return compareCodes(model.codeRendering(a, locale)!, model.codeRendering(b, locale)!, model.curatedView(a, b, locale), model.catalogue(locale));
    },
  }),
);
