// A unit's comment thread in one locale (a reviewer's send-back, the replies to it): editorial talk kept
// beside the content, never part of a content version, so writing one changes no snapshot or revision.
import type { Database } from "../db/database.ts";

export type CommentRow = { id: number; unit: string; locale: string; author: string; body: string; at: Date };

/** A thread is short: a comment says what to change, not a document. */
export const COMMENT_MAX_CHARS = 2000;
/** The most of a thread one read returns: its newest comments. */
export const COMMENT_MAX_READ = 100;

/** The thread's newest `take` comments, oldest first (the order a thread reads in). */
export async function threadOf(
  db: Database,
  query: { unit: string; locale: string; take: number },
): Promise<CommentRow[]> {
  const newest = await db.prisma.workbenchComment.findMany({
    where: { unit: query.unit, locale: query.locale },
    orderBy: { id: "desc" },
    take: query.take,
  });
  return newest.reverse();
}

export function addComment(
  db: Database,
  comment: { unit: string; locale: string; author: string; body: string },
): Promise<CommentRow> {
  return db.prisma.workbenchComment.create({ data: comment });
}
