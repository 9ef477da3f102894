// Step 4 of an import: carry out a plan in one transaction, so a failure part-way leaves the previous
// content exactly as it was, move the content version forward, and record the run.
import { SOURCE_LOCALE } from "../content/format.ts";
import { sourceTextHash, textOf, textUnitId, type Unit } from "../content/units.ts";
import { CONTENT_STATE_ID, readContentVersion, type Database, type Tx } from "../db/database.ts";
import type { Plan } from "./plan.ts";

/** The content moved on since the plan was made: applying it could undo a write nobody has seen. */
export class ContentVersionConflict extends Error {
  readonly code = "CONFLICT";
  constructor(
    readonly plannedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`CONFLICT: this change was planned from content version ${plannedVersion}, but the database is now at version ${currentVersion}; nothing was written. Plan again from the current content.`);
    this.name = "ContentVersionConflict";
  }
}

/**
 * Claims the next content version, first thing in a write transaction: the conditional UPDATE takes the
 * row's write lock (PostgreSQL) or the database's (SQLite), so of two writers planned from the same
 * version exactly one moves it and the other sees zero rows and gives up before writing anything.
 */
export async function claimNextVersion(tx: Tx, plannedVersion: number): Promise<number> {
  const { count } = await tx.contentState.updateMany({ where: { id: CONTENT_STATE_ID, version: plannedVersion }, data: { version: { increment: 1 } } });
  if (count !== 1) throw new ContentVersionConflict(plannedVersion, await readContentVersion(tx));
  return plannedVersion + 1;
}

const DELETE_ORDER: Unit["kind"][] = ["message", "comparisonText", "comparison", "codeText", "code", "locale"];

async function writeUnit(tx: Tx, unit: Unit): Promise<void> {
  switch (unit.kind) {
    case "locale": {
      const { code, ...data } = unit.record;
      await tx.locale.upsert({ where: { code }, create: { code, ...data }, update: data });
      return;
    }
    case "code": {
      const { code, spec, related: _related, headers, registryExpires, ...rest } = unit.record;
      const data = {
        ...rest,
        registryExpires: registryExpires ? new Date(`${registryExpires}T00:00:00Z`) : null,
        specDocument: spec.document,
        specSection: spec.section,
        specUrl: spec.url,
        headers: JSON.stringify(headers),
      };
      await tx.statusCode.upsert({ where: { code }, create: { code, ...data }, update: data });
      return;
    }
    case "codeText": {
      const { code, locale, text, state, sourceHash, file } = unit.record;
      const data = { ...text, state, sourceHash, file };
      await tx.statusCodeTranslation.upsert({ where: { code_locale: { code, locale } }, create: { code, locale, ...data }, update: data });
      return;
    }
    case "comparison": {
      const { codeA, codeB } = unit.record;
      await tx.comparison.upsert({ where: { codeA_codeB: { codeA, codeB } }, create: { codeA, codeB }, update: {} });
      return;
    }
    case "comparisonText": {
      const { codeA, codeB, locale, text, state, sourceHash, file } = unit.record;
      const data = { ...text, differences: JSON.stringify(text.differences), similarities: JSON.stringify(text.similarities), state, sourceHash, file };
      await tx.comparisonTranslation.upsert({
        where: { codeA_codeB_locale: { codeA, codeB, locale } },
        create: { codeA, codeB, locale, ...data },
        update: data,
      });
      return;
    }
    case "message": {
      const { locale, key, text, state, sourceHash, file } = unit.record;
      const data = { text, state, sourceHash, file };
      await tx.message.upsert({ where: { locale_key: { locale, key } }, create: { locale, key, ...data }, update: data });
      return;
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
      return void (await tx.statusCodeTranslation.deleteMany({ where: { code: unit.record.code, locale: unit.record.locale } }));
    case "comparison":
      return void (await tx.comparison.deleteMany({ where: { codeA: unit.record.codeA, codeB: unit.record.codeB } }));
    case "comparisonText":
      return void (await tx.comparisonTranslation.deleteMany({ where: { codeA: unit.record.codeA, codeB: unit.record.codeB, locale: unit.record.locale } }));
    case "message":
      return void (await tx.message.deleteMany({ where: { locale: unit.record.locale, key: unit.record.key } }));
  }
}

/** Keeps every English text ever imported, so outdated translations can show what changed. */
async function rememberSource(tx: Tx, unit: Unit): Promise<void> {
  if (unit.kind !== "codeText" && unit.kind !== "comparisonText" && unit.kind !== "message") return;
  if (unit.record.locale !== SOURCE_LOCALE) return;
  const hash = sourceTextHash(unit.record);
  const content = JSON.stringify(textOf(unit.record));
  await tx.sourceRevision.upsert({ where: { hash }, create: { hash, unit: textUnitId.of(unit.record), content }, update: {} });
}

export type ApplyOptions = {
  /** The content version the plan was made from. */
  plannedVersion: number;
  startedAt: Date;
  warnings: string[];
  /** Test hook: runs inside the transaction after the writes, to prove a crash there rolls everything back. */
  beforeCommit?: (tx: Tx) => Promise<void>;
};

export type Applied = { runId: number; version: number };

export async function applyPlan(db: Database, plan: Plan, options: ApplyOptions): Promise<Applied> {
  return db.write(async (tx) => {
      const version = await claimNextVersion(tx, options.plannedVersion);
      if (plan.prune) {
        const deletes = plan.entries.filter((e) => e.action === "delete");
        for (const kind of DELETE_ORDER) {
          for (const entry of deletes.filter((e) => e.unit.kind === kind)) await deleteUnit(tx, entry.unit);
        }
      }
      const writes = plan.entries.filter((e) => e.action === "create" || e.action === "update");
      for (const entry of writes) await writeUnit(tx, entry.unit);
      // Related codes point at other codes, so they are written once every code row exists.
      for (const entry of writes) {
        if (entry.unit.kind !== "code") continue;
        const { code, related } = entry.unit.record;
        await tx.relatedCode.deleteMany({ where: { fromCode: code } });
        await tx.relatedCode.createMany({ data: related.map((toCode, position) => ({ fromCode: code, toCode, position })) });
      }
      for (const entry of writes) await rememberSource(tx, entry.unit);
      // Every state a unit is stored in, so a later import of older files can be recognised as such.
      const firstStored = writes.filter((e) => e.storedBefore === undefined);
      await tx.unitRevision.createMany({ data: firstStored.map((e) => ({ unit: e.unit.id, hash: e.hash, version })) });
      if (options.beforeCommit) await options.beforeCommit(tx);
      const run = await tx.importRun.create({
        data: {
          startedAt: options.startedAt,
          finishedAt: new Date(),
          status: "succeeded",
          created: plan.counts.created,
          updated: plan.counts.updated,
          unchanged: plan.counts.unchanged,
          deleted: plan.counts.deleted,
          warnings: JSON.stringify(options.warnings),
          outdated: JSON.stringify(plan.newlyOutdated),
          contentVersion: version,
        },
      });
      return { runId: run.id, version };
  });
}
