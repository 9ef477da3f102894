// A faster way to format the messages the engine's sentences are made of, beside intl-messageformat: runtime
// tuning, kept out of src/domain/. It must say exactly what the library says (test/tuning/ checks every
// message of every shipped locale); why it exists and what it saves are in bench/README.md
// ("Uncached compare(202,403,vi)").
import { TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

export type Values = Record<string, string | number>;

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
export function inOnePiece(text: string): string {
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
 * that every later reader (the page's join, the response's JSON) walks again (bench/README.md).
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
 * fraction of the library's general path (bench/README.md). A missing
 * value or option returns undefined, so the library says what is wrong.
 */
export function interpolator(
  elements: readonly MessageFormatElement[],
): ((values: Values) => string | undefined) | null {
  const parts = partsOf(elements);
  return parts && ((values) => interpolate(parts, values));
}
