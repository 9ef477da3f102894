// Step 1 of a read: the database → the same ContentSet shape the files produce. Snapshots are built
// from it, and the importer plans against it (a pure comparison of two ContentSets).
import { Prisma } from "@prisma/client";
import type { Tx } from "../db/database.ts";
import type {
  Actor,
  AuthKind,
  CodeText,
  ComparisonText,
  EditorialState,
  Outcome,
  Producer,
  RedirectKind,
  RedirectMethod,
  RegistryStatus,
  RetryCondition,
  RetryPolicy,
  StatusClass,
  StorageRule,
} from "../content/format.ts";
import type { ContentSet, DraftRecord } from "../content/records.ts";
import { textUnitId, type AnyText } from "../content/units.ts";
import type { ContentScope, LocaleSet } from "../content/scope.ts";

type Reader = Pick<
  Tx,
  "locale" | "statusCode" | "statusCodeTranslation" | "comparison" | "comparisonTranslation" | "message" | "$queryRaw"
>;

/** A Prisma filter on a locale column: every locale, or these. */
const inLocales = (locales: LocaleSet) => (locales === "all" ? {} : { locale: { in: [...locales] } });

/** A TranslationDraft row, and its key. */
type DraftRow = { unit: string; locale: string; text: string; state: string; sourceHash: string | null };
type DraftKey = Pick<DraftRow, "unit" | "locale">;

/** A stored draft as the record the files would hold for it (with no file: drafts live only in the database). */
function draftRecord(row: DraftRow): DraftRecord {
  const key = textUnitId.parse(row.unit);
  if (!key) throw new Error(`TranslationDraft has an unknown unit id "${row.unit}"`);
  const text = JSON.parse(row.text) as AnyText;
  const common = { locale: row.locale, state: row.state as EditorialState, sourceHash: row.sourceHash, file: "" };
  if (key.kind === "code") return { code: key.code, text: text as CodeText, ...common };
  if (key.kind === "comparison") return { codeA: key.a, codeB: key.b, text: text as ComparisonText, ...common };
  return { key: key.key, text: (text as { text: string }).text, ...common };
}

/** Gives the event loop back between two statements of a load read in slices (src/read/store.ts). */
export type Pause = () => Promise<void>;

/**
 * Rows per statement when a load is read in slices. Prisma compiles each statement and maps its rows on the
 * main thread, and better-sqlite3 runs it there too: at 101 locales one statement per table held a server's
 * event loop for about 300 ms, and the delta of a 101-locale import for seconds (bench/README.md, reads
 * during an import job). 250 rows of the largest table (code texts, with their Markdown) are about 10 ms.
 */
export const ROWS_PER_STATEMENT = 250;

/** Rows per statement of tables whose rows are a name and a number (revisions, the change log). */
export const SMALL_ROWS_PER_STATEMENT = 1000;

/** One statement's share of a read in pages: the rows after the last one read (a filter), in the read's order. */
export type Page<W> = { take: number; after?: W };

/**
 * Every row `read` finds, ROWS_PER_STATEMENT at a time, pausing before each statement. Each page starts after
 * the last row read, by its key (keyset): with OFFSET every page scanned the pages before it again, and
 * Prisma's `cursor` was slower still on SQLite.
 */
export async function readInPages<T, W>(
  read: (page: Page<W>) => Promise<T[]>,
  after: (last: T) => W,
  pause: Pause,
  perStatement: number = ROWS_PER_STATEMENT,
): Promise<T[]> {
  const rows: T[] = [];
  let page: Page<W> = { take: perStatement };
  for (;;) {
    await pause();
    const found = await read(page);
    for (const row of found) rows.push(row);
    if (found.length < perStatement) return rows;
    page = { take: perStatement, after: after(found.at(-1)!) };
  }
}

/** Rows after `key`'s in the order of its columns (a compound key compared column by column). */
export function afterKey<W>(key: [string, string | number][]): W {
  return {
    OR: key.map(([column, value], i) => ({
      ...Object.fromEntries(key.slice(0, i).map(([c, v]) => [c, v])),
      [column]: { gt: value },
    })),
  } as W;
}

/**
 * The stored content, or the part of it `scope` names (src/content/scope.ts): an edit reads what it
 * changes and what checking it needs, not the corpus. Drafts are editorial state: read only when asked.
 * With `pause`, each table is read a page at a time, by primary key, pausing between statements (a server
 * loading a snapshot while it serves); without, one statement per table, all at once.
 */
export async function loadStoredContent(
  db: Reader,
  scope?: ContentScope,
  /** The locale list when the caller already holds it for this version (an edit's, src/editorial/write.ts). */
  known?: { locales: ContentSet["locales"] },
  pause?: Pause,
): Promise<ContentSet> {
  // No scope: everything. A scope's empty list: nothing, and no statement is run for it (each one costs
  // Prisma a query compile, which an edit's cost is mostly made of).
  const where = <W>(filters: W[] | undefined): { OR: W[] } | undefined => (filters ? { OR: filters } : undefined);
  const codesWhere: Prisma.StatusCodeWhereInput | undefined =
    !scope || scope.codes === "all" ? undefined : { code: { in: [...scope.codes] } };
  const codeTextsWhere = where<Prisma.StatusCodeTranslationWhereInput>(
    scope?.codeTexts.map(({ code, locales }) => ({ code, ...inLocales(locales) })),
  );
  const pairsWhere = where<Prisma.ComparisonWhereInput>(scope?.pairs.map(({ a, b }) => ({ codeA: a, codeB: b })));
  const pairTextsWhere = where<Prisma.ComparisonTranslationWhereInput>(
    scope?.pairs.map(({ a, b, locales }) => ({ codeA: a, codeB: b, ...inLocales(locales) })),
  );
  const messagesWhere: Prisma.MessageWhereInput | undefined =
    !scope || scope.messages === "all" ? undefined : { locale: { in: [...scope.messages] } };
  // Drafts are read raw: an edit reads its unit's drafts on every save, and a model query's compile cost
  // more than the statement (src/db/bulk.ts). A unit asked for no locale matches nothing.
  const draftFilters = scope?.drafts.flatMap(({ unit, locales }) =>
    locales === "all"
      ? [Prisma.sql`"unit" = ${unit}`]
      : locales.length
        ? [Prisma.sql`("unit" = ${unit} AND "locale" IN (${Prisma.join([...locales])}))`]
        : [],
  );
  // Each table's read, given a page or not; pages are ordered by primary key (locales by position first), so
  // no row is skipped or read twice.
  const paged = <W, O>(
    where: W | undefined,
    page: Page<W> | undefined,
    orderBy: O,
  ): { where?: W; orderBy?: O; take?: number } =>
    page ? { where: { AND: [where ?? {}, page.after ?? {}] } as W, orderBy, take: page.take } : { where };
  const readLocales = (page?: Page<Prisma.LocaleWhereInput>) =>
    db.locale.findMany({ orderBy: { position: "asc" }, ...paged(undefined, page, [{ position: "asc" }]) });
  const readCodes = (page?: Page<Prisma.StatusCodeWhereInput>) =>
    db.statusCode.findMany({
      include: { related: { orderBy: { position: "asc" } } },
      orderBy: { code: "asc" },
      ...paged(codesWhere, page, [{ code: "asc" }]),
    });
  const readCodeTranslations = (page?: Page<Prisma.StatusCodeTranslationWhereInput>) =>
    db.statusCodeTranslation.findMany(
      paged<Prisma.StatusCodeTranslationWhereInput, Prisma.StatusCodeTranslationOrderByWithRelationInput[]>(
        codeTextsWhere,
        page,
        [{ code: "asc" }, { locale: "asc" }],
      ),
    );
  const readComparisons = (page?: Page<Prisma.ComparisonWhereInput>) =>
    db.comparison.findMany(
      paged<Prisma.ComparisonWhereInput, Prisma.ComparisonOrderByWithRelationInput[]>(pairsWhere, page, [
        { codeA: "asc" },
        { codeB: "asc" },
      ]),
    );
  const readComparisonTranslations = (page?: Page<Prisma.ComparisonTranslationWhereInput>) =>
    db.comparisonTranslation.findMany(
      paged<Prisma.ComparisonTranslationWhereInput, Prisma.ComparisonTranslationOrderByWithRelationInput[]>(
        pairTextsWhere,
        page,
        [{ codeA: "asc" }, { codeB: "asc" }, { locale: "asc" }],
      ),
    );
  const readMessages = (page?: Page<Prisma.MessageWhereInput>) =>
    db.message.findMany(paged(messagesWhere, page, [{ locale: "asc" as const }, { key: "asc" as const }]));
  const readDrafts = (page?: Page<DraftKey>) => {
    const conditions = [
      ...(draftFilters ? [Prisma.sql`(${Prisma.join(draftFilters, " OR ")})`] : []),
      ...(page?.after
        ? [
            Prisma.sql`("unit" > ${page.after.unit} OR ("unit" = ${page.after.unit} AND "locale" > ${page.after.locale}))`,
          ]
        : []),
    ];
    return db.$queryRaw<DraftRow[]>(
      Prisma.sql`SELECT "unit", "locale", "text", "state", "sourceHash" FROM "TranslationDraft"${
        conditions.length ? Prisma.sql` WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty
      } ORDER BY "unit", "locale"${page ? Prisma.sql` LIMIT ${page.take}` : Prisma.empty}`,
    );
  };
  // In pages, one table after another: pages read side by side would resume together after a pause and
  // run back to back, holding the loop for as many statements as there are tables. An empty part of the
  // scope runs no statement.
  let previous: Promise<unknown> = Promise.resolve();
  const all = <T, W>(empty: boolean, read: (page?: Page<W>) => Promise<T[]>, after: (last: T) => W): Promise<T[]> => {
    if (empty) return Promise.resolve([]);
    if (!pause) return read();
    const next = previous.then(() => readInPages(read, after, pause));
    previous = next.catch(() => undefined);
    return next;
  };
  const [locales, codes, codeTranslations, comparisons, comparisonTranslations, messages, drafts] = await Promise.all([
    known ? Promise.resolve(known.locales) : all(false, readLocales, (l) => ({ position: { gt: l.position } })),
    all(scope !== undefined && scope.codes !== "all" && scope.codes.length === 0, readCodes, (c) => ({
      code: { gt: c.code },
    })),
    all(codeTextsWhere?.OR.length === 0, readCodeTranslations, (t) =>
      afterKey<Prisma.StatusCodeTranslationWhereInput>([
        ["code", t.code],
        ["locale", t.locale],
      ]),
    ),
    all(pairsWhere?.OR.length === 0, readComparisons, (c) =>
      afterKey<Prisma.ComparisonWhereInput>([
        ["codeA", c.codeA],
        ["codeB", c.codeB],
      ]),
    ),
    all(pairTextsWhere?.OR.length === 0, readComparisonTranslations, (t) =>
      afterKey<Prisma.ComparisonTranslationWhereInput>([
        ["codeA", t.codeA],
        ["codeB", t.codeB],
        ["locale", t.locale],
      ]),
    ),
    all(scope !== undefined && scope.messages !== "all" && scope.messages.length === 0, readMessages, (m) =>
      afterKey<Prisma.MessageWhereInput>([
        ["locale", m.locale],
        ["key", m.key],
      ]),
    ),
    all(!draftFilters?.length, readDrafts, (d) => ({ unit: d.unit, locale: d.locale })),
  ]);
  return {
    locales: locales.map((l) => ({
      code: l.code,
      name: l.name,
      nativeName: l.nativeName,
      fallback: l.fallback,
      position: l.position,
    })),
    codes: codes.map((c) => ({
      code: c.code,
      class: c.class as StatusClass,
      reasonPhrase: c.reasonPhrase,
      registryStatus: c.registryStatus as RegistryStatus,
      registryExpires: c.registryExpires ? c.registryExpires.toISOString().slice(0, 10) : null,
      registryNote: c.registryNote,
      spec: { document: c.specDocument, section: c.specSection, url: c.specUrl },
      related: c.related.map((r) => r.toCode),
      headers: JSON.parse(c.headers) as string[],
      cacheable: c.cacheable,
      storage: c.storage as StorageRule,
      retry: c.retry as RetryPolicy,
      hasBody: c.hasBody,
      auth: c.auth as AuthKind,
      redirect: c.redirect as RedirectKind,
      redirectMethod: c.redirectMethod as RedirectMethod,
      outcome: c.outcome as Outcome,
      producer: c.producer as Producer,
      actor: c.actor as Actor,
      retryCondition: c.retryCondition as RetryCondition,
      file: c.file,
    })),
    codeTranslations: codeTranslations.map((t) => ({
      code: t.code,
      locale: t.locale,
      text: {
        title: t.title,
        summary: t.summary,
        description: t.description,
        whenYouSeeIt: t.whenYouSeeIt,
        howToFix: t.howToFix,
        useWhen: t.useWhen,
        body: t.body,
      },
      state: t.state as EditorialState,
      sourceHash: t.sourceHash,
      file: t.file,
    })),
    comparisons: comparisons.map((c) => ({ codeA: c.codeA, codeB: c.codeB })),
    comparisonTranslations: comparisonTranslations.map((t) => ({
      codeA: t.codeA,
      codeB: t.codeB,
      locale: t.locale,
      text: {
        summary: t.summary,
        differences: JSON.parse(t.differences) as string[],
        similarities: JSON.parse(t.similarities) as string[],
        whenToUseA: t.whenToUseA,
        whenToUseB: t.whenToUseB,
        body: t.body,
      },
      state: t.state as EditorialState,
      sourceHash: t.sourceHash,
      file: t.file,
    })),
    messages: messages.map((m) => ({
      locale: m.locale,
      key: m.key,
      text: m.text,
      state: m.state as EditorialState,
      sourceHash: m.sourceHash,
      file: m.file,
    })),
    drafts: drafts.map(draftRecord),
  };
}

/** Drafts of these locales: what a preview lays over the published snapshot (src/read/preview.ts). */
export async function loadDrafts(db: Pick<Tx, "translationDraft">, locales: LocaleSet): Promise<DraftRecord[]> {
  const rows = await db.translationDraft.findMany({
    where: inLocales(locales),
    orderBy: [{ unit: "asc" }, { locale: "asc" }],
  });
  return rows.map(draftRecord);
}
