// Step 1 of an import: read the files under seeds/ and turn each into data with line positions.
// Nothing here knows the content rules; it only reports what cannot be read at all.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { isMap, isPair, isScalar, parseDocument, type Document } from "yaml";
import type { ContentIssue } from "./issues.ts";

export type FileKind = "locales" | "messages" | "glossary" | "code" | "comparison";

export type ParsedFile = {
  /** Path as editors see it, relative to the working directory, with forward slashes. */
  file: string;
  kind: FileKind;
  locale?: string;
  /** The number(s) the file name promises: one code, or the two codes of a comparison. */
  nameCodes?: number[];
  data: unknown;
  body: string;
  /** Line of the value at a path in the frontmatter/YAML, or of its parent when it is missing. */
  lineOf(fieldPath: readonly (string | number)[]): number;
  /** Top-level keys with their lines, in file order (unknown-key warnings need them). */
  keys: { key: string; line: number }[];
  /** Line the Markdown body starts on (1 for YAML files), so checks of the body can name a line. */
  bodyLine?: number;
};

export type ParseResult = { files: ParsedFile[]; errors: ContentIssue[]; warnings: ContentIssue[] };

const CODE_FILE = /^codes\/([^/]+)\/(\d{3})\.md$/;
const COMPARISON_FILE = /^comparisons\/([^/]+)\/(\d{3})-vs-(\d{3})\.md$/;
const MESSAGES_FILE = /^messages\/([^/]+)\.ya?ml$/;
const GLOSSARY_FILE = /^glossary\/([^/]+)\.ya?ml$/;
const FRONTMATTER = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/;

async function listFiles(root: string, dir = ""): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith("."))
      .map((e) => (e.isDirectory() ? listFiles(root, path.posix.join(dir, e.name)) : [path.posix.join(dir, e.name)])),
  );
  return nested.flat().sort();
}

function lineLocator(doc: Document, text: string, firstLine: number) {
  const lineAt = (offset: number) => firstLine + countNewlines(text, offset);
  return (fieldPath: readonly (string | number)[]): number => {
    for (let depth = fieldPath.length; depth > 0; depth--) {
      const node = doc.getIn(fieldPath.slice(0, depth), true);
      if (node && typeof node === "object" && "range" in node && Array.isArray(node.range)) {
        return lineAt(node.range[0] as number);
      }
    }
    return firstLine;
  };
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function topLevelKeys(doc: Document, text: string, firstLine: number): { key: string; line: number }[] {
  if (!isMap(doc.contents)) return [];
  return doc.contents.items.filter(isPair).flatMap((pair) => {
    if (!isScalar(pair.key)) return [];
    const start = pair.key.range?.[0] ?? 0;
    return [{ key: String(pair.key.value), line: firstLine + countNewlines(text, start) }];
  });
}

function parseYaml(file: string, yamlText: string, firstLine: number, errors: ContentIssue[]) {
  const doc = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: false });
  for (const error of doc.errors) {
    const line = firstLine + countNewlines(yamlText, error.pos[0]);
    errors.push({ file, line, field: "", message: `YAML: ${error.message.split("\n")[0]}` });
  }
  return { doc, ok: doc.errors.length === 0 };
}

export function parseFile(file: string, relative: string, raw: string): { parsed?: ParsedFile; errors: ContentIssue[]; warnings: ContentIssue[] } {
  const errors: ContentIssue[] = [];
  const warnings: ContentIssue[] = [];
  const text = raw.replace(/^\uFEFF/, "");
  let kind: FileKind;
  let locale: string | undefined;
  let nameCodes: number[] | undefined;

  const codeMatch = CODE_FILE.exec(relative);
  const comparisonMatch = COMPARISON_FILE.exec(relative);
  const messagesMatch = MESSAGES_FILE.exec(relative);
  if (relative === "locales.yaml" || relative === "locales.yml") kind = "locales";
  else if (messagesMatch) [kind, locale] = ["messages", messagesMatch[1]];
  else if (GLOSSARY_FILE.test(relative)) [kind, locale] = ["glossary", GLOSSARY_FILE.exec(relative)![1]];
  else if (codeMatch) [kind, locale, nameCodes] = ["code", codeMatch[1], [Number(codeMatch[2])]];
  else if (comparisonMatch)
    [kind, locale, nameCodes] = ["comparison", comparisonMatch[1], [Number(comparisonMatch[2]), Number(comparisonMatch[3])]];
  else {
    warnings.push({
      file,
      line: 1,
      field: "",
      message: "not a content file (expected locales.yaml, messages/<locale>.yaml, glossary/<locale>.yaml, codes/<locale>/<code>.md or comparisons/<locale>/<a>-vs-<b>.md); ignored",
    });
    return { errors, warnings };
  }

  if (kind === "locales" || kind === "messages" || kind === "glossary") {
    const { doc, ok } = parseYaml(file, text, 1, errors);
    if (!ok) return { errors, warnings };
    return {
      parsed: { file, kind, locale, data: doc.toJS(), body: "", lineOf: lineLocator(doc, text, 1), keys: topLevelKeys(doc, text, 1) },
      errors,
      warnings,
    };
  }

  if (!FRONTMATTER.test(text)) {
    const message = text.startsWith("---")
      ? "frontmatter is not closed: add a line '---' after the last field"
      : "missing frontmatter: the file must start with a line '---'";
    errors.push({ file, line: 1, field: "", message });
    return { errors, warnings };
  }
  // gray-matter splits frontmatter from body; YAML is parsed by `yaml` so every value keeps its line.
  const split = matter(text, { engines: { yaml: () => ({}) } });
  const { doc, ok } = parseYaml(file, split.matter, 1, errors);
  if (!ok) return { errors, warnings };
  if (!isMap(doc.contents)) {
    errors.push({ file, line: 2, field: "", message: "frontmatter must be a YAML mapping of fields" });
    return { errors, warnings };
  }
  return {
    parsed: {
      file,
      kind,
      locale,
      nameCodes,
      data: doc.toJS(),
      body: split.content.trim(),
      bodyLine: 1 + countNewlines(text, text.length - split.content.trimStart().length),
      lineOf: lineLocator(doc, split.matter, 1),
      keys: topLevelKeys(doc, split.matter, 1),
    },
    errors,
    warnings,
  };
}

/** How a content file is named in issues: relative to the working directory, with forward slashes. */
export function displayPath(dir: string, relative: string): string {
  return path.relative(process.cwd(), path.join(dir, relative)).split(path.sep).join("/");
}

/**
 * Reads every file under `dir`. `overrides` (display path → text) replaces or adds files in memory,
 * so a planned change can be validated as a whole before anything is written.
 */
export async function parseContentDir(dir: string, overrides: ReadonlyMap<string, string> = new Map()): Promise<ParseResult> {
  const result: ParseResult = { files: [], errors: [], warnings: [] };
  let relatives: string[];
  try {
    relatives = await listFiles(dir);
  } catch (error) {
    result.errors.push({ file: dir, line: 0, field: "", message: `cannot read the content folder: ${(error as Error).message}` });
    return result;
  }
  const display = (relative: string) => displayPath(dir, relative);
  const listed = new Set(relatives.map(display));
  for (const file of overrides.keys()) {
    const relative = path.relative(dir, file).split(path.sep).join("/");
    if (!listed.has(file) && !relative.startsWith("..")) relatives.push(relative);
  }
  const raws = await Promise.all(relatives.map((relative) => overrides.get(display(relative)) ?? readFile(path.join(dir, relative), "utf8")));
  relatives.forEach((relative, i) => {
    const { parsed, errors, warnings } = parseFile(display(relative), relative, raws[i]!);
    if (parsed) result.files.push(parsed);
    result.errors.push(...errors);
    result.warnings.push(...warnings);
  });
  return result;
}
