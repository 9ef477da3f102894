// Previews: the content as translators, reviewers and editors see it, with the drafts of their locales (English
// for editors) in place of the published text. Built per snapshot and locale set, never served to anonymous
// readers or cached.
import { SOURCE_LOCALE } from "../content/format.ts";
import type { CodeFacts, ContentSet, TextRecord } from "../content/records.ts";
import { unitId } from "../content/units.ts";
import type { Servable } from "./resolve-locale.ts";

export type PreviewLocales = readonly string[] | "all";

const inPreview = (locales: PreviewLocales, locale: string) => locales === "all" || locales.includes(locale);

/** The facts a code's English draft changes: what every locale's page shows once it is published. */
export type DraftFacts = Partial<Omit<CodeFacts, "code" | "class" | "file">>;

/** Where a code's English draft keeps its fact changes, beside its text fields. */
export const DRAFT_FACTS = "facts";

/**
 * A draft's text and, for a code's English draft, the fact changes it holds beside the text (stored under
 * `facts` in the draft's JSON: facts are language-neutral, but a code's facts and English are one record
 * and are drafted together). Every reader of a draft's text goes through here, so `facts` never reaches a page.
 */
export function splitDraft(draft: TextRecord): { text: TextRecord; facts: DraftFacts | null } {
  if (draft.locale !== SOURCE_LOCALE || "key" in draft || "codeA" in draft) return { text: draft, facts: null };
  const { [DRAFT_FACTS]: facts, ...text } = draft.text as typeof draft.text & { [DRAFT_FACTS]?: DraftFacts };
  // A revert can leave the key with null: it is stripped all the same.
  return DRAFT_FACTS in draft.text ? { text: { ...draft, text }, facts: facts ?? null } : { text: draft, facts: null };
}

/** The content with each draft of the given locales standing in for its translation (which keeps its file). */
export function withDrafts(content: ContentSet, locales: PreviewLocales): ContentSet {
  const split = (content.drafts ?? []).filter((d) => inPreview(locales, d.locale)).map(splitDraft);
  const drafts = new Map(split.map(({ text }) => [unitId.translation(text), text]));
  if (!drafts.size) return content;
  // Only rows of a locale with drafts can be replaced: the others (at 101 locales, nearly all) are kept
  // as they are without making their ids.
  const draftLocales = new Set([...drafts.values()].map((d) => d.locale));
  // A code's English draft may change its facts, which every locale's page shows.
  const factsByCode = new Map(
    split.flatMap(({ text, facts }) => (facts && "code" in text ? [[text.code, facts] as const] : [])),
  );
  const codes = factsByCode.size
    ? content.codes.map((c) => (factsByCode.has(c.code) ? { ...c, ...factsByCode.get(c.code) } : c))
    : content.codes;
  const overlay = <T extends TextRecord>(rows: readonly T[]): T[] => {
    const replaced = rows.map((row) => {
      const draft = draftLocales.has(row.locale) ? drafts.get(unitId.translation(row)) : undefined;
      return draft ? ({ ...draft, file: row.file } as T) : row;
    });
    const present = new Set(rows.filter((row) => draftLocales.has(row.locale)).map((row) => unitId.translation(row)));
    const added = [...drafts].filter(([id, d]) => !present.has(id) && sameList(rows, d)).map(([, d]) => d as T);
    return [...replaced, ...added];
  };
  // An English draft of a pair not curated yet shows as the curated pair it will be once published.
  const pairs = new Set(content.comparisons.map((p) => `${p.codeA}-${p.codeB}`));
  const newPairs = [...drafts.values()].flatMap((d) =>
    "codeA" in d && d.locale === SOURCE_LOCALE && !pairs.has(`${d.codeA}-${d.codeB}`)
      ? [{ codeA: d.codeA, codeB: d.codeB }]
      : [],
  );
  return {
    ...content,
    codes,
    comparisons: newPairs.length ? [...content.comparisons, ...newPairs] : content.comparisons,
    codeTranslations: overlay(content.codeTranslations),
    comparisonTranslations: overlay(content.comparisonTranslations),
    messages: overlay(content.messages),
  };
}

/** Whether a draft belongs in the same list as these rows (codes, comparisons or messages), by its shape. */
function sameList(rows: readonly TextRecord[], draft: TextRecord): boolean {
  const shape = (r: TextRecord) => ("key" in r ? "message" : "codeA" in r ? "comparison" : "code");
  return rows.length > 0 && shape(rows[0]!) === shape(draft);
}

/** Published text for everyone; in the preview's locales, drafts and reviewed text too. */
export function previewServable(locales: PreviewLocales): Servable {
  return (t) => t.state === "published" || inPreview(locales, t.locale);
}
