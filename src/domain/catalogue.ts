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
 * One element of a message as the interpolator runs it, all of one shape so its loop stays monomorphic:
 * a literal (`text`), a plain argument (`name`), or a select (`name` and its `options`).
 */
type Part = { text: string | null; name: string; options: ReadonlyMap<string, readonly Part[]> | null };

/**
 * `text` copied into one string. The ICU parser appends a literal one character at a time, and V8 keeps
 * the result as a rope of single characters that every sentence built from it walked again: in a loaded
 * server that was a third of computing a comparison (bench/README.md). Copied once here, when the
 * catalogue is built, it is read as one piece by every request.
 */
function inOnePiece(text: string): string {
  return Array.from(text).join("");
}

/** The parts of a message, or null when it holds anything but literals, plain arguments and selects. */
function partsOf(elements: readonly MessageFormatElement[]): Part[] | null {
  const parts: Part[] = [];
  for (const element of elements) {
    if (element.type === TYPE.literal) parts.push({ text: inOnePiece(element.value), name: "", options: null });
    else if (element.type === TYPE.argument) parts.push({ text: null, name: element.value, options: null });
    else if (element.type === TYPE.select) {
      const options = new Map<string, readonly Part[]>();
      for (const [option, { value }] of Object.entries(element.options)) {
        const nested = partsOf(value);
        if (!nested) return null;
        options.set(option, nested);
      }
      parts.push({ text: null, name: element.value, options });
    } else return null;
  }
  return parts;
}

/**
 * Formats `parts`; undefined when a value or a select's option (and `other`) is missing. The pieces are
 * joined once, so the sentence is one flat string: built with `+=`, it would be a rope of a dozen pieces
 * that every later reader (the page's join, the response's JSON) walks again (bench: (3) against (2d)).
 */
function interpolate(parts: readonly Part[], values: Values): string | undefined {
  const pieces: string[] = [];
  return collect(parts, values, pieces) ? pieces.join("") : undefined;
}

/** Appends the text of `parts` to `pieces`; false when a value or a select's option (and `other`) is missing. */
function collect(parts: readonly Part[], values: Values, pieces: string[]): boolean {
  for (const part of parts) {
    if (part.text !== null) {
      pieces.push(part.text);
      continue;
    }
    if (!Object.hasOwn(values, part.name)) return false;
    const value = String(values[part.name]);
    if (part.options === null) {
      pieces.push(value);
      continue;
    }
    const chosen = part.options.get(value) ?? part.options.get("other");
    if (!chosen || !collect(chosen, values, pieces)) return false;
  }
  return true;
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
  const parts = partsOf(elements);
  return parts && ((values) => interpolate(parts, values));
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
  // Two ways to answer format(): a constant string, or a template formatted from its parts (`interpolator`),
  // through intl-messageformat when it holds what the interpolator does not (plural, number, date).
  const templates = new Map<string, { constant: string | null; fast: ((values: Values) => string | undefined) | null; message: IntlMessageFormat }>();
  const fallbackKeys = new Set<string>();
  for (const key of keys) {
    const perLocale = new Map(chain.flatMap((l) => {
      const record = messages.get(l)?.get(key);
      return record ? [[l, record] as const] : [];
    }));
    const { values, servedFrom } = resolveFallback(chain, perLocale, ["text"] as const, servable);
    if (values.text === undefined) continue;
    if (servedFrom.text !== locale) fallbackKeys.add(key);
    const message = new IntlMessageFormat(values.text, servedFrom.text, undefined, { ignoreTag: true });
    const ast = message.getAst();
    const constant = ast.every((element) => element.type === TYPE.literal) ? inOnePiece(String(message.format())) : null;
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
