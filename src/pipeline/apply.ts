// Step 4 of an import or an edit: carry out a plan in one transaction, so a failure part-way leaves the
// previous content exactly as it was; move the content version and the changed records' revisions forward,
// and record every changed field in history (and, for imports, the run and what the files held). Rows are
// written in batches of BATCH: a first import of 101 locales writes 13,000 units, their history, bases and
// change log, and one statement each held all of them in memory at once, twice (the rows and the SQL).
// History and the webhook outbox are written through the write path's own modules (src/write/).
import { recordImportedDigest } from "./source.ts";
import { SOURCE_LOCALE } from "../content/format.ts";
import { NO_UNITS, revisionKey, sourceTextHash, textOf, textUnitId, type Unit } from "../content/units.ts";
import { insertRows, upsertRow } from "../db/bulk.ts";
import { CONTENT_STATE_ID, readContentVersion, type Database, type Tx } from "../db/database.ts";
import { fieldChanges, recordHistory, type FieldChange } from "../write/history.ts";
import { enqueueContentPublished } from "../write/outbox.ts";
import type { Plan, PlanEntry } from "./plan.ts";
import { noPause, type Pause } from "./time-slices.ts";

/** Rows per statement. SQLite allows 32,766 bound values per statement; the widest row here has about 25. */
export const BATCH = 500;

function* batchesOf<T>(items: Iterable<T>, size = BATCH): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Runs `write` for each batch of `items`, pausing after each (src/pipeline/time-slices.ts). */
async function inBatches<T>(items: Iterable<T>, pause: Pause, write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (const batch of batchesOf(items)) {
    await write(batch);
    await pause();
  }
}

/** `find` over `keys` a batch at a time (an IN list of 13,000 values is one statement too many). */
async function findInBatches<K, R>(keys: readonly K[], pause: Pause, find: (batch: K[]) => Promise<R[]>): Promise<R[]> {
  const found: R[] = [];
  for (const batch of batchesOf(keys)) {
    found.push(...(await find(batch)));
    await pause();
  }
  return found;
}

/** The content moved on since the plan was made: applying it could undo a write nobody has seen. */
export class ContentVersionConflict extends Error {
  readonly code = "CONFLICT";
  constructor(
    readonly plannedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `CONFLICT: this change was planned from content version ${plannedVersion}, but the database is now at version ${currentVersion}; nothing was written. Plan again from the current content.`,
    );
    this.name = "ContentVersionConflict";
  }
}

/** The edited record moved since the edit read it: the edit is planned again, and then answers CONFLICT. */
export class RevisionConflict extends Error {
  readonly code = "CONFLICT";
  constructor(readonly record: string) {
    super(`CONFLICT: ${record} changed while this change was being written; nothing was written.`);
    this.name = "RevisionConflict";
  }
}

/** The record an edit read and the revision it was at then ("code.404:vi" at 3). */
export type RevisionGuard = { record: string; revision: number };

/**
 * Moves the edited record from the revision the edit read to the next, or throws RevisionConflict when it
 * is there no longer: drafts claim no content version, so this compare-and-set is what orders two saves of
 * one translation (and a save against a publish of it). A record never edited has no row yet: its revision
 * is 1 when it exists and 0 when it does not, which the edit read.
 */
async function claimNextRevision(tx: Tx, guard: RevisionGuard): Promise<number> {
  // The compare-and-set first: a record edited before has its row, and then this one statement is all.
  // Raw, as every save makes it (src/db/bulk.ts).
  const count =
    await tx.$executeRaw`UPDATE "Revision" SET "revision" = "revision" + 1 WHERE "record" = ${guard.record} AND "revision" = ${guard.revision}`;
  if (count === 1) return guard.revision + 1;
  const row = await tx.revision.findUnique({ where: { record: guard.record }, select: { revision: true } });
  if (!row) {
    await tx.revision
      .create({ data: { record: guard.record, revision: guard.revision + 1 } })
      .catch((error: unknown) => {
        // PostgreSQL: another transaction created the row since this one looked.
        throw (error as { code?: string }).code === "P2002" ? new RevisionConflict(guard.record) : error;
      });
    return guard.revision + 1;
  }
  throw new RevisionConflict(guard.record);
}

/** Every guarded record moved to its next revision, or RevisionConflict for the first that moved meanwhile. */
async function claimNextRevisions(tx: Tx, guards: readonly RevisionGuard[]): Promise<Map<string, number>> {
  const claimed = new Map<string, number>();
  for (const guard of guards) claimed.set(guard.record, await claimNextRevision(tx, guard));
  return claimed;
}

/**
 * Claims the next content version, first thing in a write transaction: the conditional UPDATE takes the
 * row's write lock (PostgreSQL) or the database's (SQLite), so of two writers planned from the same
 * version exactly one moves it and the other sees zero rows and gives up before writing anything.
 */
export async function claimNextVersion(tx: Tx, plannedVersion: number): Promise<number> {
  const { count } = await tx.contentState.updateMany({
    where: { id: CONTENT_STATE_ID, version: plannedVersion },
    data: { version: { increment: 1 } },
  });
  if (count !== 1) throw new ContentVersionConflict(plannedVersion, await readContentVersion(tx));
  return plannedVersion + 1;
}

const DELETE_ORDER: Unit["kind"][] = ["draft", "message", "comparisonText", "comparison", "codeText", "code", "locale"];
/** Rows that others point at come first: a translation needs its code and its locale. */
const WRITE_ORDER = [...DELETE_ORDER].reverse();

type UnitOf<K extends Unit["kind"]> = Extract<Unit, { kind: K }>;

/** How each kind of unit is stored: its row's key and the other columns, one definition for creating and updating. */
const rows = {
  locale: ({ record: { code, ...data } }: UnitOf<"locale">) => ({ key: { code }, data }),
  code({ record }: UnitOf<"code">) {
    const { code, spec, related: _related, headers, registryExpires, ...rest } = record;
    const data = {
      ...rest,
      registryExpires: registryExpires ? new Date(`${registryExpires}T00:00:00Z`) : null,
      specDocument: spec.document,
      specSection: spec.section,
      specUrl: spec.url,
      headers: JSON.stringify(headers),
    };
    return { key: { code }, data };
  },
  codeText: ({ record: { code, locale, text, state, sourceHash, file } }: UnitOf<"codeText">) => ({
    key: { code, locale },
    data: { ...text, state, sourceHash, file },
  }),
  comparison: ({ record: { codeA, codeB } }: UnitOf<"comparison">) => ({ key: { codeA, codeB }, data: {} }),
  comparisonText: ({ record: { codeA, codeB, locale, text, state, sourceHash, file } }: UnitOf<"comparisonText">) => ({
    key: { codeA, codeB, locale },
    data: {
      ...text,
      differences: JSON.stringify(text.differences),
      similarities: JSON.stringify(text.similarities),
      state,
      sourceHash,
      file,
    },
  }),
  message: ({ record: { locale, key, text, state, sourceHash, file } }: UnitOf<"message">) => ({
    key: { locale, key },
    data: { text, state, sourceHash, file },
  }),
  draft: ({ record }: UnitOf<"draft">) => ({
    key: { unit: textUnitId.of(record), locale: record.locale },
    data: { text: JSON.stringify(textOf(record)), state: record.state, sourceHash: record.sourceHash },
  }),
};

const createRow = <T extends { key: object; data: object }>({ key, data }: T) =>
  ({ ...key, ...data }) as T["key"] & T["data"];

/** Units the plan found absent, all of one kind, in one statement: called a batch at a time. */
async function createUnits(tx: Tx, kind: Unit["kind"], units: readonly Unit[], pause: Pause): Promise<void> {
  const of = <K extends Unit["kind"]>(_kind: K) => units as readonly UnitOf<K>[];
  // The bulk INSERT (src/db/bulk.ts) leaves no column to Prisma: @updatedAt is given here.
  const now = new Date();
  switch (kind) {
    case "locale":
      return void (await tx.locale.createMany({ data: of("locale").map((u) => createRow(rows.locale(u))) }));
    case "code":
      return void (await tx.statusCode.createMany({ data: of("code").map((u) => createRow(rows.code(u))) }));
    case "codeText":
      return void (await insertRows(
        tx,
        "StatusCodeTranslation",
        of("codeText").map((u) => ({ ...createRow(rows.codeText(u)), updatedAt: now })),
        pause,
      ));
    case "comparison":
      return void (await tx.comparison.createMany({
        data: of("comparison").map((u) => createRow(rows.comparison(u))),
      }));
    case "comparisonText":
      return void (await insertRows(
        tx,
        "ComparisonTranslation",
        of("comparisonText").map((u) => ({ ...createRow(rows.comparisonText(u)), updatedAt: now })),
        pause,
      ));
    case "message":
      return void (await insertRows(
        tx,
        "Message",
        of("message").map((u) => createRow(rows.message(u))),
        pause,
      ));
    case "draft":
      return void (await tx.translationDraft.createMany({ data: of("draft").map((u) => createRow(rows.draft(u))) }));
  }
}

/** A unit the plan found stored: upserted, so that the row is right whatever it held. */
async function updateUnit(tx: Tx, unit: Unit): Promise<void> {
  switch (unit.kind) {
    case "locale": {
      const { key, data } = rows.locale(unit);
      return void (await tx.locale.upsert({ where: key, create: { ...key, ...data }, update: data }));
    }
    case "code": {
      const { key, data } = rows.code(unit);
      return void (await tx.statusCode.upsert({ where: key, create: { ...key, ...data }, update: data }));
    }
    case "codeText": {
      const { key, data } = rows.codeText(unit);
      return void (await tx.statusCodeTranslation.upsert({
        where: { code_locale: key },
        create: { ...key, ...data },
        update: data,
      }));
    }
    case "comparison": {
      const { key } = rows.comparison(unit);
      return void (await tx.comparison.upsert({ where: { codeA_codeB: key }, create: key, update: {} }));
    }
    case "comparisonText": {
      const { key, data } = rows.comparisonText(unit);
      return void (await tx.comparisonTranslation.upsert({
        where: { codeA_codeB_locale: key },
        create: { ...key, ...data },
        update: data,
      }));
    }
    case "message": {
      const { key, data } = rows.message(unit);
      return void (await tx.message.upsert({ where: { locale_key: key }, create: { ...key, ...data }, update: data }));
    }
    // Every draft save writes one: raw, as the hot path's statements are (src/db/bulk.ts).
    case "draft": {
      const { key, data } = rows.draft(unit);
      return void (await upsertRow(tx, "TranslationDraft", key, data));
    }
  }
}

async function deleteUnit(tx: Tx, unit: Unit): Promise<void> {
  switch (unit.kind) {
    case "locale":
      return void (await tx.locale.delete({ where: { code: unit.record.code } }));
    case "code":
      return void (await tx.statusCode.delete({ where: { code: unit.record.code } }));
    case "codeText":
      return void (await tx.statusCodeTranslation.deleteMany({
        where: { code: unit.record.code, locale: unit.record.locale },
      }));
    case "comparison":
      return void (await tx.comparison.deleteMany({ where: { codeA: unit.record.codeA, codeB: unit.record.codeB } }));
    case "comparisonText":
      return void (await tx.comparisonTranslation.deleteMany({
        where: { codeA: unit.record.codeA, codeB: unit.record.codeB, locale: unit.record.locale },
      }));
    case "message":
      return void (await tx.message.deleteMany({ where: { locale: unit.record.locale, key: unit.record.key } }));
    case "draft":
      return void (await tx.translationDraft.deleteMany({
        where: { unit: textUnitId.of(unit.record), locale: unit.record.locale },
      }));
  }
}

/**
 * Moves each changed record's revision forward by one (a new record starts at 1); returns the new values.
 * Four statements whatever the number of records: a first import changes hundreds, and on PostgreSQL each
 * statement is a round trip.
 */
async function advanceRevisions(
  tx: Tx,
  units: readonly Unit[],
  guards: readonly RevisionGuard[] = [],
  pause: Pause = noPause,
): Promise<Map<string, number>> {
  const claimed = await claimNextRevisions(tx, guards);
  const records = [
    ...new Set(
      units.map((unit) => revisionKey.ofUnit(unit)).filter((key): key is string => key !== null && !claimed.has(key)),
    ),
  ];
  if (!records.length) return claimed;
  const existing = new Set(
    (
      await findInBatches(records, pause, (batch) =>
        tx.revision.findMany({ where: { record: { in: batch } }, select: { record: true } }),
      )
    ).map((r) => r.record),
  );
  await inBatches(existing, pause, (batch) =>
    tx.revision.updateMany({ where: { record: { in: batch } }, data: { revision: { increment: 1 } } }),
  );
  const created = records.filter((record) => !existing.has(record));
  await inBatches(created, pause, (batch) =>
    insertRows(
      tx,
      "Revision",
      batch.map((record) => ({ record, revision: 1 })),
    ),
  );
  // Only the incremented revisions are read back: a row created here is at 1 (a first import creates 13,000).
  const rows = await findInBatches([...existing], pause, (batch) =>
    tx.revision.findMany({ where: { record: { in: batch } } }),
  );
  return new Map([
    ...claimed,
    ...created.map((record) => [record, 1] as const),
    ...rows.map((r) => [r.record, r.revision] as const),
  ]);
}

/**
 * Records the units a version changed. Every version gets at least one row (NO_UNITS when it changed none),
 * so a reader that finds a version missing from the log knows it was pruned and loads everything instead.
 */
async function logChanges(tx: Tx, version: number, units: readonly Unit[], pause: Pause = noPause): Promise<void> {
  const ids = [...new Set(units.filter((unit) => unit.kind !== "draft").map((unit) => unit.id))];
  await inBatches(ids.length ? ids : [NO_UNITS], pause, (batch) =>
    insertRows(
      tx,
      "ContentChange",
      batch.map((unit) => ({ version, unit })),
    ),
  );
  // The log is a window: a server further behind than this loads in full, which costs less than keeping it all.
  await tx.contentChange.deleteMany({ where: { version: { lte: version - CHANGE_LOG_VERSIONS } } });
}

/** Versions the change log keeps: a server that missed more loads everything once. */
export const CHANGE_LOG_VERSIONS = 10_000;

/** Moves the draft state of every locale whose drafts changed: previews of those locales are built again. */
async function touchDrafts(tx: Tx, units: readonly Unit[]): Promise<void> {
  const locales = [...new Set(units.flatMap((unit) => (unit.kind === "draft" ? [unit.record.locale] : [])))];
  // Raw, as every draft save makes it (src/db/bulk.ts).
  for (const locale of locales)
    await tx.$executeRaw`INSERT INTO "DraftState" ("locale", "version") VALUES (${locale}, 1) ON CONFLICT ("locale") DO UPDATE SET "version" = "DraftState"."version" + 1`;
}

/**
 * Replaces what the files held at the last import (ImportBase) with what they hold now, unit by unit and
 * (when read from a folder) as a whole: the next import's bases.
 */
export async function recordImportBases(
  tx: Tx,
  bases: ReadonlyMap<string, string>,
  sourceDigest: string | undefined,
  pause: Pause = noPause,
): Promise<void> {
  await tx.importBase.deleteMany();
  await inBatches(bases, pause, (batch) =>
    insertRows(
      tx,
      "ImportBase",
      batch.map(([unit, hash]) => ({ unit, hash })),
    ),
  );
  await recordImportedDigest(tx, sourceDigest);
}

const KEPT_DATABASE =
  "changed in its file and through the API since the last import; the import kept the database's value (--keep-db), so `after` is the file's, not applied";

/** The side that lost a conflict stays findable: a kept database value notes the file's that was not imported. */
export function keptConflicts(plan: Plan): (FieldChange & { note: string })[] {
  return plan.entries
    .filter((e) => e.action === "keep" && e.conflict)
    .flatMap((e) =>
      fieldChanges(e.previous, e.unit === e.previous ? undefined : e.unit).map((c) => ({ ...c, note: KEPT_DATABASE })),
    );
}

/** What a plan changed, field by field, made as history writes it (a batch at a time), not all at once. */
function* planChanges(
  deletes: readonly PlanEntry[],
  writes: readonly PlanEntry[],
  plan?: Plan,
): Generator<FieldChange & { note?: string }> {
  for (const e of deletes) yield* fieldChanges(e.unit, undefined);
  for (const e of writes) yield* fieldChanges(e.previous, e.unit);
  if (plan) yield* keptConflicts(plan);
}

/** Keeps every English text ever imported, so outdated translations can show what changed: two statements for any number. */
async function rememberSources(tx: Tx, units: readonly Unit[], pause: Pause = noPause): Promise<void> {
  const sources = new Map<string, { hash: string; unit: string; content: string }>();
  for (const unit of units) {
    if (unit.kind !== "codeText" && unit.kind !== "comparisonText" && unit.kind !== "message") continue;
    if (unit.record.locale !== SOURCE_LOCALE) continue;
    const hash = sourceTextHash(unit.record);
    sources.set(hash, { hash, unit: textUnitId.of(unit.record), content: JSON.stringify(textOf(unit.record)) });
  }
  if (!sources.size) return;
  const known = await findInBatches([...sources.keys()], pause, (batch) =>
    tx.sourceRevision.findMany({ where: { hash: { in: batch } }, select: { hash: true } }),
  );
  for (const { hash } of known) sources.delete(hash);
  const createdAt = new Date();
  await inBatches(sources.values(), pause, (batch) =>
    insertRows(
      tx,
      "SourceRevision",
      batch.map((source) => ({ ...source, createdAt })),
      pause,
    ),
  );
}

export type ApplyOptions = {
  /** The content version the plan was made from. */
  plannedVersion: number;
  /** Who makes the change, as history names it: a token's name, or "import". */
  actor: string;
  /** Imports record a run, and what each file held (ImportBase) for the next import's three-way plan. */
  run?: { startedAt: Date; warnings: string[]; bases: ReadonlyMap<string, string>; sourceDigest: string | undefined };
  /** An edit's records and the revisions it read: they move by compare-and-set, so a save in between is never overwritten. */
  guards?: readonly RevisionGuard[];
  /** Test hook: runs inside the transaction after the writes, to prove a crash there rolls everything back. */
  beforeCommit?: (tx: Tx) => Promise<void>;
  /** Units written or deleted so far, of all the plan writes: for progress bars and polled jobs. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Runs last inside the transaction, for what must commit with the content or not at all (an import
   * job's outcome): throwing rolls the whole change back.
   */
  finish?: (tx: Tx, applied: { runId: number | null; version: number; plan: Plan }) => Promise<void>;
  /**
   * Called between batches (src/pipeline/time-slices.ts): an import job gives the event loop back, and a
   * pause that throws (the import was cut off) rolls the transaction back.
   */
  pause?: Pause;
};

export type Applied = {
  runId: number | null;
  version: number;
  /** The new revision of every editable record the plan changed ("code.404", "code.404:vi", …). */
  revisions: ReadonlyMap<string, number>;
};

/** What an applied write tells the content-version watch: the version it claimed, or read (drafts). */
const LEAVES_APPLIED_VERSION = { versionAfter: (applied: Applied) => applied.version };

/** Deletes, creates and updates the plan's units, rows that others point at first; reports progress per unit. */
async function writeUnits(
  tx: Tx,
  deletes: readonly PlanEntry[],
  writes: readonly PlanEntry[],
  onProgress?: (done: number, total: number) => void,
  pause: Pause = noPause,
): Promise<void> {
  let done = 0;
  const total = deletes.length + writes.length;
  onProgress?.(done, total);
  for (const kind of DELETE_ORDER) {
    for (const entry of deletes.filter((e) => e.unit.kind === kind)) {
      await deleteUnit(tx, entry.unit);
      onProgress?.(++done, total);
      await pause();
    }
  }
  for (const kind of WRITE_ORDER) {
    const created = writes.filter((e) => e.action === "create" && e.unit.kind === kind).map((e) => e.unit);
    await inBatches(created, pause, async (batch) => {
      await createUnits(tx, kind, batch, pause);
      onProgress?.((done += batch.length), total);
    });
    for (const entry of writes.filter((e) => e.action === "update" && e.unit.kind === kind)) {
      await updateUnit(tx, entry.unit);
      onProgress?.(++done, total);
      await pause();
    }
  }
}

/**
 * A plan that changes drafts alone (a translator's save, a reviewer's approval): editorial state, not public
 * content. It claims no content version, so readers' snapshots, response caches and ETags stay as they are;
 * the record's revision moves by compare-and-set instead, and history records the change at the version
 * readers are on.
 */
export async function applyDraftChange(
  db: Database,
  plan: Plan,
  options: { actor: string | ((change: FieldChange) => string); guards: readonly RevisionGuard[] },
): Promise<Applied> {
  return db.write(async (tx) => {
    const deletes = plan.entries.filter((e) => e.action === "delete");
    const writes = plan.entries.filter((e) => e.action === "create" || e.action === "update");
    const revisions = await claimNextRevisions(tx, options.guards);
    const version = await readContentVersion(tx);
    await writeUnits(tx, deletes, writes);
    await touchDrafts(
      tx,
      [...deletes, ...writes].map((e) => e.unit),
    );
    await recordHistory(tx, planChanges(deletes, writes), { actor: options.actor, importRunId: null, version });
    return { runId: null, version, revisions };
  }, LEAVES_APPLIED_VERSION);
}

export async function applyPlan(db: Database, plan: Plan, options: ApplyOptions): Promise<Applied> {
  const pause = options.pause ?? noPause;
  return db.write(async (tx) => {
    const version = await claimNextVersion(tx, options.plannedVersion);
    const deletes = plan.prune ? plan.entries.filter((e) => e.action === "delete") : [];
    const writes = plan.entries.filter((e) => e.action === "create" || e.action === "update");
    // The plan was made from the version just claimed, so what it found absent is absent.
    await writeUnits(tx, deletes, writes, options.onProgress, pause);
    // Related codes point at other codes, so they are written once every code row exists.
    const codes = writes.flatMap((e) => (e.unit.kind === "code" ? [e.unit.record] : []));
    if (codes.length) {
      await tx.relatedCode.deleteMany({ where: { fromCode: { in: codes.map((c) => c.code) } } });
      await inBatches(
        codes.flatMap(({ code, related }) => related.map((toCode, position) => ({ fromCode: code, toCode, position }))),
        pause,
        (batch) => tx.relatedCode.createMany({ data: batch }),
      );
    }
    await rememberSources(
      tx,
      writes.map((e) => e.unit),
      pause,
    );
    // Every state a unit is stored in, so a later import of older files can be recognised as such.
    // (Edits plan without the whole history, so what is already recorded is asked for here.)
    const known = await findInBatches(
      writes.map((e) => e.unit.id),
      pause,
      (batch) => tx.unitRevision.findMany({ where: { unit: { in: batch } }, select: { unit: true, hash: true } }),
    );
    const recorded = new Set(known.map((r) => `${r.unit} ${r.hash}`));
    const firstStored = writes.filter((e) => !recorded.has(`${e.unit.id} ${e.hash}`));
    await inBatches(firstStored, pause, (batch) =>
      insertRows(
        tx,
        "UnitRevision",
        batch.map((e) => ({ unit: e.unit.id, hash: e.hash, version })),
      ),
    );
    const changed = [...deletes, ...writes].map((e) => e.unit);
    const revisions = await advanceRevisions(tx, changed, options.guards, pause);
    await logChanges(tx, version, changed, pause);
    await touchDrafts(tx, changed);
    let runId: number | null = null;
    if (options.run) {
      const run = await tx.importRun.create({
        data: {
          startedAt: options.run.startedAt,
          finishedAt: new Date(),
          status: "succeeded",
          created: plan.counts.created,
          updated: plan.counts.updated,
          unchanged: plan.counts.unchanged,
          deleted: plan.counts.deleted,
          warnings: JSON.stringify(options.run.warnings),
          outdated: JSON.stringify(plan.newlyOutdated),
          contentVersion: version,
        },
      });
      runId = run.id;
      await recordImportBases(tx, options.run.bases, options.run.sourceDigest, pause);
    }
    await recordHistory(
      tx,
      planChanges(deletes, writes, plan),
      { actor: options.actor, importRunId: runId, version },
      pause,
    );
    // The webhook event commits with the change it announces, or neither does (the transactional outbox).
    await enqueueContentPublished(tx, version, plan);
    if (options.beforeCommit) await options.beforeCommit(tx);
    // The last chance to be cut off: past here the content and the job's outcome commit together.
    await pause();
    if (options.finish) await options.finish(tx, { runId, version, plan });
    return { runId, version, revisions };
  }, LEAVES_APPLIED_VERSION);
}
