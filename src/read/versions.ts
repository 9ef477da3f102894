// The timeline of content versions, newest first: for each, who made it (the history's actors, "import" for
// an import), when, the units it changed (the change log, ContentChange) and the purge keys those units make
// stale (src/content/purge-keys.ts, the same keys content.published sends). Read in one snapshot.
import { changedKeys } from "../content/purge-keys.ts";
import { NO_UNITS } from "../content/units.ts";
import type { Database } from "../db/database.ts";

export type VersionEntry = {
  version: number;
  /** The last change recorded for it; null when its history was not kept (a version that changed nothing). */
  at: Date | null;
  /** Token names, and "import" for files imported; several when one version carries several actors' rows. */
  actors: string[];
  /** Planning ids of the units it changed ("code:404", "code.404:vi"), as the change log holds them. */
  units: string[];
  purgeKeys: string[];
  /** The import run that produced it, if an import did. */
  importRunId: number | null;
};

export type VersionLog = {
  /** `take` versions older than `before` (all when null), newest first; the change log's window (src/pipeline/apply.ts) bounds how far back. */
  list(page: { before: number | null; take: number }): Promise<VersionEntry[]>;
};

export function createVersionLog(db: Database): VersionLog {
  return {
    list: ({ before, take }) =>
      db.readSnapshot(async (tx) => {
        const heads = await tx.contentChange.findMany({
          where: before === null ? {} : { version: { lt: before } },
          distinct: ["version"],
          orderBy: { version: "desc" },
          take,
          select: { version: true },
        });
        const versions = heads.map((h) => h.version);
        if (!versions.length) return [];
        // Three reads whatever the page size: the units, who and when, and the import runs.
        const [changes, actors, runs] = await Promise.all([
          tx.contentChange.findMany({
            where: { version: { in: versions } },
            orderBy: [{ version: "desc" }, { unit: "asc" }],
            select: { version: true, unit: true },
          }),
          tx.historyEntry.groupBy({
            by: ["version", "actor"],
            where: { version: { in: versions } },
            _max: { at: true, importRunId: true },
          }),
          tx.importRun.findMany({
            where: { contentVersion: { in: versions } },
            select: { id: true, contentVersion: true },
          }),
        ]);
        return versions.map((version) => {
          const units = changes.filter((c) => c.version === version && c.unit !== NO_UNITS).map((c) => c.unit);
          const by = actors.filter((a) => a.version === version);
          const times = by.map((a) => a._max.at?.getTime() ?? 0).filter((t) => t > 0);
          return {
            version,
            at: times.length ? new Date(Math.max(...times)) : null,
            actors: [...new Set(by.map((a) => a.actor))].sort(),
            units,
            purgeKeys: units.length ? changedKeys(units) : [],
            importRunId:
              runs.find((r) => r.contentVersion === version)?.id ??
              by.find((a) => a._max.importRunId !== null)?._max.importRunId ??
              null,
          };
        });
      }),
  };
}
