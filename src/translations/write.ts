// Writes translation records back into the editors' files, in the format src/content/format.ts defines:
// existing files keep their comments and field order; new files get the documented layout.
import { Document, isMap, parseDocument, Scalar } from "yaml";
import type { CodeTranslationRecord, ComparisonTranslationRecord, MessageRecord } from "../content/records.ts";

function quoted(doc: Document, value: string): Scalar {
  const node = doc.createNode(value) as Scalar;
  // A hex hash or a number-like text must stay a string when read back.
  node.type = "QUOTE_DOUBLE";
  return node;
}

function frontmatterDocument(existing: string | null): { doc: Document; body: string } {
  if (!existing) return { doc: new Document({}), body: "" };
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(existing);
  if (!match) return { doc: new Document({}), body: existing };
  return { doc: parseDocument(match[1]!), body: match[2]!.trim() };
}

function render(doc: Document, body: string): string {
  return `---\n${doc.toString({ lineWidth: 0 }).trimEnd()}\n---\n\n${body.trim()}\n`;
}

function setText(doc: Document, key: string, value: string): void {
  doc.set(key, /^[\d.+-]|[:#]|^\s|\s$|^(true|false|null|yes|no)$/i.test(value) ? quoted(doc, value) : value);
}

export function renderCodeTranslation(existing: string | null, record: CodeTranslationRecord): string {
  const { doc } = frontmatterDocument(existing);
  doc.set("code", record.code);
  setText(doc, "title", record.text.title);
  doc.set("state", record.state);
  if (record.sourceHash) doc.set("source", quoted(doc, record.sourceHash));
  for (const field of ["summary", "description", "whenYouSeeIt", "howToFix", "useWhen"] as const) setText(doc, field, record.text[field]);
  return render(doc, record.text.body);
}

export function renderComparisonTranslation(existing: string | null, record: ComparisonTranslationRecord): string {
  const { doc } = frontmatterDocument(existing);
  const codes = doc.createNode([record.codeA, record.codeB]);
  codes.flow = true;
  doc.set("codes", codes);
  doc.set("state", record.state);
  if (record.sourceHash) doc.set("source", quoted(doc, record.sourceHash));
  setText(doc, "summary", record.text.summary);
  doc.set("differences", doc.createNode(record.text.differences));
  if (record.text.similarities.length) doc.set("similarities", doc.createNode(record.text.similarities));
  doc.set("whenToUse", doc.createNode({ [record.codeA]: record.text.whenToUseA, [record.codeB]: record.text.whenToUseB }));
  return render(doc, record.text.body);
}

export function renderMessages(existing: string | null, records: MessageRecord[]): string {
  const parsed = existing ? parseDocument(existing) : null;
  const doc = parsed && isMap(parsed.contents) ? parsed : new Document({});
  for (const record of records) {
    doc.set(record.key, doc.createNode({ text: record.text, state: record.state, ...(record.sourceHash ? { source: quoted(doc, record.sourceHash) } : {}) }));
  }
  return doc.toString({ lineWidth: 0 });
}
