// StatusCode type with the `statusCode` and `statusCodes` queries.
import { builder, type Context } from "../builder.ts";
import { AUTH_KINDS, REGISTRY_STATUSES, RETRY_POLICIES, SOURCE_LOCALE, STATUS_CLASSES, type CodeTextField, type StatusClass } from "../content/format.ts";
import type { CodeFacts } from "../content/records.ts";
import { MAX_SEARCH_LENGTH, parseSearch, searchCodes, SEARCH_ORDERS } from "../domain/search.ts";
import { TRANSLATION_STATES } from "../domain/translation-state.ts";
import { textUnitId } from "../content/units.ts";
import { resolveLocale } from "./locale.ts";
import { expectedError } from "./errors.ts";
import { pageOf } from "./pagination.ts";

/** What a StatusCode field resolves from: the code and the locale its text is served in. */
export type CodeRef = { code: number; locale: string };

const CLASS_NAMES: Record<StatusClass, string> = { "1xx": "INFORMATIONAL", "2xx": "SUCCESS", "3xx": "REDIRECTION", "4xx": "CLIENT_ERROR", "5xx": "SERVER_ERROR" };
const upper = (value: string) => value.toUpperCase().replace(/-/g, "_");
/** GraphQL enums take their values from the content format's own lists. */
export function enumFrom<T extends string>(name: string, values: readonly T[], label: (v: T) => string = upper) {
  return builder.enumType(name, { values: Object.fromEntries(values.map((v) => [label(v), { value: v }])) as Record<string, { value: T }> });
}

export const StatusClassEnum = enumFrom("StatusClass", STATUS_CLASSES, (c) => CLASS_NAMES[c]);
export const RegistryStatusEnum = enumFrom("RegistryStatus", REGISTRY_STATUSES);
export const RetryPolicyEnum = enumFrom("RetryPolicy", RETRY_POLICIES);
export const AuthKindEnum = enumFrom("AuthKind", AUTH_KINDS);
export const TranslationStateEnum = builder.enumType("TranslationState", { values: TRANSLATION_STATES });
const StatusCodeOrderEnum = builder.enumType("StatusCodeOrder", {
  description: "CODE: ascending code numbers. RELEVANCE: best match first (name, then summary, then text), ties by code.",
  values: SEARCH_ORDERS,
});

const SpecType = builder.objectRef<{ document: string; section: string; url: string }>("Spec").implement({
  description: "Where the code is defined.",
  fields: (t) => ({ document: t.exposeString("document"), section: t.exposeString("section"), url: t.exposeString("url") }),
});

export const StatusCodeType = builder.objectRef<CodeRef>("StatusCode");

/** A resolver reading one language-neutral fact of the code. */
const fact =
  <T,>(pick: (facts: CodeFacts) => T) =>
  (ref: CodeRef, _args: object, { model }: Context): T =>
    pick(model.codes.get(ref.code)!);

StatusCodeType.implement({
  description: "An HTTP status code with its text in the requested locale (falling back per field).",
  fields: (t) => {
    const textField = (field: CodeTextField, description: string) =>
      t.string({ description, resolve: (ref, _args, { model }) => model.codeView(ref.code, ref.locale)!.text[field] });
    return {
      code: t.int({ resolve: (ref) => ref.code }),
      reasonPhrase: t.string({ description: "The IANA reason phrase (or the vendor's, for unofficial codes).", resolve: fact((f) => f.reasonPhrase) }),
      class: t.field({ type: StatusClassEnum, resolve: fact((f) => f.class) }),
      classLabel: t.string({ description: 'Localized class name, e.g. "2xx Success".', resolve: (ref, _a, { model }) => model.catalogue(ref.locale).format(`class.${model.codes.get(ref.code)!.class}`) }),
      title: textField("title", "Localized title; the reason phrase in English."),
      summary: textField("summary", "One sentence."),
      description: textField("description", "What the code means."),
      whenYouSeeIt: textField("whenYouSeeIt", "The situations in which the code shows up."),
      howToFix: textField("howToFix", "What the receiver should do."),
      useWhen: textField("useWhen", "When a server should send this code: advice for API designers."),
      body: textField("body", "Longer Markdown."),
      spec: t.field({ type: SpecType, resolve: fact((f) => f.spec) }),
      registryStatus: t.field({ type: RegistryStatusEnum, resolve: fact((f) => f.registryStatus) }),
      registryExpires: t.string({ nullable: true, description: "Expiry date (YYYY-MM-DD) of a temporary registration.", resolve: fact((f) => f.registryExpires) }),
      registryNote: t.string({ nullable: true, resolve: fact((f) => f.registryNote) }),
      headers: t.stringList({ description: "Header fields that matter for this code.", resolve: fact((f) => f.headers) }),
      cacheable: t.boolean({ description: "Heuristically cacheable by default (RFC 9110 §15.1).", resolve: fact((f) => f.cacheable) }),
      retry: t.field({ type: RetryPolicyEnum, description: "Whether repeating the same request may succeed.", resolve: fact((f) => f.retry) }),
      hasBody: t.boolean({ description: "Whether the response can carry content.", resolve: fact((f) => f.hasBody) }),
      auth: t.field({ type: AuthKindEnum, resolve: fact((f) => f.auth) }),
      related: t.field({
        type: [StatusCodeType],
        resolve: (ref, _args, { model }) => model.codes.get(ref.code)!.related.filter((c) => model.codes.has(c)).map((code) => ({ code, locale: ref.locale })),
      }),
      locale: t.string({ description: "The locale that was asked for.", resolve: (ref) => ref.locale }),
      fallbackFields: t.stringList({
        description: "Text fields served from a fallback locale because this locale has no published translation of them.",
        resolve: (ref, _args, { model }) => model.codeView(ref.code, ref.locale)!.fallbackFields,
      }),
      translationState: t.field({
        type: TranslationStateEnum,
        description: "State of this locale's translation of the code's text.",
        resolve: (ref, _args, { model }) => {
          // The source locale is its own reference, so it is always up to date.
          if (ref.locale === SOURCE_LOCALE) return "PUBLISHED";
          return model.translationUnits(ref.locale).get(textUnitId.code(ref.code))?.state ?? "MISSING";
        },
      }),
    };
  },
});

builder.queryField("statusCode", (t) =>
  t.field({
    type: StatusCodeType,
    nullable: true,
    description: "One code, or null when we have no such code.",
    args: { code: t.arg.int({ required: true }), locale: t.arg.string() },
    resolve: (_root, args, context) => {
      const locale = resolveLocale(args.locale, context);
      return context.model.codes.has(args.code) ? { code: args.code, locale } : null;
    },
  }),
);

builder.queryField("statusCodes", (t) =>
  t.connection(
    {
      type: StatusCodeType,
      description: "Codes in ascending order (or best match first), optionally filtered by class and by a search over numbers, reason phrases and text.",
      args: {
        class: t.arg({ type: StatusClassEnum }),
        search: t.arg.string({
          description: 'Digits match code numbers by prefix ("42" → 421…429, "5xx" → every server error); words match the start of words in reason phrases and text, case- and accent-insensitively, every word required.',
        }),
        locale: t.arg.string(),
        orderBy: t.arg({ type: StatusCodeOrderEnum, defaultValue: "CODE", description: "RELEVANCE for a search box; CODE for listings." }),
      },
      resolve: (_root, args, context) => {
        const locale = resolveLocale(args.locale, context);
        if (args.search && args.search.length > MAX_SEARCH_LENGTH) {
          throw expectedError("VALIDATION", `search must be at most ${MAX_SEARCH_LENGTH} characters.`, { field: "search" });
        }
        const { model } = context;
        const inClass = model.codeList.filter((c) => !args.class || c.class === args.class).map((c) => c.code);
        const matches = searchCodes(parseSearch(args.search), inClass, (code) => model.searchDocument(code, locale)!, args.orderBy ?? "CODE");
        return pageOf(args, matches.map((code) => ({ code, locale })));
      },
    },
    { fields: (c) => ({ totalCount: c.int({ description: "Matches over all pages.", resolve: (connection) => (connection as { totalCount?: number }).totalCount ?? 0 }) }) },
  ),
);
