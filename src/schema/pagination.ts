// Relay pages over in-memory lists, shared by every connection: one page-size rule and a total count.
import { resolveArrayConnection } from "@pothos/plugin-relay";
import { expectedError } from "./errors.ts";

export const MAX_PAGE = 100;

type PageArgs = { first?: number | null; last?: number | null; after?: string | null; before?: string | null };

/** One page of `items` plus the total over all pages; VALIDATION for negative or oversized pages. */
export function pageOf<T>(args: PageArgs, items: T[]) {
  for (const field of ["first", "last"] as const) {
    const size = args[field];
    if (size !== null && size !== undefined && (size < 0 || size > MAX_PAGE)) {
      throw expectedError("VALIDATION", `${field} must be between 0 and ${MAX_PAGE}.`, { field });
    }
  }
  const first = args.first ?? (args.last ? undefined : MAX_PAGE);
  return { ...resolveArrayConnection({ args: { ...args, first } }, items), totalCount: items.length };
}
