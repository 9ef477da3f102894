// Comments: a short thread per unit and locale (a reviewer's send-back, the translator's reply), read and
// written by whoever may translate the locale. Editorial talk, not content: no revision, no content version.
import { builder, type Context } from "../builder.ts";
import { COMMENT_MAX_CHARS, COMMENT_MAX_READ, type CommentRow } from "../editorial/comments.ts";
import { SOURCE_LOCALE } from "../content/format.ts";
import { expectedError } from "./errors.ts";
import { resolveLocale } from "./locale.ts";

const UNIT_ID =
  'The unit, as translation exports name it: "code.404", "comparison.401-vs-403", "message.heading.description".';

const CommentType = builder.objectRef<CommentRow>("TranslationComment").implement({
  description: "One comment in a unit's thread in one locale.",
  fields: (t) => ({
    id: t.int({ description: "The comment's id; later comments have larger ids.", resolve: (c) => c.id }),
    unitId: t.string({ description: 'The unit, e.g. "code.404".', resolve: (c) => c.unit }),
    locale: t.string({ description: "The locale whose translation the thread is about.", resolve: (c) => c.locale }),
    author: t.string({ description: "The name of the token that wrote it.", resolve: (c) => c.author }),
    body: t.string({ description: "What was said, as plain text.", resolve: (c) => c.body }),
    at: t.string({ description: "When, as an ISO 8601 timestamp (UTC).", resolve: (c) => c.at.toISOString() }),
  }),
});

/**
 * The unit and locale a thread is about, as stored: the locale as the content spells it (UNKNOWN_LOCALE
 * otherwise), never English, and a unit that exists in it (NOT_FOUND), so no thread hangs off nothing.
 */
function threadOf(unitId: string, requested: string, context: Context): { unit: string; locale: string } {
  const locale = resolveLocale(requested, context);
  if (locale === SOURCE_LOCALE)
    throw expectedError("VALIDATION", `"${SOURCE_LOCALE}" is the source locale: comments are about a translation.`, {
      field: "locale",
    });
  if (!context.model.translationUnits(locale).has(unitId))
    throw expectedError("NOT_FOUND", `No unit "${unitId}" to translate into ${locale}.`, { field: "unitId" });
  return { unit: unitId, locale };
}

builder.queryField("translationComments", (t) =>
  t.field({
    type: [CommentType],
    description:
      "A unit's comment thread in one locale, oldest first: its newest `last` comments (translators, reviewers of the locale, admins). Errors: UNKNOWN_LOCALE, NOT_FOUND, VALIDATION.",
    args: {
      unitId: t.arg.string({ required: true, description: UNIT_ID }),
      locale: t.arg.string({ required: true, description: 'The locale, e.g. "vi".' }),
      last: t.arg.int({ description: `How many of the newest comments, 1 to ${COMMENT_MAX_READ}; 50 when left out.` }),
    },
    authScopes: (_root, args) => ({ translate: args.locale }),
    resolve: async (_root, args, context) => {
      const take = args.last ?? 50;
      if (!Number.isInteger(take) || take < 1 || take > COMMENT_MAX_READ)
        throw expectedError("VALIDATION", `last must be between 1 and ${COMMENT_MAX_READ}.`, { field: "last" });
      return context.editorial.comments({ ...threadOf(args.unitId, args.locale, context), take });
    },
  }),
);

builder.relayMutationField(
  "addTranslationComment",
  {
    description: "A comment on a unit's translation in one locale.",
    inputFields: (t) => ({
      unitId: t.string({ required: true, description: UNIT_ID }),
      locale: t.string({ required: true, description: 'The locale of the translation, e.g. "vi".' }),
      body: t.string({ required: true, description: `Plain text, 1 to ${COMMENT_MAX_CHARS} characters once trimmed.` }),
    }),
  },
  {
    description:
      "Adds a comment to a unit's thread in one locale (its translators and reviewers, and admins). It changes no content: no revision, no content version. Errors: UNKNOWN_LOCALE, NOT_FOUND, VALIDATION.",
    authScopes: (_root, { input }) => ({ translate: input.locale }),
    resolve: async (_root, { input }, context) => {
      const body = input.body.trim();
      if (!body || body.length > COMMENT_MAX_CHARS) {
        throw expectedError(
          "VALIDATION",
          `body: 1 to ${COMMENT_MAX_CHARS} characters are required (got ${body.length}).`,
          { field: "body" },
        );
      }
      // authScopes let the request through, so it has a viewer.
      return context.editorial.comment({
        ...threadOf(input.unitId, input.locale, context),
        author: context.viewer!.name,
        body,
      });
    },
  },
  {
    description: "The comment as stored.",
    outputFields: (t) => ({
      comment: t.field({ type: CommentType, description: "The new comment.", resolve: (comment) => comment }),
    }),
  },
);
