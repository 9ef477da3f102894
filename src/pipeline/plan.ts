// Step 3 of an import: compare what the files say with what the database holds and decide, per unit,
// whether to create, update, delete or leave it. Pure: the same two ContentSets always give the same plan.
import { SOURCE_LOCALE } from "../content/format.ts";
import type { ContentSet } from "../content/records.ts";
import { sourceTextHash, textUnitId, unitsIn, type Unit } from "../content/units.ts";
import { drain } from "./time-slices.ts";

/** `keep`: the files differ from the database only because the database was changed through the API since the last import. */
export type PlanAction = "create" | "update" | "delete" | "unchanged" | "keep";
export type PlanEntry = {
  action: PlanAction;
  unit: Unit;
  hash: string;
  file: string;
  /** What the database holds now, for updates, deletions and kept units: history records it as "before". */
  previous?: Unit;
  /** The unit was stored in exactly this state before (UnitRevision), at that content version. */
  storedBefore?: number;
  /** Changed in its file and through the API since the last import, and settled by --force or --keep-db. */
  conflict?: true;
};

/**
 * A unit changed both in its file and through the API since the last import: neither side may silently
 * win. `incoming` is what the files say (absent when the file was removed), `stored` what the database
 * holds (absent when the API deleted it).
 */
export type PlanConflict = { id: string; file: string; incoming?: Unit; stored?: Unit };

/** How an import settles conflicts: refuse (default), take the files (`--force`) or keep the database (`--keep-db`). */
export type ConflictResolution = "refuse" | "files" | "database";
export type OutdatedTranslation = { id: string; locale: string; file: string };

export type Plan = {
  /** Deletions first, so a reviewer sees what would be lost before anything else. */
  entries: PlanEntry[];
  prune: boolean;
  counts: {
    created: number;
    updated: number;
    unchanged: number;
    deleted: number;
    keptWithoutPrune: number;
    keptFromApi: number;
  };
  /** Translations that were up to date and become outdated because this import changes their English. */
  newlyOutdated: OutdatedTranslation[];
  /**
   * Updates that would put a unit back into a state it was stored in before and has since moved past:
   * the files are older than the database. Refused unless forced.
   */
  older: PlanEntry[];
  /** Units changed on both sides since the last import; the import refuses while any is unresolved. */
  conflicts: PlanConflict[];
  /**
   * Each incoming unit's hash (unit id → hash), as planning computed it: what the files hold, so an import
   * records its bases without hashing 13,000 records a second time. Absent on plans not made by `planning`.
   */
  incoming?: ReadonlyMap<string, string>;
};

/** Every state each unit has been stored in (unit id → hash → the content version that first stored it). */
export type UnitHistory = ReadonlyMap<string, ReadonlyMap<string, number>>;

const ORDER: Record<Unit["kind"], number> = {
  locale: 0,
  code: 1,
  codeText: 2,
  comparison: 3,
  comparisonText: 4,
  message: 5,
  draft: 6,
};
const KINDS_IN_ORDER = (Object.keys(ORDER) as Unit["kind"][]).sort((x, y) => ORDER[x] - ORDER[y]);

export type PlanOptions = {
  prune: boolean;
  history?: UnitHistory;
  /**
   * What each unit's file held at the last import (unit id → hash). With it the plan is three-way: a unit
   * whose file still matches it was changed through the API and keeps the database's value. Empty or
   * absent: the files are compared with the database alone, as before any import recorded bases.
   */
  bases?: ReadonlyMap<string, string>;
  resolve?: ConflictResolution;
  /**
   * "files" (imports): drafts saved through the API are not in the files, so they are left out on both
   * sides. "all" (edits): the edited content is the whole content, drafts included.
   */
  scope?: "files" | "all";
};

export function planImport(stored: ContentSet, incoming: ContentSet, options: PlanOptions): Plan {
  return drain(planning(stored, incoming, options));
}

/** The content's units by id, yielding after each (hashing 13,000 records is most of planning). */
function* unitsYielding(content: ContentSet, scope: PlanOptions["scope"]): Generator<void, Units> {
  const units: Units = new Map();
  for (const unit of unitsIn(content)) {
    // "files": drafts are editorial state that no file holds.
    if (scope === "all" || unit.kind !== "draft") units.set(unit.id, unit);
    yield;
  }
  return units;
}

/** Ordering by id with one collator: as localeCompare orders, without building one per comparison of 13,000 entries. */
const byId = new Intl.Collator().compare;

/** planImport as a step that yields after each unit (src/pipeline/time-slices.ts). */
export function* planning(stored: ContentSet, incoming: ContentSet, options: PlanOptions): Generator<void, Plan> {
  const before = yield* unitsYielding(stored, options.scope);
  const after = yield* unitsYielding(incoming, options.scope);
  const bases = options.bases?.size ? options.bases : undefined;
  const resolve = options.resolve ?? "refuse";
  const deletes: PlanEntry[] = [];
  const rest: PlanEntry[] = [];
  const conflicts: PlanConflict[] = [];
  for (const [id, unit] of before) {
    yield;
    if (after.has(id)) continue;
    const base = bases?.get(id);
    // Created through the API: never in the files, so their absence there says nothing, even with --force.
    if (bases && base === undefined)
      rest.push({ action: "keep", unit, hash: unit.hash, file: unit.file, previous: unit });
    else if (base !== undefined && base !== unit.hash && options.prune) {
      conflicts.push({ id, file: unit.file, stored: unit });
      if (resolve === "files")
        deletes.push({ action: "delete", unit, hash: unit.hash, file: unit.file, previous: unit, conflict: true });
      else rest.push({ action: "keep", unit, hash: unit.hash, file: unit.file, previous: unit, conflict: true });
    } else deletes.push({ action: "delete", unit, hash: unit.hash, file: unit.file, previous: unit });
  }
  for (const [id, unit] of after) {
    yield;
    const old = before.get(id);
    const entry: PlanEntry = {
      action: "unchanged",
      unit,
      hash: unit.hash,
      file: unit.file,
      previous: old,
      storedBefore: options.history?.get(id)?.get(unit.hash),
    };
    const base = bases?.get(id);
    if (old?.hash === unit.hash) entry.action = "unchanged";
    else if (base === undefined) entry.action = old ? "update" : "create";
    // The file is as last imported: the API changed (or deleted) the unit since. --force puts the file's back.
    else if (base === unit.hash) entry.action = resolve === "files" ? (old ? "update" : "create") : "keep";
    else if (old?.hash === base)
      entry.action = "update"; // only the file changed
    else {
      conflicts.push({ id, file: unit.file, incoming: unit, stored: old });
      entry.action = resolve === "files" ? (old ? "update" : "create") : "keep";
      entry.conflict = true;
      // Taking the files over the API's change was asked for explicitly: it is not "older content".
      entry.storedBefore = undefined;
    }
    rest.push(entry);
  }
  const sortedDeletes = yield* sortingByKind(deletes);
  const sortedRest = yield* sortingByKind(rest);
  const count = (action: PlanAction) => rest.filter((e) => e.action === action).length;
  const newlyOutdated = yield* findingNewlyOutdated(before, after);
  return {
    entries: [...sortedDeletes, ...sortedRest],
    prune: options.prune,
    counts: {
      created: count("create"),
      updated: count("update"),
      unchanged: count("unchanged"),
      deleted: options.prune ? deletes.length : 0,
      keptWithoutPrune: options.prune ? 0 : deletes.length,
      keptFromApi: count("keep"),
    },
    newlyOutdated,
    older: rest.filter((e) => e.action === "update" && e.storedBefore !== undefined),
    conflicts: resolve === "refuse" ? conflicts : [],
    incoming: new Map([...after].map(([id, unit]) => [id, unit.hash])),
  };
}

type Units = Map<string, Unit & { hash: string }>;

/**
 * Entries in the order they are written and listed: by kind (ORDER), then by id. Each kind is sorted on its
 * own, with a yield between: one sort of 13,000 entries held the event loop for 40 ms.
 */
function* sortingByKind(entries: readonly PlanEntry[]): Generator<void, PlanEntry[]> {
  let sorted: PlanEntry[] = [];
  for (const kind of KINDS_IN_ORDER) {
    sorted = sorted.concat(entries.filter((e) => e.unit.kind === kind).sort((x, y) => byId(x.unit.id, y.unit.id)));
    yield;
  }
  return sorted;
}

function* sourceHashesByText(units: Units): Generator<void, Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const unit of units.values()) {
    if (
      (unit.kind === "codeText" || unit.kind === "comparisonText" || unit.kind === "message") &&
      unit.record.locale === SOURCE_LOCALE
    ) {
      hashes.set(textUnitId.of(unit.record), sourceTextHash(unit.record));
    }
    yield;
  }
  return hashes;
}

/** Takes the unit maps planImport already built, so no record is hashed twice. */
function* findingNewlyOutdated(before: Units, after: Units): Generator<void, OutdatedTranslation[]> {
  const oldHashes = yield* sourceHashesByText(before);
  const newHashes = yield* sourceHashesByText(after);
  const outdated: OutdatedTranslation[] = [];
  for (const unit of after.values()) {
    yield;
    if (unit.kind !== "codeText" && unit.kind !== "comparisonText" && unit.kind !== "message") continue;
    if (unit.record.locale === SOURCE_LOCALE) continue;
    const textId = textUnitId.of(unit.record);
    const oldHash = oldHashes.get(textId);
    const newHash = newHashes.get(textId);
    if (oldHash && newHash && oldHash !== newHash && unit.record.sourceHash === oldHash) {
      outdated.push({ id: textId, locale: unit.record.locale, file: unit.file });
    }
  }
  return outdated;
}

export function hasChanges(plan: Plan): boolean {
  return plan.counts.created + plan.counts.updated + plan.counts.deleted > 0;
}

/** The plan as editors read it: grouped by file, files with deletions first, unchanged units left out. */
export function formatPlan(plan: Plan): string {
  const byFile = new Map<string, string[]>();
  for (const entry of plan.entries) {
    if (entry.action === "unchanged") continue;
    const action = entry.action === "delete" && !plan.prune ? "keep" : entry.action;
    const why =
      entry.action === "delete"
        ? plan.prune
          ? "  (removed from the files)"
          : "  (removed from the files; --prune deletes it)"
        : entry.action === "keep"
          ? "  (changed through the API since the last import; the database's value stays)"
          : "";
    const lines = byFile.get(entry.file || "(no file)") ?? [];
    const line = `  ${action.padEnd(7)} ${entry.unit.id}${why}`;
    if (!lines.includes(line)) lines.push(line);
    byFile.set(entry.file || "(no file)", lines);
  }
  const lines = [...byFile].flatMap(([file, actions]) => [file, ...actions]);
  const c = plan.counts;
  lines.push(
    `${c.created} to create, ${c.updated} to update, ${c.deleted} to delete, ${c.unchanged} unchanged` +
      (c.keptWithoutPrune ? `, ${c.keptWithoutPrune} removed from the files but kept (use --prune to delete)` : "") +
      (c.keptFromApi ? `, ${c.keptFromApi} kept as changed through the API` : ""),
  );
  for (const o of plan.newlyOutdated)
    lines.push(`outdated: the ${o.locale} translation of ${o.id} (${o.file}) — its English changes`);
  return lines.join("\n");
}
