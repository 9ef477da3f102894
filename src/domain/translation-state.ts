// Translation states as the translation tools show them. OUTDATED and MISSING are computed, never stored.
import type { EditorialState } from "../content/format.ts";

export const TRANSLATION_STATES = ["MISSING", "OUTDATED", "DRAFT", "REVIEWED", "PUBLISHED"] as const;
export type TranslationState = (typeof TRANSLATION_STATES)[number];

export type TranslationFacts = { state: EditorialState; sourceHash: string | null } | undefined;

/** A translation is outdated when it was not made from today's English, whatever its editorial state. */
export function translationState(translation: TranslationFacts, currentSourceHash: string): TranslationState {
  if (!translation) return "MISSING";
  if (translation.sourceHash !== currentSourceHash) return "OUTDATED";
  return translation.state.toUpperCase() as TranslationState;
}

/** Readers only ever see published text; drafts and reviews in progress stay with translators. */
export function isServable(translation: { state: EditorialState }): boolean {
  return translation.state === "published";
}

export type StateCounts = Record<TranslationState, number>;

export function emptyCounts(): StateCounts {
  return { MISSING: 0, OUTDATED: 0, DRAFT: 0, REVIEWED: 0, PUBLISHED: 0 };
}

/** Percent of units whose translation is published and up to date, rounded down to one decimal. */
export function percentDone(counts: StateCounts): number {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return total === 0 ? 100 : Math.floor((counts.PUBLISHED / total) * 1000) / 10;
}
