// The live preview: a code's or a comparison's page rendered by the read model's own renderer (the
// comparison engine, src/domain/comparison.ts, and the workbench's Markdown renderer) twice, from the
// published content and from the typed English, in any locale: there, the English edit shows exactly in
// the fields the locale serves from English (its fallback). Pure: a snapshot's model and records in, HTML out.
import { SOURCE_LOCALE, type CodeText, type ComparisonText } from "../../content/format.ts";
import type { CodeFacts } from "../../content/records.ts";
import { compareCodes, renderCode, type CodeView, type CuratedView } from "../../domain/comparison.ts";
import type { ContentModel } from "../../read/model.ts";
import { html, type Html } from "../html.ts";
import { renderMarkdown } from "../markdown.ts";
import type { EditorStrings } from "./strings.ts";

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/**
 * A locale's text with the English edit laid over the fields it serves from English: a field the locale has
 * published text for keeps it (the edit reaches it only when its translation changes).
 */
function withEnglishEdit<T extends Record<string, unknown>>(
  base: { text: T; fallbackFields: string[] } | null | undefined,
  english: T | undefined,
  edited: T,
): { text: T; fromEnglish: string[] } {
  if (!base) return { text: edited, fromEnglish: Object.keys(edited) };
  const fromEnglish = base.fallbackFields.filter((f) => english === undefined || same(base.text[f], english[f]));
  return { text: { ...base.text, ...Object.fromEntries(fromEnglish.map((f) => [f, edited[f]])) }, fromEnglish };
}

/** A code's page as the engine renders it: its heading and sections, its body, and where it is defined. */
function codeMarkdown(view: CodeView, model: ContentModel, locale: string): string {
  const rendering = renderCode(view, model.catalogue(locale));
  return [rendering.slots.a.markdown, view.text.body, rendering.specLink].filter((part) => part.trim()).join("\n\n");
}

export type PreviewPanes = { published: Html; edited: Html; fromEnglish: string[] };

/**
 * A code's page in `locale`: as readers get it (`published`), and as it reads with the edit, laid over the
 * editors' working model (`working`: the English drafts applied), or the working model alone when nothing
 * is typed (the draft beside the published page).
 */
export function codePreview(
  published: ContentModel,
  working: ContentModel,
  code: number,
  locale: string,
  edited: { facts: CodeFacts; text: CodeText } | null,
): PreviewPanes | null {
  const readers = published.codeView(code, locale);
  const base = working.codeView(code, locale);
  if (!readers || !base) return null;
  const english = working.codeView(code, SOURCE_LOCALE)!;
  const typed = edited?.text ?? english.text;
  const { text, fromEnglish } =
    locale === SOURCE_LOCALE ? { text: typed, fromEnglish: [] } : withEnglishEdit(base, english.text, typed);
  const view: CodeView = { facts: edited?.facts ?? base.facts, text, fallbackFields: base.fallbackFields };
  return {
    published: renderMarkdown(codeMarkdown(readers, published, locale)),
    edited: renderMarkdown(codeMarkdown(view, working, locale)),
    fromEnglish,
  };
}

/** A comparison's page in `locale`, as readers get it and with the typed curated English (or the working model's). */
export function comparisonPreview(
  published: ContentModel,
  model: ContentModel,
  a: number,
  b: number,
  locale: string,
  edited: ComparisonText | null,
): PreviewPanes | null {
  const viewA = model.codeView(a, locale);
  const viewB = model.codeView(b, locale);
  if (!viewA || !viewB) return null;
  const catalogue = model.catalogue(locale);
  const base = model.curatedView(a, b, locale);
  let curated: CuratedView | null = base;
  let fromEnglish: string[] = [];
  if (edited) {
    const laid =
      locale === SOURCE_LOCALE
        ? { text: edited, fromEnglish: [] }
        : withEnglishEdit(base, model.curatedView(a, b, SOURCE_LOCALE)?.text, edited);
    curated = { text: laid.text, fallbackFields: base?.fallbackFields ?? [] };
    fromEnglish = laid.fromEnglish;
  }
  const page = compareCodes(renderCode(viewA, catalogue), renderCode(viewB, catalogue), curated, catalogue);
  return {
    published: renderMarkdown(published.compare(a, b, locale).markdown),
    edited: renderMarkdown(page.markdown),
    fromEnglish,
  };
}

/** The panes side by side, as the page shows them and the island replaces them (the same markup either way). */
export function previewPanes(
  s: EditorStrings,
  locale: string,
  panes: PreviewPanes,
  labelOf: (field: string) => string = (f) => f,
): Html {
  return html`<div class="editor-preview-panes">
<section aria-labelledby="preview-published"><h3 id="preview-published">${s.published}</h3><div class="markdown" lang="${locale}">${panes.published}</div></section>
<section aria-labelledby="preview-edited"><h3 id="preview-edited">${s.edited}</h3><div class="markdown" lang="${locale}">${panes.edited}</div></section>
</div>
<p class="fallback-note">${locale === SOURCE_LOCALE ? "" : panes.fromEnglish.length ? s.fallbackNote(locale, panes.fromEnglish.map(labelOf).join(", ")) : s.noFallback(locale)}</p>`;
}
