// Moving a snapshot to a newer content version by reading only what changed. Every public version logs the
// units it changed (ContentChange, written in the version's own transaction by src/pipeline/apply.ts); a
// server reads those units' rows as they are now and lays them over the content it already has, so unchanged
// codes, locales and comparisons keep their objects. A version missing from the log (pruned, or written
// before the log existed) means the delta cannot be known: the caller loads everything.
import { SOURCE_LOCALE } from "../content/format.ts";
import type { ContentSet, LocaleRecord } from "../content/records.ts";
import type { ContentScope, LocaleSet } from "../content/scope.ts";
import { NO_UNITS, revisionKey, textUnitId, unitId, type PlanningKey } from "../content/units.ts";
import type { Tx } from "../db/database.ts";
import { localesFallingBackTo } from "../domain/fallback.ts";
import type { Prisma } from "@prisma/client";
import { afterKey, loadStoredContent, readInPages, SMALL_ROWS_PER_STATEMENT, type Page, type Pause } from "./load.ts";

export type Delta = {
  /** The version the delta starts from (the snapshot it is laid over) and the one it reaches. */
  from: number;
  to: number;
  /** Planning ids of every unit changed in between ("code:404", "code.404:vi", …). */
  units: readonly string[];
  /** Those units' rows as stored at `to`; a unit deleted in between has none. Locales are always whole. */
  rows: ContentSet;
  /** The changed records' revisions at `to`. */
  revisions: ReadonlyMap<string, number>;
};

type Reader = Parameters<typeof loadStoredContent>[0] & Pick<Tx, "contentChange" | "revision">;

const pairKey = (a: number, b: number) => `${a}-${b}`;
const codeTextKey = (t: { code: number; locale: string }) => `${t.code}:${t.locale}`;
const pairTextKey = (t: { codeA: number; codeB: number; locale: string }) => `${pairKey(t.codeA, t.codeB)}:${t.locale}`;

/** What a set of changed units touches, by the keys the content's lists are matched on. */
function touched(keys: readonly PlanningKey[]) {
  const codes = new Set<number>();
  const codeTexts = new Set<string>();
  const pairs = new Set<string>();
  const pairTexts = new Set<string>();
  const messageLocales = new Set<string>();
  for (const key of keys) {
    if (key.kind === "code") codes.add(key.code);
    else if (key.kind === "comparison") pairs.add(pairKey(key.a, key.b));
    else if (key.kind === "text") {
      const { key: text, locale } = key;
      if (text.kind === "code") codeTexts.add(codeTextKey({ code: text.code, locale }));
      else if (text.kind === "comparison") {
        pairs.add(pairKey(text.a, text.b));
        pairTexts.add(pairTextKey({ codeA: text.a, codeB: text.b, locale }));
      } else messageLocales.add(locale);
    }
  }
  return { codes, codeTexts, pairs, pairTexts, messageLocales };
}

/** The rows to read for these units: the scope an edit of them would read, without what checking needs. */
function scopeOf(keys: readonly PlanningKey[]): ContentScope {
  const codes = new Set<number>();
  // Grouped by code, as pairs are: one filter per code naming its locales, not one per unit. A 101-locale
  // import changes 7,000 code texts, and 7,000 filters passed SQLite's limit on a statement's parameters
  // (so the server never moved to the new version) and took Prisma seconds to compile.
  const codeTexts = new Map<number, string[]>();
  const pairs = new Map<string, { a: number; b: number; locales: string[] }>();
  const pair = (a: number, b: number) =>
    pairs.get(pairKey(a, b)) ?? pairs.set(pairKey(a, b), { a, b, locales: [] }).get(pairKey(a, b))!;
  const messages = new Set<string>();
  for (const key of keys) {
    if (key.kind === "code") codes.add(key.code);
    else if (key.kind === "comparison") pair(key.a, key.b);
    else if (key.kind === "text") {
      if (key.key.kind === "code") {
        const locales = codeTexts.get(key.key.code) ?? codeTexts.set(key.key.code, []).get(key.key.code)!;
        locales.push(key.locale);
      } else if (key.key.kind === "comparison") pair(key.key.a, key.key.b).locales.push(key.locale);
      else messages.add(key.locale);
    }
  }
  return {
    codes: [...codes],
    codeTexts: [...codeTexts].map(([code, locales]) => ({ code, locales })),
    pairs: [...pairs.values()],
    messages: [...messages],
    drafts: [],
  };
}

/**
 * How many values a scope's filters name, as statement parameters (pairs are named twice: their facts and
 * their texts). Prisma refuses a SQLite statement of more than 999 (P2029): a 101-locale import's delta names
 * some 7,000 code texts, and compiling such a filter held the event loop for seconds.
 */
function valuesNamedBy(scope: ContentScope): number {
  const count = (locales: LocaleSet) => (locales === "all" ? 0 : locales.length);
  let values = scope.codes === "all" ? 0 : scope.codes.length;
  for (const { locales } of scope.codeTexts) values += 1 + count(locales);
  for (const { locales } of scope.pairs) values += 4 + count(locales);
  return values + count(scope.messages);
}

/** Above this, a delta reads whole tables (in pages) rather than naming its rows. */
const MAX_VALUES_NAMED = 500;

/** The editable record a changed unit belongs to, as revisions are kept; none for a locale. */
function recordOf(key: PlanningKey): string | null {
  switch (key.kind) {
    case "locale":
      return null;
    case "code":
      return textUnitId.code(key.code);
    case "comparison":
      return textUnitId.comparison(key.a, key.b);
    case "text":
      return revisionKey.of(textUnitId.format(key.key), key.locale);
  }
}

/**
 * The change from version `from` to `to` (read in the same transaction as `to` itself), or null when the log
 * does not hold every version in between. With `pause`, read a page at a time (src/read/load.ts readInPages):
 * a 101-locale import is a delta of 13,500 units.
 */
export async function readDelta(tx: Reader, from: number, to: number, pause?: Pause): Promise<Delta | null> {
  const inRange = { version: { gt: from, lte: to } };
  const changes = (page?: Page<Prisma.ContentChangeWhereInput>) =>
    tx.contentChange.findMany({
      select: { version: true, unit: true },
      where: page ? { AND: [inRange, page.after ?? {}] } : inRange,
      ...(page && { orderBy: [{ version: "asc" as const }, { unit: "asc" as const }], take: page.take }),
    });
  const logged = pause
    ? await readInPages(
        changes,
        (c) =>
          afterKey<Prisma.ContentChangeWhereInput>([
            ["version", c.version],
            ["unit", c.unit],
          ]),
        pause,
        SMALL_ROWS_PER_STATEMENT,
      )
    : await changes();
  if (new Set(logged.map((row) => row.version)).size !== to - from) return null;
  const units = [...new Set(logged.map((row) => row.unit).filter((unit) => unit !== NO_UNITS))];
  const keys = units.map((unit) => unitId.parse(unit));
  // A unit this code cannot name was written by a newer release: only a full load is sure to be right.
  if (keys.some((key) => key === null)) return null;
  const parsed = keys as PlanningKey[];
  const records = [...new Set(parsed.map(recordOf).filter((record) => record !== null))];
  // The records MAX_VALUES_NAMED at a time: a 101-locale import names 13,500, past SQLite's statement limit.
  const readRevisions = async () => {
    const read: { record: string; revision: number }[] = [];
    for (let i = 0; i < records.length; i += MAX_VALUES_NAMED) {
      await pause?.();
      const names = records.slice(i, i + MAX_VALUES_NAMED);
      for (const row of await tx.revision.findMany({ where: { record: { in: names } } })) read.push(row);
    }
    return read;
  };
  const scope = scopeOf(parsed);
  // A delta too large to name in a statement reads every row instead: applyDelta takes only the touched ones.
  const rows = await loadStoredContent(
    tx,
    valuesNamedBy(scope) > MAX_VALUES_NAMED ? undefined : scope,
    undefined,
    pause,
  );
  const revisions = await readRevisions();
  return { from, to, units, rows, revisions: new Map(revisions.map((r) => [r.record, r.revision])) };
}

/** `list` with the items whose key is touched replaced by `fresh`'s (in place), removed when gone, new ones last. */
function patch<T>(
  list: readonly T[],
  keyOf: (item: T) => string,
  isTouched: (item: T) => boolean,
  fresh: readonly T[],
): T[] {
  const now = new Map(fresh.filter(isTouched).map((item) => [keyOf(item), item]));
  const kept = list.flatMap((item) => {
    if (!isTouched(item)) return [item];
    const key = keyOf(item);
    const replacement = now.get(key);
    now.delete(key);
    return replacement ? [replacement] : [];
  });
  return [...kept, ...now.values()];
}

/** The content at the delta's version: `base` (at its `from`) with the changed units' rows laid over it. Pure. */
export function applyDelta(base: ContentSet, delta: Delta): ContentSet {
  const { codes, codeTexts, pairs, pairTexts, messageLocales } = touched(
    delta.units.map((unit) => unitId.parse(unit)!),
  );
  const { rows } = delta;
  return {
    locales: rows.locales,
    codes: patch(
      base.codes,
      (c) => String(c.code),
      (c) => codes.has(c.code),
      rows.codes,
    ),
    codeTranslations: patch(
      base.codeTranslations,
      codeTextKey,
      (t) => codeTexts.has(codeTextKey(t)),
      rows.codeTranslations,
    ),
    comparisons: patch(
      base.comparisons,
      (p) => pairKey(p.codeA, p.codeB),
      (p) => pairs.has(pairKey(p.codeA, p.codeB)),
      rows.comparisons,
    ),
    comparisonTranslations: patch(
      base.comparisonTranslations,
      pairTextKey,
      (t) => pairTexts.has(pairTextKey(t)),
      rows.comparisonTranslations,
    ),
    messages: patch(
      base.messages,
      (m) => `${m.locale}:${m.key}`,
      (m) => messageLocales.has(m.locale),
      rows.messages,
    ),
  };
}

/**
 * The locales whose rendering the changed units can alter: every locale when facts, pairs, locales or English
 * change (every chain ends in English); otherwise those whose fallback chain passes through a changed locale.
 */
export function staleLocales(
  units: readonly string[],
  locales: ReadonlyMap<string, LocaleRecord>,
): ReadonlySet<string> | "all" {
  const changed = new Set<string>();
  for (const unit of units) {
    const key = unitId.parse(unit);
    if (key?.kind !== "text" || key.locale === SOURCE_LOCALE) return "all";
    changed.add(key.locale);
  }
  return localesFallingBackTo(changed, locales);
}
