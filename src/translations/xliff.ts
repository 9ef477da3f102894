// XLIFF 2.0 for translators' tools, through the `xliff` package: one <file> per unit, one <unit> per field.
import { js2xliff, xliff2js } from "xliff";
import { excerpt } from "../pipeline/limits.ts";
import { SOURCE_HASH_NOTE, type ExchangeDocument } from "./exchange.ts";
import { fieldId } from "../content/units.ts";

type XliffUnit = { source?: unknown; target?: unknown; note?: unknown };
type XliffJs = {
  sourceLanguage?: string;
  targetLanguage?: string;
  resources?: Record<string, Record<string, XliffUnit>>;
};

export async function toXliff(doc: ExchangeDocument): Promise<string> {
  const resources: Record<string, Record<string, { source: string; target: string; note: string }>> = {};
  for (const e of doc.entries)
    (resources[e.unitId] ??= {})[e.field] = { source: e.source, target: e.target ?? "", note: e.note };
  return js2xliff({ sourceLanguage: doc.sourceLanguage, targetLanguage: doc.targetLanguage, resources });
}

/** Inline markup is not part of our format, so anything that is not plain text is flattened. */
function plain(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(plain).join("");
  return value === undefined || value === null ? "" : String(value);
}

/** A file that cannot be read as an exchange document, with the line to look at. */
export class ExchangeSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = "ExchangeSyntaxError";
  }
}

/**
 * A DOCTYPE can declare entities that expand without bound or read local files; translators' tools never
 * need one, so it is refused by name before the XML parser sees it.
 */
function refuseDoctype(xml: string): void {
  const match = /<!(DOCTYPE|ENTITY)\b/i.exec(xml);
  if (match)
    throw new ExchangeSyntaxError(
      `${match[1]!.toUpperCase()} not allowed: XLIFF files must not declare a DOCTYPE or entities`,
      lineAt(xml, match.index),
    );
}

export async function fromXliff(xml: string): Promise<ExchangeDocument> {
  refuseDoctype(xml);
  let js: XliffJs;
  try {
    js = (await xliff2js(xml)) as XliffJs;
  } catch (error) {
    // sax reports "…\nLine: 2\nColumn: 9\nChar: >" with 0-based lines.
    const message = (error as Error).message;
    const line = /Line: (\d+)/.exec(message);
    throw new ExchangeSyntaxError(`not valid XLIFF: ${excerpt(message, 120)}`, line ? Number(line[1]) + 1 : 1);
  }
  const entries = Object.entries(js.resources ?? {}).flatMap(([unitId, fields]) =>
    Object.entries(fields).map(([field, unit]) => ({
      unitId,
      field,
      source: plain(unit.source),
      target: unit.target === undefined ? null : plain(unit.target),
      sourceHash: SOURCE_HASH_NOTE.exec(plain(unit.note))?.[1] ?? "",
      note: plain(unit.note),
      file: "",
    })),
  );
  return { sourceLanguage: js.sourceLanguage ?? "", targetLanguage: js.targetLanguage ?? "", entries };
}

/**
 * Line of each unit in the XLIFF text, so errors point into the file the translator has open. The text
 * is indexed in one pass: looking each error up by searching the file again was quadratic (a 294k-unit
 * file took hours to refuse).
 */
export function xliffLineOf(xml: string) {
  const lines = new Map<string, number>();
  let line = 1;
  let scanned = 0;
  let fileId = "";
  let xliffLine = 1;
  for (const match of xml.matchAll(/<(xliff|file|unit)\b[^>]*?\bid="([^"]*)"|<xliff\b/g)) {
    line += countNewlines(xml, scanned, match.index);
    scanned = match.index;
    if (match[0] === "<xliff" || match[1] === "xliff") xliffLine = line;
    else if (match[1] === "file") {
      fileId = match[2]!;
      if (!lines.has(fileId)) lines.set(fileId, line);
    } else if (match[1] === "unit") {
      const key = fieldId.format(fileId, match[2]!);
      if (!lines.has(key)) lines.set(key, line);
    }
  }
  return (entry: { unitId: string; field: string } | null): number =>
    entry ? (lines.get(fieldId.format(entry.unitId, entry.field)) ?? lines.get(entry.unitId) ?? xliffLine) : xliffLine;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export function lineAt(text: string, offset: number): number {
  return 1 + countNewlines(text, 0, offset);
}
