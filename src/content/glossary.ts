// A locale's termbase applied to text: where a forbidden variant occurs, and which entries a source
// text mentions (what translators' tools show beside a unit). Pure: text in, positions out.
import type { GlossaryEntry } from "./format.ts";

export type VariantHit = { variant: string; use: string; term: string; line: number };

/** How a fenced block's language writes a comment to the end of the line; languages not listed have none we read. */
const LINE_COMMENTS: Record<string, RegExp> = {
  ...Object.fromEntries(
    ["js", "javascript", "ts", "typescript", "go", "java", "kotlin", "swift", "c", "cpp", "csharp", "rust", "php"].map(
      (l) => [l, /(?<![:/])\/\/.*$/],
    ),
  ),
  ...Object.fromEntries(
    [
      "bash",
      "sh",
      "shell",
      "console",
      "nginx",
      "yaml",
      "yml",
      "python",
      "py",
      "ruby",
      "toml",
      "ini",
      "conf",
      "apache",
    ].map((l) => [l, /(?<=^|\s)#.*$/]),
  ),
  ...Object.fromEntries(["html", "xml"].map((l) => [l, /<!--.*?-->/])),
};

/** A fenced line with only its comment kept: the comment is prose a reader reads, the rest is code. */
function commentOnly(line: string, comment: RegExp | undefined): string {
  const m = comment?.exec(line);
  return m ? " ".repeat(m.index) + m[0] : "";
}

/**
 * Code is not prose: fenced blocks, inline code spans and link targets keep their English (`Server:`,
 * `Access-Control-Allow-Credentials`, URLs). They are blanked out, keeping line breaks, so positions
 * in the rest of the text stay right. Comments inside fenced examples are prose, written in the locale,
 * so they are kept and checked like the text around them.
 */
export function proseOnly(markdown: string): string {
  let fence: RegExp | undefined | null = null;
  return markdown
    .split("\n")
    .map((line) => {
      const opening = /^\s*(?:```|~~~)\s*([\w+-]*)/.exec(line);
      if (opening) {
        fence = fence === null ? LINE_COMMENTS[opening[1]!.toLowerCase()] : null;
        return "";
      }
      if (fence !== null) return commentOnly(line, fence);
      return line.replace(/`[^`]*`/g, (m) => " ".repeat(m.length)).replace(/\]\([^)]*\)/g, (m) => " ".repeat(m.length));
    })
    .join("\n");
}

/**
 * The words of an ICU MessageFormat template, with its syntax blanked out: argument names, `select`, and
 * option keys (`{retry, select, yes {…}}`) are identifiers, not prose, even when they spell a forbidden variant.
 */
export function icuLiteralText(template: string): string {
  const blank = (m: string) => " ".repeat(m.length);
  return template
    .replace(/\{\s*[A-Za-z_]\w*\s*(?=[,}])(?:,\s*(?:select|plural|selectordinal)\s*,)?/g, blank)
    .replace(/(?:=\d+|[A-Za-z_]\w*)\s*(?=\{)/g, blank);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A phrase as a whole word: Vietnamese syllables are separated by spaces, so "hóa" must not match inside
 * "khóa", nor "server" inside "Server-Timing". Letters, marks, digits and "-" count as word characters.
 */
function phrasePattern(phrase: string): RegExp {
  return new RegExp(
    `(?<![\\p{L}\\p{M}\\p{N}_-])${escapeRegExp(phrase.normalize("NFC"))}(?![\\p{L}\\p{M}\\p{N}_-])`,
    "giu",
  );
}

const patterns = new Map<string, RegExp>();
function patternOf(phrase: string): RegExp {
  let pattern = patterns.get(phrase);
  if (!pattern) patterns.set(phrase, (pattern = phrasePattern(phrase)));
  pattern.lastIndex = 0;
  return pattern;
}

const literals = new Map<string, RegExp>();
/**
 * The phrase alone, with patternOf's flags but without its word-boundary lookarounds: every match of the
 * pattern is a match of this, so a text without one needs no search with the other, which costs about three
 * times as much (the lookbehind is tried at every position). Most texts hold no variant of most entries.
 */
function literalOf(phrase: string): RegExp {
  let literal = literals.get(phrase);
  if (!literal) literals.set(phrase, (literal = new RegExp(escapeRegExp(phrase.normalize("NFC")), "iu")));
  return literal;
}

const exactPatterns = new Map<string, RegExp>();
/** `patternOf` matching case exactly. Kept like it: an import checks 13,000 texts against the same termbase. */
function exactPatternOf(phrase: string): RegExp {
  let pattern = exactPatterns.get(phrase);
  if (!pattern) exactPatterns.set(phrase, (pattern = new RegExp(phrasePattern(phrase).source, "gu")));
  pattern.lastIndex = 0;
  return pattern;
}

/** Where an entry's allowed phrases occur, matched with their exact case: [start, end) ranges. */
function allowedRanges(prose: string, allow: readonly string[] | undefined): [number, number][] {
  const ranges: [number, number][] = [];
  for (const phrase of allow ?? []) {
    const pattern = exactPatternOf(phrase);
    for (let m = pattern.exec(prose); m; m = pattern.exec(prose)) ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

/** Every forbidden variant in a text, with its line (1-based, within the text), in reading order. */
export function forbiddenVariants(text: string, entries: readonly GlossaryEntry[]): VariantHit[] {
  const prose = proseOnly(text.normalize("NFC"));
  const hits: (VariantHit & { at: number })[] = [];
  for (const entry of entries) {
    // Looked for only once a variant occurs: most texts hold none, and an import checks every text.
    let allowed: [number, number][] | undefined;
    for (const variant of entry.avoid) {
      if (!literalOf(variant).test(prose)) continue;
      const pattern = patternOf(variant);
      for (let m = pattern.exec(prose); m; m = pattern.exec(prose)) {
        const [start, end] = [m.index, m.index + m[0].length];
        allowed ??= allowedRanges(prose, entry.allow);
        if (allowed.some(([from, to]) => from <= start && end <= to)) continue;
        hits.push({
          variant: m[0],
          use: entry.use,
          term: entry.term,
          line: 1 + countNewlines(prose, m.index),
          at: m.index,
        });
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

export type TermOccurrence = { start: number; end: number; entry: GlossaryEntry };

/**
 * Where the entries' English terms occur in a source text, matched as `termsIn` matches them (prose only,
 * whole words), in reading order; where two overlap, the one that starts first, then the longer, is kept.
 * The workbench marks them in the English it shows beside a translation.
 */
export function termOccurrences(source: string, entries: readonly GlossaryEntry[]): TermOccurrence[] {
  const prose = proseOnly(source);
  const found: TermOccurrence[] = [];
  for (const entry of entries) {
    const pattern = patternOf(entry.term);
    for (let m = pattern.exec(prose); m; m = pattern.exec(prose))
      found.push({ start: m.index, end: m.index + m[0].length, entry });
  }
  found.sort((x, y) => x.start - y.start || y.end - x.end);
  const kept: TermOccurrence[] = [];
  for (const hit of found) if (!kept.length || hit.start >= kept[kept.length - 1]!.end) kept.push(hit);
  return kept;
}
