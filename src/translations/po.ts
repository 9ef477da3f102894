// gettext PO as a second exchange format, through gettext-parser: msgctxt carries "unitId#field".
import { po as gettextPo, type GetTextTranslation } from "gettext-parser";
import { SOURCE_HASH_NOTE, type ExchangeDocument } from "./exchange.ts";
import { excerpt } from "../pipeline/limits.ts";
import { ExchangeSyntaxError } from "./xliff.ts";
import { fieldId } from "../content/units.ts";

export function toPo(doc: ExchangeDocument): string {
  const translations: Record<string, Record<string, GetTextTranslation>> = { "": { "": { msgid: "", msgstr: [""] } } };
  for (const e of doc.entries) {
    const context = fieldId.format(e.unitId, e.field);
    translations[context] = {
      [e.source]: {
        msgctxt: context,
        msgid: e.source,
        msgstr: [e.target ?? ""],
        comments: { extracted: e.note, reference: e.file, translator: "", flag: "", previous: "" },
      },
    };
  }
  return gettextPo
    .compile({
      charset: "utf-8",
      headers: {
        "Content-Type": "text/plain; charset=UTF-8",
        Language: doc.targetLanguage,
        "X-Source-Language": doc.sourceLanguage,
      },
      translations,
    })
    .toString("utf8");
}

/** Escapes gettext-parser decodes: any other (\q, \xZZ, even GNU's \a or \x41) it would turn into the bare letter. */
const PO_ESCAPES = new Set(["\\", '"', "n", "t", "r"]);
const PO_STRING_LINE = /^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?(")/;

/**
 * Checks every quoted string of a PO file in one pass, before gettext-parser reads it: the parser would
 * otherwise accept a broken escape or an unterminated string and silently change the text.
 */
export function poStringProblems(text: string): { line: number; message: string }[] {
  const problems: { line: number; message: string }[] = [];
  text.split("\n").forEach((raw, i) => {
    const lineText = raw.replace(/\r$/, "");
    if (/^\s*(#|$)/.test(lineText)) return;
    const start = PO_STRING_LINE.exec(lineText);
    if (!start) return;
    let at = start[0].length;
    for (;;) {
      if (at >= lineText.length) {
        problems.push({
          line: i + 1,
          message:
            'unterminated string: add the closing " (a string that goes on continues on the next line in its own quotes)',
        });
        return;
      }
      const chr = lineText[at]!;
      if (chr === '"') break;
      if (chr === "\\") {
        const next = lineText[at + 1];
        if (next === undefined || !PO_ESCAPES.has(next)) {
          problems.push({
            line: i + 1,
            message: `broken escape "\\${next ?? ""}": only \\\\, \\", \\n, \\t and \\r are allowed`,
          });
          return;
        }
        at += 2;
        continue;
      }
      at++;
    }
    if (lineText.slice(at + 1).trim() !== "")
      problems.push({ line: i + 1, message: 'text after the closing quote: escape a quote inside a string as \\"' });
  });
  return problems;
}

export function fromPo(text: string): ExchangeDocument {
  const [problem] = poStringProblems(text);
  if (problem) throw new ExchangeSyntaxError(problem.message, problem.line);
  let po: ReturnType<typeof gettextPo.parse>;
  try {
    po = gettextPo.parse(text, { defaultCharset: "utf-8", validation: true });
  } catch (error) {
    const e = error as Error & { lineNumber?: number };
    // gettext-parser quotes the offending text: an excerpt only, whatever file this turns out to be.
    throw new ExchangeSyntaxError(
      `not valid PO: ${excerpt(e.message.replace(/^Error parsing PO data: /, ""), 120)}`,
      e.lineNumber ?? 1,
    );
  }
  const entries = Object.entries(po.translations).flatMap(([context, messages]) =>
    context === ""
      ? []
      : Object.values(messages).map((m) => {
          const id = fieldId.parse(context) ?? { unitId: context, field: "" };
          return {
            ...id,
            source: m.msgid,
            target: m.msgstr[0] ?? null,
            sourceHash: SOURCE_HASH_NOTE.exec(m.comments?.extracted ?? "")?.[1] ?? "",
            note: m.comments?.extracted ?? "",
            file: m.comments?.reference ?? "",
          };
        }),
  );
  return {
    sourceLanguage: po.headers["X-Source-Language"] ?? "en",
    targetLanguage: po.headers.Language ?? "",
    entries,
  };
}

/** Line of each entry's msgctxt, indexed in one pass (see xliffLineOf for why). */
export function poLineOf(text: string) {
  const lines = new Map<string, number>();
  text.split("\n").forEach((line, i) => {
    const context = /^msgctxt "(.*)"\s*$/.exec(line.replace(/\r$/, ""));
    if (context && !lines.has(context[1]!)) lines.set(context[1]!, i + 1);
  });
  return (entry: { unitId: string; field: string } | null): number =>
    entry ? (lines.get(fieldId.format(entry.unitId, entry.field)) ?? 1) : 1;
}
