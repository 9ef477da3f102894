// What one change did, field by field: the entries history stores for a planned create, update or delete
// (two versions of a unit in, changed fields out; pure), and writing them in the change's transaction.
// Part of the write path (src/write/): imports and edits write history through it, editorial reads its names.
import { textUnitId, type Unit } from "../content/units.ts";
import { insertRows } from "../db/bulk.ts";
import type { Tx } from "../db/database.ts";
import { DRAFT_FACTS } from "../read/preview.ts";

export type FieldChange = {
  /** Text unit id ("code.404", "comparison.401-vs-403", "message.x") or "locale.vi". */
  unit: string;
  /** null for language-neutral facts and pairs. */
  locale: string | null;
  /** A field name; "*" for the whole record created or deleted; drafts' fields start with "draft.". */
  field: string;
  before: unknown;
  after: unknown;
};

export const WHOLE_RECORD = "*";
export const DRAFT_PREFIX = "draft.";

/** Where a unit's history is filed: its text unit id and locale, as clients ask for it. */
export function historySubject(unit: Unit): { unit: string; locale: string | null; prefix: string } {
  switch (unit.kind) {
    case "locale":
      return { unit: `locale.${unit.record.code}`, locale: null, prefix: "" };
    case "code":
      return { unit: textUnitId.code(unit.record.code), locale: null, prefix: "" };
    case "comparison":
      return { unit: textUnitId.comparison(unit.record.codeA, unit.record.codeB), locale: null, prefix: "" };
    case "draft":
      return { unit: textUnitId.of(unit.record), locale: unit.record.locale, prefix: DRAFT_PREFIX };
    default:
      return { unit: textUnitId.of(unit.record), locale: unit.record.locale, prefix: "" };
  }
}

/** The keys that identify a record rather than describe it, and where it came from. */
const IDENTITY = new Set(["code", "codeA", "codeB", "locale", "key", "file"]);

/** A record as named fields: a text's fields sit beside state and sourceHash, one level deep. */
export function fieldsOf(unit: Unit): Map<string, unknown> {
  return fieldsOfRecord(unit.record);
}

function fieldsOfRecord(record: object): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [key, value] of Object.entries(record)) {
    if (IDENTITY.has(key)) continue;
    if (key === "text" && value && typeof value === "object") {
      for (const [field, text] of Object.entries(value)) fields.set(field, text);
    } else fields.set(key, value);
  }
  return fields;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function fieldChanges(previous: Unit | undefined, next: Unit | undefined): FieldChange[] {
  const subject = historySubject((next ?? previous)!);
  const at = (field: string, before: unknown, after: unknown): FieldChange => ({
    unit: subject.unit,
    locale: subject.locale,
    field: subject.prefix + field,
    before,
    after,
  });
  if (!previous && next) return [at(WHOLE_RECORD, null, next.record)];
  if (previous && !next) return [at(WHOLE_RECORD, previous.record, null)];
  if (!previous || !next) return [];
  const before = fieldsOf(previous);
  const after = fieldsOf(next);
  const changes: FieldChange[] = [];
  for (const field of new Set([...before.keys(), ...after.keys()])) {
    if (!same(before.get(field), after.get(field)))
      changes.push(at(field, before.get(field) ?? null, after.get(field) ?? null));
  }
  return changes;
}

/** One field's change as history shows it to people: a field name, and its values as they are (not JSON text). */
export type ReadableChange = { field: string; before: unknown; after: unknown };

/** A stored record (a whole-record entry's value) as named fields, as `fieldsOf` reads a unit. */
const fieldsOfValue = (value: unknown): Map<string, unknown> =>
  value && typeof value === "object" ? fieldsOfRecord(value) : new Map();

/**
 * An entry's change field by field: a field entry is one change; a whole record created or deleted is one
 * change per field it held (identity and file left out). Draft entries name their field without "draft.".
 */
export function readableChanges(entry: { field: string; before: unknown; after: unknown }): ReadableChange[] {
  const field = entry.field.startsWith(DRAFT_PREFIX) ? entry.field.slice(DRAFT_PREFIX.length) : entry.field;
  const changes =
    field === WHOLE_RECORD
      ? changesBetween(fieldsOfValue(entry.before), fieldsOfValue(entry.after))
      : [{ field, before: entry.before ?? null, after: entry.after ?? null }];
  // A code's English draft keeps the facts it changes under one key (src/read/preview.ts): shown fact by fact.
  return changes.flatMap((change) =>
    change.field === DRAFT_FACTS ? changesBetween(objectFields(change.before), objectFields(change.after)) : [change],
  );
}

const objectFields = (value: unknown): Map<string, unknown> =>
  new Map(value && typeof value === "object" ? Object.entries(value) : []);

function changesBetween(before: Map<string, unknown>, after: Map<string, unknown>): ReadableChange[] {
  return [...new Set([...before.keys(), ...after.keys()])]
    .map((name) => ({ field: name, before: before.get(name) ?? null, after: after.get(name) ?? null }))
    .filter((change) => !same(change.before, change.after));
}

/** History rows per statement: a first import writes one per unit, and one statement of 13,000 rows is a large transient. */
export const HISTORY_BATCH = 500;

/**
 * Writes `changes` (any iterable: an import's are made as they are written, not held all at once) in
 * batches of HISTORY_BATCH, calling `between` after each statement (a batch may take several: src/db/bulk.ts).
 */
export async function recordHistory(
  tx: Tx,
  changes: Iterable<FieldChange & { note?: string }>,
  /** `actor` may name each change's author: saves written together (src/editorial/save-queue.ts) each keep theirs. */
  who: { actor: string | ((change: FieldChange) => string); importRunId: number | null; version: number },
  between: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  // One time for the whole change, as one statement of createMany gave each of its rows.
  const at = new Date();
  let batch: (FieldChange & { note?: string })[] = [];
  const flush = async () => {
    if (!batch.length) return;
    await insertRows(
      tx,
      "HistoryEntry",
      batch.map((c) => ({
        ...who,
        at,
        actor: typeof who.actor === "string" ? who.actor : who.actor(c),
        unit: c.unit,
        locale: c.locale,
        field: c.field,
        before: c.before === null ? null : JSON.stringify(c.before),
        after: c.after === null ? null : JSON.stringify(c.after),
        note: c.note ?? null,
      })),
      between,
    );
    batch = [];
  };
  for (const change of changes) {
    batch.push(change);
    if (batch.length >= HISTORY_BATCH) await flush();
  }
  await flush();
}
