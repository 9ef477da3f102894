// Locale fallback: which locale serves each field, following a locale's fallback chain.
import type { LocaleRecord } from "../content/records.ts";

/** The locales to try, in order: the locale itself, then its fallback, then that one's fallback… */
export function fallbackChain(locale: string, locales: ReadonlyMap<string, LocaleRecord>): string[] {
  const chain: string[] = [];
  for (let next: string | null | undefined = locale; next && !chain.includes(next); next = locales.get(next)?.fallback)
    chain.push(next);
  return chain;
}

/** The locales whose chain passes through one of `through`: those a change to those locales' texts can show in. */
export function localesFallingBackTo(
  through: ReadonlySet<string> | readonly string[],
  locales: ReadonlyMap<string, LocaleRecord>,
): Set<string> {
  const set = new Set(through);
  return new Set([...locales.keys()].filter((locale) => fallbackChain(locale, locales).some((link) => set.has(link))));
}

export type Resolved<T> = { values: T; fallbackFields: string[] };

/**
 * Picks each field from the first locale in the chain whose record is servable and has the field,
 * and lists the fields that did not come from the first locale.
 */
export function resolveFallback<F extends string, R extends { [K in F]: unknown }>(
  chain: readonly string[],
  records: ReadonlyMap<string, R> | undefined,
  fields: readonly F[],
  isServable: (record: R) => boolean,
): Resolved<{ [K in F]: R[K] | undefined }> & { servedFrom: Partial<Record<F, string>> } {
  const values = {} as { [K in F]: R[K] | undefined };
  const servedFrom: Partial<Record<F, string>> = {};
  const fallbackFields: string[] = [];
  for (const field of fields) {
    for (const locale of chain) {
      const record = records?.get(locale);
      if (!record || !isServable(record)) continue;
      const value = record[field];
      if (value === undefined || value === null || value === "") continue;
      values[field] = value as R[typeof field];
      servedFrom[field] = locale;
      break;
    }
    if (servedFrom[field] !== chain[0]) fallbackFields.push(field);
  }
  return { values, fallbackFields, servedFrom };
}
