// Which stored rows a piece of work needs: an edit reads the records it changes and those its checks look
// at (src/editorial/scope.ts), never the corpus. Locales are always read whole: every check needs them.
export type LocaleSet = readonly string[] | "all";

export type ContentScope = {
  /** Codes whose facts are read (with their related codes' numbers). */
  codes: readonly number[] | "all";
  /** Code texts, by code and locale. */
  codeTexts: readonly { code: number; locales: LocaleSet }[];
  /** Curated pairs (a < b) and their texts in these locales. */
  pairs: readonly { a: number; b: number; locales: LocaleSet }[];
  /** Whole message catalogues of these locales: a catalogue is one file, checked whole. */
  messages: LocaleSet;
  /** Drafts, by text unit id ("code.404") and locale. */
  drafts: readonly { unit: string; locales: LocaleSet }[];
};

export const EMPTY_SCOPE: ContentScope = { codes: [], codeTexts: [], pairs: [], messages: [], drafts: [] };
