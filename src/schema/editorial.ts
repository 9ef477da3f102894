// The editorial mutations: each is one edit (src/editorial/edits.ts) run through the importer's steps,
// guarded by the permission it needs (scope-auth), taking the revision the client last saw, and answering
// with the changed object read from the content version the change produced (Relay mutation convention).
import { builder, type Context, type SchemaTypes } from "../builder.ts";
import { CODE_TEXT_FIELDS, SOURCE_LOCALE, type CodeTextField } from "../content/format.ts";
import type { Edit, EnglishKey } from "../editorial/edits.ts";
import type { EditOutcome } from "../editorial/write.ts";
import { ActorEnum, comparisonFor, ComparisonType, OutcomeEnum, ProducerEnum, RedirectKindEnum, RedirectMethodEnum, RetryConditionEnum } from "./comparison.ts";
import { expectedError } from "./errors.ts";
import { unauthenticatedError } from "../auth/access.ts";
import { AuthKindEnum, RegistryStatusEnum, RetryPolicyEnum, StatusCodeType, TranslationInfoType } from "./status-code.ts";
import { MessageType } from "./message.ts";
import { forgetWorkingModels, switchToPreview } from "./preview.ts";
import { conflictExtensions } from "./conflict.ts";
import type { GraphQLSchema } from "graphql";

const EXPECTED_REVISION =
  "The `revision` you last read. A stale one is refused with CONFLICT, whose extensions carry `currentRevision`, `current` (the record as it is now, in this input's fields and enum values; `draft` says whether its text is a draft) and `diff` (each field you sent whose value differs: `field`, `current`, `yours`): nothing is overwritten unseen.";
const CONTENT_VERSION = "The content version readers are on after this change: a new one when it changed published content; unchanged for a draft saved, reviewed, sent back or discarded, and when nothing changed.";
const DRAFT =
  "true: save the English text as a draft (or into the draft there is), which only editors and admins see, in previews. Readers, translators and `translationTasks` keep the published English, no translation becomes OUTDATED and no content version is made until `publishEnglishDraft`. false (the default): publish at once, which is refused while an English draft is unpublished. Facts have no draft.";

/**
 * Runs an edit as the request's token holder; a refused edit is a coded error with what the client needs
 * to retry. The payload is read from the version the edit wrote: mutations run one after another, so the
 * request's later fields see what its earlier mutations did, as GraphQL's serial execution promises.
 */
export async function run(context: Context, edit: Edit, expectedRevision: number | null, schema: GraphQLSchema): Promise<Extract<EditOutcome, { ok: true }>> {
  const viewer = context.viewer;
  // scope-auth has already refused anonymous callers; this keeps the type honest.
  if (!viewer) throw unauthenticatedError();
  const outcome = await context.editorial.run(edit, viewer.name, expectedRevision);
  if (outcome.ok) {
    const { snapshot } = outcome;
    if (snapshot) Object.assign(context, { snapshot, version: snapshot.version, model: snapshot.model });
    if (outcome.changed) forgetWorkingModels(context);
    return outcome;
  }
  if (outcome.code === "CONFLICT") {
    // The record in the API's own shape and what differs from the input: a client merges from these alone.
    const { current, diff } = conflictExtensions(schema, outcome.current, outcome.sent);
    throw expectedError("CONFLICT", outcome.message, { record: outcome.record, currentRevision: outcome.currentRevision, current, diff });
  }
  throw expectedError(outcome.code, outcome.message, { field: outcome.field, issues: outcome.issues });
}

type Done = Extract<EditOutcome, { ok: true }>;

// ————— English, facts, comparisons, messages: the editor's —————

const SpecInput = builder.inputType("SpecInput", {
  description: "Where a code is defined.",
  fields: (t) => ({
    document: t.string({ required: true, description: 'e.g. "RFC 9110".' }),
    section: t.string({ required: true, description: 'e.g. "15.5.4".' }),
    url: t.string({ required: true, description: "A link to the section." }),
  }),
});

const TEXT_DESCRIPTIONS: Record<CodeTextField, string> = {
  title: "English title.",
  summary: "One sentence.",
  description: "What the code means.",
  whenYouSeeIt: "The situations in which the code shows up.",
  howToFix: "What the receiver should do.",
  useWhen: "When a server should send this code.",
  body: "Longer Markdown.",
};

builder.relayMutationField(
  "updateStatusCode",
  {
    description: "Changes to a code's facts and English text; fields left out stay as they are.",
    inputFields: (t) => ({
      code: t.int({ required: true, description: "The status code, e.g. 404." }),
      expectedRevision: t.int({ required: true, description: EXPECTED_REVISION }),
      draft: t.boolean({ defaultValue: false, description: DRAFT }),
      reasonPhrase: t.string({ description: "The IANA reason phrase." }),
      registryStatus: t.field({ type: RegistryStatusEnum, description: "The code's standing in the IANA registry." }),
      registryExpires: t.string({ description: "YYYY-MM-DD, for temporary registrations; null clears it." }),
      registryNote: t.string({ description: "A short English note on the registration; null clears it." }),
      spec: t.field({ type: SpecInput, description: "Where the code is defined." }),
      related: t.intList({ description: "Codes often confused with or used alongside this one." }),
      headers: t.stringList({ description: "Header fields that matter for this code." }),
      cacheable: t.boolean({ description: "Heuristically cacheable by default (RFC 9110 §15.1)." }),
      retry: t.field({ type: RetryPolicyEnum, description: "Whether repeating the same request may succeed." }),
      hasBody: t.boolean({ description: "Whether the response can carry content." }),
      auth: t.field({ type: AuthKindEnum, description: "What the code says about authentication." }),
      redirect: t.field({ type: RedirectKindEnum, description: "Whether the code redirects, and for how long." }),
      redirectMethod: t.field({ type: RedirectMethodEnum, description: "What following the redirect does to the method." }),
      outcome: t.field({ type: OutcomeEnum, description: "Whether the request's action was carried out." }),
      producer: t.field({ type: ProducerEnum, description: "Who usually produces the response." }),
      actor: t.field({ type: ActorEnum, description: "Who has to act to get past the response." }),
      retryCondition: t.field({ type: RetryConditionEnum, description: "The condition the retry policy holds under." }),
      ...Object.fromEntries(CODE_TEXT_FIELDS.map((field) => [field, t.string({ description: TEXT_DESCRIPTIONS[field] })])),
    }),
  },
  {
    description:
      "Updates a code's facts and English text (editors). Published at once, translations made from the old English become OUTDATED; with `draft: true` the English text is saved as a draft instead, published later with `publishEnglishDraft`.",
    authScopes: { edit: true },
    resolve: async (_root, { input }, context, info) => {
      const { code, expectedRevision, draft, ...fields } = input as typeof input & Record<CodeTextField, string | null | undefined>;
      const text = Object.fromEntries(CODE_TEXT_FIELDS.map((f) => [f, fields[f]]).filter(([, v]) => v !== undefined && v !== null));
      const facts = Object.fromEntries(Object.entries(fields).filter(([k, v]) => v !== undefined && !(CODE_TEXT_FIELDS as readonly string[]).includes(k)));
      const done = await run(context, { kind: "updateStatusCode", code, facts, text, draft: draft ?? false }, expectedRevision, info.schema);
      if (draft) await switchToPreview(context);
      return { ...done, code };
    },
  },
  {
    description: "The code after the change.",
    outputFields: (t) => ({
      statusCode: t.field({ type: StatusCodeType, description: "The code in English, as it now reads (for a draft: as its preview reads).", resolve: (done) => ({ code: done.code, locale: SOURCE_LOCALE }) }),
      revision: t.int({ description: "The code's revision now.", resolve: (done) => done.revision }),
      contentVersion: t.int({ description: CONTENT_VERSION, resolve: (done) => done.version }),
    }),
  },
);

const comparisonTextInputs = {
  summary: "What sets the two codes apart, in a sentence or two.",
  whenToUseA: "When to use the first code.",
  whenToUseB: "When to use the second code.",
  body: "Longer Markdown.",
} as const;

builder.relayMutationField(
  "upsertComparison",
  {
    description: "A curated comparison's English text, whole.",
    inputFields: (t) => ({
      a: t.int({ required: true, description: "The first code." }),
      b: t.int({ required: true, description: "The second code; the pair is stored once, whatever the order." }),
      expectedRevision: t.int({ description: "The comparison's `revision`; leave it out to create one that does not exist yet. " + EXPECTED_REVISION }),
      draft: t.boolean({ defaultValue: false, description: DRAFT + " A draft of a pair not curated yet creates the pair when published." }),
      differences: t.stringList({ required: true, description: "What tells them apart, most decisive first." }),
      similarities: t.stringList({ description: "What they share." }),
      ...Object.fromEntries(Object.entries(comparisonTextInputs).map(([k, d]) => [k, t.string({ required: true, description: d })])),
    }),
  },
  {
    description: "Creates or replaces a curated comparison (editors): published at once, or with `draft: true` saved as an English draft.",
    authScopes: { edit: true },
    resolve: async (_root, { input }, context, info) => {
      const i = input as typeof input & Record<keyof typeof comparisonTextInputs, string>;
      const text = { summary: i.summary, differences: i.differences, similarities: i.similarities ?? [], whenToUseA: i.whenToUseA, whenToUseB: i.whenToUseB, body: i.body };
      const done = await run(context, { kind: "upsertComparison", a: i.a, b: i.b, text, draft: i.draft ?? false }, i.expectedRevision ?? null, info.schema);
      if (i.draft) await switchToPreview(context);
      return { ...done, a: i.a, b: i.b };
    },
  },
  {
    description: "The comparison after the change.",
    outputFields: (t) => ({
      comparison: t.field({ type: ComparisonType, description: "The comparison in English, in the order asked for (for a draft: as its preview reads).", resolve: (done, _args, context) => comparisonFor(done.a, done.b, SOURCE_LOCALE, context) }),
      revision: t.int({ description: "The comparison's revision now.", resolve: (done) => done.revision }),
      contentVersion: t.int({ description: CONTENT_VERSION, resolve: (done) => done.version }),
    }),
  },
);

/** Which English a draft mutation names: a code, or a pair of codes (either order). */
function englishKeyOf(input: { code?: number | null; a?: number | null; b?: number | null }): EnglishKey {
  const pair = input.a != null || input.b != null;
  if (input.code != null && !pair) return { kind: "code", code: input.code };
  if (input.code == null && input.a != null && input.b != null) return { kind: "comparison", a: input.a, b: input.b };
  throw expectedError("VALIDATION", "name either a code (`code`) or a comparison (`a` and `b`), not both and not neither", { field: input.code == null ? "code" : "a" });
}

const ENGLISH_DRAFT_MUTATIONS = {
  publishEnglishDraft: {
    input: "Whose English draft to publish: `code`, or `a` and `b` for a comparison.",
    description:
      "Publishes a code's or a comparison's English draft (editors): it replaces the English text, a new content version is made, and translations made from the old English become OUTDATED. A draft of a pair not curated yet creates the pair.",
  },
  discardEnglishDraft: {
    input: "Whose English draft to discard: `code`, or `a` and `b` for a comparison.",
    description: "Deletes a code's or a comparison's English draft (editors); the published English stays as it is and no content version is made. History keeps the draft.",
  },
} as const;

for (const [name, { input: inputDescription, description }] of Object.entries(ENGLISH_DRAFT_MUTATIONS) as [keyof typeof ENGLISH_DRAFT_MUTATIONS, (typeof ENGLISH_DRAFT_MUTATIONS)[keyof typeof ENGLISH_DRAFT_MUTATIONS]][]) {
  builder.relayMutationField(
    name,
    {
      description: inputDescription,
      inputFields: (t) => ({
        code: t.int({ description: "The status code, e.g. 404; leave out for a comparison." }),
        a: t.int({ description: "A comparison's first code." }),
        b: t.int({ description: "A comparison's second code; the pair is stored once, whatever the order." }),
        expectedRevision: t.int({ required: true, description: "The code's or comparison's `revision`. " + EXPECTED_REVISION }),
      }),
    },
    {
      description,
      authScopes: { edit: true },
      resolve: async (_root, { input }, context, info) => {
        const key = englishKeyOf(input);
        const done = await run(context, { kind: name, key }, input.expectedRevision, info.schema);
        return { ...done, key };
      },
    },
    {
      description: "The code or comparison after the change.",
      outputFields: (t) => ({
        statusCode: t.field({
          type: StatusCodeType,
          nullable: true,
          description: "The code in English, as readers now read it; null for a comparison.",
          resolve: (done) => (done.key.kind === "code" ? { code: done.key.code, locale: SOURCE_LOCALE } : null),
        }),
        comparison: t.field({
          type: ComparisonType,
          nullable: true,
          description: "The comparison in English, as readers now read it; null for a code.",
          resolve: (done, _args, context) => (done.key.kind === "comparison" ? comparisonFor(done.key.a, done.key.b, SOURCE_LOCALE, context) : null),
        }),
        revision: t.int({ description: "The record's revision now.", resolve: (done) => done.revision }),
        contentVersion: t.int({ description: CONTENT_VERSION, resolve: (done) => done.version }),
      }),
    },
  );
}

builder.relayMutationField(
  "deleteComparison",
  {
    description: "Which curated comparison to delete.",
    inputFields: (t) => ({
      a: t.int({ required: true, description: "One code of the pair." }),
      b: t.int({ required: true, description: "The other code." }),
      expectedRevision: t.int({ required: true, description: EXPECTED_REVISION }),
    }),
  },
  {
    description: "Deletes a curated comparison and its translations (editors); `compare` then answers from the facts alone. History keeps the text, and `revert` brings it back.",
    authScopes: { edit: true },
    resolve: async (_root, { input }, context, info) => run(context, { kind: "deleteComparison", a: input.a, b: input.b }, input.expectedRevision, info.schema),
  },
  {
    description: "What was deleted.",
    outputFields: (t) => ({
      unitId: t.string({ description: 'The deleted comparison\'s unit id, e.g. "comparison.401-vs-403".', resolve: (done) => done.record }),
      revision: t.int({ description: "The record's revision now (send it to create the pair again).", resolve: (done) => done.revision }),
      contentVersion: t.int({ description: CONTENT_VERSION, resolve: (done) => done.version }),
    }),
  },
);

builder.relayMutationField(
  "updateMessage",
  {
    description: "A message template's new English text.",
    inputFields: (t) => ({
      key: t.string({ required: true, description: 'The message key, e.g. "heading.description".' }),
      expectedRevision: t.int({ required: true, description: EXPECTED_REVISION }),
      text: t.string({ required: true, description: "ICU MessageFormat; its placeholders must stay those the engine passes." }),
    }),
  },
  {
    description: "Updates an English message template (editors), checked against the engine's message contract as an import checks it.",
    authScopes: { edit: true },
    resolve: async (_root, { input }, context, info) => ({ ...(await run(context, { kind: "updateMessage", key: input.key, text: input.text }, input.expectedRevision, info.schema)), key: input.key }),
  },
  {
    description: "The message after the change.",
    outputFields: (t) => ({
      message: t.field({ type: MessageType, description: "The English message as it now reads.", resolve: (done) => ({ key: done.key, locale: SOURCE_LOCALE }) }),
      revision: t.int({ description: "The message's revision now.", resolve: (done) => done.revision }),
      contentVersion: t.int({ description: CONTENT_VERSION, resolve: (done) => done.version }),
    }),
  },
);

// ————— Translations: translators save drafts, reviewers review, publish and unpublish —————

const TranslationTextInput = builder.inputType("TranslationTextInput", {
  description: "The fields of a translation to set; leave out what stays. Codes, comparisons and messages each have their own fields.",
  fields: (t) => ({
    ...Object.fromEntries(CODE_TEXT_FIELDS.map((field) => [field, t.string({ description: `${TEXT_DESCRIPTIONS[field]} (codes)` })])),
    differences: t.stringList({ description: "(comparisons) The differences, in the English order." }),
    similarities: t.stringList({ description: "(comparisons) The similarities, in the English order." }),
    whenToUseA: t.string({ description: "(comparisons) When to use the first code." }),
    whenToUseB: t.string({ description: "(comparisons) When to use the second code." }),
    text: t.string({ description: "(messages) The message, ICU MessageFormat." }),
  }),
});

const unitInputs = (t: PothosSchemaTypes.InputFieldBuilder<SchemaTypes, "InputObject">) => ({
  unitId: t.string({ required: true, description: 'The unit, as translation exports name it: "code.404", "comparison.401-vs-403", "message.heading.description".' }),
  locale: t.string({ required: true, description: 'The locale of the translation, e.g. "vi".' }),
  expectedRevision: t.int({ required: true, description: "The translation's `revision` (`translation { revision }`); 0 when it has none yet. " + EXPECTED_REVISION }),
});

type TranslationDone = Done & { unitId: string; locale: string };

const translationPayload = {
  description: "The translation after the change.",
  outputFields: (t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, TranslationDone>) => ({
    unitId: t.string({ description: "The unit.", resolve: (done) => done.unitId }),
    locale: t.string({ description: "The locale.", resolve: (done) => done.locale }),
    translation: t.field({
      type: TranslationInfoType,
      description: "The translation's state (drafts included) and revision now.",
      // The edit says where the translation stands: no preview of the whole locale is built to answer it.
      resolve: async (done, _args, context) => ({
        state: done.state ?? (await context.preview(context.snapshot, [done.locale])).translationUnits(done.locale).get(done.unitId)?.state ?? "MISSING",
        revision: done.revision,
      }),
    }),
    contentVersion: t.int({ description: CONTENT_VERSION, resolve: (done) => done.version }),
  }),
};

type TranslationKind = "saveTranslation" | "reviewTranslation" | "publishTranslation" | "unpublishTranslation";
const TRANSLATION_MUTATIONS: Record<Exclude<TranslationKind, "saveTranslation">, string> = {
  reviewTranslation: "Marks a draft REVIEWED (reviewers of the locale).",
  publishTranslation: "Publishes the reviewed or draft text, which readers then get (reviewers of the locale).",
  unpublishTranslation: "Takes a published translation back to DRAFT: readers get the fallback locale's text again (reviewers of the locale).",
};

builder.relayMutationField(
  "saveTranslation",
  {
    description: "A translation's new text, saved as a draft.",
    inputFields: (t) => ({ ...unitInputs(t), text: t.field({ type: TranslationTextInput, required: true, description: "The fields to set." }) }),
  },
  {
    description: "Saves a translation as DRAFT (translators and reviewers of the locale). Readers keep getting the published text until it is published.",
    authScopes: (_root, { input }) => ({ translate: input.locale }),
    resolve: async (_root, { input }, context, info) => {
      const text = Object.fromEntries(Object.entries(input.text).filter(([, v]) => v !== undefined && v !== null));
      const done = await run(context, { kind: "saveTranslation", unitId: input.unitId, locale: input.locale, text }, input.expectedRevision, info.schema);
      return { ...done, unitId: input.unitId, locale: input.locale };
    },
  },
  translationPayload,
);

for (const [name, description] of Object.entries(TRANSLATION_MUTATIONS) as [Exclude<TranslationKind, "saveTranslation">, string][]) {
  builder.relayMutationField(
    name,
    { description: "Which translation.", inputFields: (t) => unitInputs(t) },
    {
      description,
      authScopes: (_root, { input }) => ({ review: input.locale }),
      resolve: async (_root, { input }, context, info) => {
        const done = await run(context, { kind: name, unitId: input.unitId, locale: input.locale }, input.expectedRevision, info.schema);
        return { ...done, unitId: input.unitId, locale: input.locale };
      },
    },
    translationPayload,
  );
}

/** The permission changing a record needs: editors for English and facts, reviewers for a locale's translation. */
export function permissionFor(locale: string | null): { edit: true } | { review: string } {
  return locale === null || locale === SOURCE_LOCALE ? { edit: true } : { review: locale };
}
