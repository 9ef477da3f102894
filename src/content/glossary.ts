// A locale's termbase applied to text: where a forbidden variant occurs, and which entries a source
// text mentions (what translators' tools show beside a unit). Pure: text in, positions out.
import type { GlossaryEntry } from "./format.ts";

export type VariantHit = { variant: string; use: string; term: string; line: number };

/**
 * Code is not prose: fenced blocks, inline code spans and link targets keep their English (`Server:`,
 * `Access-Control-Allow-Credentials`, URLs). They are blanked out, keeping line breaks, so positions
 * in the rest of the text stay right.
 */
export function proseOnly(markdown: string): string {
  let inFence = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return "";
      }
      if (inFence) return "";
      return line.replace(/`[^`]*`/g, (m) => " ".repeat(m.length)).replace(/\]\([^)]*\)/g, (m) => " ".repeat(m.length));
    })
    .join("\n");
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A phrase as a whole word: Vietnamese syllables are separated by spaces, so "hóa" must not match inside
 * "khóa", nor "server" inside "Server-Timing". Letters, marks, digits and "-" count as word characters.
 */
function phrasePattern(phrase: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_-])${escape(phrase.normalize("NFC"))}(?![\\p{L}\\p{M}\\p{N}_-])`, "giu");
}

const patterns = new Map<string, RegExp>();
function patternOf(phrase: string): RegExp {
  let pattern = patterns.get(phrase);
  if (!pattern) patterns.set(phrase, (pattern = phrasePattern(phrase)));
  pattern.lastIndex = 0;
  return pattern;
}

/** Every forbidden variant in a text, with its line (1-based, within the text), in reading order. */
export function forbiddenVariants(text: string, entries: readonly GlossaryEntry[]): VariantHit[] {
  const prose = proseOnly(text.normalize("NFC"));
  const hits: (VariantHit & { at: number })[] = [];
  for (const entry of entries) {
    for (const variant of entry.avoid) {
      const pattern = patternOf(variant);
      for (let m = pattern.exec(prose); m; m = pattern.exec(prose)) {
        hits.push({ variant: m[0], use: entry.use, term: entry.term, line: 1 + countNewlines(prose, m.index), at: m.index });
      }
    }
  }
  return hits.sort((x, y) => x.at - y.at).map(({ at: _at, ...hit }) => hit);
}

/** The entries whose English term occurs in a source text, in termbase order. */
export function termsIn(source: string, entries: readonly GlossaryEntry[]): GlossaryEntry[] {
  const prose = proseOnly(source);
  return entries.filter((entry) => patternOf(entry.term).test(prose));
}

/** How an entry reads in a translator's note: "server → server (not: máy chủ)". */
export function describeEntry(entry: GlossaryEntry): string {
  return `${entry.term} → ${entry.use}${entry.avoid.length ? ` (not: ${entry.avoid.join(", ")})` : ""}`;
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
