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

/**
 * A formatter for messages made of literals, plain `{arg}` and `{arg, select, …}` only (all the engine's
 * sentences), straight from the message's parsed form, or null for anything else (plural, number, date).
 * It does what intl-messageformat's formatToParts does for those elements: a plain argument is String(value)
 * and a select takes its option or `other`. A comparison formats about fifteen sentences, and this costs a
 * fraction of the library's general path (bench: computing a comparison, (3) against (2d)). A missing
 * value or option returns undefined, so the library says what is wrong.
 */
export function interpolator(elements: readonly MessageFormatElement[]): ((values: Values) => string | undefined) | null {
  const parts: ((values: Values) => string | undefined)[] = [];
  for (const element of elements) {
    if (element.type === TYPE.literal) {
      const text = element.value;
      parts.push(() => text);
    } else if (element.type === TYPE.argument) {
      const name = element.value;
      parts.push((values) => (Object.hasOwn(values, name) ? String(values[name]) : undefined));
    } else if (element.type === TYPE.select) {
      const name = element.value;
      const options = new Map<string, (values: Values) => string | undefined>();
      for (const [option, { value }] of Object.entries(element.options)) {
        const format = interpolator(value);
        if (!format) return null;
        options.set(option, format);
      }
      parts.push((values) => {
        if (!Object.hasOwn(values, name)) return undefined;
        return (options.get(String(values[name])) ?? options.get("other"))?.(values);
      });
    } else return null;
  }
  // Joined, not concatenated: one flat string, where `+=` leaves a rope for serialization to flatten.
  return (values) => {
    const pieces: string[] = [];
    for (const part of parts) {
      const piece = part(values);
      if (piece === undefined) return undefined;
      pieces.push(piece);
    }
    return pieces.join("");
  };
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
  const interpolated = new Map<string, (values: Values) => string | undefined>();
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
    const fast = interpolator(ast);
    if (fast) interpolated.set(key, fast);
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
      if (!enumOnly.has(key)) return (values && interpolated.get(key)?.(values)) ?? String(message.format(values));
      const memoKey = `${key}|${JSON.stringify(values)}`;
      let text = memo.get(memoKey);
      if (text === undefined) memo.set(memoKey, (text = String(message.format(values))));
      return text;
    }) as Catalogue["format"],
  };
}
