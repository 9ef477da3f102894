// StatusCode type with the `statusCode` and `statusCodes` queries.
import { builder, type Context } from "../builder.ts";
import { SOURCE_LOCALE, type CodeTextField } from "../content/format.ts";
import type { CodeFacts } from "../content/records.ts";
import { MAX_SEARCH_LENGTH, parseSearch, searchCodes, SEARCH_ORDERS } from "../domain/search.ts";
import type { TranslationState } from "../domain/translation-state.ts";
import { revisionKey, textUnitId } from "../content/units.ts";
import { hasEnglishDraft, PREVIEW_ARG, translationRevision, withPreview } from "./preview.ts";
import { LOCALE_ARG, resolveLocale } from "./locale.ts";
import { expectedError } from "./errors.ts";
import { pageOf } from "./pagination.ts";
import {
  AuthKindEnum,
  enumFrom,
  RegistryStatusEnum,
  RetryPolicyEnum,
  StatusClassEnum,
  TranslationStateEnum,
} from "./enums.ts";

/** What a StatusCode field resolves from: the code and the locale its text is served in. */
export type CodeRef = { code: number; locale: string };

const StatusCodeOrderEnum = enumFrom(
  "StatusCodeOrder",
  "How `statusCodes` orders its results.",
  SEARCH_ORDERS,
  {
    CODE: "Ascending code numbers.",
    RELEVANCE: "Best match first (name, then summary, then text), ties by code.",
  },
  (o) => o,
);

const SpecType = builder.objectRef<{ document: string; section: string; url: string }>("Spec").implement({
  description: "Where the code is defined.",
  fields: (t) => ({
    document: t.exposeString("document", { description: 'The defining document, e.g. "RFC 9110".' }),
    section: t.exposeString("section", { description: 'The section in that document, e.g. "15.5.5".' }),
    url: t.exposeString("url", { description: "A link to that section." }),
  }),
});

export const StatusCodeType = builder.objectRef<CodeRef>("StatusCode");

/** One locale's translation of a unit, as editors need it next to the text: a value inside its parent, with no id of its own. */
export const TranslationInfoType = builder
  .objectRef<{ state: TranslationState; revision: number }>("TranslationInfo")
  .implement({
    description: "Where one locale's translation of a unit stands, and its revision.",
    fields: (t) => ({
      state: t.field({
        type: TranslationStateEnum,
        description: "MISSING, OUTDATED, DRAFT, REVIEWED or PUBLISHED (drafts show only in a preview).",
        resolve: (i) => i.state,
      }),
      revision: t.int({
        description:
          "Send it as `expectedRevision` to saveTranslation, reviewTranslation, publishTranslation or unpublishTranslation; 0 when there is none yet.",
        resolve: (i) => i.revision,
      }),
    }),
  });

/** A resolver reading one language-neutral fact of the code. */
const fact =
  <T>(pick: (facts: CodeFacts) => T) =>
  (ref: CodeRef, _args: object, { model }: Context): T =>
    pick(model.codes.get(ref.code)!);

/** The node id of a code in a locale: the same code in another locale is another object to a client cache. */
const CODE_NODE_ID = /^(\d{3}):([A-Za-z0-9-]+)$/;

builder.node(StatusCodeType, {
  description: "An HTTP status code with its text in the requested locale (falling back per field).",
  id: { resolve: (ref) => `${ref.code}:${ref.locale}` },
  loadOne: (id, { model, reads }) => {
    const [, digits, locale] = CODE_NODE_ID.exec(id) ?? [];
    if (!locale) return null;
    const code = Number(digits);
    // Recorded even when missing, as statusCode does: adding the code later must purge this `null` from CDNs.
    reads.codes.add(code);
    reads.locales.add(locale);
    return model.codes.has(code) && model.locales.has(locale) ? { code, locale } : null;
  },
  fields: (t) => {
    const textField = (field: CodeTextField, description: string) =>
      t.string({ description, resolve: (ref, _args, { model }) => model.codeView(ref.code, ref.locale)!.text[field] });
    return {
      code: t.int({ description: "The three-digit status code, e.g. 404.", resolve: (ref) => ref.code }),
      reasonPhrase: t.string({
        description: "The IANA reason phrase (or the vendor's, for unofficial codes).",
        resolve: fact((f) => f.reasonPhrase),
      }),
      class: t.field({
        type: StatusClassEnum,
        description: "The class, by the code's first digit.",
        resolve: fact((f) => f.class),
      }),
      classLabel: t.string({
        description: 'Localized class name, e.g. "2xx Success".',
        resolve: (ref, _a, { model }) =>
          model.catalogue(ref.locale).format(`class.${model.codes.get(ref.code)!.class}`),
      }),
      title: textField("title", "Localized title; the reason phrase in English."),
      summary: textField("summary", "One sentence."),
      description: textField("description", "What the code means."),
      whenYouSeeIt: textField("whenYouSeeIt", "The situations in which the code shows up."),
      howToFix: textField("howToFix", "What the receiver should do."),
      useWhen: textField("useWhen", "When a server should send this code: advice for API designers."),
      body: textField("body", "Longer Markdown."),
      spec: t.field({ type: SpecType, description: "Where the code is defined.", resolve: fact((f) => f.spec) }),
      registryStatus: t.field({
        type: RegistryStatusEnum,
        description: "The code's standing in the IANA registry.",
        resolve: fact((f) => f.registryStatus),
      }),
      registryExpires: t.string({
        nullable: true,
        description: "Expiry date (YYYY-MM-DD) of a temporary registration.",
        resolve: fact((f) => f.registryExpires),
      }),
      registryNote: t.string({
        nullable: true,
        description: "A short English note on the registration: who defines an unofficial code, why one is unused.",
        resolve: fact((f) => f.registryNote),
      }),
      headers: t.stringList({
        description: "Header fields that matter for this code.",
        resolve: fact((f) => f.headers),
      }),
      cacheable: t.boolean({
        description: "Heuristically cacheable by default (RFC 9110 §15.1).",
        resolve: fact((f) => f.cacheable),
      }),
      retry: t.field({
        type: RetryPolicyEnum,
        description: "Whether repeating the same request may succeed.",
        resolve: fact((f) => f.retry),
      }),
      hasBody: t.boolean({ description: "Whether the response can carry content.", resolve: fact((f) => f.hasBody) }),
      auth: t.field({
        type: AuthKindEnum,
        description: "What the code says about authentication.",
        resolve: fact((f) => f.auth),
      }),
      related: t.field({
        type: [StatusCodeType],
        description: "Codes often confused with or used alongside this one, in the same locale.",
        resolve: (ref, _args, { model, reads }) =>
          model.codes
            .get(ref.code)!
            .related.filter((c) => model.codes.has(c))
            .map((code) => {
              reads.codes.add(code);
              return { code, locale: ref.locale };
            }),
      }),
      locale: t.string({ description: "The locale that was asked for.", resolve: (ref) => ref.locale }),
      fallbackFields: t.stringList({
        description:
          "Text fields served from a fallback locale because this locale has no published translation of them.",
        resolve: (ref, _args, { model }) => model.codeView(ref.code, ref.locale)!.fallbackFields,
      }),
      revision: t.int({
        description:
          "Revision of the code's facts and English text (its English draft included, for editors): send it as `expectedRevision` to `updateStatusCode`, `publishEnglishDraft` or `discardEnglishDraft`.",
        resolve: (ref, _args, context) => translationRevision(context, textUnitId.code(ref.code), SOURCE_LOCALE),
      }),
      englishDraft: t.boolean({
        nullable: true,
        description:
          "Whether the code's English has an unpublished draft (`updateStatusCode` with `draft: true`), for editors and admins; null for everyone else.",
        resolve: (ref, _args, context) => hasEnglishDraft(context, textUnitId.code(ref.code)),
      }),
      translation: t.field({
        type: TranslationInfoType,
        description:
          "The requested locale's translation of the code's text: its state and its revision (for translation mutations).",
        resolve: async (ref, _args, context) => {
          const { model } = context;
          if (ref.locale === SOURCE_LOCALE)
            return {
              state: "PUBLISHED" as const,
              revision: await translationRevision(context, textUnitId.code(ref.code), SOURCE_LOCALE),
            };
          const state = model.translationUnits(ref.locale).get(textUnitId.code(ref.code))?.state ?? "MISSING";
          return {
            state,
            revision: await translationRevision(
              context,
              revisionKey.of(textUnitId.code(ref.code), ref.locale),
              ref.locale,
            ),
          };
        },
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
    args: {
      code: t.arg.int({ required: true, description: "The status code, e.g. 404." }),
      locale: t.arg.string({ description: LOCALE_ARG }),
      preview: t.arg.boolean({ description: PREVIEW_ARG }),
    },
    resolve: (_root, args, context) =>
      withPreview(context, args.preview, () => {
        const locale = resolveLocale(args.locale, context);
        // Recorded even when missing: adding the code later must purge this `null` from CDNs.
        context.reads.codes.add(args.code);
        return context.model.codes.has(args.code) ? { code: args.code, locale } : null;
      }),
  }),
);

builder.queryField("statusCodes", (t) =>
  t.connection(
    {
      type: StatusCodeType,
      description:
        "Codes in ascending order (or best match first), optionally filtered by class and by a search over numbers, reason phrases and text.",
      args: {
        class: t.arg({ type: StatusClassEnum, description: "Only codes of this class." }),
        search: t.arg.string({
          description:
            'Digits match code numbers by prefix ("42" → 421…429, "5xx" → every server error); words match the start of words in reason phrases and text, case- and accent-insensitively, every word required.',
        }),
        locale: t.arg.string({ description: LOCALE_ARG }),
        orderBy: t.arg({
          type: StatusCodeOrderEnum,
          defaultValue: "CODE",
          description: "RELEVANCE for a search box; CODE for listings.",
        }),
        preview: t.arg.boolean({ description: PREVIEW_ARG }),
      },
      resolve: (_root, args, context) =>
        withPreview(context, args.preview, () => {
          const locale = resolveLocale(args.locale, context);
          if (args.search && args.search.length > MAX_SEARCH_LENGTH) {
            throw expectedError("VALIDATION", `search must be at most ${MAX_SEARCH_LENGTH} characters.`, {
              field: "search",
            });
          }
          const { model } = context;
          const inClass = model.codeList.filter((c) => !args.class || c.class === args.class).map((c) => c.code);
          const matches = searchCodes(
            parseSearch(args.search),
            inClass,
            (code) => model.searchDocument(code, locale)!,
            args.orderBy ?? "CODE",
          );
          const refs = matches.map((code) => ({ code, locale }));
          const page = pageOf(args, refs, {
            keyOf: (ref) => `code:${ref.code}`,
            // In code order, a cursor whose code was removed pages on from the next code.
            insertionPoint:
              args.orderBy === "RELEVANCE"
                ? undefined
                : (key) => {
                    const code = Number(/^code:(\d+)$/.exec(key)?.[1] ?? Number.NaN);
                    if (Number.isNaN(code)) return -1;
                    const next = refs.findIndex((ref) => ref.code > code);
                    return next < 0 ? refs.length : next;
                  },
          });
          // Purge keys: the codes on the page, and the listing itself, whose matches any edit can change.
          context.reads.listing = true;
          for (const edge of page.edges) context.reads.codes.add(edge.node.code);
          return page;
        }),
    },
    {
      description: "A page of status codes.",
      fields: (c) => ({
        totalCount: c.int({
          description: "Matches over all pages.",
          resolve: (connection) => (connection as { totalCount?: number }).totalCount ?? 0,
        }),
      }),
    },
    { description: "One status code in a page, with its cursor." },
  ),
);
