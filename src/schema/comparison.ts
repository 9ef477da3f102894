// Comparison type and the `compare` query: any two codes, computed at query time by the comparison engine.
import { builder, type Context } from "../builder.ts";
import {
  CACHE_POLICIES,
  DIFFERENCE_ASPECTS,
  type Comparison,
  type Difference,
  type FacetValues,
  type Section,
  type Similarity,
  type WhenToUse,
} from "../domain/comparison.ts";
import { purgeKey } from "../content/purge-keys.ts";
import { expectedError } from "./errors.ts";
import { LOCALE_ARG, resolveLocale } from "./locale.ts";
import {
  ActorEnum,
  AuthKindEnum,
  enumFrom,
  OutcomeEnum,
  ProducerEnum,
  RedirectKindEnum,
  RedirectMethodEnum,
  RegistryStatusEnum,
  RetryConditionEnum,
  RetryPolicyEnum,
} from "./enums.ts";
import { StatusCodeType, TranslationInfoType } from "./status-code.ts";
import { hasEnglishDraft, PREVIEW_ARG, translationRevision, withPreview } from "./preview.ts";
import { revisionKey, textUnitId } from "../content/units.ts";
import { SOURCE_LOCALE } from "../content/format.ts";
import { mayReadDrafts } from "../auth/roles.ts";

const DifferenceAspectEnum = enumFrom(
  "DifferenceAspect",
  "What a difference (or similarity) between two codes is about.",
  DIFFERENCE_ASPECTS,
  {
    CLASS: "Their classes (1xx…5xx); a difference only when they differ.",
    REDIRECT_METHOD: "What a client following the redirect does with the method and body (RFC 9110 §15.4).",
    REDIRECT: "Whether the code redirects, and whether the new URL stands permanently or for now.",
    OUTCOME: "Whether the request's action was carried out when the response was sent.",
    ACTOR: "Who has to act to get past the response.",
    PRODUCER: "Who usually produces the response: the origin, a gateway, a CDN vendor, or only a log.",
    MEANING: "What each code means.",
    SITUATION: "When each code shows up.",
    CACHEABILITY: "Whether caches may store each response by default.",
    RETRY: "Whether repeating the same request may succeed.",
    BODY: "Whether each response can carry content.",
    AUTH: "What each code says about authentication.",
    HEADERS: "The header fields that matter for each code.",
    REGISTRY: "Each code's standing in the IANA registry.",
    CURATED: "A remark an editor wrote for this pair.",
  },
  (a) => a,
);

const CachePolicyEnum = enumFrom("CachePolicy", "How caches treat the response (RFC 9111).", CACHE_POLICIES, {
  heuristic: "Cacheable by default: stored even without explicit freshness (RFC 9110 §15.1).",
  explicit: "Stored only when explicit cache headers allow it.",
  never: "Never stored as a response (e.g. 1xx).",
  freshens: "Not stored itself, but used to freshen a stored response (304, RFC 9111 §4.3.4).",
  "never-stored":
    "A final response caches must not store, whatever its headers say (428, 429, 431, 511: RFC 6585 §3–6).",
});

const FacetValuesType = builder.objectRef<FacetValues>("FacetValues").implement({
  description: "One code's values for the aspect compared, as enums; only the fields of that aspect are set.",
  fields: (t) => ({
    redirect: t.field({
      type: RedirectKindEnum,
      nullable: true,
      description: "Whether it redirects, and for how long.",
      resolve: (v) => v.redirect,
    }),
    redirectMethod: t.field({
      type: RedirectMethodEnum,
      nullable: true,
      description: "What a client following the redirect does with the method and body.",
      resolve: (v) => v.redirectMethod,
    }),
    outcome: t.field({
      type: OutcomeEnum,
      nullable: true,
      description: "Whether the request's action was carried out.",
      resolve: (v) => v.outcome,
    }),
    producer: t.field({
      type: ProducerEnum,
      nullable: true,
      description: "Who usually produces it.",
      resolve: (v) => v.producer,
    }),
    actor: t.field({
      type: ActorEnum,
      nullable: true,
      description: "Who has to act to get past it.",
      resolve: (v) => v.actor,
    }),
    retry: t.field({
      type: RetryPolicyEnum,
      nullable: true,
      description: "Whether the same request may be repeated.",
      resolve: (v) => v.retry,
    }),
    retryCondition: t.field({
      type: RetryConditionEnum,
      nullable: true,
      description: "The condition the retry policy holds under.",
      resolve: (v) => v.retryCondition,
    }),
    auth: t.field({
      type: AuthKindEnum,
      nullable: true,
      description: "What it says about authentication.",
      resolve: (v) => v.auth,
    }),
    hasBody: t.boolean({
      nullable: true,
      description: "Whether the response can carry content.",
      resolve: (v) => v.hasBody,
    }),
    cachePolicy: t.field({
      type: CachePolicyEnum,
      nullable: true,
      description: "How caches treat it.",
      resolve: (v) => v.cachePolicy,
    }),
    registryStatus: t.field({
      type: RegistryStatusEnum,
      nullable: true,
      description: "Its standing in the IANA registry.",
      resolve: (v) => v.registryStatus,
    }),
  }),
});

const SimilarityType = builder.objectRef<Similarity>("Similarity").implement({
  description: "Something the two codes share, derived from their facts.",
  fields: (t) => ({
    aspect: t.field({ type: DifferenceAspectEnum, description: "What the two codes share.", resolve: (s) => s.aspect }),
    value: t.exposeString("value", { description: "The shared value, as a short localized phrase." }),
    values: t.field({
      type: FacetValuesType,
      nullable: true,
      description: "The shared value as enums (null for CLASS).",
      resolve: (s) => s.values,
    }),
    sentence: t.exposeString("sentence", { description: "The similarity as localized prose." }),
  }),
});

const DifferenceType = builder.objectRef<Difference>("Difference").implement({
  description:
    "One way the two codes differ, derived from their facts, most decisive first; CURATED ones come from an editor.",
  fields: (t) => ({
    aspect: t.field({
      type: DifferenceAspectEnum,
      description: "What the difference is about.",
      resolve: (d) => d.aspect,
    }),
    a: t.exposeString("a", { nullable: true, description: "The aspect's value for the first code." }),
    b: t.exposeString("b", { nullable: true, description: "The aspect's value for the second code." }),
    valuesA: t.field({
      type: FacetValuesType,
      nullable: true,
      description: "The first code's value as enums, for structured aspects.",
      resolve: (d) => d.valuesA,
    }),
    valuesB: t.field({
      type: FacetValuesType,
      nullable: true,
      description: "The second code's value as enums, for structured aspects.",
      resolve: (d) => d.valuesB,
    }),
    sentence: t.string({ description: "The difference as localized prose.", resolve: (d) => d.sentences.join(" ") }),
    sentences: t.exposeStringList("sentences", {
      description: "The same prose as list items, as the page renders them.",
    }),
  }),
});

type WhenToUseRef = WhenToUse & { locale: string };
const WhenToUseType = builder.objectRef<WhenToUseRef>("WhenToUse").implement({
  description: "When to answer with one of the two codes.",
  fields: (t) => ({
    code: t.field({
      type: StatusCodeType,
      description: "The code this advice is about.",
      resolve: (w) => ({ code: w.code, locale: w.locale }),
    }),
    advice: t.exposeString("advice", {
      description: "When a server should send the code, from the code's useWhen text.",
    }),
    curated: t.exposeString("curated", {
      nullable: true,
      description: "An editor's advice for this pair, when curated.",
    }),
  }),
});

const SectionType = builder.objectRef<Section>("ComparisonSection").implement({
  description: "A section of the rendered page, with its localized heading.",
  fields: (t) => ({
    id: t.exposeString("id", {
      description:
        'A stable identifier, the same in every locale: "a…" or "b…" for a per-code section, otherwise e.g. "differences", "whenToUse", "learnMore".',
    }),
    level: t.exposeInt("level", { description: "Heading level in the Markdown page: 2 or 3." }),
    code: t.exposeInt("code", { nullable: true, description: "The code a per-code section is about." }),
    heading: t.exposeString("heading", { description: "The localized heading." }),
    markdown: t.exposeString("markdown", { description: "The section's content as Markdown, without its heading." }),
  }),
});

/** Names the pair in the response's purge keys, whether or not we have both codes: adding one changes the answer. */
function recordPair(a: number, b: number, reads: Context["reads"]): void {
  reads.codes.add(a).add(b);
  reads.comparisons.add(purgeKey.comparison(a, b));
}

/** The comparison of two codes we have, in a resolved locale, recorded for purge keys; coded errors otherwise. */
export function comparisonFor(a: number, b: number, locale: string, { model, reads }: Context): Comparison {
  recordPair(a, b, reads);
  const missing = [a, b].filter((code) => !model.codes.has(code));
  if (missing.length) {
    throw expectedError("NOT_FOUND", `No status code ${missing.join(" or ")} in the reference.`, { codes: missing });
  }
  if (a === b)
    throw expectedError("VALIDATION", `Cannot compare ${a} with itself: pick two different codes.`, { field: "b" });
  return model.compare(a, b, locale);
}

const COMPARISON_NODE_ID = /^(\d{3}):(\d{3}):([A-Za-z0-9-]+)$/;

export const ComparisonType = builder.node(builder.objectRef<Comparison>("Comparison"), {
  description: "Two status codes side by side, in the order asked for.",
  id: { resolve: (c) => `${c.a}:${c.b}:${c.locale}` },
  loadOne: (id, context) => {
    const [, a, b, locale] = COMPARISON_NODE_ID.exec(id) ?? [];
    const { model } = context;
    if (!locale || a === b) return null;
    context.reads.locales.add(locale);
    // An id that names nothing we have is null, as node(id:) answers for any unknown id; its pair is named
    // all the same, so the null is purged once both codes exist.
    if (!model.locales.has(locale) || !model.codes.has(Number(a)) || !model.codes.has(Number(b))) {
      recordPair(Number(a), Number(b), context.reads);
      return null;
    }
    return comparisonFor(Number(a), Number(b), locale, context);
  },
  fields: (t) => ({
    a: t.field({
      type: StatusCodeType,
      description: "The first code asked for.",
      resolve: (c) => ({ code: c.a, locale: c.locale }),
    }),
    b: t.field({
      type: StatusCodeType,
      description: "The second code asked for.",
      resolve: (c) => ({ code: c.b, locale: c.locale }),
    }),
    locale: t.exposeString("locale", { description: "The locale the comparison is written in." }),
    curated: t.exposeBoolean("curated", {
      description: "An editor's comparison exists for this pair (in either order).",
    }),
    headline: t.exposeString("headline", {
      description: 'The page title, e.g. "HTTP 401 Unauthorized vs 403 Forbidden".',
    }),
    summary: t.exposeString("summary", {
      description:
        "The two codes' classes and meanings in generated prose, followed by an editor's summary when curated.",
    }),
    differences: t.field({
      type: [DifferenceType],
      description: "Only what tells the codes apart, most decisive first.",
      resolve: (c) => c.differences,
    }),
    similarities: t.field({
      type: [SimilarityType],
      description: "What the two codes share.",
      resolve: (c) => c.similarities,
    }),
    whenToUse: t.field({
      type: [WhenToUseType],
      description: "Advice for each code, in the order asked for.",
      resolve: (c) => c.whenToUse.map((w) => ({ ...w, locale: c.locale })),
    }),
    sections: t.field({
      type: [SectionType],
      description: "The rendered page, section by section.",
      resolve: (c) => c.sections,
    }),
    fallbackFields: t.exposeStringList("fallbackFields", {
      description: 'Fields served from a fallback locale, e.g. "a.description", "messages.heading.howToFix".',
    }),
    markdown: t.exposeString("markdown", { description: "The whole page rendered as Markdown." }),
    revision: t.int({
      nullable: true,
      description:
        "Revision of the curated comparison (pair and English text, its English draft included for editors), for `upsertComparison`, `deleteComparison`, `publishEnglishDraft` and `discardEnglishDraft`; null when none is curated and (for editors) none is drafted.",
      resolve: async (c, _args, context) => {
        const record = textUnitId.comparison(Math.min(c.a, c.b), Math.max(c.a, c.b));
        if (!c.curated && !mayReadDrafts(context.viewer, SOURCE_LOCALE)) return null;
        // A pair not curated yet may have an English draft, which its editors must send the revision of.
        const revision = await translationRevision(context, record, SOURCE_LOCALE);
        return c.curated || revision > 0 ? revision : null;
      },
    }),
    englishDraft: t.boolean({
      nullable: true,
      description:
        "Whether the pair has an unpublished English draft (`upsertComparison` with `draft: true`), for editors and admins; null for everyone else.",
      resolve: (c, _args, context) =>
        hasEnglishDraft(context, textUnitId.comparison(Math.min(c.a, c.b), Math.max(c.a, c.b))),
    }),
    translation: t.field({
      type: TranslationInfoType,
      nullable: true,
      description: "The requested locale's translation of the curated comparison's text; null when none is curated.",
      resolve: async (c, _args, context) => {
        const { model } = context;
        if (!c.curated) return null;
        const id = textUnitId.comparison(Math.min(c.a, c.b), Math.max(c.a, c.b));
        if (c.locale === SOURCE_LOCALE)
          return { state: "PUBLISHED" as const, revision: await translationRevision(context, id, SOURCE_LOCALE) };
        return {
          state: model.translationUnits(c.locale).get(id)?.state ?? "MISSING",
          revision: await translationRevision(context, revisionKey.of(id, c.locale), c.locale),
        };
      },
    }),
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
      preview: t.arg.boolean({ description: PREVIEW_ARG }),
    },
    resolve: (_root, { a, b, locale: requested, preview }, context) =>
      withPreview(context, preview, () => comparisonFor(a, b, resolveLocale(requested, context), context)),
  }),
);
