// What a CONFLICT shows the client: the edited record as it is now, in the fields a client sends for it (no
// file paths, no other records), and how the refused input differs from it field by field. Pure: the
// stored content and the refused edit in; the API layer names the enum values (src/schema/conflict.ts).
import { SOURCE_LOCALE } from "../content/format.ts";
import type { ContentSet, TextRecord } from "../content/records.ts";
import { revisionKey, textOf, textUnitId, type TextKey } from "../content/units.ts";
import { translationUnits } from "../domain/translation-units.ts";
import { splitDraft, withDrafts } from "../read/preview.ts";
import type { Edit } from "./edits.ts";
import { DRAFT_PREFIX } from "../write/history.ts";

/** Which kind of record: the API layer shapes each by the input a client sends for it. */
export type RecordKind = "statusCode" | "comparison" | "message" | "translation";

export type RecordView = {
  kind: RecordKind;
  /** The record's fields as a client sends them (domain values); null when it does not exist. */
  current: Record<string, unknown> | null;
  /** Whether `current`'s text is the record's unsaved-to-readers draft (English draft, or a translation's working copy). */
  draft: boolean;
  /** A translation's state as its translators see it (TranslationState); absent for English records. */
  state?: string;
};

export type FieldDiff = { field: string; current: unknown; yours: unknown };

const findText = (list: readonly TextRecord[], id: string, locale: string) =>
  list.find((t) => t.locale === locale && textUnitId.of(t) === id);
const listOf = (content: ContentSet, key: TextKey): readonly TextRecord[] =>
  key.kind === "code"
    ? content.codeTranslations
    : key.kind === "comparison"
      ? content.comparisonTranslations
      : content.messages;

/** A text's fields flat, as inputs name them ("summary", "text" for a message). */
const fieldsOfText = (record: TextRecord): Record<string, unknown> => ({ ...textOf(record) });

/** A comparison's text in the order a client asked for (stored lower code first, whenToUse swapped to match). */
function asAsked(
  fields: Record<string, unknown>,
  key: Extract<TextKey, { kind: "comparison" }>,
  asked: { a: number; b: number } | undefined,
) {
  const flipped = asked !== undefined && asked.a > asked.b;
  const { whenToUseA, whenToUseB, ...rest } = fields;
  return flipped
    ? { a: key.b, b: key.a, ...rest, whenToUseA: whenToUseB, whenToUseB: whenToUseA }
    : { a: key.a, b: key.b, ...rest, whenToUseA, whenToUseB };
}

/** The pair of codes an edit names, in its order (for a comparison's view). */
function askedPair(edit: Edit): { a: number; b: number } | undefined {
  if ("a" in edit) return { a: edit.a, b: edit.b };
  if ("key" in edit && typeof edit.key === "object" && edit.key.kind === "comparison")
    return { a: edit.key.a, b: edit.key.b };
  return undefined;
}

/** The record `record` ("code.404", "comparison.301-vs-302", "code.404:vi") as it is in `content`. */
export function viewOfRecord(content: ContentSet, record: string, edit: Edit): RecordView {
  const parsed = revisionKey.parse(record);
  const key = parsed && textUnitId.parse(parsed.textId);
  if (!parsed || !key) return { kind: "translation", current: null, draft: false };
  const drafts = content.drafts ?? [];
  const draft = findText(drafts, parsed.textId, parsed.locale);
  const row = findText(listOf(content, key), parsed.textId, parsed.locale);
  // The working copy is what the client was editing: the draft when there is one.
  const text = draft ?? row;
  if (parsed.locale !== SOURCE_LOCALE) {
    const state =
      translationUnits(withDrafts(content, [parsed.locale]), parsed.locale).find((u) => u.id === parsed.textId)
        ?.state ?? "MISSING";
    const current = text ? { unitId: parsed.textId, locale: parsed.locale, ...fieldsOfText(text) } : null;
    return { kind: "translation", current, draft: draft !== undefined, state };
  }
  switch (key.kind) {
    case "code": {
      const facts = content.codes.find((c) => c.code === key.code);
      if (!facts) return { kind: "statusCode", current: null, draft: false };
      // class and storage follow from the code and the specification, and file is where the files keep it: none is sent.
      const { class: _class, storage: _storage, file: _file, ...editable } = facts;
      // A draft may change facts too: the working copy is the facts with the draft's changes.
      const drafted = draft ? splitDraft(draft) : null;
      const working = drafted?.text ?? row;
      return {
        kind: "statusCode",
        current: { ...editable, ...drafted?.facts, ...(working ? fieldsOfText(working) : {}) },
        draft: draft !== undefined,
      };
    }
    case "comparison":
      return {
        kind: "comparison",
        current: text ? asAsked(fieldsOfText(text), key, askedPair(edit)) : null,
        draft: draft !== undefined,
      };
    case "message":
      return { kind: "message", current: text ? { key: key.key, ...fieldsOfText(text) } : null, draft: false };
  }
}

/** The fields a refused edit sent, named as in `viewOfRecord` (domain values). */
export function fieldsSent(edit: Edit): Record<string, unknown> {
  switch (edit.kind) {
    case "updateStatusCode":
      return { ...edit.facts, ...edit.text };
    case "upsertComparison":
      return { ...edit.text };
    case "updateMessage":
      return { text: edit.text };
    case "saveTranslation":
      return Object.fromEntries(Object.entries(edit.text).filter(([, v]) => v !== undefined && v !== null));
    case "revert": {
      // A revert sends one field's earlier value; a whole record's has no field to compare.
      const field = edit.entry.field.startsWith(DRAFT_PREFIX)
        ? edit.entry.field.slice(DRAFT_PREFIX.length)
        : edit.entry.field;
      return field === "*" || field === "state" || field === "sourceHash" ? {} : { [field]: edit.entry.before };
    }
    default:
      return {};
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields whose sent value differs from the current one, in the order they were sent. */
export function diffFields(current: Record<string, unknown> | null, yours: Record<string, unknown>): FieldDiff[] {
  return Object.entries(yours)
    .filter(([field, value]) => !same(current?.[field] ?? null, value ?? null))
    .map(([field, value]) => ({ field, current: current?.[field] ?? null, yours: value ?? null }));
}
