// Small text transformations the sentence templates rely on.

/**
 * Lower-cases the first letter so a field written as a sentence ("When trying …", "The server …")
 * can continue a template sentence ("You encounter 403 when trying …"). Acronyms ("HTTP/2 …",
 * "TLS …") and numbers are left alone.
 */
export function asClause(sentence: string, locale: string): string {
  const match = /^(\p{Lu})(\p{Ll}|\s)/u.exec(sentence);
  if (!match) return sentence;
  return match[1]!.toLocaleLowerCase(locale) + sentence.slice(1);
}

/** Removes diacritics and case so "Không tìm thấy" and "khong tim thay" compare equal. */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}

/**
 * The candidate closest to `word` by edit distance (insertions, deletions, substitutions), if it is
 * within `maxDistance`; ties go to the earlier candidate. Hand-written rather than a dependency: it is
 * a dozen lines, used only for "did you mean …?" hints on flags and file names.
 */
export function nearest(word: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
