// What one GraphQL request may do to the content: run edits as its token's holder (handing back the
// snapshot its own edit produced, so a mutation's payload shows what it wrote) and read history.
import { DRAFT_PREFIX } from "../write/history.ts";
import { SOURCE_LOCALE } from "../content/format.ts";
import type { Database } from "../db/database.ts";
import type { ContentStore, Snapshot } from "../read/store.ts";
import type { Edit } from "./edits.ts";
import { runEdit, type EditOutcome } from "./write.ts";
import type { ContentSet } from "../content/records.ts";
import { addComment, threadOf, type CommentRow } from "./comments.ts";
import { createSaveQueue } from "./save-queue.ts";

export type HistoryRow = {
  id: number;
  version: number;
  at: Date;
  actor: string;
  importRunId: number | null;
  unit: string;
  locale: string | null;
  field: string;
  before: string | null;
  after: string | null;
  note: string | null;
};

export type EditorialSession = {
  /** Runs an edit as `actor`; a change comes with the snapshot of the version it produced (or a newer one). */
  run(edit: Edit, actor: string, expectedRevision: number | null): Promise<EditOutcome & { snapshot?: Snapshot }>;
  /**
   * A unit's history, newest first: entries with ids below `before` (all when null), at most `take`. Entries
   * of drafts are left out except in `draftLocales` (src/auth/roles.ts's draftLocalesOf for the viewer).
   */
  history(query: {
    unit: string;
    locale?: string | null;
    before: number | null;
    take: number;
    draftLocales: "all" | readonly string[];
  }): Promise<HistoryRow[]>;
  entry(id: number): Promise<HistoryRow | null>;
  /** The whole-record entries of the same unit written by the same change (a pair and its texts). */
  together(entry: HistoryRow): Promise<HistoryRow[]>;
  /** A unit's comment thread in one locale, its newest `take`, oldest first (src/editorial/comments.ts). */
  comments(query: { unit: string; locale: string; take: number }): Promise<CommentRow[]>;
  comment(comment: { unit: string; locale: string; author: string; body: string }): Promise<CommentRow>;
  /** The text units ("code.404", "comparison.401-vs-403") that have an English draft, in one query. */
  englishDrafts(): Promise<ReadonlySet<string>>;
};

export function createEditorialSession(store: ContentStore, glossaries?: ContentSet["glossaries"]): EditorialSession {
  const db: Database = store.database;
  // Translators' draft saves go through the queue, written together when they arrive together.
  // Published records come from the snapshot this process holds when it is of the version an edit reads.
  const published = () => store.loaded();
  const saves = createSaveQueue(db, glossaries, published);
  return {
    async run(edit, actor, expectedRevision) {
      const outcome =
        edit.kind === "saveTranslation"
          ? await saves.save({ edit, actor, expectedRevision })
          : await runEdit(db, edit, { actor, expectedRevision, glossaries, published });
      if (!outcome.ok || !outcome.changed) return outcome;
      // A change to drafts alone moves no version: the snapshot this process has already shows it (most saves).
      const loaded = store.loaded();
      if (loaded && loaded.version >= outcome.version) return { ...outcome, snapshot: loaded };
      const snapshot = await store.ready();
      return snapshot.version >= outcome.version ? { ...outcome, snapshot } : outcome;
    },
    history({ unit, locale, before, take, draftLocales }) {
      const drafts =
        draftLocales === "all"
          ? {}
          : { OR: [{ NOT: { field: { startsWith: DRAFT_PREFIX } } }, { locale: { in: [...draftLocales] } }] };
      return db.prisma.historyEntry.findMany({
        where: {
          unit,
          ...(locale === undefined ? {} : { locale }),
          ...(before === null ? {} : { id: { lt: before } }),
          ...drafts,
        },
        orderBy: { id: "desc" },
        take,
      });
    },
    entry(id) {
      return db.prisma.historyEntry.findUnique({ where: { id } });
    },
    async englishDrafts() {
      const rows = await db.prisma.translationDraft.findMany({
        where: { locale: SOURCE_LOCALE },
        select: { unit: true },
      });
      return new Set(rows.map((row) => row.unit));
    },
    together(entry) {
      return db.prisma.historyEntry.findMany({
        where: { unit: entry.unit, version: entry.version, field: entry.field, id: { not: entry.id } },
        orderBy: { id: "asc" },
      });
    },
    comments: (query) => threadOf(db, query),
    comment: (comment) => addComment(db, comment),
  };
}
