// ICU MessageFormat checks shared by the importer and the XLIFF/PO importer: syntax and placeholder names.
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

function collect(elements: MessageFormatElement[], into: Set<string>): void {
  for (const element of elements) {
    if (
      element.type === TYPE.argument ||
      element.type === TYPE.number ||
      element.type === TYPE.date ||
      element.type === TYPE.time
    ) {
      into.add(element.value);
    } else if (element.type === TYPE.select || element.type === TYPE.plural) {
      into.add(element.value);
      for (const option of Object.values(element.options)) collect(option.value, into);
    } else if (element.type === TYPE.tag) {
      into.add(`<${element.value}>`);
      collect(element.children, into);
    }
  }
}

/** The placeholder names a template uses, or the syntax error that stops it from being parsed. */
export function placeholdersOf(template: string): { names: string[] } | { error: string } {
  try {
    const names = new Set<string>();
    collect(parse(template, { ignoreTag: true }), names);
    return { names: [...names].sort() };
  } catch (error) {
    return { error: `ICU syntax error: ${(error as Error).message}` };
  }
}

/** The option keys of every select on `argument` in a template, one set per select (a template may repeat one). */
export function selectOptionsOf(template: string, argument: string): Set<string>[] {
  const found: Set<string>[] = [];
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.select || element.type === TYPE.plural) {
        if (element.type === TYPE.select && element.value === argument)
          found.push(new Set(Object.keys(element.options)));
        for (const option of Object.values(element.options)) walk(option.value);
      } else if (element.type === TYPE.tag) walk(element.children);
    }
  };
  try {
    walk(parse(template, { ignoreTag: true }));
  } catch {
    // A template that does not parse is reported as a syntax error on its own.
  }
  return found;
}

/** Why a translated template cannot stand in for its source, or null when it can. */
export function placeholderMismatch(source: string, translation: string): string | null {
  const a = placeholdersOf(source);
  const b = placeholdersOf(translation);
  if ("error" in b) return b.error;
  if ("error" in a) return null;
  const missing = a.names.filter((n) => !b.names.includes(n));
  const extra = b.names.filter((n) => !a.names.includes(n));
  if (missing.length === 0 && extra.length === 0) return null;
  const parts = [];
  if (missing.length) parts.push(`missing {${missing.join("}, {")}}`);
  if (extra.length) parts.push(`unknown {${extra.join("}, {")}}`);
  return `placeholders must match the English template: ${parts.join("; ")}`;
}
