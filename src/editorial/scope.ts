// What an edit reads: the records it changes and what the importer's checks of them look at. The checks are
// the importer's own (write.ts); this only says which part of the stored content they are run on, so an
// edit costs what it changes rather than the size of the corpus. Pure.
import { SOURCE_LOCALE } from "../content/format.ts";
import type { ContentScope, LocaleSet } from "../content/scope.ts";
import { textUnitId, type TextKey } from "../content/units.ts";
import { orderedKey, type Edit } from "./edits.ts";

const lowFirst = (a: number, b: number) => (a < b ? { a, b } : { a: b, b: a });

/**
 * A text unit in some locales, with what checking it needs: a code's facts and English (a translation is
 * checked against its English file), a pair's two codes and English, the English catalogue for a message's
 * placeholders. Drafts of the unit come along in `draftLocales`.
 */
function textScope(key: TextKey, locales: LocaleSet, draftLocales: LocaleSet): ContentScope {
  const withSource: LocaleSet = locales === "all" ? "all" : [...new Set([SOURCE_LOCALE, ...locales])];
  const drafts = [{ unit: textUnitId.format(key), locales: draftLocales }];
  switch (key.kind) {
    case "code":
      return {
        codes: [key.code],
        codeTexts: [{ code: key.code, locales: withSource }],
        pairs: [],
        messages: [],
        drafts,
      };
    case "comparison": {
      const { a, b } = lowFirst(key.a, key.b);
      return {
        codes: [a, b],
        codeTexts: [a, b].map((code) => ({ code, locales: [SOURCE_LOCALE] })),
        pairs: [{ a, b, locales: withSource }],
        messages: [],
        drafts,
      };
    }
    case "message":
      return { codes: [], codeTexts: [], pairs: [], messages: withSource, drafts };
  }
}

export function scopeOfEdit(edit: Edit): ContentScope {
  switch (edit.kind) {
    case "saveTranslation":
    case "reviewTranslation":
    case "publishTranslation":
    case "unpublishTranslation": {
      const key = textUnitId.parse(edit.unitId);
      // An id that names no unit is refused by the edit itself; it needs the locales alone for that.
      return key
        ? textScope(key, [edit.locale], [edit.locale])
        : { codes: [], codeTexts: [], pairs: [], messages: [], drafts: [] };
    }
    // The English draft comes along: a draft save starts from it, and a published edit must not pass it by.
    case "updateStatusCode": {
      const scope = textScope({ kind: "code", code: edit.code }, [SOURCE_LOCALE], [SOURCE_LOCALE]);
      // Codes the edit names as related must exist: they are read so the check can see them.
      return { ...scope, codes: [edit.code, ...(edit.facts.related ?? [])] };
    }
    case "upsertComparison":
      return textScope({ kind: "comparison", a: edit.a, b: edit.b }, [SOURCE_LOCALE], [SOURCE_LOCALE]);
    case "publishEnglishDraft":
    case "discardEnglishDraft":
      return textScope(orderedKey(edit.key), [SOURCE_LOCALE], [SOURCE_LOCALE]);
    // The pair goes with its texts and drafts in every locale.
    case "deleteComparison":
      return textScope({ kind: "comparison", a: edit.a, b: edit.b }, "all", "all");
    // Every locale's text of the message must keep the English placeholders.
    case "updateMessage":
      return textScope({ kind: "message", key: edit.key }, "all", []);
    case "revert": {
      const { entry } = edit;
      const key = textUnitId.parse(entry.unit);
      if (!key) return { codes: [], codeTexts: [], pairs: [], messages: [], drafts: [] };
      if (entry.locale === null) {
        // A fact's earlier value may name any code (related), and a pair comes back with its texts in every locale.
        if (key.kind === "code") return { ...textScope(key, [SOURCE_LOCALE], []), codes: "all" };
        return textScope(key, "all", "all");
      }
      return textScope(key, entry.locale === SOURCE_LOCALE && key.kind === "message" ? "all" : [entry.locale], [
        entry.locale,
      ]);
    }
  }
}

/** One scope reading what each of `scopes` reads: a batch of edits reads each record once. */
export function mergeScopes(scopes: readonly ContentScope[]): ContentScope {
  const union = (sets: readonly LocaleSet[]): LocaleSet => (sets.includes("all") ? "all" : [...new Set(sets.flat())]);
  const grouped = <K>(items: readonly (K & { locales: LocaleSet })[], keyOf: (item: K) => string) => {
    const byKey = new Map<string, { item: K & { locales: LocaleSet }; locales: LocaleSet[] }>();
    for (const item of items) {
      const group = byKey.get(keyOf(item)) ?? byKey.set(keyOf(item), { item, locales: [] }).get(keyOf(item))!;
      group.locales.push(item.locales);
    }
    return [...byKey.values()].map(({ item, locales }) => ({ ...item, locales: union(locales) }));
  };
  return {
    codes: scopes.some((s) => s.codes === "all")
      ? "all"
      : [...new Set(scopes.flatMap((s) => s.codes as readonly number[]))],
    codeTexts: grouped(
      scopes.flatMap((s) => s.codeTexts),
      (t) => String(t.code),
    ),
    pairs: grouped(
      scopes.flatMap((s) => s.pairs),
      (p) => `${p.a}-${p.b}`,
    ),
    messages: union(scopes.map((s) => s.messages)),
    drafts: grouped(
      scopes.flatMap((s) => s.drafts),
      (d) => d.unit,
    ),
  };
}
