// The content's Markdown rendered for reading beside the source, on demand (a <details> on the unit page):
// headings, paragraphs, lists, fenced code, pipe tables, and inline code, strong, emphasis and links, the
// constructs content files use (docs/content-format.md). Not a general Markdown engine: the API serves
// Markdown, and this is only a reading aid, so anything else shows as the text it is. Every piece of text
// goes through `html`, which escapes it; a link keeps only an http(s) or relative target. Pure.
import { html, trusted, type Html } from "./html.ts";

/** Markdown headings sit under the page's own h1–h3: "#" becomes h4, and deeper levels stop at h6. */
const HEADING_OFFSET = 3;

const FENCE = /^\s{0,3}(```|~~~)\s*([\w+-]*)\s*$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

export function renderMarkdown(markdown: string): Html {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Html[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!); i++) code.push(lines[i]!);
      i++;
      blocks.push(html`<pre><code${fence[2] ? html` data-lang="${fence[2]}"` : ""}>${code.join("\n")}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1]!.length + HEADING_OFFSET);
      // The tag is made from a number computed here, never from the input.
      blocks.push(html`${trusted(`<h${level}>`)}${inline(heading[2]!)}${trusted(`</h${level}>`)}`);
      i++;
      continue;
    }
    if (line.includes("|") && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1]!)) {
      const header = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && lines[i]!.includes("|") && lines[i]!.trim(); i++) rows.push(cells(lines[i]!));
      blocks.push(
        html`<table><thead><tr>${header.map((c) => html`<th scope="col">${inline(c)}</th>`)}</tr></thead><tbody>${rows.map(
          (r) => html`<tr>${header.map((_, k) => html`<td>${inline(r[k] ?? "")}</td>`)}</tr>`,
        )}</tbody></table>`,
      );
      continue;
    }
    const list = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null;
    if (list) {
      const items: string[] = [];
      for (; i < lines.length && lines[i]!.trim(); i++) {
        const item = list.exec(lines[i]!);
        // A line that does not start an item continues the one before it.
        if (item) items.push(item[1]!);
        else items[items.length - 1] += ` ${lines[i]!.trim()}`;
      }
      const entries = items.map((item) => html`<li>${inline(item)}</li>`);
      blocks.push(list === BULLET ? html`<ul>${entries}</ul>` : html`<ol>${entries}</ol>`);
      continue;
    }
    const paragraph: string[] = [];
    for (
      ;
      i < lines.length &&
      lines[i]!.trim() &&
      !FENCE.test(lines[i]!) &&
      !HEADING.test(lines[i]!) &&
      !BULLET.test(lines[i]!) &&
      !NUMBERED.test(lines[i]!);
      i++
    )
      paragraph.push(lines[i]!.trim());
    blocks.push(html`<p>${inline(paragraph.join(" "))}</p>`);
  }
  return html`${blocks.map((b) => html`${b}\n`)}`;
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim());
}

const INLINE =
  /`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*(?!\s)(.+?)\*|(?<![\w])_(?!\s)(.+?)_(?![\w])|\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/;

/** Inline code, strong, emphasis and links; code spans are literal, the others may nest. */
function inline(text: string): Html {
  const parts: Html[] = [];
  let rest = text;
  for (let match = INLINE.exec(rest); match; match = INLINE.exec(rest)) {
    parts.push(html`${rest.slice(0, match.index)}`);
    const [, code, strong1, strong2, em1, em2, label, href] = match;
    if (code !== undefined) parts.push(html`<code>${code}</code>`);
    else if (strong1 !== undefined || strong2 !== undefined)
      parts.push(html`<strong>${inline((strong1 ?? strong2)!)}</strong>`);
    else if (em1 !== undefined || em2 !== undefined) parts.push(html`<em>${inline((em1 ?? em2)!)}</em>`);
    else if (label !== undefined)
      parts.push(safeHref(href!) ? html`<a href="${href}">${inline(label)}</a>` : html`${inline(label)}`);
    rest = rest.slice(match.index + match[0].length);
  }
  parts.push(html`${rest}`);
  return html`${parts}`;
}

/** Only web and relative targets: a `javascript:` or `data:` link in content never becomes one here. */
function safeHref(href: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === "http" || scheme === "https" || scheme === "mailto";
}
