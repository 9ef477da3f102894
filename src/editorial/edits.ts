// Step 1 of an edit through the API: what the content would be after it. Pure: the stored ContentSet and
// one edit in, the edited ContentSet out (or a coded error). Validation, planning and applying are the
// importer's own (write.ts), so an edit is held to exactly what a file would be.
import { SOURCE_LOCALE, type CodeText, type ComparisonText } from "../content/format.ts";
import type {
  CodeFacts,
  CodeTranslationRecord,
  ComparisonTranslationRecord,
  ContentSet,
  DraftRecord,
  TextRecord,
} from "../content/records.ts";
import { revisionKey, sourceTextHash, textUnitId, type TextKey } from "../content/units.ts";
import { contentPath } from "../content/paths.ts";
import { DRAFT_PREFIX, WHOLE_RECORD } from "../write/history.ts";
import { splitDraft } from "../read/preview.ts";

export type EditableFacts = Omit<CodeFacts, "code" | "class" | "file">;
export type TranslationText = Partial<CodeText & ComparisonText & { text: string }>;

export type Edit =
  | { kind: "updateStatusCode"; code: number; facts: Partial<EditableFacts>; text: Partial<CodeText>; draft?: boolean }
  | { kind: "upsertComparison"; a: number; b: number; text: ComparisonText; draft?: boolean }
  | { kind: "publishEnglishDraft"; key: EnglishKey }
  | { kind: "discardEnglishDraft"; key: EnglishKey }
  | { kind: "deleteComparison"; a: number; b: number }
  | { kind: "updateMessage"; key: string; text: string }
  | { kind: "saveTranslation"; unitId: string; locale: string; text: TranslationText }
  | { kind: "reviewTranslation"; unitId: string; locale: string }
  | { kind: "publishTranslation"; unitId: string; locale: string }
  | { kind: "unpublishTranslation"; unitId: string; locale: string }
  | { kind: "revert"; entry: RevertibleEntry };

/** What has an English draft: a code's English text and facts, or a curated comparison's text (a < b or not: stored once). */
export type EnglishKey = Extract<TextKey, { kind: "code" | "comparison" }>;

/** A history entry as revert needs it (values parsed from JSON). */
export type RevertibleEntry = {
  id: number;
  unit: string;
  locale: string | null;
  field: string;
  before: unknown;
  after: unknown;
  /**
   * The other whole-record entries of the same unit in the same change: a curated pair and its texts are
   * created and deleted together, and must come back (or go) together to be valid.
   */
  together?: readonly RevertibleEntry[];
};

export type EditErrorCode = "NOT_FOUND" | "VALIDATION";
export type EditError = { code: EditErrorCode; message: string; field?: string };

export type Edited = {
  /** The whole content after the edit: what gets planned against the stored content. */
  content: ContentSet;
  /** What must pass the importer's checks: the content, with the draft being edited in place of its translation. */
  candidate: ContentSet;
};

const fail = (code: EditErrorCode, message: string, field?: string): { ok: false; error: EditError } => ({
  ok: false,
  error: { code, message, field },
});

/** Comparisons are stored once per unordered pair, lower code first, with whenToUse swapped to match. */
function orderedPair(a: number, b: number, text?: ComparisonText): { a: number; b: number; text?: ComparisonText } {
  if (a < b) return { a, b, text };
  return { a: b, b: a, text: text && { ...text, whenToUseA: text.whenToUseB, whenToUseB: text.whenToUseA } };
}

/** A comparison key with its codes in stored order; a code's key as it is. */
export function orderedKey(key: EnglishKey): EnglishKey {
  return key.kind === "comparison" ? { kind: "comparison", a: Math.min(key.a, key.b), b: Math.max(key.a, key.b) } : key;
}

/** The record an edit's `expectedRevision` refers to ("code.404", "code.404:vi", …). */
export function editedRecord(edit: Edit): string {
  switch (edit.kind) {
    case "updateStatusCode":
      return textUnitId.code(edit.code);
    case "upsertComparison":
    case "deleteComparison": {
      const { a, b } = orderedPair(edit.a, edit.b);
      return textUnitId.comparison(a, b);
    }
    case "updateMessage":
      return textUnitId.message(edit.key);
    case "publishEnglishDraft":
    case "discardEnglishDraft":
      return textUnitId.format(orderedKey(edit.key));
    case "revert":
      return revisionKey.of(edit.entry.unit, edit.entry.locale);
    default:
      return revisionKey.of(edit.unitId, edit.locale);
  }
}

/** Whether a record is a locale's text of this unit: compared by the one spelling of unit ids. */
const sameText = (record: TextRecord, key: TextKey): boolean => textUnitId.of(record) === textUnitId.format(key);

/** Which list of a ContentSet holds a text key's translations. */
function listOf(content: ContentSet, key: TextKey): TextRecord[] {
  return key.kind === "code"
    ? content.codeTranslations
    : key.kind === "comparison"
      ? content.comparisonTranslations
      : content.messages;
}

/** The content with that list replaced: listOf's inverse. */
function withListOf(content: ContentSet, key: TextKey, next: TextRecord[]): ContentSet {
  return key.kind === "code"
    ? { ...content, codeTranslations: next as ContentSet["codeTranslations"] }
    : key.kind === "comparison"
      ? { ...content, comparisonTranslations: next as ComparisonTranslationRecord[] }
      : { ...content, messages: next as ContentSet["messages"] };
}

function findText(list: readonly TextRecord[], key: TextKey, locale: string): TextRecord | undefined {
  return list.find((r) => r.locale === locale && sameText(r, key));
}

function replaceIn<T>(list: readonly T[], old: T | undefined, next: T | undefined): T[] {
  const out = list.filter((x) => x !== old);
  if (next) out.push(next);
  return out;
}

/** Sets the text fields given on a record's text, refusing fields the unit does not have. */
function withText(
  record: TextRecord,
  text: TranslationText,
): { ok: true; record: TextRecord } | { ok: false; error: EditError } {
  const given = Object.entries(text).filter(([, v]) => v !== undefined && v !== null);
  if ("key" in record) {
    const wrong = given.find(([k]) => k !== "text");
    if (wrong) return fail("VALIDATION", `a message has only the field "text", not "${wrong[0]}"`, `text.${wrong[0]}`);
    return { ok: true, record: { ...record, text: (text.text as string | undefined) ?? record.text } };
  }
  const allowed = Object.keys(record.text);
  const wrong = given.find(([k]) => !allowed.includes(k));
  if (wrong)
    return fail(
      "VALIDATION",
      `this unit's fields are ${allowed.join(", ")}; it has no "${wrong[0]}"`,
      `text.${wrong[0]}`,
    );
  return { ok: true, record: { ...record, text: { ...record.text, ...Object.fromEntries(given) } } as TextRecord };
}

/** A new translation's file: where the files keep that locale's text of the unit. */
function translationFile(source: TextRecord, locale: string): string {
  return "key" in source
    ? contentPath.messages(locale)
    : "codeA" in source
      ? contentPath.comparison(locale, source.codeA, source.codeB)
      : contentPath.code(locale, source.code);
}

type Result = { ok: true; edited: Edited } | { ok: false; error: EditError };
const done = (content: ContentSet, candidate: ContentSet = content): Result => ({
  ok: true,
  edited: { content, candidate },
});

function translationEdit(content: ContentSet, edit: Extract<Edit, { unitId: string }>): Result {
  const key = textUnitId.parse(edit.unitId);
  if (!key)
    return fail(
      "VALIDATION",
      `"${edit.unitId}" is not a unit id: expected code.404, comparison.401-vs-403 or message.heading.description`,
      "unitId",
    );
  if (edit.locale === SOURCE_LOCALE)
    return fail(
      "VALIDATION",
      `"${SOURCE_LOCALE}" is the source locale: English is changed with updateStatusCode, upsertComparison or updateMessage`,
      "locale",
    );
  if (!content.locales.some((l) => l.code === edit.locale))
    return fail("VALIDATION", `"${edit.locale}" is not a locale of this reference`, "locale");
  const list = listOf(content, key);
  const source = findText(list, key, SOURCE_LOCALE);
  if (!source) return fail("NOT_FOUND", `${edit.unitId} has no English text to translate`, "unitId");
  const row = findText(list, key, edit.locale);
  const drafts = content.drafts ?? [];
  const draft = drafts.find((d) => d.locale === edit.locale && sameText(d, key));
  const withList = (next: TextRecord[]): ContentSet => withListOf(content, key, next);
  /** The content as it would read with this working copy published, for the importer's checks. */
  const candidateWith = (working: DraftRecord): ContentSet => {
    const base = withList(
      replaceIn(list, row, { ...working, file: row?.file ?? translationFile(source, edit.locale) }),
    );
    return { ...base, drafts: undefined };
  };

  switch (edit.kind) {
    case "saveTranslation": {
      // A draft starts from the working copy, else from the translation, else from the English it translates.
      const start: TextRecord = draft ?? row ?? { ...source, locale: edit.locale };
      const changed = withText({ ...start, locale: edit.locale, file: "" } as TextRecord, edit.text);
      if (!changed.ok) return changed;
      const next = { ...changed.record, state: "draft", sourceHash: sourceTextHash(source), file: "" } as DraftRecord;
      return done({ ...content, drafts: replaceIn(drafts, draft, next) }, candidateWith(next));
    }
    case "reviewTranslation": {
      if (draft) {
        const next = { ...draft, state: "reviewed" as const };
        return done({ ...content, drafts: replaceIn(drafts, draft, next) }, candidateWith(next));
      }
      if (row && row.state === "draft") return done(withList(replaceIn(list, row, { ...row, state: "reviewed" })));
      return fail(
        "VALIDATION",
        `${edit.unitId} has no ${edit.locale} draft to review${row ? ` (its translation is ${row.state})` : ""}`,
        "unitId",
      );
    }
    case "publishTranslation": {
      // The working copy replaces the translation, which keeps its file; without one, a translation kept
      // unpublished in the files is published as it is.
      if (draft) {
        const published = {
          ...draft,
          state: "published",
          file: row?.file ?? translationFile(source, edit.locale),
        } as TextRecord;
        return done({ ...withList(replaceIn(list, row, published)), drafts: replaceIn(drafts, draft, undefined) });
      }
      if (row && row.state !== "published") return done(withList(replaceIn(list, row, { ...row, state: "published" })));
      return fail(
        "VALIDATION",
        `${edit.unitId} has no unpublished ${edit.locale} text to publish${row ? " (it is already published)" : ""}`,
        "unitId",
      );
    }
    case "unpublishTranslation": {
      if (row?.state !== "published")
        return fail("VALIDATION", `${edit.unitId} has no published ${edit.locale} translation`, "unitId");
      return done(withList(replaceIn(list, row, { ...row, state: "draft" })));
    }
  }
}

/** The English draft of a code or a curated comparison, if one is saved. */
function englishDraftOf(content: ContentSet, key: EnglishKey): DraftRecord | undefined {
  return (content.drafts ?? []).find((d) => d.locale === SOURCE_LOCALE && sameText(d, key));
}

/**
 * Refuses an edit that would publish English text over an unpublished English draft: publishing the draft
 * later would silently put back the text this edit replaced. The editor saves into the draft instead.
 */
function draftInTheWay(key: EnglishKey): { ok: false; error: EditError } {
  return fail(
    "VALIDATION",
    `${textUnitId.format(key)} has an unpublished English draft: save this change into it (draft: true) and publish it, or discard the draft first`,
    "draft",
  );
}

/**
 * What an English draft was started from, kept in its sourceHash as a translation draft keeps the English it
 * translates: the published English's hash when the draft was first saved ("" for a pair not curated then).
 */
function draftBase(draft: DraftRecord | undefined, english: TextRecord | undefined): string {
  return draft?.sourceHash ?? (english ? sourceTextHash(english) : "");
}

/**
 * Refuses to publish a draft made from English that has changed since (an import can change it while a draft
 * waits): publishing would silently put back what that change replaced.
 */
function baseMoved(
  draft: DraftRecord,
  english: TextRecord | undefined,
  key: EnglishKey,
): { ok: false; error: EditError } | null {
  if (draft.sourceHash === null || draft.sourceHash === (english ? sourceTextHash(english) : "")) return null;
  return fail(
    "VALIDATION",
    `the published English of ${textUnitId.format(key)} has changed since this draft was started (by an import, or a revert): discard the draft and draft again from the English as it is now`,
    "draft",
  );
}

/**
 * English saved as a draft: the published row and every translation stay as they are (nothing becomes
 * OUTDATED), and the importer's checks run on the content as it would read once the draft is published.
 */
function saveEnglishDraft(content: ContentSet, next: DraftRecord, published: ContentSet): Result {
  const drafts = content.drafts ?? [];
  return done(
    { ...content, drafts: replaceIn(drafts, englishDraftOf(content, keyOfText(next)), next) },
    { ...published, drafts: undefined },
  );
}

const keyOfText = (record: TextRecord): EnglishKey => textUnitId.parse(textUnitId.of(record)) as EnglishKey;

function updateStatusCode(content: ContentSet, edit: Extract<Edit, { kind: "updateStatusCode" }>): Result {
  const facts = content.codes.find((c) => c.code === edit.code);
  if (!facts) return fail("NOT_FOUND", `No status code ${edit.code} in the reference`, "code");
  const english = content.codeTranslations.find((t) => t.code === edit.code && t.locale === SOURCE_LOCALE);
  if (!english) return fail("NOT_FOUND", `Status code ${edit.code} has no English text`, "code");
  const given = Object.fromEntries(Object.entries(edit.facts).filter(([, v]) => v !== undefined));
  const text = Object.fromEntries(Object.entries(edit.text).filter(([, v]) => v !== undefined && v !== null));
  const key: EnglishKey = { kind: "code", code: edit.code };
  const draft = englishDraftOf(content, key);
  const drafted = draft ? splitDraft(draft) : null;
  if (edit.draft) {
    // The draft holds the whole English text and only the facts it changes, which it keeps beside the text.
    const start = (drafted?.text ?? english) as CodeTranslationRecord;
    const draftFacts = { ...drafted?.facts, ...given };
    const draftText = { ...start.text, ...text, ...(Object.keys(draftFacts).length ? { facts: draftFacts } : {}) };
    const next = {
      ...start,
      text: draftText,
      state: "draft",
      sourceHash: draftBase(draft, english),
      file: "",
    } as DraftRecord;
    const published = {
      ...content,
      codes: replaceIn(content.codes, facts, { ...facts, ...draftFacts }),
      codeTranslations: replaceIn(content.codeTranslations, english, {
        ...start,
        text: { ...start.text, ...text },
        state: "published",
        sourceHash: null,
        file: english.file,
      } as CodeTranslationRecord),
    };
    return saveEnglishDraft(content, next, published);
  }
  // Facts the draft does not change may still be published at once: the draft puts back none of them.
  const draftedFacts = Object.keys(given).filter((f) => drafted?.facts && f in drafted.facts);
  if (draft && (Object.keys(text).length || draftedFacts.length)) return draftInTheWay(key);
  return done({
    ...content,
    codes: replaceIn(content.codes, facts, { ...facts, ...given }),
    codeTranslations: replaceIn(content.codeTranslations, english, { ...english, text: { ...english.text, ...text } }),
  });
}

function upsertComparison(content: ContentSet, edit: Extract<Edit, { kind: "upsertComparison" }>): Result {
  if (edit.a === edit.b) return fail("VALIDATION", `a comparison needs two different codes, not ${edit.a} twice`, "b");
  for (const [field, code] of [
    ["a", edit.a],
    ["b", edit.b],
  ] as const) {
    if (!content.codes.some((c) => c.code === code))
      return fail("NOT_FOUND", `No status code ${code} in the reference`, field);
  }
  const { a, b, text } = orderedPair(edit.a, edit.b, edit.text);
  const pair = content.comparisons.find((c) => c.codeA === a && c.codeB === b);
  const english = content.comparisonTranslations.find(
    (t) => t.codeA === a && t.codeB === b && t.locale === SOURCE_LOCALE,
  );
  const file = english?.file ?? contentPath.comparison(SOURCE_LOCALE, a, b);
  const record: ComparisonTranslationRecord = {
    codeA: a,
    codeB: b,
    locale: SOURCE_LOCALE,
    text: text!,
    state: "published",
    sourceHash: null,
    file,
  };
  const published: ContentSet = {
    ...content,
    comparisons: pair ? content.comparisons : [...content.comparisons, { codeA: a, codeB: b }],
    comparisonTranslations: replaceIn(content.comparisonTranslations, english, record),
  };
  const key: EnglishKey = { kind: "comparison", a, b };
  // A draft of a pair not curated yet is allowed: the pair is created when the draft is published.
  if (edit.draft)
    return saveEnglishDraft(
      content,
      { ...record, state: "draft", sourceHash: draftBase(englishDraftOf(content, key), english), file: "" },
      published,
    );
  if (englishDraftOf(content, key)) return draftInTheWay(key);
  return done(published);
}

/** Publishing an English draft: it replaces the English text (which keeps its file), and only now do translations made from the old English become OUTDATED. */
function publishEnglishDraft(content: ContentSet, key: EnglishKey): Result {
  const draft = englishDraftOf(content, key);
  if (!draft)
    return fail(
      "VALIDATION",
      `${textUnitId.format(key)} has no English draft to publish`,
      key.kind === "code" ? "code" : "a",
    );
  const drafts = replaceIn(content.drafts ?? [], draft, undefined);
  if (key.kind === "code") {
    const english = content.codeTranslations.find((t) => t.code === key.code && t.locale === SOURCE_LOCALE);
    if (!english) return fail("NOT_FOUND", `Status code ${key.code} has no English text`, "code");
    const facts = content.codes.find((c) => c.code === key.code);
    if (!facts) return fail("NOT_FOUND", `No status code ${key.code} in the reference`, "code");
    const moved = baseMoved(draft, english, key);
    if (moved) return moved;
    const split = splitDraft(draft);
    const published = {
      ...split.text,
      state: "published",
      sourceHash: null,
      file: english.file,
    } as CodeTranslationRecord;
    return done({
      ...content,
      codes: split.facts ? replaceIn(content.codes, facts, { ...facts, ...split.facts }) : content.codes,
      codeTranslations: replaceIn(content.codeTranslations, english, published),
      drafts,
    });
  }
  for (const code of [key.a, key.b]) {
    if (!content.codes.some((c) => c.code === code))
      return fail("NOT_FOUND", `No status code ${code} in the reference`, code === key.a ? "a" : "b");
  }
  const pair = content.comparisons.find((c) => c.codeA === key.a && c.codeB === key.b);
  const english = content.comparisonTranslations.find(
    (t) => t.codeA === key.a && t.codeB === key.b && t.locale === SOURCE_LOCALE,
  );
  const moved = baseMoved(draft, english, key);
  if (moved) return moved;
  const published = {
    ...draft,
    state: "published",
    sourceHash: null,
    file: english?.file ?? contentPath.comparison(SOURCE_LOCALE, key.a, key.b),
  } as ComparisonTranslationRecord;
  return done({
    ...content,
    comparisons: pair ? content.comparisons : [...content.comparisons, { codeA: key.a, codeB: key.b }],
    comparisonTranslations: replaceIn(content.comparisonTranslations, english, published),
    drafts,
  });
}

function discardEnglishDraft(content: ContentSet, key: EnglishKey): Result {
  const draft = englishDraftOf(content, key);
  if (!draft)
    return fail(
      "VALIDATION",
      `${textUnitId.format(key)} has no English draft to discard`,
      key.kind === "code" ? "code" : "a",
    );
  return done({ ...content, drafts: replaceIn(content.drafts ?? [], draft, undefined) });
}

function deleteComparison(content: ContentSet, edit: Extract<Edit, { kind: "deleteComparison" }>): Result {
  const { a, b } = orderedPair(edit.a, edit.b);
  const pair = content.comparisons.find((c) => c.codeA === a && c.codeB === b);
  if (!pair) return fail("NOT_FOUND", `There is no curated comparison of ${a} and ${b}`, "a");
  const other = (r: { codeA: number; codeB: number }) => !(r.codeA === a && r.codeB === b);
  return done({
    ...content,
    comparisons: content.comparisons.filter(other),
    comparisonTranslations: content.comparisonTranslations.filter(other),
    drafts: (content.drafts ?? []).filter((d) => !("codeA" in d) || other(d)),
  });
}

function updateMessage(content: ContentSet, edit: Extract<Edit, { kind: "updateMessage" }>): Result {
  const english = content.messages.find((m) => m.key === edit.key && m.locale === SOURCE_LOCALE);
  if (!english) return fail("NOT_FOUND", `No message "${edit.key}"`, "key");
  return done({ ...content, messages: replaceIn(content.messages, english, { ...english, text: edit.text }) });
}

/** Puts one history entry's `before` back: a field's value, or a whole record created or deleted. */
function revert(content: ContentSet, entry: RevertibleEntry): Result {
  const isDraft = entry.field.startsWith(DRAFT_PREFIX);
  const field = isDraft ? entry.field.slice(DRAFT_PREFIX.length) : entry.field;
  const key = textUnitId.parse(entry.unit);
  if (!key)
    return fail(
      "VALIDATION",
      `history entry ${entry.id} is about ${entry.unit}, which is changed in the files only`,
      "entryId",
    );
  const whole = field === WHOLE_RECORD;
  const before = entry.before as Record<string, unknown> | null;

  if (entry.locale === null) {
    // Language-neutral: a code's facts, or a curated pair (which has no fields of its own).
    if (key.kind === "code") {
      const facts = content.codes.find((c) => c.code === key.code);
      if (whole || !facts)
        return fail(
          "VALIDATION",
          `history entry ${entry.id} created or deleted code ${key.code}, which only the files can do`,
          "entryId",
        );
      return done({
        ...content,
        codes: replaceIn(content.codes, facts, { ...facts, [field]: entry.before } as CodeFacts),
      });
    }
    if (key.kind === "comparison") {
      const pair = content.comparisons.find((c) => c.codeA === key.a && c.codeB === key.b);
      if (before && !pair) {
        const texts = (entry.together ?? [])
          .filter((e) => e.locale !== null && e.field === WHOLE_RECORD && e.before)
          .map((e) => e.before as ComparisonTranslationRecord);
        return done({
          ...content,
          comparisons: [...content.comparisons, { codeA: key.a, codeB: key.b }],
          comparisonTranslations: [...content.comparisonTranslations, ...texts],
        });
      }
      if (!before && pair) return deleteComparison(content, { kind: "deleteComparison", a: key.a, b: key.b });
      return fail(
        "VALIDATION",
        `history entry ${entry.id} is already undone: the pair ${whole && before ? "exists" : "is gone"}`,
        "entryId",
      );
    }
    return fail("VALIDATION", `history entry ${entry.id} has no locale`, "entryId");
  }
  const list = isDraft ? (content.drafts ?? []) : listOf(content, key);
  const current = findText(list, key, entry.locale);
  let next: TextRecord | undefined;
  if (whole) next = (before as TextRecord | null) ?? undefined;
  else {
    if (!current)
      return fail(
        "VALIDATION",
        `history entry ${entry.id} changed ${entry.unit} (${entry.locale}), which no longer exists: revert its deletion first`,
        "entryId",
      );
    next =
      field === "state" || field === "sourceHash"
        ? ({ ...current, [field]: entry.before } as TextRecord)
        : "key" in current
          ? { ...current, text: entry.before as string }
          : ({ ...current, text: { ...current.text, [field]: entry.before } } as TextRecord);
  }
  const replaced = replaceIn(list, current, next);
  if (isDraft) return done({ ...content, drafts: replaced }, next ? { ...content, drafts: undefined } : content);
  return done(withListOf(content, key, replaced));
}

export function applyEdit(content: ContentSet, edit: Edit): Result {
  switch (edit.kind) {
    case "updateStatusCode":
      return updateStatusCode(content, edit);
    case "upsertComparison":
      return upsertComparison(content, edit);
    case "deleteComparison":
      return deleteComparison(content, edit);
    case "updateMessage":
      return updateMessage(content, edit);
    case "publishEnglishDraft":
      return publishEnglishDraft(content, orderedKey(edit.key));
    case "discardEnglishDraft":
      return discardEnglishDraft(content, orderedKey(edit.key));
    case "revert":
      return revert(content, edit.entry);
    default:
      return translationEdit(content, edit);
  }
}
