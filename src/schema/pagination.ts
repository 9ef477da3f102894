// Relay pages over in-memory lists, shared by every connection: one page-size rule, a total count, and
// cursors that name an item by its key (a code, a unit id) rather than its offset, so a cursor stays on its
// item when content is added or removed before it.
import { expectedError } from "./errors.ts";

export const MAX_PAGE = 100;

type PageArgs = { first?: number | null; last?: number | null; after?: string | null; before?: string | null };

export type PageKeys<T> = {
  /** A stable key of the item in this list, e.g. "code:404". */
  keyOf: (item: T) => string;
  /**
   * Where a key no longer in the list would sit (the index of the first item after it), so paging on from a
   * removed item continues where it was. Without it, such a cursor is a VALIDATION error.
   */
  insertionPoint?: (key: string) => number;
};

const encodeCursor = (key: string) => Buffer.from(key, "utf8").toString("base64url");
const decodeCursor = (cursor: string) => Buffer.from(cursor, "base64url").toString("utf8");

/** One page of `items` plus the total over all pages; VALIDATION for negative or oversized pages and foreign cursors. */
export function pageOf<T>(args: PageArgs, items: T[], { keyOf, insertionPoint }: PageKeys<T>) {
  for (const field of ["first", "last"] as const) {
    const size = args[field];
    if (size !== null && size !== undefined && (size < 0 || size > MAX_PAGE)) {
      throw expectedError("VALIDATION", `${field} must be between 0 and ${MAX_PAGE}.`, { field });
    }
  }
  const keys = items.map(keyOf);
  /** The index of the cursor's item; `missing` says where a removed item would have been. */
  const locate = (cursor: string, field: "after" | "before") => {
    const key = decodeCursor(cursor);
    const index = keys.indexOf(key);
    if (index >= 0) return { index, missing: false };
    const point = insertionPoint?.(key) ?? -1;
    if (point < 0)
      throw expectedError(
        "VALIDATION",
        `${field} is not a cursor of this list, or its item is gone: start from the first page.`,
        { field },
      );
    return { index: point, missing: true };
  };
  let start = 0;
  let end = items.length;
  if (args.after) {
    const { index, missing } = locate(args.after, "after");
    start = missing ? index : index + 1;
  }
  if (args.before) end = Math.max(start, locate(args.before, "before").index);
  const first = args.first ?? (args.last ? undefined : MAX_PAGE);
  if (first !== undefined && first !== null) end = Math.min(end, start + first);
  if (args.last !== undefined && args.last !== null) start = Math.max(start, end - args.last);
  const edges = items.slice(start, end).map((node, i) => ({ cursor: encodeCursor(keys[start + i]!), node }));
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
      hasPreviousPage: start > 0,
      hasNextPage: end < items.length,
    },
    totalCount: items.length,
  };
}

/**
 * The page size of a list read from the database newest first by key (history, import jobs, webhook
 * deliveries): such lists page forward only, so `last` and `before` are refused rather than ignored.
 */
export function forwardPageSize(args: PageArgs, list: string): number {
  if (args.before != null || args.last != null)
    throw expectedError("VALIDATION", `${list} pages forward only: use first and after.`, {
      field: args.before != null ? "before" : "last",
    });
  if (args.first != null && (args.first < 0 || args.first > MAX_PAGE))
    throw expectedError("VALIDATION", `first must be between 0 and ${MAX_PAGE}.`, { field: "first" });
  return args.first ?? 20;
}

/** A forward page from `rows`, read as up to size + 1 items after the cursor: the extra one says a next page exists. */
export function forwardPage<T>(
  rows: readonly T[],
  size: number,
  after: string | null | undefined,
  cursorOf: (row: T) => string,
) {
  const edges = rows.slice(0, size).map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
