// Translation progress (public) and translation tasks (translators only), both views of translationUnits(); and
// the translation mutations: translators save drafts, reviewers review, publish and unpublish.
import { createTwoFilesPatch } from "diff";
import { builder, type Context, type SchemaTypes } from "../builder.ts";
import { mayReadDrafts } from "../auth/roles.ts";
import { CODE_TEXT_FIELDS, SOURCE_LOCALE } from "../content/format.ts";
import type { AnyText } from "../content/units.ts";
import { revisionKey, textOf } from "../content/units.ts";
import { TRANSLATION_STATES, type TranslationState } from "../domain/translation-state.ts";
import {
  progressOf,
  textFields,
  TRANSLATION_KINDS,
  type Progress,
  type TranslationUnit,
} from "../domain/translation-units.ts";
import { CONTENT_VERSION, EXPECTED_REVISION, run, TEXT_DESCRIPTIONS, type Done } from "./edit.ts";
import { expectedError } from "./errors.ts";
import { TranslationInfoType } from "./status-code.ts";
import { resolveLocale } from "./locale.ts";
import { pageOf } from "./pagination.ts";
import { workingModel } from "./preview.ts";
import { enumFrom, TranslationStateEnum } from "./enums.ts";

const TranslationKindEnum = enumFrom(
  "TranslationKind",
  "What a unit of translatable English belongs to.",
  TRANSLATION_KINDS,
  {
    CODE: "A status code's text (title, summary, description, …).",
    COMPARISON: "An editor's comparison of two codes.",
    MESSAGE: "A sentence template from the message catalogue.",
  },
  (k) => k,
);

function unitsFor(requested: string, context: Context): TranslationUnit[] {
  // Same UNKNOWN_LOCALE error as every other locale argument.
  const locale = resolveLocale(requested, context);
  if (locale === SOURCE_LOCALE)
    throw expectedError(
      "VALIDATION",
      `"${SOURCE_LOCALE}" is the source locale: there is nothing to translate into it.`,
      { field: "locale" },
    );
  return [...context.model.translationUnits(locale).values()];
}

const StateCountsType = builder.objectRef<Progress["counts"]>("TranslationStateCounts").implement({
  description: "How many units are in each translation state.",
  fields: (t) =>
    Object.fromEntries(
      TRANSLATION_STATES.map((s) => [
        s.toLowerCase(),
        t.int({ description: `Units in state ${s}.`, resolve: (c) => c[s] }),
      ]),
    ),
});

const ProgressInterface = builder.interfaceRef<Progress>("Progress").implement({
  description: "How far a locale's translation of a set of units has come.",
  fields: (t) => ({
    total: t.exposeInt("total", { description: "Units to translate." }),
    counts: t.field({ type: StateCountsType, description: "Units per translation state.", resolve: (p) => p.counts }),
    percent: t.exposeFloat("percent", { description: "Share of units published and up to date." }),
  }),
});

// Progress types are values computed for the locale asked about: no id of their own, unlike TranslationTask.
type KindProgress = Progress & { kind: (typeof TRANSLATION_KINDS)[number] };
const KindProgressType = builder.objectRef<KindProgress>("KindProgress").implement({
  description: "Translation progress over the units of one kind.",
  interfaces: [ProgressInterface],
  isTypeOf: (p) => typeof p === "object" && p !== null && "kind" in p,
  fields: (t) => ({
    kind: t.field({ type: TranslationKindEnum, description: "The kind of unit counted.", resolve: (p) => p.kind }),
  }),
});

type LocaleProgress = Progress & { locale: string; byKind: KindProgress[] };
const ProgressType = builder.objectRef<LocaleProgress>("TranslationProgress").implement({
  description: "Translation progress of one locale over every unit, and per kind.",
  interfaces: [ProgressInterface],
  isTypeOf: (p) => typeof p === "object" && p !== null && "byKind" in p,
  fields: (t) => ({
    locale: t.exposeString("locale", { description: "The locale, as asked for." }),
    byKind: t.field({
      type: [KindProgressType],
      description: "The same counts for each kind of unit.",
      resolve: (p) => p.byKind,
    }),
  }),
});

builder.queryField("translationProgress", (t) =>
  t.field({
    type: ProgressType,
    description:
      "How much of the content a locale has translated. Errors: UNKNOWN_LOCALE, VALIDATION for the source locale.",
    args: { locale: t.arg.string({ required: true, description: 'The locale to report on, e.g. "vi".' }) },
    resolve: (_root, { locale }, context) => {
      const units = unitsFor(locale, context);
      context.reads.progress = true;
      return {
        locale,
        ...progressOf(units),
        byKind: TRANSLATION_KINDS.map((kind) => ({ kind, ...progressOf(units.filter((u) => u.kind === kind)) })),
      };
    },
  }),
);

type Field = { name: string; source: string; translation: string | null; previousSource: string | null };
// A value inside its task, without an id of its own (clients' caches store it within the task).
const TaskFieldType = builder.objectRef<Field>("TranslationTaskField").implement({
  description: "One translatable field of a unit: its English and its translation.",
  fields: (t) => ({
    name: t.exposeString("name", {
      description: 'The field, e.g. "description" or "differences.2" for one list item.',
    }),
    source: t.exposeString("source", { description: "Today's English." }),
    translation: t.exposeString("translation", {
      nullable: true,
      description: "This locale's translation, whatever its state; null when there is none.",
    }),
    previousSource: t.exposeString("previousSource", {
      nullable: true,
      description: "The English the translation was made from, when it differs.",
    }),
  }),
});

function asDocument(text: AnyText): string {
  return textFields(text)
    .map(([name, value]) => `[${name}]\n${value}\n`)
    .join("\n");
}

/** A unit in the locale it is translated into. */
type LocaleUnit = TranslationUnit & { locale: string };
/** What a TranslationTask resolves from: the unit, and the English its outdated translation was made from. */
type TaskRef = LocaleUnit & { previous: AnyText | null };

/**
 * Makes tasks of these units, each with the English its outdated translation was made from: read by hash,
 * in one query for all of them, however many there are.
 */
async function taskMaker(units: readonly LocaleUnit[], context: Context): Promise<(unit: LocaleUnit) => TaskRef> {
  const fromHash = (u: TranslationUnit) => (u.state === "OUTDATED" ? u.translation?.sourceHash : null) ?? null;
  const previous = await context.sourceRevisions(units.map(fromHash).filter((h) => h !== null));
  return (u) => {
    const text = previous.get(fromHash(u) ?? "");
    return { ...u, previous: text ? (JSON.parse(text) as AnyText) : null };
  };
}

/**
 * The unit a task's node id names, as `translationTasks` would list it; null when the id names no unit,
 * or the source locale (nothing is translated into it). The id is the record the translation is kept
 * under, `revisionKey`'s "code.404:vi": one unit in one locale.
 */
async function unitOfTask(id: string, context: Context): Promise<LocaleUnit | null> {
  const key = revisionKey.parse(id);
  if (!key || key.locale === SOURCE_LOCALE || !context.model.locales.has(key.locale)) return null;
  // A task carries its locale's drafts: for whoever may not read them it does not exist, as for an id naming
  // nothing (not even its type name answers, src/auth/roles.ts's mayReadDrafts).
  if (!mayReadDrafts(context.viewer, key.locale)) return null;
  const unit = (await workingModel(key.locale, context)).translationUnits(key.locale).get(key.textId);
  return unit ? { ...unit, locale: key.locale } : null;
}

const TaskType = builder.node(builder.objectRef<TaskRef>("TranslationTask"), {
  description: "One piece of English and this locale's translation of it.",
  id: { resolve: (task) => revisionKey.of(task.id, task.locale) },
  // The rule of `translationTasks`, on the type, so `node(id:)` and `nodes(ids:)` refuse what the listing does.
  // Scope-auth checks it before each field (graphql-jit cannot run it on the type): one error per field asked.
  authScopes: (task) => ({ translate: task.locale }),
  // The request's model stays as it is: a loaded task carries its text, and a refused caller must not switch
  // the rest of the request to drafts.
  loadMany: async (ids, context) => {
    const units = await Promise.all(ids.map((id) => unitOfTask(id, context)));
    const asTask = await taskMaker(
      units.filter((u) => u !== null),
      context,
    );
    return units.map((u) => u && asTask(u));
  },
  fields: (t) => ({
    unit: t.exposeString("id", {
      description:
        'Stable unit id, as in XLIFF/PO exports: "code.404", "comparison.401-vs-403", "message.heading.description".',
    }),
    kind: t.field({ type: TranslationKindEnum, description: "What the unit belongs to.", resolve: (u) => u.kind }),
    state: t.field({
      type: TranslationStateEnum,
      description: "Where this locale's translation stands.",
      resolve: (u) => u.state,
    }),
    file: t.exposeString("file", { description: "Where the translation lives (or should be created)." }),
    sourceHash: t.exposeString("sourceHash", {
      description: "Hash of today's English; stamp it into the translation when done.",
    }),
    translatedFromHash: t.string({
      nullable: true,
      description: "Hash of the English the translation was made from; null when untranslated.",
      resolve: (u) => u.translation?.sourceHash ?? null,
    }),
    fields: t.field({
      type: [TaskFieldType],
      description: "The unit's fields in a fixed order, English beside translation.",
      resolve: (u) => {
        const translated = new Map(u.translation ? textFields(textOf(u.translation)) : []);
        const previous = new Map(u.previous ? textFields(u.previous) : []);
        return textFields(textOf(u.source)).map(([name, source]) => {
          const before = previous.get(name);
          return {
            name,
            source,
            translation: translated.get(name) ?? null,
            previousSource: before !== undefined && before !== source ? before : null,
          };
        });
      },
    }),
    sourceDiff: t.string({
      nullable: true,
      description:
        "For OUTDATED units: a unified diff from the English the translation was made from to today's English.",
      resolve: (u) =>
        u.previous
          ? createTwoFilesPatch(
              `${u.id} (translated from ${u.translation?.sourceHash})`,
              `${u.id} (now ${u.sourceHash})`,
              asDocument(u.previous),
              asDocument(textOf(u.source)),
            )
          : null,
    }),
  }),
});

builder.queryField("translationTasks", (t) =>
  t.connection(
    {
      type: TaskType,
      authScopes: (_root, args) => ({ translate: args.locale }),
      description: "What needs work in a locale, English beside the current translation. Translators only.",
      args: {
        locale: t.arg.string({ required: true, description: 'The locale to translate into, e.g. "vi".' }),
        state: t.arg({
          type: TranslationStateEnum,
          description: "Only units in this state; by default every state but PUBLISHED.",
        }),
      },
      resolve: async (_root, args, context) => {
        // Translators see their drafts here: the tasks are read from the preview of their locale.
        context.model = await workingModel(args.locale, context);
        const wanted: TranslationState[] = args.state ? [args.state] : ["MISSING", "OUTDATED", "DRAFT", "REVIEWED"];
        const units = unitsFor(args.locale, context).filter((u) => wanted.includes(u.state));
        const localeUnits = units.map((u) => ({ ...u, locale: args.locale }));
        const asTask = await taskMaker(localeUnits, context);
        return pageOf(args, localeUnits.map(asTask), { keyOf: (task) => `unit:${task.id}` });
      },
    },
    {
      description: "A page of translation tasks.",
      fields: (c) => ({
        totalCount: c.int({
          description: "Matches over all pages.",
          resolve: (connection) => (connection as { totalCount?: number }).totalCount ?? 0,
        }),
      }),
    },
    { description: "One translation task in a page, with its cursor." },
  ),
);

// ————— Translations: translators save drafts, reviewers review, publish and unpublish —————

const TranslationTextInput = builder.inputType("TranslationTextInput", {
  description:
    "The fields of a translation to set; leave out what stays. Codes, comparisons and messages each have their own fields.",
  fields: (t) => ({
    ...Object.fromEntries(
      CODE_TEXT_FIELDS.map((field) => [field, t.string({ description: `${TEXT_DESCRIPTIONS[field]} (codes)` })]),
    ),
    differences: t.stringList({ description: "(comparisons) The differences, in the English order." }),
    similarities: t.stringList({ description: "(comparisons) The similarities, in the English order." }),
    whenToUseA: t.string({ description: "(comparisons) When to use the first code." }),
    whenToUseB: t.string({ description: "(comparisons) When to use the second code." }),
    text: t.string({ description: "(messages) The message, ICU MessageFormat." }),
  }),
});

const unitInputs = (t: PothosSchemaTypes.InputFieldBuilder<SchemaTypes, "InputObject">) => ({
  unitId: t.string({
    required: true,
    description:
      'The unit, as translation exports name it: "code.404", "comparison.401-vs-403", "message.heading.description".',
  }),
  locale: t.string({ required: true, description: 'The locale of the translation, e.g. "vi".' }),
  expectedRevision: t.int({
    required: true,
    description: `The translation's \`revision\` (\`translation { revision }\`); 0 when it has none yet. ${EXPECTED_REVISION}`,
  }),
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
        state:
          done.state ??
          (await context.preview(context.snapshot, [done.locale])).translationUnits(done.locale).get(done.unitId)
            ?.state ??
          "MISSING",
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
  unpublishTranslation:
    "Takes a published translation back to DRAFT: readers get the fallback locale's text again (reviewers of the locale).",
};

builder.relayMutationField(
  "saveTranslation",
  {
    description: "A translation's new text, saved as a draft.",
    inputFields: (t) => ({
      ...unitInputs(t),
      text: t.field({ type: TranslationTextInput, required: true, description: "The fields to set." }),
    }),
  },
  {
    description:
      "Saves a translation as DRAFT (translators and reviewers of the locale). Readers keep getting the published text until it is published.",
    authScopes: (_root, { input }) => ({ translate: input.locale }),
    resolve: async (_root, { input }, context, info) => {
      const text = Object.fromEntries(Object.entries(input.text).filter(([, v]) => v !== undefined && v !== null));
      const done = await run(
        context,
        { kind: "saveTranslation", unitId: input.unitId, locale: input.locale, text },
        input.expectedRevision,
        info.schema,
      );
      return { ...done, unitId: input.unitId, locale: input.locale };
    },
  },
  translationPayload,
);

for (const [name, description] of Object.entries(TRANSLATION_MUTATIONS) as [
  Exclude<TranslationKind, "saveTranslation">,
  string,
][]) {
  builder.relayMutationField(
    name,
    { description: "Which translation.", inputFields: (t) => unitInputs(t) },
    {
      description,
      authScopes: (_root, { input }) => ({ review: input.locale }),
      resolve: async (_root, { input }, context, info) => {
        const done = await run(
          context,
          { kind: name, unitId: input.unitId, locale: input.locale },
          input.expectedRevision,
          info.schema,
        );
        return { ...done, unitId: input.unitId, locale: input.locale };
      },
    },
    translationPayload,
  );
}
