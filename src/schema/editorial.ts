// The editorial mutations: each is one edit (src/editorial/edits.ts) run through the importer's steps,
// guarded by the permission it needs (scope-auth), taking the revision the client last saw, and answering
// with the changed object read from the content version the change produced (Relay mutation convention).
import { builder } from "../builder.ts";
import { CODE_TEXT_FIELDS, SOURCE_LOCALE, type CodeTextField } from "../content/format.ts";
import type { EnglishKey } from "../editorial/edits.ts";
import { comparisonFor, ComparisonType } from "./comparison.ts";
import {
  ActorEnum,
  AuthKindEnum,
  OutcomeEnum,
  ProducerEnum,
  RedirectKindEnum,
  RedirectMethodEnum,
  RegistryStatusEnum,
  RetryConditionEnum,
  RetryPolicyEnum,
} from "./enums.ts";
import { expectedError } from "./errors.ts";
import { StatusCodeType } from "./status-code.ts";
import { MessageType } from "./message.ts";
import { switchToPreview } from "./preview.ts";
import { CONTENT_VERSION, EXPECTED_REVISION, run, TEXT_DESCRIPTIONS } from "./edit.ts";

const DRAFT =
  "true: save the change as a draft (or into the draft there is; for a code, facts sent are drafted with its English text), which only editors and admins see, in previews. Readers, translators and `translationTasks` keep the published English, no translation becomes OUTDATED and no content version is made until `publishEnglishDraft`. false (the default): publish at once, which is refused for text (and for facts the draft changes) while an English draft is unpublished.";

// ————— English, facts, comparisons, messages: the editor's —————

const SpecInput = builder.inputType("SpecInput", {
  description: "Where a code is defined.",
  fields: (t) => ({
    document: t.string({ required: true, description: 'e.g. "RFC 9110".' }),
    section: t.string({ required: true, description: 'e.g. "15.5.4".' }),
    url: t.string({ required: true, description: "A link to the section." }),
  }),
});

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
      redirectMethod: t.field({
        type: RedirectMethodEnum,
        description: "What following the redirect does to the method.",
      }),
      outcome: t.field({ type: OutcomeEnum, description: "Whether the request's action was carried out." }),
      producer: t.field({ type: ProducerEnum, description: "Who usually produces the response." }),
      actor: t.field({ type: ActorEnum, description: "Who has to act to get past the response." }),
      retryCondition: t.field({ type: RetryConditionEnum, description: "The condition the retry policy holds under." }),
      ...Object.fromEntries(
        CODE_TEXT_FIELDS.map((field) => [field, t.string({ description: TEXT_DESCRIPTIONS[field] })]),
      ),
    }),
  },
  {
    description:
      "Updates a code's facts and English text (editors). Published at once, translations made from the old English become OUTDATED; with `draft: true` the change (text and facts) is saved as a draft instead, shown in editors' previews of every locale and published later with `publishEnglishDraft`.",
    authScopes: { edit: true },
    resolve: async (_root, { input }, context, info) => {
      const { code, expectedRevision, draft, ...fields } = input as typeof input &
        Record<CodeTextField, string | null | undefined>;
      const text = Object.fromEntries(
        CODE_TEXT_FIELDS.map((f) => [f, fields[f]]).filter(([, v]) => v !== undefined && v !== null),
      );
      const facts = Object.fromEntries(
        Object.entries(fields).filter(
          ([k, v]) => v !== undefined && !(CODE_TEXT_FIELDS as readonly string[]).includes(k),
        ),
      );
      const done = await run(
        context,
        { kind: "updateStatusCode", code, facts, text, draft: draft ?? false },
        expectedRevision,
        info.schema,
      );
      if (draft) await switchToPreview(context);
      return { ...done, code };
    },
  },
  {
    description: "The code after the change.",
    outputFields: (t) => ({
      statusCode: t.field({
        type: StatusCodeType,
        description: "The code in English, as it now reads (for a draft: as its preview reads).",
        resolve: (done) => ({ code: done.code, locale: SOURCE_LOCALE }),
      }),
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
      expectedRevision: t.int({
        description: `The comparison's \`revision\`; leave it out to create one that does not exist yet. ${EXPECTED_REVISION}`,
      }),
      draft: t.boolean({
        defaultValue: false,
        description: `${DRAFT} A draft of a pair not curated yet creates the pair when published.`,
      }),
      differences: t.stringList({ required: true, description: "What tells them apart, most decisive first." }),
      similarities: t.stringList({ description: "What they share." }),
      ...Object.fromEntries(
        Object.entries(comparisonTextInputs).map(([k, d]) => [k, t.string({ required: true, description: d })]),
      ),
    }),
  },
  {
    description:
      "Creates or replaces a curated comparison (editors): published at once, or with `draft: true` saved as an English draft.",
    authScopes: { edit: true },
    resolve: async (_root, { input }, context, info) => {
      const i = input as typeof input & Record<keyof typeof comparisonTextInputs, string>;
      const text = {
        summary: i.summary,
        differences: i.differences,
        similarities: i.similarities ?? [],
        whenToUseA: i.whenToUseA,
        whenToUseB: i.whenToUseB,
        body: i.body,
      };
      const done = await run(
        context,
        { kind: "upsertComparison", a: i.a, b: i.b, text, draft: i.draft ?? false },
        i.expectedRevision ?? null,
        info.schema,
      );
      if (i.draft) await switchToPreview(context);
      return { ...done, a: i.a, b: i.b };
    },
  },
  {
    description: "The comparison after the change.",
    outputFields: (t) => ({
      comparison: t.field({
        type: ComparisonType,
        description: "The comparison in English, in the order asked for (for a draft: as its preview reads).",
        resolve: (done, _args, context) => comparisonFor(done.a, done.b, SOURCE_LOCALE, context),
      }),
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
  throw expectedError(
    "VALIDATION",
    "name either a code (`code`) or a comparison (`a` and `b`), not both and not neither",
    { field: input.code == null ? "code" : "a" },
  );
}

const ENGLISH_DRAFT_MUTATIONS = {
  publishEnglishDraft: {
    input: "Whose English draft to publish: `code`, or `a` and `b` for a comparison.",
    description:
      "Publishes a code's or a comparison's English draft (editors): it replaces the English text, a new content version is made, and translations made from the old English become OUTDATED. A draft of a pair not curated yet creates the pair.",
  },
  discardEnglishDraft: {
    input: "Whose English draft to discard: `code`, or `a` and `b` for a comparison.",
    description:
      "Deletes a code's or a comparison's English draft (editors); the published English stays as it is and no content version is made. History keeps the draft.",
  },
} as const;

for (const [name, { input: inputDescription, description }] of Object.entries(ENGLISH_DRAFT_MUTATIONS) as [
  keyof typeof ENGLISH_DRAFT_MUTATIONS,
  (typeof ENGLISH_DRAFT_MUTATIONS)[keyof typeof ENGLISH_DRAFT_MUTATIONS],
][]) {
  builder.relayMutationField(
    name,
    {
      description: inputDescription,
      inputFields: (t) => ({
        code: t.int({ description: "The status code, e.g. 404; leave out for a comparison." }),
        a: t.int({ description: "A comparison's first code." }),
        b: t.int({ description: "A comparison's second code; the pair is stored once, whatever the order." }),
        expectedRevision: t.int({
          required: true,
          description: `The code's or comparison's \`revision\`. ${EXPECTED_REVISION}`,
        }),
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
          resolve: (done, _args, context) =>
            done.key.kind === "comparison" ? comparisonFor(done.key.a, done.key.b, SOURCE_LOCALE, context) : null,
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
    description:
      "Deletes a curated comparison and its translations (editors); `compare` then answers from the facts alone. History keeps the text, and `revert` brings it back.",
    authScopes: { edit: true },
    resolve: async (_root, { input }, context, info) =>
      run(context, { kind: "deleteComparison", a: input.a, b: input.b }, input.expectedRevision, info.schema),
  },
  {
    description: "What was deleted.",
    outputFields: (t) => ({
      unitId: t.string({
        description: 'The deleted comparison\'s unit id, e.g. "comparison.401-vs-403".',
        resolve: (done) => done.record,
      }),
      revision: t.int({
        description: "The record's revision now (send it to create the pair again).",
        resolve: (done) => done.revision,
      }),
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
      text: t.string({
        required: true,
        description: "ICU MessageFormat; its placeholders must stay those the engine passes.",
      }),
    }),
  },
  {
    description:
      "Updates an English message template (editors), checked against the engine's message contract as an import checks it.",
    authScopes: { edit: true },
    resolve: async (_root, { input }, context, info) => ({
      ...(await run(
        context,
        { kind: "updateMessage", key: input.key, text: input.text },
        input.expectedRevision,
        info.schema,
      )),
      key: input.key,
    }),
  },
  {
    description: "The message after the change.",
    outputFields: (t) => ({
      message: t.field({
        type: MessageType,
        description: "The English message as it now reads.",
        resolve: (done) => ({ key: done.key, locale: SOURCE_LOCALE }),
      }),
      revision: t.int({ description: "The message's revision now.", resolve: (done) => done.revision }),
      contentVersion: t.int({ description: CONTENT_VERSION, resolve: (done) => done.version }),
    }),
  },
);
