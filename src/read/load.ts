// Step 1 of a read: the database → the same ContentSet shape the files produce. Snapshots are built
// from it, and the importer plans against it (a pure comparison of two ContentSets).
import type { Prisma } from "@prisma/client";
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
  | "locale"
  | "statusCode"
  | "statusCodeTranslation"
  | "comparison"
  | "comparisonTranslation"
  | "message"
  | "translationDraft"
>;

/** A Prisma filter on a locale column: every locale, or these. */
const inLocales = (locales: LocaleSet) => (locales === "all" ? {} : { locale: { in: [...locales] } });

/** A stored draft as the record the files would hold for it (with no file: drafts live only in the database). */
function draftRecord(row: {
  unit: string;
  locale: string;
  text: string;
  state: string;
  sourceHash: string | null;
}): DraftRecord {
  const key = textUnitId.parse(row.unit);
  if (!key) throw new Error(`TranslationDraft has an unknown unit id "${row.unit}"`);
  const text = JSON.parse(row.text) as AnyText;
  const common = { locale: row.locale, state: row.state as EditorialState, sourceHash: row.sourceHash, file: "" };
  if (key.kind === "code") return { code: key.code, text: text as CodeText, ...common };
  if (key.kind === "comparison") return { codeA: key.a, codeB: key.b, text: text as ComparisonText, ...common };
  return { key: key.key, text: (text as { text: string }).text, ...common };
}

/**
 * The stored content, or the part of it `scope` names (src/content/scope.ts): an edit reads what it
 * changes and what checking it needs, not the corpus. Drafts are editorial state: read only when asked.
 */
export async function loadStoredContent(
  db: Reader,
  scope?: ContentScope,
  /** The locale list when the caller already holds it for this version (an edit's, src/editorial/write.ts). */
  known?: { locales: ContentSet["locales"] },
): Promise<ContentSet> {
  // No scope: everything. A scope's empty list: nothing, and no statement is run for it (each one costs
  // Prisma a query compile, which an edit's cost is mostly made of).
  const where = <W>(filters: W[] | undefined): { OR: W[] } | undefined => (filters ? { OR: filters } : undefined);
  const unless = <T>(empty: boolean, read: () => Promise<T[]>): Promise<T[]> => (empty ? Promise.resolve([]) : read());
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
  const draftsWhere = where<Prisma.TranslationDraftWhereInput>(
    scope?.drafts.map(({ unit, locales }) => ({ unit, ...inLocales(locales) })),
  );
  const [locales, codes, codeTranslations, comparisons, comparisonTranslations, messages, drafts] = await Promise.all([
    known ? Promise.resolve(known.locales) : db.locale.findMany({ orderBy: { position: "asc" } }),
    unless(scope !== undefined && scope.codes !== "all" && scope.codes.length === 0, () =>
      db.statusCode.findMany({
        where: codesWhere,
        include: { related: { orderBy: { position: "asc" } } },
        orderBy: { code: "asc" },
      }),
    ),
    unless(codeTextsWhere?.OR.length === 0, () => db.statusCodeTranslation.findMany({ where: codeTextsWhere })),
    unless(pairsWhere?.OR.length === 0, () => db.comparison.findMany({ where: pairsWhere })),
    unless(pairTextsWhere?.OR.length === 0, () => db.comparisonTranslation.findMany({ where: pairTextsWhere })),
    unless(scope !== undefined && scope.messages !== "all" && scope.messages.length === 0, () =>
      db.message.findMany({ where: messagesWhere }),
    ),
    unless(!draftsWhere || draftsWhere.OR.length === 0, () =>
      db.translationDraft.findMany({ where: draftsWhere, orderBy: [{ unit: "asc" }, { locale: "asc" }] }),
    ),
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
