// gettext PO as a second exchange format, through gettext-parser: msgctxt carries "unitId#field".
import { po as gettextPo, type GetTextTranslation } from "gettext-parser";
import { SOURCE_HASH_NOTE, type ExchangeDocument } from "./exchange.ts";
import { lineAt } from "./xliff.ts";

export function toPo(doc: ExchangeDocument): string {
  const translations: Record<string, Record<string, GetTextTranslation>> = { "": { "": { msgid: "", msgstr: [""] } } };
  for (const e of doc.entries) {
    const context = `${e.unitId}#${e.field}`;
    translations[context] = {
      [e.source]: { msgctxt: context, msgid: e.source, msgstr: [e.target ?? ""], comments: { extracted: e.note, reference: e.file, translator: "", flag: "", previous: "" } },
    };
  }
  return gettextPo
    .compile({
      charset: "utf-8",
      headers: { "Content-Type": "text/plain; charset=UTF-8", Language: doc.targetLanguage, "X-Source-Language": doc.sourceLanguage },
      translations,
    })
    .toString("utf8");
}

export function fromPo(text: string): ExchangeDocument {
  const po = gettextPo.parse(text, { defaultCharset: "utf-8" });
  const entries = Object.entries(po.translations).flatMap(([context, messages]) =>
    context === ""
      ? []
      : Object.values(messages).map((m) => {
          const hash = context.lastIndexOf("#");
          return {
            unitId: context.slice(0, hash),
            field: context.slice(hash + 1),
            source: m.msgid,
            target: m.msgstr[0] ?? null,
            sourceHash: SOURCE_HASH_NOTE.exec(m.comments?.extracted ?? "")?.[1] ?? "",
            note: m.comments?.extracted ?? "",
            file: m.comments?.reference ?? "",
          };
        }),
  );
  return { sourceLanguage: po.headers["X-Source-Language"] ?? "en", targetLanguage: po.headers.Language ?? "", entries };
}

export function poLineOf(text: string) {
  return (entry: { unitId: string; field: string } | null): number => {
    if (!entry) return 1;
    const at = text.indexOf(`msgctxt "${entry.unitId}#${entry.field}"`);
    return lineAt(text, Math.max(at, 0));
  };
}
