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
