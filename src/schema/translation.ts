// Translation progress (public) and translation tasks (translators only), both views of translationUnits().
import { createTwoFilesPatch } from "diff";
import { builder, type Context } from "../builder.ts";
import { mayReadDrafts } from "../auth/roles.ts";
import { SOURCE_LOCALE } from "../content/format.ts";
import type { AnyText } from "../content/units.ts";
import { revisionKey, textOf } from "../content/units.ts";
import { TRANSLATION_STATES, type TranslationState } from "../domain/translation-state.ts";
import { progressOf, textFields, TRANSLATION_KINDS, type Progress, type TranslationUnit } from "../domain/translation-units.ts";
import { expectedError } from "./errors.ts";
import { resolveLocale } from "./locale.ts";
import { pageOf } from "./pagination.ts";
import { workingModel } from "./preview.ts";
import { enumFrom, TranslationStateEnum } from "./status-code.ts";

const TranslationKindEnum = enumFrom("TranslationKind", "What a unit of translatable English belongs to.", TRANSLATION_KINDS, {
  CODE: "A status code's text (title, summary, description, …).",
  COMPARISON: "An editor's comparison of two codes.",
  MESSAGE: "A sentence template from the message catalogue.",
}, (k) => k);

function unitsFor(requested: string, context: Context): TranslationUnit[] {
  // Same UNKNOWN_LOCALE error as every other locale argument.
  const locale = resolveLocale(requested, context);
  if (locale === SOURCE_LOCALE) throw expectedError("VALIDATION", `"${SOURCE_LOCALE}" is the source locale: there is nothing to translate into it.`, { field: "locale" });
  return [...context.model.translationUnits(locale).values()];
}

const StateCountsType = builder.objectRef<Progress["counts"]>("TranslationStateCounts").implement({
  description: "How many units are in each translation state.",
  fields: (t) => Object.fromEntries(TRANSLATION_STATES.map((s) => [s.toLowerCase(), t.int({ description: `Units in state ${s}.`, resolve: (c) => c[s] })])),
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
  fields: (t) => ({ kind: t.field({ type: TranslationKindEnum, description: "The kind of unit counted.", resolve: (p) => p.kind }) }),
});

type LocaleProgress = Progress & { locale: string; byKind: KindProgress[] };
const ProgressType = builder.objectRef<LocaleProgress>("TranslationProgress").implement({
  description: "Translation progress of one locale over every unit, and per kind.",
  interfaces: [ProgressInterface],
  isTypeOf: (p) => typeof p === "object" && p !== null && "byKind" in p,
  fields: (t) => ({
    locale: t.exposeString("locale", { description: "The locale, as asked for." }),
    byKind: t.field({ type: [KindProgressType], description: "The same counts for each kind of unit.", resolve: (p) => p.byKind }),
  }),
});

builder.queryField("translationProgress", (t) =>
  t.field({
    type: ProgressType,
    description: "How much of the content a locale has translated. Errors: UNKNOWN_LOCALE, VALIDATION for the source locale.",
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
    name: t.exposeString("name", { description: 'The field, e.g. "description" or "differences.2" for one list item.' }),
    source: t.exposeString("source", { description: "Today's English." }),
    translation: t.exposeString("translation", { nullable: true, description: "This locale's translation, whatever its state; null when there is none." }),
    previousSource: t.exposeString("previousSource", { nullable: true, description: "The English the translation was made from, when it differs." }),
  }),
});

function asDocument(text: AnyText): string {
  return textFields(text).map(([name, value]) => `[${name}]\n${value}\n`).join("\n");
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
    const asTask = await taskMaker(units.filter((u) => u !== null), context);
    return units.map((u) => u && asTask(u));
  },
  fields: (t) => ({
    unit: t.exposeString("id", { description: 'Stable unit id, as in XLIFF/PO exports: "code.404", "comparison.401-vs-403", "message.heading.description".' }),
    kind: t.field({ type: TranslationKindEnum, description: "What the unit belongs to.", resolve: (u) => u.kind }),
    state: t.field({ type: TranslationStateEnum, description: "Where this locale's translation stands.", resolve: (u) => u.state }),
    file: t.exposeString("file", { description: "Where the translation lives (or should be created)." }),
    sourceHash: t.exposeString("sourceHash", { description: "Hash of today's English; stamp it into the translation when done." }),
    translatedFromHash: t.string({ nullable: true, description: "Hash of the English the translation was made from; null when untranslated.", resolve: (u) => u.translation?.sourceHash ?? null }),
    fields: t.field({
      type: [TaskFieldType],
      description: "The unit's fields in a fixed order, English beside translation.",
      resolve: (u) => {
        const translated = new Map(u.translation ? textFields(textOf(u.translation)) : []);
        const previous = new Map(u.previous ? textFields(u.previous) : []);
        return textFields(textOf(u.source)).map(([name, source]) => {
          const before = previous.get(name);
          return { name, source, translation: translated.get(name) ?? null, previousSource: before !== undefined && before !== source ? before : null };
        });
      },
    }),
    sourceDiff: t.string({
      nullable: true,
      description: "For OUTDATED units: a unified diff from the English the translation was made from to today's English.",
      resolve: (u) => (u.previous ? createTwoFilesPatch(`${u.id} (translated from ${u.translation?.sourceHash})`, `${u.id} (now ${u.sourceHash})`, asDocument(u.previous), asDocument(textOf(u.source))) : null),
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
        state: t.arg({ type: TranslationStateEnum, description: "Only units in this state; by default every state but PUBLISHED." }),
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
      fields: (c) => ({ totalCount: c.int({ description: "Matches over all pages.", resolve: (connection) => (connection as { totalCount?: number }).totalCount ?? 0 }) }),
    },
    { description: "One translation task in a page, with its cursor." },
  ),
);
