// Step 3 of a read: what a locale's answers are built from — its message catalogue, the per-code half
// of every comparison, and the folded text each code is found by in search.
import type { MessageRecord } from "../content/records.ts";
import { buildCatalogue, type Catalogue } from "../domain/catalogue.ts";
import { renderCode, type CodeRendering } from "../domain/comparison.ts";
import { searchDocumentOf, type SearchDocument } from "../domain/search.ts";
import type { LocaleTexts, Servable } from "./resolve-locale.ts";

export type LocaleRendering = {
  catalogue: Catalogue;
  codeRenderings: ReadonlyMap<number, CodeRendering>;
  searchDocuments: ReadonlyMap<number, SearchDocument>;
};

/** `servable`: which stored messages serve, as for the texts (a preview serves its locales' drafts). */
export function renderLocale(texts: LocaleTexts, messages: ReadonlyMap<string, ReadonlyMap<string, MessageRecord>>, servable?: Servable): LocaleRendering {
  const catalogue = buildCatalogue(texts.chain, messages, servable);
  const codeRenderings = new Map<number, CodeRendering>();
  const searchDocuments = new Map<number, SearchDocument>();
  for (const [code, view] of texts.codeViews) {
    codeRenderings.set(code, renderCode(view, catalogue));
    searchDocuments.set(code, searchDocumentOf(view));
  }
  return { catalogue, codeRenderings, searchDocuments };
}
