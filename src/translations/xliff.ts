// XLIFF 2.0 for translators' tools, through the `xliff` package: one <file> per unit, one <unit> per field.
import { js2xliff, xliff2js } from "xliff";
import { SOURCE_HASH_NOTE, type ExchangeDocument } from "./exchange.ts";

type XliffUnit = { source?: unknown; target?: unknown; note?: unknown };
type XliffJs = { sourceLanguage?: string; targetLanguage?: string; resources?: Record<string, Record<string, XliffUnit>> };

export async function toXliff(doc: ExchangeDocument): Promise<string> {
  const resources: Record<string, Record<string, { source: string; target: string; note: string }>> = {};
  for (const e of doc.entries) (resources[e.unitId] ??= {})[e.field] = { source: e.source, target: e.target ?? "", note: e.note };
  return js2xliff({ sourceLanguage: doc.sourceLanguage, targetLanguage: doc.targetLanguage, resources });
}

/** Inline markup is not part of our format, so anything that is not plain text is flattened. */
function plain(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(plain).join("");
  return value === undefined || value === null ? "" : String(value);
}

export async function fromXliff(xml: string): Promise<ExchangeDocument> {
  const js = (await xliff2js(xml)) as XliffJs;
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

/** Line of a unit in the XLIFF text, so errors point into the file the translator has open. */
export function xliffLineOf(xml: string) {
  return (entry: { unitId: string; field: string } | null): number => {
    if (!entry) return lineAt(xml, Math.max(0, xml.indexOf("<xliff")));
    const fileAt = xml.indexOf(`<file id="${entry.unitId}"`);
    const unitAt = fileAt < 0 ? -1 : xml.indexOf(`<unit id="${entry.field}"`, fileAt);
    return lineAt(xml, unitAt >= 0 ? unitAt : Math.max(fileAt, 0));
  };
}

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
