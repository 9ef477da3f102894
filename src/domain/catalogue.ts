// A locale's message catalogue: ICU templates compiled once per content version, with per-key fallback.
import { TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import type { MessageRecord } from "../content/records.ts";
import { resolveFallback } from "./fallback.ts";
import type { MessageArgs, MessageKey } from "./messages.ts";
import { isServable } from "./translation-state.ts";

type Values = Record<string, string | number>;

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

/** True when the output depends only on select keys: literals, and selects whose options are the same. */
function selectsOverLiterals(elements: MessageFormatElement[]): boolean {
  return elements.every(
    (e) => e.type === TYPE.literal || (e.type === TYPE.select && Object.values(e.options).every((option) => selectsOverLiterals(option.value))),
  );
}

export function buildCatalogue(chain: readonly string[], messages: ReadonlyMap<string, ReadonlyMap<string, MessageRecord>>): Catalogue {
  const locale = chain[0]!;
  const keys = new Set<string>();
  for (const l of chain) for (const key of messages.get(l)?.keys() ?? []) keys.add(key);
  // Three ways to answer format(): a constant string, a template whose every argument is a select over a
  // small closed set (memoized per argument values), or a template with free text (formatted each time).
  const constants = new Map<string, string>();
  const compiled = new Map<string, IntlMessageFormat>();
  const enumOnly = new Set<string>();
  const memo = new Map<string, string>();
  const fallbackKeys = new Set<string>();
  for (const key of keys) {
    const perLocale = new Map(chain.flatMap((l) => {
      const record = messages.get(l)?.get(key);
      return record ? [[l, record] as const] : [];
    }));
    const { values, servedFrom } = resolveFallback(chain, perLocale, ["text"] as const, isServable);
    if (values.text === undefined) continue;
    if (servedFrom.text !== locale) fallbackKeys.add(key);
    const message = new IntlMessageFormat(values.text, servedFrom.text, undefined, { ignoreTag: true });
    const ast = message.getAst();
    if (ast.every((element) => element.type === TYPE.literal)) constants.set(key, String(message.format()));
    else compiled.set(key, message);
    if (selectsOverLiterals(ast)) enumOnly.add(key);
  }
  return {
    locale,
    fallbackKeys,
    format: ((key: string, values?: Values) => {
      const constant = constants.get(key);
      if (constant !== undefined) return constant;
      const message = compiled.get(key);
      if (!message) throw new MissingMessageError(key, locale);
      if (!enumOnly.has(key)) return String(message.format(values));
      const memoKey = `${key}|${JSON.stringify(values)}`;
      let text = memo.get(memoKey);
      if (text === undefined) memo.set(memoKey, (text = String(message.format(values))));
      return text;
    }) as Catalogue["format"],
  };
}
