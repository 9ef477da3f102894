// Step 3 of an import: compare what the files say with what the database holds and decide, per unit,
// whether to create, update, delete or leave it. Pure: the same two ContentSets always give the same plan.
import { SOURCE_LOCALE } from "../content/format.ts";
import type { ContentSet } from "../content/records.ts";
import { sourceTextHash, textUnitId, unitsOf, type Unit } from "../content/units.ts";

export type PlanAction = "create" | "update" | "delete" | "unchanged";
export type PlanEntry = {
  action: PlanAction;
  unit: Unit;
  hash: string;
  file: string;
  /** The unit was stored in exactly this state before (UnitRevision), at that content version. */
  storedBefore?: number;
};
export type OutdatedTranslation = { id: string; locale: string; file: string };

export type Plan = {
  /** Deletions first, so a reviewer sees what would be lost before anything else. */
  entries: PlanEntry[];
  prune: boolean;
  counts: { created: number; updated: number; unchanged: number; deleted: number; keptWithoutPrune: number };
  /** Translations that were up to date and become outdated because this import changes their English. */
  newlyOutdated: OutdatedTranslation[];
  /**
   * Updates that would put a unit back into a state it was stored in before and has since moved past:
   * the files are older than the database. Refused unless forced.
   */
  older: PlanEntry[];
};

/** Every state each unit has been stored in (unit id → hash → the content version that first stored it). */
export type UnitHistory = ReadonlyMap<string, ReadonlyMap<string, number>>;

const ORDER: Record<Unit["kind"], number> = { locale: 0, code: 1, codeText: 2, comparison: 3, comparisonText: 4, message: 5 };

export function planImport(stored: ContentSet, incoming: ContentSet, options: { prune: boolean; history?: UnitHistory }): Plan {
  const before = unitsOf(stored);
  const after = unitsOf(incoming);
  const deletes: PlanEntry[] = [];
  const rest: PlanEntry[] = [];
  for (const [id, unit] of before) {
    if (!after.has(id)) deletes.push({ action: "delete", unit, hash: unit.hash, file: unit.file });
  }
  for (const [id, unit] of after) {
    const old = before.get(id);
    const action: PlanAction = !old ? "create" : old.hash === unit.hash ? "unchanged" : "update";
    rest.push({ action, unit, hash: unit.hash, file: unit.file, storedBefore: options.history?.get(id)?.get(unit.hash) });
  }
  const byKind = (x: PlanEntry, y: PlanEntry) => ORDER[x.unit.kind] - ORDER[y.unit.kind] || x.unit.id.localeCompare(y.unit.id);
  deletes.sort(byKind);
  rest.sort(byKind);
  const count = (action: PlanAction) => rest.filter((e) => e.action === action).length;
  return {
    entries: [...deletes, ...rest],
    prune: options.prune,
    counts: {
      created: count("create"),
      updated: count("update"),
      unchanged: count("unchanged"),
      deleted: options.prune ? deletes.length : 0,
      keptWithoutPrune: options.prune ? 0 : deletes.length,
    },
    newlyOutdated: findNewlyOutdated(before, after),
    older: rest.filter((e) => e.action === "update" && e.storedBefore !== undefined),
  };
}

type Units = ReturnType<typeof unitsOf>;

function sourceHashesByText(units: Units): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const unit of units.values()) {
    if ((unit.kind === "codeText" || unit.kind === "comparisonText" || unit.kind === "message") && unit.record.locale === SOURCE_LOCALE) {
      hashes.set(textUnitId.of(unit.record), sourceTextHash(unit.record));
    }
  }
  return hashes;
}

/** Takes the unit maps planImport already built, so no record is hashed twice. */
function findNewlyOutdated(before: Units, after: Units): OutdatedTranslation[] {
  const oldHashes = sourceHashesByText(before);
  const newHashes = sourceHashesByText(after);
  const outdated: OutdatedTranslation[] = [];
  for (const unit of after.values()) {
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
    const why = entry.action === "delete" ? (plan.prune ? "  (removed from the files)" : "  (removed from the files; --prune deletes it)") : "";
    const lines = byFile.get(entry.file || "(no file)") ?? [];
    const line = `  ${action.padEnd(7)} ${entry.unit.id}${why}`;
    if (!lines.includes(line)) lines.push(line);
    byFile.set(entry.file || "(no file)", lines);
  }
  const lines = [...byFile].flatMap(([file, actions]) => [file, ...actions]);
  const c = plan.counts;
  lines.push(
    `${c.created} to create, ${c.updated} to update, ${c.deleted} to delete, ${c.unchanged} unchanged` +
      (c.keptWithoutPrune ? `, ${c.keptWithoutPrune} removed from the files but kept (use --prune to delete)` : ""),
  );
  for (const o of plan.newlyOutdated) lines.push(`outdated: the ${o.locale} translation of ${o.id} (${o.file}) — its English changes`);
  return lines.join("\n");
}
