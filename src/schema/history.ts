// History of every change, by mutation or import, and `revert`, which is itself a change with its own entry.
import { builder, type Context } from "../builder.ts";
import { draftLocalesOf } from "../auth/roles.ts";
import { SOURCE_LOCALE } from "../content/format.ts";
import { DRAFT_PREFIX, readableChanges, WHOLE_RECORD } from "../write/history.ts";
import type { RecordKind } from "../editorial/conflict.ts";
import { textUnitId } from "../content/units.ts";
import { apiValueOf, inputFieldsOf } from "./conflict.ts";
import type { HistoryRow } from "../editorial/session.ts";
import { expectedError } from "./errors.ts";
import { permissionFor, run } from "./edit.ts";
import { forwardPage, forwardPageSize } from "./pagination.ts";

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

/** The entries a request's `revert` named, read once: its scope check and its resolver both need the entry. */
const entriesRead = new WeakMap<Context, Map<number, Promise<HistoryRow | null>>>();
function entryOf(context: Context, id: number): Promise<HistoryRow | null> {
  let read = entriesRead.get(context);
  if (!read) entriesRead.set(context, (read = new Map()));
  let entry = read.get(id);
  if (!entry) read.set(id, (entry = context.editorial.entry(id)));
  return entry;
}

const JSONScalar = builder.scalarType("JSON", {
  description: "A value as it is: a string, number, boolean, list or object (never JSON-encoded text).",
  serialize: (value) => value,
  parseValue: (value) => value,
});

type Change = { field: string; before: unknown; after: unknown };

const FieldChangeType = builder.objectRef<Change>("FieldChange").implement({
  description: "One field's value before and after a change, as the API names it (enum values as in the schema).",
  fields: (t) => ({
    field: t.string({
      description:
        'The field, as the record\'s mutation input names it: "summary", "cacheable", "retry"; "state" and "sourceHash" for a translation\'s bookkeeping.',
      resolve: (c) => c.field,
    }),
    before: t.field({
      type: JSONScalar,
      nullable: true,
      description: "The value before; null where the field or record did not exist.",
      resolve: (c) => c.before,
    }),
    after: t.field({
      type: JSONScalar,
      nullable: true,
      description: "The value after; null where the field or record was deleted.",
      resolve: (c) => c.after,
    }),
  }),
});

/** Which input an entry's fields are named by (as a CONFLICT's are); null for locales, which only files change. */
function recordKindOf(entry: HistoryRow): RecordKind | null {
  const key = textUnitId.parse(entry.unit);
  if (!key) return null;
  if (entry.locale !== null && entry.locale !== SOURCE_LOCALE) return "translation";
  return key.kind === "code" ? "statusCode" : key.kind;
}

const HistoryEntryType = builder.objectRef<HistoryRow>("HistoryEntry").implement({
  description: "One changed field of one record: who changed it, when, and what it was before and after.",
  fields: (t) => ({
    id: t.int({ description: "The entry's id, for `revert`.", resolve: (e) => e.id }),
    contentVersion: t.int({ description: "The content version the change produced.", resolve: (e) => e.version }),
    at: t.string({ description: "When, as an ISO 8601 timestamp (UTC).", resolve: (e) => e.at.toISOString() }),
    actor: t.string({
      description: 'The token\'s name, or "import" for a change made by importing files.',
      resolve: (e) => e.actor,
    }),
    importRunId: t.int({
      nullable: true,
      description: "The import run, for changes made by an import.",
      resolve: (e) => e.importRunId,
    }),
    unit: t.string({
      description: 'The unit: "code.404", "comparison.401-vs-403", "message.heading.description", or "locale.vi".',
      resolve: (e) => e.unit,
    }),
    locale: t.string({
      nullable: true,
      description: "The locale of the text changed; null for language-neutral facts.",
      resolve: (e) => e.locale,
    }),
    field: t.string({
      description:
        'The field: "description", "cacheable", "state"; "draft." before a draft\'s fields; "*" when the whole record was created or deleted.',
      resolve: (e) => e.field,
    }),
    draft: t.boolean({
      description: "Whether the change was to a draft (English or a translation's), which readers did not see.",
      resolve: (e) => e.field.startsWith(DRAFT_PREFIX),
    }),
    changes: t.field({
      type: [FieldChangeType],
      description:
        "What changed, field by field, with readable values: one change for a field's entry, one per field for a whole record created or deleted.",
      resolve: (e, _args, _context, info) => {
        const kind = recordKindOf(e);
        const fields = kind ? inputFieldsOf(info.schema, kind) : new Map();
        return readableChanges({ field: e.field, before: parse(e.before), after: parse(e.after) }).map((c) => ({
          field: c.field,
          before: apiValueOf(fields, c.field, c.before),
          after: apiValueOf(fields, c.field, c.after),
        }));
      },
    }),
    before: t.string({
      nullable: true,
      deprecationReason: "Use `changes`: the same values, readable and field by field.",
      description: "The value before, as JSON; null where the record did not exist.",
      resolve: (e) => e.before,
    }),
    after: t.string({
      nullable: true,
      deprecationReason: "Use `changes`: the same values, readable and field by field.",
      description: "The value after, as JSON; null where the record was deleted.",
      resolve: (e) => e.after,
    }),
    note: t.string({
      nullable: true,
      description: "Why an entry records something that was not applied (an import that kept the database's value).",
      resolve: (e) => e.note,
    }),
  }),
});

builder.queryField("history", (t) =>
  t.connection(
    {
      type: HistoryEntryType,
      description: "A unit's changes, newest first (editors; translators and reviewers for their locale's text).",
      args: {
        unit: t.arg.string({ required: true, description: 'The unit, e.g. "code.404" or "comparison.401-vs-403".' }),
        locale: t.arg.string({
          description: 'Only changes to this locale\'s text ("en" for English); all, facts included, when left out.',
        }),
      },
      authScopes: (_root, args) =>
        args.locale && args.locale !== SOURCE_LOCALE
          ? { $any: { edit: true, translate: args.locale } }
          : { edit: true },
      resolve: async (_root, args, context) => {
        const size = forwardPageSize(args, "history");
        // The cursor is the entry id: stable however many changes land meanwhile.
        const after = args.after == null ? null : Number(args.after);
        if (after !== null && !Number.isInteger(after))
          throw expectedError("VALIDATION", `"${args.after}" is not a history cursor`, { field: "after" });
        // Drafts by the one rule for them (src/auth/roles.ts): an editor reads a locale's published history, not its drafts.
        const rows = await context.editorial.history({
          unit: args.unit,
          locale: args.locale,
          before: after,
          take: size + 1,
          draftLocales: draftLocalesOf(context.viewer),
        });
        return forwardPage(rows, size, args.after, (row) => String(row.id));
      },
    },
    { description: "A page of history entries." },
    { description: "One history entry in a page, with its cursor." },
  ),
);

builder.relayMutationField(
  "revert",
  {
    description: "Which change to undo.",
    inputFields: (t) => ({
      entryId: t.int({ required: true, description: "A history entry's `id`." }),
      expectedRevision: t.int({
        required: true,
        description: "The current `revision` of the record the entry changed. A stale one is refused with CONFLICT.",
      }),
    }),
  },
  {
    description:
      "Puts back what one history entry changed (editors for English, facts and comparisons; reviewers for their locale's translations). The revert is itself a change, with its own entry.",
    authScopes: async (_root, { input }, context) => {
      const entry = await entryOf(context, input.entryId);
      return permissionFor(entry?.locale ?? null);
    },
    resolve: async (_root, { input }, context, info) => {
      const entry = await entryOf(context, input.entryId);
      if (!entry) throw expectedError("NOT_FOUND", `No history entry ${input.entryId}.`, { field: "entryId" });
      const asRevertible = (e: HistoryRow) => ({
        id: e.id,
        unit: e.unit,
        locale: e.locale,
        field: e.field,
        before: parse(e.before),
        after: parse(e.after),
      });
      const together =
        entry.field === WHOLE_RECORD && entry.locale === null
          ? (await context.editorial.together(entry)).map(asRevertible)
          : [];
      return run(
        context,
        { kind: "revert", entry: { ...asRevertible(entry), together } },
        input.expectedRevision,
        info.schema,
      );
    },
  },
  {
    description: "The record after the revert.",
    outputFields: (t) => ({
      record: t.string({
        description: 'The record reverted, e.g. "code.404" or "code.404:vi".',
        resolve: (done) => done.record,
      }),
      revision: t.int({ description: "The record's revision now.", resolve: (done) => done.revision }),
      contentVersion: t.int({
        description: "The content version the revert produced.",
        resolve: (done) => done.version,
      }),
    }),
  },
);
