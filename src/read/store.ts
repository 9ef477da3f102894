// Serves requests from immutable snapshots `{ version, model }`, each loaded inside one read transaction,
// and learns of newer content versions from the database layer's watch without a query per request.
import { readContentVersion, type ContentVersionWatch, type Database } from "../db/database.ts";
import { LRUCache } from "lru-cache";
import { SOURCE_LOCALE } from "../content/format.ts";
import type { LocaleSet } from "../content/scope.ts";
import type { Tx } from "../db/database.ts";
import type { Prisma } from "@prisma/client";
import { loadDrafts, loadStoredContent, readInPages, SMALL_ROWS_PER_STATEMENT, type Page, type Pause } from "./load.ts";
import { applyDelta, readDelta, staleLocales, type Delta } from "./delta.ts";
import { buildContentModel, type ContentModel } from "./model.ts";
import type { ContentSet } from "../content/records.ts";
import { localesFallingBackTo } from "../domain/fallback.ts";
import { previewServable, withDrafts, type PreviewLocales } from "./preview.ts";

/** One committed content version and everything built from it; never changes once made. */
export type Snapshot = {
  readonly version: number;
  readonly model: ContentModel;
  /** What the model was built from: previews lay drafts over it. Published content only. */
  readonly content: ContentSet;
  /** Every editable record's revision as this version stored it. */
  readonly revisions: ReadonlyMap<string, number>;
  /**
   * The units (planning ids) changed between `version` and this snapshot's version, when this process moved
   * here by deltas all the way from there; null when it cannot say (a full load in between, or too far back).
   * Caches keep what the change did not reach.
   */
  changesSince(version: number): readonly string[] | null;
};

/** Deltas remembered per process for `changesSince`: a cache further behind than this is emptied. */
const DELTAS_KEPT = 64;

/** The deltas a process moved by, newest last; a full load starts a new history. */
type DeltaHistory = { since: number; to: number; units: readonly string[] }[];

function changesFrom(history: DeltaHistory, from: number, to: number): readonly string[] | null {
  if (from === to) return [];
  const units = new Set<string>();
  let at = to;
  // Walk back from this snapshot's own version: deltas after it (pushed later) do not concern it.
  for (let i = history.length - 1; i >= 0 && at > from; i--) {
    const step = history[i]!;
    if (step.to > at) continue;
    if (step.to !== at) return null;
    for (const unit of step.units) units.add(unit);
    at = step.since;
  }
  return at === from ? [...units] : null;
}

/** A snapshot of one version's published content: what readers are served. */
export function createSnapshot(
  version: number,
  content: ContentSet,
  revisions: ReadonlyMap<string, number>,
  localesKept?: number,
): Snapshot {
  return {
    version,
    content,
    revisions,
    model: buildContentModel(content, { revisions, localesKept }),
    changesSince: (since) => (since === version ? [] : null),
  };
}

/** `base` moved to the delta's version: only the changed rows were read, and unchanged locales keep their rendering. */
function advanceSnapshot(base: Snapshot, delta: Delta, history: DeltaHistory, localesKept?: number): Snapshot {
  const content = applyDelta(base.content, delta);
  const revisions = new Map([...base.revisions, ...delta.revisions]);
  const locales = new Map(content.locales.map((l) => [l.code, l]));
  const model = buildContentModel(content, {
    revisions,
    localesKept,
    previous: { model: base.model, stale: staleLocales(delta.units, locales) },
  });
  history.push({ since: base.version, to: delta.to, units: delta.units });
  if (history.length > DELTAS_KEPT) history.shift();
  return {
    version: delta.to,
    content,
    revisions,
    model,
    changesSince: (since) => changesFrom(history, since, delta.to),
  };
}

/** Milliseconds of a load's work between two turns of the event loop, as an import's (src/pipeline/time-slices.ts). */
const SLICE_MS = 8;

/**
 * A pause that yields to the event loop (setImmediate: after pending I/O) once SLICE_MS of work has passed.
 * The pipeline's timeSlices does the same for imports; src/read cannot import src/pipeline, which imports it.
 */
function timeSlices(): Pause {
  let sliceStarted = performance.now();
  return async () => {
    if (performance.now() - sliceStarted < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStarted = performance.now();
  };
}

/** How a snapshot was loaded: from a delta, or in full (the first load, or a version missing from the change log). */
export type SnapshotLoad = {
  kind: "delta" | "full";
  /** The version this process was at; null on the first load. */
  from: number | null;
  to: number;
  /** Changed units (delta) or rows (full) read. */
  units: number;
  /** A full load because versions since `from` are missing from the change log (pruned, or older than it). */
  missedLog: boolean;
};

/** Previews kept per process: a few locales' working models, each rebuilt only when its locale's drafts move. */
const PREVIEWS_KEPT = 64;

export type ContentStore = {
  /** The database the snapshots are read from, and edits written to. */
  readonly database: Database;
  /**
   * The snapshot of the newest content version this process knows of. Synchronous when that snapshot is
   * already loaded (the common case, and what lets a cached GET be answered in the same turn).
   */
  snapshot(): Snapshot | Promise<Snapshot>;
  /**
   * The snapshot's content with the drafts of these locales shown, and their records' revisions as they are
   * now (src/read/preview.ts). Drafts are editorial state: read from the database on each call (one query
   * when nothing changed), so every replica shows every save at once without a public version moving.
   */
  preview(snapshot: Snapshot, locales: PreviewLocales): Promise<ContentModel>;
  /** English texts of source revisions by hash (for translators' diffs); immutable, so kept once read. */
  sourceRevisions(hashes: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Snapshots loaded so far, by how: a full load after the first is worth an operator's attention. */
  loads(): Readonly<Record<SnapshotLoad["kind"], number>>;
  /** The newest snapshot loaded so far, without asking the database anything. */
  loaded(): Snapshot | undefined;
  /** Asks the database for its content version (so it must be reachable) and serves a snapshot of it. */
  ready(): Promise<Snapshot>;
  close(): Promise<void>;
};

/** Where each locale's drafts stand (src/pipeline/apply.ts moves it with every draft change), in one key. */
function readDraftStates(tx: Pick<Tx, "draftState">, locales: LocaleSet) {
  return tx.draftState.findMany({
    where: locales === "all" ? {} : { locale: { in: [...locales] } },
    orderBy: { locale: "asc" },
    select: { locale: true, version: true },
  });
}

/**
 * The revisions of these locales' records ("code.404:vi"), which drafts move without a content version.
 * English records carry no locale ("code.404", revisionKey): an English draft moves the record's own.
 */
async function readRevisionsOf(tx: Pick<Tx, "revision">, locales: LocaleSet): Promise<[string, number][]> {
  const recordsOf = (locale: string) =>
    locale === SOURCE_LOCALE ? { NOT: { record: { contains: ":" } } } : { record: { endsWith: `:${locale}` } };
  const where = locales === "all" ? {} : { OR: locales.map(recordsOf) };
  return (await tx.revision.findMany({ where })).map((r) => [r.record, r.revision]);
}

/** How many rows a content set holds, for the load log. */
const rowsOf = (content: ContentSet) =>
  content.locales.length +
  content.codes.length +
  content.codeTranslations.length +
  content.comparisons.length +
  content.comparisonTranslations.length +
  content.messages.length;

export type StoreOptions = {
  /** Told of every snapshot loaded (src/server.ts logs it): a full load after the first says a replica fell behind the change log. */
  onLoad?: (load: SnapshotLoad) => void;
  /** Told when a newer version could not be loaded and requests were served the version this process has. */
  onLoadFailed?: (failure: { error: unknown; wanted: number; serving: number }) => void;
  /** How many locales each model keeps built (src/read/model.ts, LOCALES_KEPT by default). */
  localesKept?: number;
};

export function createContentStore(db: Database, options: StoreOptions = {}): ContentStore {
  let watch: ContentVersionWatch | undefined;
  let starting: Promise<ContentVersionWatch> | undefined;
  let current: Snapshot | undefined;
  /** A load in flight and the newest version known when it started: it will see at least that. */
  let loading: { atLeast: number; promise: Promise<Snapshot> } | undefined;
  const revisions = new Map<string, string>();
  const previews = new LRUCache<string, ContentModel>({ max: PREVIEWS_KEPT });
  /** Loads not yet settled, so close() can let them finish; set once close() began. */
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  const counts = { delta: 0, full: 0 };
  let history: DeltaHistory = [];

  const load = (atLeast: number): Promise<Snapshot> => {
    // A load that started after `atLeast` was known reads a state at least that new: share it.
    if (loading && loading.atLeast >= atLeast) return loading.promise;
    // One in flight for an older version reads the newest one there is when its transaction starts, which
    // is often this one: wait for it, and load again only if it is still behind. Two loads at once would
    // read the same changes twice.
    if (loading) {
      const after = (): Snapshot | Promise<Snapshot> =>
        current && current.version >= atLeast ? current : load(atLeast);
      return loading.promise.then(after, after);
    }
    const promise = db
      .readSnapshot(
        async (
          tx,
        ): Promise<
          | { base: Snapshot; delta: Delta }
          | { version: number; content: ContentSet; revisions: Map<string, number>; missedLog: boolean }
        > => {
          const version = await readContentVersion(tx);
          // The newest snapshot this process has, when it is behind: what changed since may be all there is to read.
          const base = current && current.version < version ? current : undefined;
          // Read in slices: requests are answered from the snapshot this process has meanwhile.
          const pause = timeSlices();
          const delta = base && (await readDelta(tx, base.version, version, pause));
          if (base && delta) return { base, delta };
          // One after the other: see loadStoredContent.
          const content = await loadStoredContent(tx, undefined, undefined, pause);
          const revisions = await readInPages(
            (page: Page<Prisma.RevisionWhereInput>) =>
              tx.revision.findMany({
                where: page.after,
                orderBy: { record: "asc" },
                take: page.take,
              }),
            (r) => ({ record: { gt: r.record } }),
            pause,
            SMALL_ROWS_PER_STATEMENT,
          );
          return {
            version,
            content,
            revisions: new Map(revisions.map((r) => [r.record, r.revision])),
            missedLog: base !== undefined,
          };
        },
      )
      .then(
        (read) => {
          const from = current?.version ?? null;
          // A full load starts a new history: what changed before it cannot be told from deltas.
          if (!("delta" in read)) history = [];
          const snapshot =
            "delta" in read
              ? advanceSnapshot(read.base, read.delta, history, options.localesKept)
              : createSnapshot(read.version, read.content, read.revisions, options.localesKept);
          const load: SnapshotLoad =
            "delta" in read
              ? {
                  kind: "delta",
                  from: read.base.version,
                  to: snapshot.version,
                  units: read.delta.units.length,
                  missedLog: false,
                }
              : { kind: "full", from, to: snapshot.version, units: rowsOf(read.content), missedLog: read.missedLog };
          counts[load.kind]++;
          options.onLoad?.(load);
          if (!current || snapshot.version > current.version) current = snapshot;
          if (loading?.promise === promise) loading = undefined;
          // Another load may have finished with a newer version meanwhile: serve the newest.
          return current.version > snapshot.version ? current : snapshot;
        },
        (error: unknown) => {
          if (loading?.promise === promise) loading = undefined;
          throw error;
        },
      );
    loading = { atLeast, promise };
    inFlight.add(promise);
    void promise.then(
      () => inFlight.delete(promise),
      () => inFlight.delete(promise),
    );
    return promise;
  };

  /**
   * The newest version's snapshot. A request waits for a newer version's load, so what a writer committed is
   * what the next read sees; but when that load fails (a database gone, a load past its transaction's timeout
   * while an import holds the machine), the version this process has is served rather than an error, and
   * the next request tries again.
   */
  const fromWatch = (w: ContentVersionWatch): Snapshot | Promise<Snapshot> => {
    const latest = w.latest();
    if (current && current.version >= latest) return current;
    const had = current;
    if (!had) return load(latest);
    return load(latest).catch((error: unknown) => {
      const serving = current ?? had;
      options.onLoadFailed?.({ error, wanted: latest, serving: serving.version });
      return serving;
    });
  };

  const store: ContentStore = {
    database: db,
    snapshot() {
      if (watch) return fromWatch(watch);
      starting ??= db.watchContentVersion().then(
        (w) => {
          watch = w;
          // Push-based watches (PostgreSQL) start loading as soon as a new version is announced, so the
          // next request finds it ready. One such load at a time: a writer committing every few ms would
          // otherwise start a load per version, each holding a pooled connection, until loads time out
          // waiting for one. When a load ends, the newest version announced meanwhile is loaded next.
          const prefetch = (): void => {
            if (closed) return;
            if (loading || (current && current.version >= w.latest())) return;
            load(w.latest()).then(prefetch, () => {});
          };
          w.onChange(prefetch);
          return w;
        },
        (error: unknown) => {
          // A database that was not there yet (before the first migration, a server still starting) must
          // not fail every later request: the next one tries again.
          starting = undefined;
          throw error;
        },
      );
      return starting.then(fromWatch);
    },
    async preview(snapshot, locales) {
      const localesKey = locales === "all" ? "*" : [...locales].sort().join(",");
      const keyOf = (states: { locale: string; version: number }[]) =>
        `${snapshot.version}|${localesKey}|${states.map((s) => `${s.locale}:${s.version}`).join(",")}`;
      const cached = previews.get(keyOf(await readDraftStates(db.prisma, locales)));
      if (cached) return cached;
      const read = await db.readSnapshot(async (tx) => {
        const [states, drafts, current] = await Promise.all([
          readDraftStates(tx, locales),
          loadDrafts(tx, locales),
          readRevisionsOf(tx, locales),
        ]);
        return { key: keyOf(states), drafts, current };
      });
      const model = buildContentModel(withDrafts({ ...snapshot.content, drafts: read.drafts }, locales), {
        revisions: new Map([...snapshot.revisions, ...read.current]),
        servable: previewServable(locales),
        localesKept: options.localesKept,
        // Locales whose fallback chains meet no previewed locale read as published: their rendering is the snapshot's.
        previous: {
          model: snapshot.model,
          stale: locales === "all" ? "all" : localesFallingBackTo(locales, snapshot.model.locales),
        },
      });
      previews.set(read.key, model);
      return model;
    },
    async sourceRevisions(hashes) {
      const missing = [...new Set(hashes)].filter((hash) => !revisions.has(hash));
      if (missing.length) {
        const rows = await db.prisma.sourceRevision.findMany({
          where: { hash: { in: missing } },
          select: { hash: true, content: true },
        });
        for (const row of rows) revisions.set(row.hash, row.content);
      }
      return new Map(hashes.flatMap((hash) => (revisions.has(hash) ? [[hash, revisions.get(hash)!] as const] : [])));
    },
    loaded: () => current,
    loads: () => ({ ...counts }),
    async ready() {
      const version = await readContentVersion(db.prisma);
      const snapshot = await store.snapshot();
      return snapshot.version >= version ? snapshot : load(version);
    },
    async close() {
      closed = true;
      await (watch ?? (await starting?.catch(() => undefined)))?.close();
      // A load still reading holds a pooled connection in an open transaction: closing the database under
      // it would wait for that connection forever (seen on PostgreSQL), so it is let finish first.
      await Promise.all([...inFlight].map((p) => p.catch(() => undefined)));
    },
  };
  return store;
}
