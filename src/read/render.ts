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
export function renderLocale(
  texts: LocaleTexts,
  messages: ReadonlyMap<string, ReadonlyMap<string, MessageRecord>>,
  servable?: Servable,
): LocaleRendering {
  const catalogue = buildCatalogue(texts.chain, messages, servable);
  const codeRenderings = new Map<number, CodeRendering>();
  for (const [code, view] of texts.codeViews) codeRenderings.set(code, renderCode(view, catalogue));
  // Made on the first search in the locale: most renderings never serve one (a preview rebuilt after each
  // save, a locale only compared in), and folding every code's text was two thirds of rendering a locale.
  let searchDocuments: Map<number, SearchDocument> | undefined;
  return {
    catalogue,
    codeRenderings,
    get searchDocuments() {
      if (!searchDocuments) {
        searchDocuments = new Map();
        for (const [code, view] of texts.codeViews) searchDocuments.set(code, searchDocumentOf(view));
      }
      return searchDocuments;
    },
  };
}
