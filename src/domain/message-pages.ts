// Which rendered page shows a message of the catalogue. Comparison pages are made of the engine's messages,
// and which ones a pair shows depends on its codes' facts (a cacheability sentence only where the codes
// differ in it, a class label only where the classes differ …), so the answer is found by rendering: the
// message is replaced by a marker, and the first page whose Markdown holds the marker shows the message.
import type { MessageRecord } from "../content/records.ts";
import { buildCatalogue } from "./catalogue.ts";
import { compareCodes, renderCode, type CodeRendering, type CodeView, type CuratedView } from "./comparison.ts";

export type PagePair = { a: number; b: number };

export type MessagePageSources = {
  /** The English views of every code, in the order pairs are tried (ascending codes). */
  codes: readonly CodeView[];
  /** The curated comparisons (lower code first), tried before any other pair: pages an editor wrote. */
  curated: readonly (PagePair & { view: CuratedView })[];
  /** The English catalogue's messages by key. */
  messages: ReadonlyMap<string, MessageRecord>;
};

/**
 * A comparison page that shows the message `key` (lower code first): a curated one if any shows it, else
 * the first pair in code order; null when no page shows it (a key the engine does not format, or a
 * sentence none of today's codes call for). Pure: renders English pages only, with the marker in place.
 */
export function comparisonShowingMessage(key: string, sources: MessagePageSources): PagePair | null {
  const original = sources.messages.get(key);
  if (!original) return null;
  // A template of one literal, which no content holds: it reaches the page wherever the message does,
  // including through another message that takes it as a value (a class label inside the intro).
  const marker = `\u27e6${key}\u27e7`;
  const messages = new Map(sources.messages).set(key, { ...original, text: marker, state: "published" });
  const t = buildCatalogue([original.locale], new Map([[original.locale, messages]]));
  const renderings = new Map<number, CodeRendering>();
  const rendered = (view: CodeView) => {
    let rendering = renderings.get(view.facts.code);
    if (!rendering) renderings.set(view.facts.code, (rendering = renderCode(view, t)));
    return rendering;
  };
  const views = new Map(sources.codes.map((view) => [view.facts.code, view]));
  const curated = new Map(sources.curated.map((pair) => [`${pair.a}-${pair.b}`, pair.view]));
  const shows = (a: CodeView, b: CodeView) =>
    compareCodes(rendered(a), rendered(b), curated.get(`${a.facts.code}-${b.facts.code}`) ?? null, t).markdown.includes(
      marker,
    );

  for (const pair of sources.curated) {
    const [a, b] = [views.get(pair.a), views.get(pair.b)];
    if (a && b && shows(a, b)) return { a: pair.a, b: pair.b };
  }
  for (const [i, a] of sources.codes.entries()) {
    for (const b of sources.codes.slice(i + 1))
      if (!curated.has(`${a.facts.code}-${b.facts.code}`) && shows(a, b)) return { a: a.facts.code, b: b.facts.code };
  }
  return null;
}
