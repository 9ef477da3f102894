// Records in translation files which English they were made from (`source: <hash>`), which is what
// makes a later English edit show up as OUTDATED.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { isMap, isScalar, parseDocument } from "yaml";
import type { ContentSet } from "../content/records.ts";
import { textUnitId } from "../content/units.ts";
import { translationUnits, type TranslationUnit } from "../domain/translation-units.ts";

function messageKeyOf(id: string): string {
  const key = textUnitId.parse(id);
  if (key?.kind !== "message") throw new Error(`not a message unit id: ${id}`);
  return key.key;
}

export type StampSelection = { ids?: string[]; all?: boolean };

/** Which units a stamp run touches: by default only translations that were never stamped. */
export function unitsToStamp(content: ContentSet, locale: string, selection: StampSelection): TranslationUnit[] {
  const units = translationUnits(content, locale).filter((u) => u.translation);
  if (selection.ids?.length) return units.filter((u) => selection.ids!.includes(u.id));
  if (selection.all) return units.filter((u) => u.translation!.sourceHash !== u.sourceHash);
  return units.filter((u) => u.translation!.sourceHash === null);
}

/**
 * Sets `source:` in a Markdown file's frontmatter, touching no other line. Quoted, because a hex hash
 * such as 889178135e39 or 000123456789 would otherwise be read as a number.
 */
export function stampFrontmatter(markdown: string, hash: string): string {
  const end = markdown.indexOf("\n---", 3);
  const head = markdown.slice(0, end);
  const rest = markdown.slice(end);
  const line = `source: "${hash}"`;
  if (/^source:.*$/m.test(head)) return head.replace(/^source:.*$/m, line) + rest;
  if (/^state:.*$/m.test(head)) return head.replace(/^(state:.*)$/m, `$1\n${line}`) + rest;
  return `${head}\n${line}${rest}`;
}

/** Sets `source` on message keys of a catalogue, turning `key: text` into `key: {text, source}`. */
export function stampMessages(yamlText: string, hashes: Map<string, string>): string {
  const doc = parseDocument(yamlText);
  if (!isMap(doc.contents)) return yamlText;
  for (const [key, hash] of hashes) {
    const node = doc.get(key, true);
    const source = doc.createNode(hash);
    source.type = "QUOTE_DOUBLE";
    if (isScalar(node)) doc.set(key, doc.createNode({ text: String(node.value), source }));
    else if (isMap(node)) node.set("source", source);
  }
  return doc.toString({ lineWidth: 0 });
}

/** Writes the stamps into the files; unit files are relative to the content folder `dir`, as the parser names them. */
export async function stampFiles(dir: string, units: TranslationUnit[]): Promise<string[]> {
  const byFile = new Map<string, TranslationUnit[]>();
  for (const unit of units) byFile.set(unit.file, [...(byFile.get(unit.file) ?? []), unit]);
  const written: string[] = [];
  for (const [file, list] of byFile) {
    const full = path.join(dir, file);
    const before = await readFile(full, "utf8");
    const after =
      list[0]!.kind === "MESSAGE"
        ? stampMessages(before, new Map(list.map((u) => [messageKeyOf(u.id), u.sourceHash])))
        : stampFrontmatter(before, list[0]!.sourceHash);
    if (after !== before) {
      await writeFile(full, after);
      written.push(file);
    }
  }
  return written;
}
