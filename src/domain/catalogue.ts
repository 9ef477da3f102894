// A locale's message catalogue: ICU templates compiled once per content version, with per-key fallback.
import { TYPE } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import type { MessageRecord } from "../content/records.ts";
import { inOnePiece, interpolator, type Values } from "../tuning/icu-interpolator.ts";
import { resolveFallback } from "./fallback.ts";
import type { MessageArgs, MessageKey } from "./messages.ts";
import { isServable } from "./translation-state.ts";

export type Catalogue = {
  locale: string;
  /** Typed by the engine's message contract: a key it does not declare, or wrong arguments, do not compile. */
  format<K extends MessageKey>(key: K, ...args: MessageArgs<K>): string;
  /** Keys this locale had to borrow from a fallback locale. */
  readonly fallbackKeys: ReadonlySet<string>;
};

export class MissingMessageError extends Error {
  constructor(key: string, locale: string) {
    super(`message "${key}" is missing for locale ${locale} and every fallback`);
  }
}

/**
 * `servable` says which stored messages serve: published ones for readers, and in a preview the previewed
 * locales' drafts too, as for the texts of codes and comparisons (src/read/resolve-locale.ts).
 */
export function buildCatalogue(
  chain: readonly string[],
  messages: ReadonlyMap<string, ReadonlyMap<string, MessageRecord>>,
  servable: (message: MessageRecord) => boolean = isServable,
): Catalogue {
  const locale = chain[0]!;
  const keys = new Set<string>();
  for (const l of chain) for (const key of messages.get(l)?.keys() ?? []) keys.add(key);
  // Two ways to answer format(): a constant string, or a template formatted from its parts; both equal what
  // intl-messageformat says, which formats what the interpolator does not (plural, number, date).
  const templates = new Map<
    string,
    { constant: string | null; fast: ((values: Values) => string | undefined) | null; message: IntlMessageFormat }
  >();
  const fallbackKeys = new Set<string>();
  for (const key of keys) {
    const perLocale = new Map(
      chain.flatMap((l) => {
        const record = messages.get(l)?.get(key);
        return record ? [[l, record] as const] : [];
      }),
    );
    const { values, servedFrom } = resolveFallback(chain, perLocale, ["text"] as const, servable);
    if (values.text === undefined) continue;
    if (servedFrom.text !== locale) fallbackKeys.add(key);
    const message = new IntlMessageFormat(values.text, servedFrom.text, undefined, { ignoreTag: true });
    const ast = message.getAst();
    const constant = ast.every((element) => element.type === TYPE.literal)
      ? inOnePiece(String(message.format()))
      : null;
    templates.set(key, { constant, fast: interpolator(ast), message });
  }
  return {
    locale,
    fallbackKeys,
    format: ((key: string, values?: Values) => {
      const template = templates.get(key);
      if (!template) throw new MissingMessageError(key, locale);
      if (template.constant !== null) return template.constant;
      return (values && template.fast?.(values)) ?? String(template.message.format(values));
    }) as Catalogue["format"],
  };
}
