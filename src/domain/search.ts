// Code search: which codes a query matches and how well, over accent- and case-folded text. Pure.
import { foldForSearch } from "../content/text.ts";
import type { CodeView } from "./comparison.ts";

/** One code's searchable text in one locale, field by field, folded, each with the weight of a hit there. */
export type SearchDocument = { code: number; fields: readonly { weight: number; text: string }[] };

export type SearchQuery =
  | { kind: "everything" }
  /** Someone typing "42", "429" or "4xx" wants those codes, not every page that mentions them. */
  | { kind: "code"; prefix: string }
  | { kind: "words"; words: string[]; phrase: string };

/**
 * A hit in the name outweighs one in the summary, which outweighs one in the long text: a reader who
 * types "not found" means 404, not every page that says "not" and "found" somewhere in its body.
 */
export const FIELD_WEIGHTS = { name: 8, summary: 4, description: 2, guidance: 1.5, body: 1 } as const;

/** What a code is found by in one locale: its text there (with fallbacks), its number, reason phrase and headers. */
export function searchDocumentOf({ facts, text }: CodeView): SearchDocument {
  const field = (weight: number, ...parts: string[]) => ({ weight, text: foldForSearch(parts.join("\n")) });
  return {
    code: facts.code,
    fields: [
      field(FIELD_WEIGHTS.name, String(facts.code), facts.reasonPhrase, text.title),
      field(FIELD_WEIGHTS.summary, text.summary),
      field(FIELD_WEIGHTS.description, text.description, facts.headers.join(" ")),
      field(FIELD_WEIGHTS.guidance, text.whenYouSeeIt, text.howToFix),
      field(FIELD_WEIGHTS.body, text.body ?? ""),
    ],
  };
}

/** Longer than any name or phrase a person types; a longer one only costs CPU (every word scans every code). */
export const MAX_SEARCH_LENGTH = 200;

export function parseSearch(input: string | null | undefined): SearchQuery {
  const trimmed = (input ?? "").trim();
  if (!trimmed) return { kind: "everything" };
  if (/^\d{1,3}$/.test(trimmed)) return { kind: "code", prefix: trimmed };
  // "4xx" (or "40x") names a range of codes, as people write it, not a word to look for.
  const range = /^(\d{1,2})x{1,2}$/i.exec(trimmed);
  if (range && range[0].length === 3) return { kind: "code", prefix: range[1]! };
  const words = foldForSearch(trimmed).split(/\s+/).filter(Boolean);
  return { kind: "words", words: [...new Set(words)], phrase: words.join(" ") };
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const isWordCharacter = (character: string | undefined) => character !== undefined && WORD_CHARACTER.test(character);

/**
 * How well `word` occurs in `text`: 1 as a whole word, 1/2 only as the start of a longer word (so typing
 * "unauth" finds "Unauthorized", but "tim" counts less in "Timeout" than as the word "tìm"), 0 otherwise.
 * A match must start a word: "tim" never matches inside "estimate".
 */
export function matchStrength(text: string, word: string): number {
  let strength = 0;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (isWordCharacter(text[at - 1])) continue;
    if (!isWordCharacter(text[at + word.length])) return 1;
    strength = 0.5;
  }
  return strength;
}

function bestWeight(doc: SearchDocument, word: string): number {
  let best = 0;
  for (const field of doc.fields)
    if (field.weight > best) best = Math.max(best, field.weight * matchStrength(field.text, word));
  return best;
}

/**
 * How well a code matches: 0 for no match (every word must start a word somewhere), otherwise the sum
 * of each word's best weighted match, plus a bonus when the words also stand together as a phrase.
 */
export function scoreDocument(words: readonly string[], phrase: string, doc: SearchDocument): number {
  let score = 0;
  for (const word of words) {
    const best = bestWeight(doc, word);
    if (best === 0) return 0;
    score += best;
  }
  return words.length > 1 ? score + bestWeight(doc, phrase) * words.length : score;
}

export const SEARCH_ORDERS = ["CODE", "RELEVANCE"] as const;
export type SearchOrder = (typeof SEARCH_ORDERS)[number];

/**
 * The codes among `codes` (ascending) that match, in code order or best first. Equal scores keep code
 * order, so a page boundary never shuffles. Documents are asked for only when there are words to match.
 */
export function searchCodes(
  query: SearchQuery,
  codes: readonly number[],
  documentOf: (code: number) => SearchDocument,
  order: SearchOrder,
): number[] {
  if (query.kind === "everything") return [...codes];
  if (query.kind === "code") return codes.filter((code) => String(code).startsWith(query.prefix));
  const hits = [];
  for (const code of codes) {
    const score = scoreDocument(query.words, query.phrase, documentOf(code));
    if (score > 0) hits.push({ code, score });
  }
  if (order === "RELEVANCE") hits.sort((x, y) => y.score - x.score || x.code - y.code);
  return hits.map((hit) => hit.code);
}
