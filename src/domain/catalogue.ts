// A locale's message catalogue: ICU templates compiled once per content version, with per-key fallback.
import { IntlMessageFormat } from "intl-messageformat";
import type { MessageRecord } from "../content/records.ts";
import { resolveFallback } from "./fallback.ts";
import { isServable } from "./translation-state.ts";

type Values = Record<string, string | number>;

export type Catalogue = {
  locale: string;
  format(key: string, values?: Values): string;
  /** Keys this locale had to borrow from a fallback locale. */
  readonly fallbackKeys: ReadonlySet<string>;
};

export class MissingMessageError extends Error {
  constructor(key: string, locale: string) {
    super(`message "${key}" is missing for locale ${locale} and every fallback`);
  }
}

export function buildCatalogue(chain: readonly string[], messages: ReadonlyMap<string, ReadonlyMap<string, MessageRecord>>): Catalogue {
  const locale = chain[0]!;
  const keys = new Set<string>();
  for (const l of chain) for (const key of messages.get(l)?.keys() ?? []) keys.add(key);
  const compiled = new Map<string, IntlMessageFormat>();
  const fallbackKeys = new Set<string>();
  for (const key of keys) {
    const perLocale = new Map(chain.flatMap((l) => {
      const record = messages.get(l)?.get(key);
      return record ? [[l, record] as const] : [];
    }));
    const { values, servedFrom } = resolveFallback(chain, perLocale, ["text"] as const, isServable);
    if (values.text === undefined) continue;
    if (servedFrom.text !== locale) fallbackKeys.add(key);
    compiled.set(key, new IntlMessageFormat(values.text, servedFrom.text, undefined, { ignoreTag: true }));
  }
  return {
    locale,
    fallbackKeys,
    format(key, values) {
      const message = compiled.get(key);
      if (!message) throw new MissingMessageError(key, locale);
      return String(message.format(values));
    },
  };
}
