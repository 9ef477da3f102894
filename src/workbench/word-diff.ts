// Word-level differences as markup: what changed in the English since the last translation, and theirs
// against yours in a conflict. Pure; `diff`'s word tokenizer, rendered as <del>/<ins> with visible labels
// for screen readers, which announce neither element by default.
import { diffWordsWithSpace } from "diff";
import { html, type Html } from "./html.ts";

export function wordDiff(
  before: string,
  after: string,
  labels: { removed: string; added: string } = { removed: "removed", added: "added" },
): Html {
  return html`${diffWordsWithSpace(before, after).map((part) =>
    part.added
      ? html`<ins><span class="visually-hidden">[${labels.added}: </span>${part.value}<span class="visually-hidden">]</span></ins>`
      : part.removed
        ? html`<del><span class="visually-hidden">[${labels.removed}: </span>${part.value}<span class="visually-hidden">]</span></del>`
        : part.value,
  )}`;
}
