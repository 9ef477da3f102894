// The editor's forms, generated from the content format's own zod schemas (src/content/format.ts): one
// control per field of the file, so a field added to the format shows up in the form with no UI code.
// `describeForm` reads a schema into field descriptions; `readForm` turns a posted form back into the
// file's values (coercing numbers and booleans, reporting what cannot be coerced, by field). Pure.
import { z } from "zod";

/** What the form offers for one field of the file; `path` is the field's dotted path in the frontmatter. */
export type FormField =
  | { kind: "text" | "markdown"; path: string; optional: boolean }
  | { kind: "number"; path: string; optional: boolean }
  | { kind: "boolean"; path: string }
  | { kind: "enum"; path: string; options: readonly string[]; optional: boolean }
  /** A list: one row per item, rows added and removed with submit buttons (so it works without JavaScript). */
  | { kind: "list"; path: string; item: "text" | "markdown" | "number"; min: number; max: number | null }
  /** A nested object (registry, spec): its fields in a fieldset. */
  | { kind: "group"; path: string; fields: FormField[] }
  /** A record keyed by values the page knows (a comparison's whenToUse, keyed by its two codes). */
  | { kind: "keyed"; path: string; item: "text" | "markdown" }
  /** A field the page's address decides (a code's number, a comparison's pair): shown, never edited. */
  | { kind: "fixed"; path: string };

export type FormOptions = {
  /** Whether a text field holds Markdown (a textarea with a rendered preview) rather than a short line. */
  markdown: (path: string) => boolean;
  /** Fields set by the page's address. */
  fixed: readonly string[];
};

type Unwrapped = { schema: z.ZodType; optional: boolean };

/** The schema under optional/default/nullable wrappers, and whether the field may be left out. */
function unwrap(schema: z.ZodType): Unwrapped {
  let optional = false;
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
      optional = true;
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodDefault) {
      optional = true;
      current = current.def.innerType as z.ZodType;
    } else if (current instanceof z.ZodUnion) {
      // A field written either way (spec.section: "15.5.5" or 15): the form takes it as the first option.
      current = current.options[0] as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else return { schema: current, optional };
  }
}

function scalarKind(schema: z.ZodType, path: string, options: FormOptions): "text" | "markdown" | "number" | null {
  // By the definition's type: string formats (z.url(), z.email()) are strings without being ZodString.
  if (schema.def.type === "string") return options.markdown(path) ? "markdown" : "text";
  if (schema.def.type === "number") return "number";
  return null;
}

function describeField(name: string, schema: z.ZodType, prefix: string, options: FormOptions): FormField {
  const path = prefix ? `${prefix}.${name}` : name;
  if (options.fixed.includes(path)) return { kind: "fixed", path };
  const { schema: inner, optional } = unwrap(schema);
  if (inner instanceof z.ZodBoolean) return { kind: "boolean", path };
  if (inner instanceof z.ZodEnum) return { kind: "enum", path, options: inner.options.map(String), optional };
  if (inner instanceof z.ZodObject) {
    return {
      kind: "group",
      path,
      fields: Object.entries(inner.shape).map(([key, field]) => describeField(key, field as z.ZodType, path, options)),
    };
  }
  if (inner instanceof z.ZodArray) {
    const item = scalarKind(unwrap(inner.element as z.ZodType).schema, path, options);
    if (!item) throw new Error(`content format: the list ${path} holds something the form cannot edit`);
    const checks = (inner.def.checks ?? []) as {
      _zod: { def: { check: string; minimum?: number; maximum?: number } };
    }[];
    const bound = (kind: string) => checks.map((c) => c._zod.def).find((d) => d.check === kind);
    return {
      kind: "list",
      path,
      item,
      min: bound("min_length")?.minimum ?? 0,
      max: bound("max_length")?.maximum ?? null,
    };
  }
  if (inner instanceof z.ZodRecord) {
    const item = scalarKind(unwrap(inner.valueType as z.ZodType).schema, path, options);
    if (item === "number" || !item)
      throw new Error(`content format: the record ${path} holds something the form cannot edit`);
    return { kind: "keyed", path, item };
  }
  const scalar = scalarKind(inner, path, options);
  if (!scalar) throw new Error(`content format: ${path} is of a kind the form cannot edit`);
  return { kind: scalar, path, optional } as FormField;
}

/** The form for files of one schema: a field per key, in the schema's (the file's) order. */
export function describeForm(schema: z.ZodObject, options: FormOptions): FormField[] {
  return Object.entries(schema.shape).map(([name, field]) => describeField(name, field as z.ZodType, "", options));
}

/** Every field, groups opened up, in the form's order. */
export function leafFields(fields: readonly FormField[]): FormField[] {
  return fields.flatMap((f) => (f.kind === "group" ? leafFields(f.fields) : [f]));
}

export type FormProblem = { path: string; message: string };
export type Values = Record<string, unknown>;

/** The value at a dotted path of nested values. */
export function valueAt(values: Values, path: string): unknown {
  let current: unknown = values;
  for (const key of path.split("."))
    current = current && typeof current === "object" ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

function setAt(values: Values, path: string, value: unknown): void {
  const keys = path.split(".");
  let current = values;
  for (const key of keys.slice(0, -1)) current = (current[key] ??= {}) as Values;
  current[keys.at(-1)!] = value;
}

/** The control name of a field, and of a keyed field's entry ("f.whenToUse.302"). */
export const controlName = (path: string) => `f.${path}`;

/** Browsers send a textarea's line breaks as CRLF (HTML's form submission); content is stored with LF. */
const typedText = (value: string | null) => (value ?? "").replace(/\r\n?/g, "\n");

/**
 * A posted form as the file's values: text as typed (trimmed lines only where the format trims), numbers
 * as numbers, a checkbox as true or false, an empty optional field left out. Fixed fields come from
 * `fixed`, keyed fields from the keys given. What cannot be read as the field's kind is a problem named
 * by the field; the format's own rules (non-empty, ranges, enums) are the importer's to check.
 */
export function readForm(
  fields: readonly FormField[],
  form: URLSearchParams,
  context: { fixed: Values; keys: readonly string[] },
): { raw: Values; values: Values; problems: FormProblem[] } {
  const values: Values = {};
  /** What was typed, as typed: shown again when the form comes back (a refusal, a row added), never lost. */
  const raw: Values = {};
  const problems: FormProblem[] = [];
  const number = (path: string, raw: string): number | undefined => {
    const trimmed = raw.trim();
    if (!/^-?\d+$/.test(trimmed)) {
      problems.push({ path, message: `must be a whole number, got "${trimmed}"` });
      return undefined;
    }
    return Number(trimmed);
  };
  for (const field of leafFields(fields)) {
    const name = controlName(field.path);
    switch (field.kind) {
      case "fixed":
        setAt(values, field.path, valueAt(context.fixed, field.path));
        setAt(raw, field.path, valueAt(context.fixed, field.path));
        break;
      case "boolean":
        setAt(values, field.path, form.get(name) === "true");
        setAt(raw, field.path, form.get(name) === "true");
        break;
      case "text":
      case "markdown":
      case "enum":
      case "number": {
        const typed = typedText(form.get(name));
        setAt(raw, field.path, typed);
        if (typed.trim() === "" && field.optional) break;
        setAt(values, field.path, field.kind === "number" ? number(field.path, typed) : typed);
        break;
      }
      case "list": {
        const rows = form.getAll(name).map(typedText);
        setAt(raw, field.path, rows);
        setAt(
          values,
          field.path,
          field.item === "number" ? rows.map((row, i) => number(`${field.path}.${i}`, row)) : rows,
        );
        break;
      }
      case "keyed": {
        const entries = Object.fromEntries(context.keys.map((key) => [key, typedText(form.get(`${name}.${key}`))]));
        setAt(raw, field.path, entries);
        setAt(values, field.path, entries);
        break;
      }
    }
  }
  return { raw, values, problems };
}

/**
 * A list's "Add" or "Remove" button, pressed without JavaScript: the typed values (readForm's `raw`) with a
 * row added at the end or the given row taken out. Nothing is saved; the page is shown again with the change.
 */
export function changeRows(fields: readonly FormField[], values: Values, action: string): Values | null {
  const match = /^(add|remove):([\w.]+?)(?::(\d+))?$/.exec(action);
  if (!match) return null;
  const [, verb, path, index] = match;
  const field = leafFields(fields).find((f) => f.path === path);
  if (field?.kind !== "list") return null;
  const rows = [...((valueAt(values, path!) as unknown[] | undefined) ?? [])];
  if (verb === "add") rows.push("");
  else if (index !== undefined) rows.splice(Number(index), 1);
  const next = structuredClone(values);
  setAt(next, path!, rows);
  return next;
}
