// A code or a curated comparison as the editor edits it: the content file's values (the frontmatter the
// format defines, and the Markdown body), read from a record by the exporter's own rendering and checked
// by the importer's own checks, so the form holds exactly what a file would and is refused exactly as a
// file would be. Pure: records and values in, values, records or problems by field out.
import { parse as parseYaml, stringify as yamlText } from "yaml";
import type { z } from "zod";
import {
  CODE_TEXT_FIELDS,
  COMPARISON_TEXT_FIELDS,
  SOURCE_LOCALE,
  SourceCodeFrontmatter,
  SourceComparisonFrontmatter,
} from "../../content/format.ts";
import { contentPath } from "../../content/paths.ts";
import type {
  CodeFacts,
  CodeTranslationRecord,
  ComparisonTranslationRecord,
  ContentSet,
} from "../../content/records.ts";
import { renderContentFiles } from "../../export/render-files.ts";
import { checkContentFiles } from "../../pipeline/import.ts";
import { describeForm, leafFields, valueAt, type FormField, type FormProblem, type Values } from "./form.ts";

/** The Markdown body after the frontmatter, as a field of the form (a path no frontmatter key can have). */
export const BODY = "#body";

/** Text fields written in Markdown: the translatable prose of codes and comparisons, but a title. */
const MARKDOWN = new Set<string>(
  [...CODE_TEXT_FIELDS, ...COMPARISON_TEXT_FIELDS, "whenToUse"].filter((f) => f !== "title"),
);
const bodyField: FormField = { kind: "markdown", path: BODY, optional: false };

/** A code's form: its English file's schema, the code itself fixed by the page's address, then the body. */
export function codeFormOf(schema: z.ZodObject = SourceCodeFrontmatter): FormField[] {
  return [...describeForm(schema, { markdown: (path) => MARKDOWN.has(path), fixed: ["code"] }), bodyField];
}

/** A curated comparison's form: its English file's schema, the pair fixed by the page's address, then the body. */
export function comparisonFormOf(schema: z.ZodObject = SourceComparisonFrontmatter): FormField[] {
  return [
    ...describeForm(schema, { markdown: (path) => MARKDOWN.has(path.split(".")[0]!), fixed: ["codes"] }),
    bodyField,
  ];
}

const EMPTY: ContentSet = {
  locales: [],
  codes: [],
  codeTranslations: [],
  comparisons: [],
  comparisonTranslations: [],
  messages: [],
};

/** A Markdown content file's frontmatter and body, split as the parser splits them. */
function fileValues(text: string): Values {
  const match = /^---\n([\s\S]*?)---\n\n?([\s\S]*)$/.exec(text);
  if (!match) throw new Error("rendered content file without frontmatter");
  return { ...(parseYaml(match[1]!) as Values), [BODY]: match[2]!.trim() };
}

function fileText(values: Values): string {
  const { [BODY]: body, ...frontmatter } = values;
  return `---\n${yamlText(frontmatter, { lineWidth: 0 })}---\n\n${String(body ?? "").trim()}\n`;
}

/** A code's English file, as the exporter writes it, as form values. */
export function codeValues(facts: CodeFacts, text: CodeTranslationRecord): Values {
  const files = renderContentFiles({ ...EMPTY, codes: [facts], codeTranslations: [text] });
  return fileValues(files.find((f) => f.path.startsWith("codes/"))!.text);
}

/** A curated comparison's English file, as the exporter writes it, as form values. */
export function comparisonValues(record: ComparisonTranslationRecord): Values {
  const files = renderContentFiles({
    ...EMPTY,
    comparisons: [{ codeA: record.codeA, codeB: record.codeB }],
    comparisonTranslations: [record],
  });
  return fileValues(files.find((f) => f.path.startsWith("comparisons/"))!.text);
}

/** Just enough of locales.yaml for the importer to check English files on their own. */
const SOURCE_LOCALES_FILE = {
  path: "locales.yaml",
  text: `- code: ${SOURCE_LOCALE}\n  name: English\n  nativeName: English\n`,
};

/** Where in the form an importer's issue belongs: its frontmatter path, or the body for the body's own. */
function problemsOf(errors: readonly { file: string; field: string; message: string }[], file: string): FormProblem[] {
  return errors
    .filter((e) => e.file === file)
    .map((e) =>
      e.field === "" && e.message.startsWith("body:")
        ? { path: BODY, message: e.message.replace(/^body:\s*/, "") }
        : { path: e.field, message: e.message },
    );
}

export type Checked<T> = { ok: true; record: T } | { ok: false; problems: FormProblem[] };

/**
 * The importer's checks of a code's file made from the form's values: the facts and English text it would
 * import as, or its problems by field. `codes` are the codes that exist (for `related`).
 */
export function checkCode(
  code: number,
  values: Values,
  codes: ReadonlySet<number>,
): Checked<{ facts: CodeFacts; text: CodeTranslationRecord }> {
  const file = contentPath.code(SOURCE_LOCALE, code);
  const { content, errors } = checkContentFiles(
    [SOURCE_LOCALES_FILE, { path: file, text: fileText({ ...values, code }) }],
    { surroundings: { codes } },
  );
  const facts = content.codes.find((c) => c.code === code);
  const text = content.codeTranslations.find((t) => t.code === code);
  if (errors.length || !facts || !text) return { ok: false, problems: problemsOf(errors, file) };
  return { ok: true, record: { facts, text } };
}

/** The importer's checks of a curated comparison's file made from the form's values. */
export function checkComparison(
  a: number,
  b: number,
  values: Values,
  codes: ReadonlySet<number>,
): Checked<ComparisonTranslationRecord> {
  const file = contentPath.comparison(SOURCE_LOCALE, a, b);
  const { content, errors } = checkContentFiles(
    [SOURCE_LOCALES_FILE, { path: file, text: fileText({ ...values, codes: [a, b] }) }],
    { surroundings: { codes } },
  );
  const record = content.comparisonTranslations.find((t) => t.codeA === a && t.codeB === b);
  if (errors.length || !record) return { ok: false, problems: problemsOf(errors, file) };
  return { ok: true, record };
}

/** Form values as the controls show them: numbers as text, lists as rows, nothing left undefined. */
export function shownValues(fields: readonly FormField[], values: Values): Values {
  const shown: Values = {};
  for (const field of leafFields(fields)) {
    const value = valueAt(values, field.path);
    const keys = field.path.split(".");
    let target = shown;
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Values;
    const last = keys.at(-1)!;
    if (field.kind === "list")
      target[last] = Array.isArray(value) ? value.map((v) => (v === undefined || v === null ? "" : String(v))) : [];
    else if (field.kind === "boolean") target[last] = value === true;
    else if (field.kind === "keyed")
      target[last] =
        value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v ?? "")]))
          : {};
    else if (field.kind === "fixed") target[last] = value;
    else target[last] = value === undefined || value === null ? "" : String(value);
  }
  return shown;
}

/** Record fields the API's input takes, picked from an imported record, by the API's own field names. */
export function recordFields(record: object, omit: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !omit.includes(k)));
}
