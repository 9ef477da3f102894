// The editor's pages under /workbench/: /codes, /codes/{code}, /compare, /compare/{a}-vs-{b}, each record's
// /preview (the live preview's HTML, posted) and /history. Called from ../routes.ts once the session and
// the CSRF token are checked; answers null for any other path. Records are read from the snapshot the API
// serves; every change goes through the API's mutations as the session's viewer, so the API judges roles,
// revisions (CONFLICT) and the importer's checks, as it does for any client.
import { forbiddenError } from "../../auth/access.ts";
import { mayEdit, type Viewer } from "../../auth/roles.ts";
import { CODE_TEXT_FIELDS, SOURCE_LOCALE } from "../../content/format.ts";
import type { CodeTranslationRecord, ComparisonTranslationRecord } from "../../content/records.ts";
import { textUnitId } from "../../content/units.ts";
import type { ContentModel } from "../../read/model.ts";
import type { ContentStore } from "../../read/store.ts";
import type { ApiError, ApiResult } from "../api.ts";
import { html, type Html } from "../html.ts";
import { messagePage, type PageFrame } from "../pages.ts";
import { STRINGS } from "../strings.ts";
import { inputOf, type EditorApi, type GeneratedComparison } from "./api.ts";
import { changeRows, readForm, type FormField, type FormProblem, type Values } from "./form.ts";
import {
  codesListPage,
  comparePicker,
  comparePickPage,
  editorHistoryPage,
  editPage,
  type EditorFrame,
  type FormView,
} from "./pages.ts";
import { codePreview, comparisonPreview, previewPanes } from "./preview.ts";
import {
  BODY,
  checkCode,
  checkComparison,
  codeFormOf,
  codeValues,
  comparisonFormOf,
  comparisonValues,
  shownValues,
} from "./records.ts";
import { EDITOR_STRINGS, labelOf } from "./strings.ts";

export type EditorAnswer = { status: number; body: Html | null; headers?: [string, string][] };

export type EditorContext = {
  /** The path below /workbench/, split and decoded. */
  parts: readonly string[];
  url: URL;
  isPost: boolean;
  form: URLSearchParams | null;
  viewer: Viewer;
  /** The signed-in page frame (interface language, CSRF token, viewer). */
  frame: PageFrame;
  store: ContentStore;
  api: EditorApi;
};

const CODE_FORM = codeFormOf();
const COMPARISON_FORM = comparisonFormOf();
/** Record fields that are the record's identity or where it is stored: never sent as changes. */
const IDENTITY = ["code", "codeA", "codeB", "locale", "file", "state", "sourceHash", "class"];

const redirect = (location: string): EditorAnswer => ({ status: 303, body: null, headers: [["location", location]] });

export async function editorRoutes(ctx: EditorContext): Promise<EditorAnswer | null> {
  const [area, id, sub, ...rest] = ctx.parts;
  if (area !== "codes" && area !== "compare") return null;
  const frame: EditorFrame = { ...ctx.frame, es: EDITOR_STRINGS[ctx.frame.ui] };
  const s = STRINGS[ctx.frame.ui];
  const message = (status: number, title: string, text: string): EditorAnswer => ({
    status,
    body: messagePage(frame, title, text),
  });
  // English and facts are the editors' (and admins'): the page says which permission the role lacks, as the API would.
  if (!mayEdit(ctx.viewer)) return message(403, s.forbiddenTitle, forbiddenError(ctx.viewer, ["edit"]).message);
  if (rest.length || (sub !== undefined && sub !== "preview" && sub !== "history"))
    return message(404, s.notFoundTitle, s.notFound);

  const snapshot = await ctx.store.snapshot();
  const model = snapshot.model;
  // What editors work on: the published content with the English drafts laid over it (the API's preview for
  // editors), whose revisions are those the mutations expect back.
  const working = await ctx.store.preview(snapshot, [SOURCE_LOCALE]);
  const apiFailure = (error: ApiError): EditorAnswer => {
    if (error.code === "FORBIDDEN") return message(403, s.forbiddenTitle, error.message);
    if (error.code === "NOT_FOUND") return message(404, s.notFoundTitle, error.message);
    return message(
      error.code === "CONFLICT" ? 409 : error.code === "INTERNAL" ? 500 : 422,
      s.errorTitle,
      error.message,
    );
  };

  if (area === "codes") {
    if (id === undefined) {
      if (ctx.isPost) return message(405, s.errorTitle, "GET");
      const search = (ctx.url.searchParams.get("q") ?? "").trim();
      const codes = await ctx.api.codes(ctx.viewer, search || null);
      if (!codes.ok) return apiFailure(codes.error);
      return { status: 200, body: codesListPage(frame, codes.data, search) };
    }
    const code = /^\d{3}$/.test(id) ? Number(id) : NaN;
    if (!model.codes.has(code)) return message(404, s.notFoundTitle, `No status code ${id} in the reference.`);
    return codeRoute(ctx, frame, { published: model, working }, code, sub, apiFailure);
  }

  if (id === undefined) {
    if (ctx.isPost) return message(405, s.errorTitle, "GET");
    const codes = model.codeList.map((f) => ({ code: f.code, title: f.reasonPhrase }));
    const a = Number(ctx.url.searchParams.get("a"));
    const b = Number(ctx.url.searchParams.get("b"));
    if (ctx.url.searchParams.has("a") || ctx.url.searchParams.has("b")) {
      if (model.codes.has(a) && model.codes.has(b) && a !== b)
        return redirect(`/workbench/compare/${Math.min(a, b)}-vs-${Math.max(a, b)}`);
      return { status: 422, body: comparePickPage(frame, codes, frame.es.pickTwoDifferent) };
    }
    return { status: 200, body: comparePickPage(frame, codes, null) };
  }
  const pair = /^(\d{3})-vs-(\d{3})$/.exec(id);
  const [a, b] = pair ? [Number(pair[1]), Number(pair[2])] : [NaN, NaN];
  if (!model.codes.has(a) || !model.codes.has(b) || a === b)
    return message(
      404,
      s.notFoundTitle,
      `${id}: a comparison is of two different codes of the reference, e.g. 302-vs-303.`,
    );
  // One page per pair, lower code first, as the pair is stored.
  if (a > b) return redirect(`/workbench/compare/${b}-vs-${a}${sub ? `/${sub}` : ""}`);
  return comparisonRoute(ctx, frame, { published: model, working }, a, b, sub, apiFailure);
}

/** The locales a preview may be shown in: the source first, then every other. */
const previewLocales = (model: ContentModel) => [
  SOURCE_LOCALE,
  ...[...model.locales.keys()].filter((l) => l !== SOURCE_LOCALE),
];

function pickLocale(model: ContentModel, asked: string | null | undefined): string {
  return asked && model.locales.has(asked) ? asked : SOURCE_LOCALE;
}

/** A mutation's VALIDATION issues as problems by form field: "code.404.registry.expires" → registry.expires. */
function apiProblems(error: ApiError, record: string): FormProblem[] {
  const issues = (error.extensions.issues as { field: string; message: string }[] | undefined) ?? [];
  return issues.map((issue) => ({
    path: issue.field.startsWith(`${record}.`)
      ? issue.field.slice(record.length + 1)
      : issue.field === record
        ? ""
        : issue.field,
    message: issue.message,
  }));
}

/** Changes the API cannot make (a fact it takes no input for): refused by field, never dropped unseen. */
function untakenChanges(
  notTaken: readonly string[],
  edited: Record<string, unknown>,
  stored: Record<string, unknown>,
): FormProblem[] {
  return notTaken
    .filter((key) => !IDENTITY.includes(key) && JSON.stringify(edited[key]) !== JSON.stringify(stored[key]))
    .map((key) => ({
      path: key,
      message: "the API cannot change this field: change it in the content files and import them",
    }));
}

/** The published model (what readers get) and the editors' working model (with the English drafts). */
type Models = { published: ContentModel; working: ContentModel };

type Shared = {
  fields: readonly FormField[];
  record: string;
  action: string;
  keys: readonly string[];
  fixed: Values;
  stored: () => Values;
  revision: number;
  title: string;
  beside?: ReadonlyMap<string, Html>;
  intro?: Html;
  links?: Html;
  /** The importer's checks of typed values: the record the API would be sent, or problems. */
  check: (values: Values) => { ok: true; record: Record<string, unknown> } | { ok: false; problems: FormProblem[] };
  preview: (locale: string, checked: Record<string, unknown> | null) => Html | null;
  /** Whether an English draft is saved: the form shows it, Publish publishes it, Revert discards it. */
  hasDraft: boolean;
  /**
   * Sends the edit as a draft or published: `input` in the API's names, `changed` the fields that differ from
   * the published record. Answers the record's revision after it.
   */
  save: (
    input: Record<string, unknown>,
    changed: ReadonlySet<string>,
    expectedRevision: number,
    mode: "publish" | "draft",
  ) => Promise<ApiResult<{ revision: number }>>;
  discardDraft: (expectedRevision: number) => Promise<ApiResult<{ revision: number }>>;
  inputType: string;
  /** The record the form started from (the draft, when one waits), as the importer makes it: what `changed` is judged against. */
  storedRecord: Record<string, unknown>;
};

/** GET and POST of a record's edit page, shared by codes and comparisons. */
async function editRoute(
  ctx: EditorContext,
  frame: EditorFrame,
  models: Models,
  shared: Shared,
  sub: string | undefined,
  apiFailure: (e: ApiError) => EditorAnswer,
): Promise<EditorAnswer> {
  const { es } = frame;
  const s = STRINGS[frame.ui];
  const model = models.working;
  const locales = previewLocales(model);

  if (sub === "history") {
    const history = async (
      status: number,
      notice: string | null,
      error: string | null,
      revision = shared.revision,
    ): Promise<EditorAnswer> => {
      const entries = await ctx.api.history(ctx.viewer, shared.record);
      if (!entries.ok) return apiFailure(entries.error);
      return {
        status,
        body: editorHistoryPage(frame, {
          record: shared.record,
          back: shared.action,
          entries: entries.data,
          revision,
          notice,
          error,
        }),
      };
    };
    if (!ctx.isPost)
      return history(200, ctx.url.searchParams.get("done") === "reverted" ? es.revertedNotice : null, null);
    const entryId = Number(ctx.form!.get("entryId"));
    const expected = Number(ctx.form!.get("expectedRevision"));
    if (ctx.form!.get("action") !== "revert" || !Number.isInteger(entryId) || !Number.isInteger(expected))
      return {
        status: 400,
        body: messagePage(frame, s.errorTitle, "action revert, entryId and expectedRevision are required."),
      };
    const reverted = await ctx.api.revert(ctx.viewer, entryId, expected);
    if (reverted.ok) return redirect(`${shared.action}/history?done=reverted`);
    // A revert is an edit like any other: against a record changed since the page was shown it is a CONFLICT,
    // shown with the history as it is now and the current revision, so reverting again is a choice made seeing it.
    if (reverted.error.code === "CONFLICT" || reverted.error.code === "VALIDATION") {
      const current = Number(reverted.error.extensions.currentRevision);
      return history(
        reverted.error.code === "CONFLICT" ? 409 : 422,
        null,
        reverted.error.message,
        Number.isInteger(current) ? current : shared.revision,
      );
    }
    return apiFailure(reverted.error);
  }

  const page = (
    status: number,
    form: Omit<FormView, "fields" | "keys" | "beside">,
    options: {
      notice?: string | null;
      error?: string | null;
      conflict?: boolean;
      revision?: number;
      locale?: string;
      preview?: Html | null;
    },
  ): EditorAnswer => {
    const locale = options.locale ?? SOURCE_LOCALE;
    return {
      status,
      body: editPage(frame, {
        title: shared.title,
        action: shared.action,
        historyPath: `${shared.action}/history`,
        form: { ...form, fields: shared.fields, keys: shared.keys, beside: shared.beside },
        revision: options.revision ?? shared.revision,
        notice: options.notice ?? null,
        error: options.error ?? null,
        conflict: options.conflict ?? false,
        locales,
        previewLocale: locale,
        preview: options.preview === undefined ? shared.preview(locale, null) : options.preview,
        intro: shared.intro,
        links: shared.links,
      }),
    };
  };

  if (!ctx.isPost) {
    if (sub === "preview")
      return { status: 405, body: messagePage(frame, s.errorTitle, "POST"), headers: [["allow", "POST"]] };
    const done = ctx.url.searchParams.get("done");
    const notice =
      done === "published"
        ? es.publishedNotice
        : done === "saved"
          ? es.savedDraft
          : done === "discarded"
            ? es.discarded
            : shared.hasDraft
              ? es.draftNotice
              : null;
    const locale = pickLocale(model, ctx.url.searchParams.get("locale"));
    return page(200, { shown: shownValues(shared.fields, shared.stored()), problems: [] }, { notice, locale });
  }

  const form = ctx.form!;
  const typed = readForm(shared.fields, form, { fixed: shared.fixed, keys: shared.keys });
  const locale = pickLocale(model, form.get("previewLocale"));
  const checked = () =>
    typed.problems.length ? { ok: false as const, problems: typed.problems } : shared.check(typed.values);

  // The live preview's HTML (the island posts the form here as the user types): the panes alone, or the
  // problems that keep the typed values from rendering.
  if (sub === "preview") {
    const result = checked();
    const panes = shared.preview(locale, result.ok ? result.record : null) ?? html``;
    const problems = result.ok ? [] : result.problems;
    return {
      status: 200,
      body: html`${problems.length ? html`<ul class="problems">${problems.map((p) => html`<li>${p.path ? `${labelOf(es, p.path)}: ` : ""}${p.message}</li>`)}</ul>` : ""}${panes}`,
    };
  }

  const expectedRevision = Number(form.get("expectedRevision"));
  if (!Number.isInteger(expectedRevision) || expectedRevision < 0)
    return { status: 400, body: messagePage(frame, s.errorTitle, "expectedRevision: a whole number is required.") };
  const action = form.get("action") ?? "";
  const again = (
    status: number,
    options: Parameters<typeof page>[2] & { problems?: FormProblem[]; theirs?: Values | null; shown?: Values },
  ) =>
    page(
      status,
      { shown: options.shown ?? typed.raw, problems: options.problems ?? [], theirs: options.theirs ?? null },
      { revision: expectedRevision, locale, ...options },
    );

  const rows = changeRows(shared.fields, typed.raw, action);
  if (rows) return again(200, { shown: rows, preview: shared.preview(locale, null) });
  if (action === "revert") {
    // Without a draft there is nothing stored to drop: the page is shown again as published, the typed text gone by the editor's choice.
    if (!shared.hasDraft) return redirect(shared.action);
    const discarded = await shared.discardDraft(expectedRevision);
    if (discarded.ok) return redirect(`${shared.action}?done=discarded`);
    if (discarded.error.code === "CONFLICT")
      return again(409, {
        error: discarded.error.message,
        revision: Number(discarded.error.extensions.currentRevision) || expectedRevision,
      });
    return apiFailure(discarded.error);
  }

  const result = checked();
  if (action === "preview")
    return again(result.ok ? 200 : 422, {
      problems: result.ok ? [] : result.problems,
      preview: shared.preview(locale, result.ok ? result.record : null),
    });
  if (action !== "publish" && action !== "save-draft")
    return { status: 400, body: messagePage(frame, s.errorTitle, `action: unknown action "${action}".`) };
  if (!result.ok) return again(422, { problems: result.problems });

  const fields = await ctx.api.inputFields(ctx.viewer, shared.inputType);
  const { input, notTaken } = inputOf(
    Object.fromEntries(Object.entries(result.record).filter(([k]) => !IDENTITY.includes(k))),
    fields,
  );
  const refused = untakenChanges(notTaken, result.record, shared.storedRecord);
  if (refused.length) return again(422, { problems: refused });
  const changed = new Set(
    Object.keys(input).filter((k) => JSON.stringify(result.record[k]) !== JSON.stringify(shared.storedRecord[k])),
  );
  const sent = await shared.save(input, changed, expectedRevision, action === "publish" ? "publish" : "draft");
  if (sent.ok) return redirect(`${shared.action}?done=${action === "publish" ? "published" : "saved"}`);
  if (sent.error.code === "CONFLICT") {
    // Nothing typed is lost: theirs (the record as it is now) is shown beside what was typed, and the form
    // carries the current revision, so sending again is the editor's choice to replace theirs.
    const fresh = await ctx.store.preview(await ctx.store.snapshot(), [SOURCE_LOCALE]);
    const theirs = shownValues(shared.fields, freshValues(fresh, shared) ?? {});
    const current = Number(sent.error.extensions.currentRevision);
    return again(409, {
      conflict: true,
      theirs,
      revision: Number.isInteger(current) ? current : fresh.revision(shared.record),
    });
  }
  if (sent.error.code === "VALIDATION") return again(422, { problems: apiProblems(sent.error, shared.record) });
  return apiFailure(sent.error);
}

/** The record's values in a newer working model (after a CONFLICT): what "theirs" shows, their draft included. */
function freshValues(model: ContentModel, shared: Shared): Values | null {
  const key = textUnitId.parse(shared.record);
  if (key?.kind === "code") {
    const facts = model.codes.get(key.code);
    const view = model.codeView(key.code, SOURCE_LOCALE);
    return facts && view ? codeValues(facts, englishRecord(key.code, view.text, facts.file)) : null;
  }
  if (key?.kind === "comparison") {
    const curated = model.curatedView(key.a, key.b, SOURCE_LOCALE);
    return curated ? comparisonValues(comparisonRecord(key.a, key.b, curated.text)) : null;
  }
  return null;
}

const englishRecord = (code: number, text: CodeTranslationRecord["text"], file: string): CodeTranslationRecord => ({
  code,
  locale: SOURCE_LOCALE,
  text,
  state: "published",
  sourceHash: null,
  file,
});
const comparisonRecord = (
  a: number,
  b: number,
  text: ComparisonTranslationRecord["text"],
): ComparisonTranslationRecord => ({
  codeA: a,
  codeB: b,
  locale: SOURCE_LOCALE,
  text,
  state: "published",
  sourceHash: null,
  file: "",
});

async function codeRoute(
  ctx: EditorContext,
  frame: EditorFrame,
  models: Models,
  code: number,
  sub: string | undefined,
  apiFailure: (e: ApiError) => EditorAnswer,
) {
  const model = models.working;
  const facts = model.codes.get(code)!;
  const english = model.codeView(code, SOURCE_LOCALE)!;
  // The API says whether a draft waits (a draft may hold the very text published).
  const draft = await ctx.api.codeHasDraft(ctx.viewer, code);
  if (!draft.ok) return apiFailure(draft.error);
  const hasDraft = draft.data;
  const isText = (key: string) => (CODE_TEXT_FIELDS as readonly string[]).includes(key);
  const update = (input: Record<string, unknown>, expectedRevision: number, draft: boolean) =>
    ctx.api.updateStatusCode(ctx.viewer, { ...input, code, expectedRevision, draft });
  const codes = new Set(model.codes.keys());
  const record = textUnitId.code(code);
  return editRoute(
    ctx,
    frame,
    models,
    {
      fields: CODE_FORM,
      record,
      action: `/workbench/codes/${code}`,
      keys: [],
      fixed: { code },
      stored: () => codeValues(facts, englishRecord(code, english.text, facts.file)),
      revision: model.revision(record),
      title: `${code} ${english.text.title}`,
      check: (values) => {
        const checked = checkCode(code, values, codes);
        return checked.ok ? { ok: true, record: { ...checked.record.facts, ...checked.record.text.text } } : checked;
      },
      preview: (locale, checked) => {
        const edited = checked
          ? {
              facts: { ...facts, ...(checked as Partial<typeof facts>) },
              text: { ...english.text, ...(checked as Partial<typeof english.text>) },
            }
          : null;
        const panes = codePreview(models.published, model, code, locale, edited);
        return panes && previewPanes(frame.es, locale, panes, (f) => labelOf(frame.es, f === "body" ? BODY : f));
      },
      hasDraft,
      // The text is sent whole, the facts only where they changed: facts sent unchanged would be recorded as
      // the draft's (or refused while someone's draft changes them) for nothing.
      save: async (input, changed, expectedRevision, mode) => {
        const text = Object.fromEntries(Object.entries(input).filter(([k]) => isText(k)));
        const facts = Object.fromEntries(Object.entries(input).filter(([k]) => !isText(k) && changed.has(k)));
        if (mode === "draft" || hasDraft) {
          // Into the draft (it holds facts beside the text), then, to publish, the draft itself, with the
          // revision the save answered: a change by someone else in between is a CONFLICT.
          const drafted = await update({ ...facts, ...text }, expectedRevision, true);
          if (mode === "draft" || !drafted.ok) return drafted;
          return ctx.api.publishEnglishDraft(ctx.viewer, { code }, drafted.data.revision);
        }
        return update({ ...facts, ...text }, expectedRevision, false);
      },
      discardDraft: (expectedRevision) => ctx.api.discardEnglishDraft(ctx.viewer, { code }, expectedRevision),
      inputType: "UpdateStatusCodeInput",
      // What the form started from (the draft, when one waits): the facts sent are those changed from it, so a
      // fact the draft changed and the form leaves alone stays drafted, and one put back is sent back.
      storedRecord: { ...facts, ...english.text },
    },
    sub,
    apiFailure,
  );
}

async function comparisonRoute(
  ctx: EditorContext,
  frame: EditorFrame,
  models: Models,
  a: number,
  b: number,
  sub: string | undefined,
  apiFailure: (e: ApiError) => EditorAnswer,
) {
  const { es } = frame;
  const model = models.working;
  const generated = await ctx.api.compare(ctx.viewer, a, b);
  if (!generated.ok) return apiFailure(generated.error);
  const page: GeneratedComparison = generated.data;
  // The working model's: an English draft of the pair (even of one not curated yet) is what the form holds.
  const curated = model.curatedView(a, b, SOURCE_LOCALE);
  const publishedCurated = models.published.curatedView(a, b, SOURCE_LOCALE);
  const hasDraft = page.englishDraft === true;
  const record = textUnitId.comparison(a, b);
  const codes = new Set(model.codes.keys());
  const useWhen = (code: number) => model.codeView(code, SOURCE_LOCALE)?.text.useWhen ?? "";
  // Not curated yet: the form starts with each code's own advice (what the generated page says), and one
  // difference to write: curated differences and similarities are added to the generated ones, and the
  // curated summary follows the generated introduction, so none of those is copied in.
  const start = curated?.text ?? {
    summary: "",
    differences: [""],
    similarities: [],
    whenToUseA: useWhen(a),
    whenToUseB: useWhen(b),
    body: "",
  };
  const list = (items: readonly string[]) => html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
  const advice = (code: number) => page.whenToUse.find((w) => w.code === code)?.advice ?? "";
  // What the engine makes from the facts alone: the served page less the curated text laid into it.
  const publishedSummary = publishedCurated?.text.summary;
  const generatedSummary =
    publishedSummary && page.summary.endsWith(publishedSummary)
      ? page.summary.slice(0, -publishedSummary.length).trim()
      : page.summary;
  const generatedOnly = <T extends { aspect: string }>(items: readonly T[]) =>
    items.filter((i) => i.aspect !== "CURATED");
  const beside = new Map<string, Html>([
    ["summary", html`<p class="note">${es.followsGenerated}</p><div class="markdown">${generatedSummary}</div>`],
    [
      "differences",
      html`<p class="note">${es.addedToGenerated}</p>${list(generatedOnly(page.differences).map((d) => d.sentence))}`,
    ],
    [
      "similarities",
      html`<p class="note">${es.addedToGenerated}</p>${list(generatedOnly(page.similarities).map((d) => d.sentence))}`,
    ],
    [`whenToUse.${a}`, html`<p class="note">${es.replacesGenerated}</p><div class="markdown">${advice(a)}</div>`],
    [`whenToUse.${b}`, html`<p class="note">${es.replacesGenerated}</p><div class="markdown">${advice(b)}</div>`],
  ]);
  return editRoute(
    ctx,
    frame,
    models,
    {
      fields: COMPARISON_FORM,
      record,
      action: `/workbench/compare/${a}-vs-${b}`,
      keys: [String(a), String(b)],
      fixed: { codes: [a, b] },
      stored: () => comparisonValues(comparisonRecord(a, b, start)),
      revision: model.revision(record),
      title: es.compareTitle(a, b),
      beside,
      intro: html`<p class="intro">${page.curated ? es.isCurated : es.notCurated}</p>${comparePicker(
        frame,
        model.codeList.map((f) => ({ code: f.code, title: f.reasonPhrase })),
        a,
        b,
      )}`,
      check: (values) => {
        const checked = checkComparison(a, b, values, codes);
        return checked.ok ? { ok: true, record: { ...checked.record.text } } : checked;
      },
      preview: (locale, checked) => {
        const panes = comparisonPreview(
          models.published,
          model,
          a,
          b,
          locale,
          checked ? (checked as unknown as ComparisonTranslationRecord["text"]) : (curated?.text ?? null),
        );
        // The record's whenToUseA/B are the form's whenToUse of each code.
        const label = (f: string) =>
          f === "whenToUseA" || f === "whenToUseB"
            ? `${labelOf(es, "whenToUse")} ${f.endsWith("A") ? a : b}`
            : labelOf(es, f === "body" ? BODY : f);
        return panes && previewPanes(es, locale, panes, label);
      },
      hasDraft,
      save: async (input, _changed, expectedRevision, mode) => {
        // Creating a pair expects no revision; one deleted since keeps its revision, which must be sent back.
        const upsert = (draft: boolean, at: number) =>
          ctx.api.upsertComparison(ctx.viewer, { ...input, a, b, expectedRevision: at === 0 ? null : at, draft });
        if (mode === "draft" || !hasDraft) return upsert(mode === "draft", expectedRevision);
        const drafted = await upsert(true, expectedRevision);
        if (!drafted.ok) return drafted;
        return ctx.api.publishEnglishDraft(ctx.viewer, { a, b }, drafted.data.revision);
      },
      discardDraft: (expectedRevision) => ctx.api.discardEnglishDraft(ctx.viewer, { a, b }, expectedRevision),
      inputType: "UpsertComparisonInput",
      storedRecord: { ...start },
    },
    sub,
    apiFailure,
  );
}
