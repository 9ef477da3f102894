// The page a message unit's preview shows: a comparison that shows the message (src/domain/message-pages.ts),
// found in the snapshot's published English, which every viewer may read. Found once per snapshot and key:
// a message that no page shows makes the search try every pair of codes (tens of milliseconds).
import { SOURCE_LOCALE } from "../content/format.ts";
import type { MessageRecord } from "../content/records.ts";
import { comparisonShowingMessage, type PagePair } from "../domain/message-pages.ts";
import type { Snapshot } from "../read/store.ts";

const found = new WeakMap<Snapshot, Map<string, PagePair | null>>();

export function pageShowingMessage(snapshot: Snapshot, key: string): PagePair | null {
  let pages = found.get(snapshot);
  if (!pages) found.set(snapshot, (pages = new Map()));
  if (pages.has(key)) return pages.get(key)!;
  const { model, content } = snapshot;
  const page = comparisonShowingMessage(key, {
    codes: model.codeList.map((facts) => model.codeView(facts.code, SOURCE_LOCALE)!),
    curated: content.comparisons
      .map((c) => ({ a: Math.min(c.codeA, c.codeB), b: Math.max(c.codeA, c.codeB) }))
      .flatMap((pair) => {
        const view = model.curatedView(pair.a, pair.b, SOURCE_LOCALE);
        return view ? [{ ...pair, view }] : [];
      }),
    messages: new Map(
      content.messages.filter((m): m is MessageRecord => m.locale === SOURCE_LOCALE).map((m) => [m.key, m]),
    ),
  });
  pages.set(key, page);
  return page;
}
