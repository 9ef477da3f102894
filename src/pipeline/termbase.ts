// A locale's termbase (glossary/<locale>.yaml), read and checked here and nowhere else: as part of step 2
// of an import (every forbidden variant in that locale's text reported with file, line and field; an error
// where readers see the text, a warning in drafts, so translators learn of it before they publish), and
// for what holds API edits to it (loadTermbases: the server and the translation CLI read the folder's
// termbases through the importer's own parse and check). Matching a text against one is pure and lives
// in src/content/glossary.ts, which the browser's live checks share.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { GlossaryFile, SOURCE_LOCALE, type GlossaryEntry } from "../content/format.ts";
import { forbiddenVariants, icuLiteralText } from "../content/glossary.ts";
import { classifyContentPath } from "../content/paths.ts";
import type { ContentSet, GlossaryRecord } from "../content/records.ts";
import { formatIssue, type ContentIssue } from "./issues.ts";
import { parseFile, type ParsedFile } from "./parse.ts";

type Text = { path: (string | number)[]; text: string; state: unknown; body?: boolean };

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The translatable texts of a file with where they sit; facts and keys are not prose. */
function textsOf(file: ParsedFile): Text[] {
  const data = record(file.data);
  const texts: Text[] = [];
  const add = (path: (string | number)[], value: unknown, state: unknown) => {
    if (typeof value === "string") texts.push({ path, text: value, state });
  };
  if (file.kind === "messages") {
    // Templates: only their words are prose; argument names and select keys are identifiers.
    const words = (value: unknown) => (typeof value === "string" ? icuLiteralText(value) : value);
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === "string") add([key], words(value), "published");
      else add([key, "text"], words(record(value).text), record(value).state ?? "published");
    }
    return texts;
  }
  for (const field of ["title", "summary", "description", "whenYouSeeIt", "howToFix", "useWhen"])
    add([field], data[field], data.state);
  for (const list of ["differences", "similarities"]) {
    const items = data[list];
    if (Array.isArray(items)) for (const [i, item] of items.entries()) add([list, i], item, data.state);
  }
  for (const [code, advice] of Object.entries(record(data.whenToUse))) add(["whenToUse", code], advice, data.state);
  if (file.body) texts.push({ path: [], text: file.body, state: data.state, body: true });
  return texts;
}

/**
 * The termbases among `files`, each checked against the format; a termbase of a locale the content does
 * not define (`known`, when it defines any) or with errors is reported in `errors` and left out.
 */
function termbasesOf(
  files: readonly ParsedFile[],
  known: ReadonlySet<string>,
  errors: ContentIssue[],
): GlossaryRecord[] {
  const termbases: GlossaryRecord[] = [];
  for (const file of files.filter((f) => f.kind === "glossary")) {
    const locale = file.locale!;
    if (known.size && !known.has(locale)) {
      errors.push({
        file: file.file,
        line: 1,
        field: "locale",
        message: `unknown locale "${locale}" (from the file name)`,
      });
      continue;
    }
    const parsed = GlossaryFile.safeParse(file.data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path as (string | number)[];
        errors.push({
          file: file.file,
          line: file.lineOf(path),
          field: path.join(".") || "glossary",
          message: issue.message,
        });
      }
      continue;
    }
    termbases.push({ locale, entries: parsed.data, file: file.file });
  }
  return termbases;
}

export type TermbaseLoad = { glossaries: GlossaryRecord[]; problems: string[] };

/**
 * The termbases of a content folder, every locale's or only `locales'` (a translation file needs its own
 * locale's alone), read and checked as an import would. One with problems is left out, and its problems
 * come back as lines naming file, line and field: API edits are then not held to it, and the caller says so.
 * A folder without termbases checks no terms, as an import would.
 */
export async function loadTermbases(contentDir: string, locales?: readonly string[]): Promise<TermbaseLoad> {
  let names: string[];
  try {
    names = await readdir(path.join(contentDir, "glossary"));
  } catch {
    return { glossaries: [], problems: [] };
  }
  const files: ParsedFile[] = [];
  const errors: ContentIssue[] = [];
  for (const name of names.sort()) {
    const relative = `glossary/${name}`;
    const location = classifyContentPath(relative);
    if (location?.kind !== "glossary" || !location.locale || (locales && !locales.includes(location.locale))) continue;
    const parsed = parseFile(relative, relative, await readFile(path.join(contentDir, relative), "utf8"));
    errors.push(...parsed.errors);
    if (parsed.parsed) files.push(parsed.parsed);
  }
  const glossaries = termbasesOf(files, new Set(), errors);
  const problems = errors.map(
    (issue) => `${formatIssue(issue)} (run \`status-atlas check\`); API edits are not held to this termbase`,
  );
  return { glossaries, problems };
}

/** Part of validation, yielding after each file (src/pipeline/time-slices.ts). */
export function* checkingTermbases(
  files: ParsedFile[],
  content: ContentSet,
  errors: ContentIssue[],
  warnings: ContentIssue[],
  /** What the content holds beyond the files (validate.ts's Surroundings): its locales and termbases. */
  surroundings?: { locales?: ReadonlySet<string>; glossaries?: readonly GlossaryRecord[] },
): Generator<void, void> {
  const known = content.locales.length
    ? new Set(content.locales.map((l) => l.code))
    : (surroundings?.locales ?? new Set<string>());
  const glossaries = new Map<string, GlossaryEntry[]>();
  for (const termbase of termbasesOf(files, known, errors)) {
    glossaries.set(termbase.locale, termbase.entries);
    (content.glossaries ??= []).push(termbase);
  }
  // A termbase among the files is the one to check against; one held beside them stands in for a missing one.
  for (const glossary of surroundings?.glossaries ?? [])
    if (!glossaries.has(glossary.locale)) glossaries.set(glossary.locale, glossary.entries);

  for (const file of files) {
    yield;
    if (file.kind !== "code" && file.kind !== "comparison" && file.kind !== "messages") continue;
    const entries = file.locale && file.locale !== SOURCE_LOCALE ? glossaries.get(file.locale) : undefined;
    if (!entries) continue;
    for (const text of textsOf(file)) {
      for (const hit of forbiddenVariants(text.text, entries)) {
        const line = (text.body ? (file.bodyLine ?? 1) : file.lineOf(text.path)) + hit.line - 1;
        const issue = {
          file: file.file,
          line,
          field: text.body ? "body" : text.path.join("."),
          message: `"${hit.variant}" is a variant the termbase rules out: write "${hit.use}" (term "${hit.term}" in glossary/${file.locale}.yaml)`,
        };
        (text.state === "published" ? errors : warnings).push(issue);
      }
    }
  }
}
