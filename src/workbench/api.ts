// What the workbench asks of the GraphQL schema, as operations run in process with the session's viewer:
// roles, revisions, CONFLICT, drafts and termbases are decided by the API's own resolvers and mutations,
// never again here. Each function is one operation; an expected refusal comes back as a coded value.
import type { ExecutionResult } from "graphql";
import type { Viewer } from "../auth/roles.ts";
import { textUnitId } from "../content/units.ts";

/** Runs one GraphQL operation as `viewer` against the server's schema (made in src/yoga.ts). */
export type Executor = (
  viewer: Viewer,
  document: string,
  variables: Record<string, unknown>,
) => Promise<ExecutionResult>;

export type ApiError = { code: string; message: string; extensions: Record<string, unknown> };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export type StateCounts = { missing: number; outdated: number; draft: number; reviewed: number; published: number };
export type Progress = {
  total: number;
  percent: number;
  counts: StateCounts;
  byKind: { kind: string; total: number; percent: number; counts: StateCounts }[];
};
export type TaskField = { name: string; source: string; translation: string | null; previousSource?: string | null };
export type Task = { unit: string; kind: string; state: string; fields: TaskField[]; sourceDiff?: string | null };

const COUNTS = "counts { missing outdated draft reviewed published }";
const PROGRESS = `query WorkbenchProgress($locale: String!) { translationProgress(locale: $locale) { total percent ${COUNTS} byKind { kind total percent ${COUNTS} } } }`;
const TASKS = `query WorkbenchTasks($locale: String!, $state: TranslationState, $after: String) {
  translationTasks(locale: $locale, state: $state, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { unit kind state fields { name source translation } } }
  }
}`;
const TASK = `query WorkbenchTask($id: ID!) { node(id: $id) { ... on TranslationTask { unit kind state fields { name source translation previousSource } } } }`;
const CODE_REVISION = `query WorkbenchCodeRevision($code: Int!, $locale: String!) { statusCode(code: $code, locale: $locale, preview: true) { translation { revision } } }`;
const COMPARISON_REVISION = `query WorkbenchComparisonRevision($a: Int!, $b: Int!, $locale: String!) { compare(a: $a, b: $b, locale: $locale, preview: true) { translation { revision } } }`;
const MESSAGE_REVISION = `query WorkbenchMessageRevision($key: String!, $locale: String!) { message(key: $key, locale: $locale) { revision } }`;
const mutation = (name: string, input: string) =>
  `mutation Workbench_${name}($input: ${input}!) { ${name}(input: $input) { translation { state revision } contentVersion } }`;
const MUTATIONS = {
  save: mutation("saveTranslation", "SaveTranslationInput"),
  review: mutation("reviewTranslation", "ReviewTranslationInput"),
  publish: mutation("publishTranslation", "PublishTranslationInput"),
} as const;
export type TranslationAction = keyof typeof MUTATIONS;
const HISTORY = `query WorkbenchHistory($unit: String!, $locale: String!) { history(unit: $unit, locale: $locale, first: 100) { edges { node { id at actor field before after note } } } }`;
const REVERT = `mutation WorkbenchRevert($input: RevertInput!) { revert(input: $input) { revision contentVersion } }`;
const CODE_FIELDS = "title summary description whenYouSeeIt howToFix useWhen body";
const CODE_PREVIEW = `query WorkbenchCodePreview($code: Int!, $locale: String!) { source: statusCode(code: $code, locale: "en") { ${CODE_FIELDS} } target: statusCode(code: $code, locale: $locale, preview: true) { ${CODE_FIELDS} } }`;
const COMPARISON_PREVIEW = `query WorkbenchComparisonPreview($a: Int!, $b: Int!, $locale: String!) { source: compare(a: $a, b: $b, locale: "en") { markdown } target: compare(a: $a, b: $b, locale: $locale, preview: true) { markdown } }`;

const COMMENTS = `query WorkbenchComments($unitId: String!, $locale: String!) { translationComments(unitId: $unitId, locale: $locale) { id author body at } }`;
const ADD_COMMENT = `mutation WorkbenchAddComment($input: AddTranslationCommentInput!) { addTranslationComment(input: $input) { comment { id author body at } } }`;

/** One comment of a unit's thread in a locale. */
export type Comment = { id: number; author: string; body: string; at: string };
export type HistoryEntry = {
  id: number;
  at: string;
  actor: string;
  field: string;
  before: string | null;
  after: string | null;
  note: string | null;
};
/**
 * A page as readers get it, section by section: English, and the locale with its drafts applied. A
 * message's is the comparison page `shownOn` names, one that shows the message.
 */
export type Preview = {
  sections: { name: string; source: string; target: string }[];
  shownOn?: { a: number; b: number };
};

/** A TranslationTask's global id, as the schema's `node(id:)` takes it: the unit's record, "code.404:vi". */
export const taskNodeId = (unit: string, locale: string) =>
  Buffer.from(`TranslationTask:${unit}:${locale}`).toString("base64");

export function resultOf<T>(result: ExecutionResult): ApiResult<T> {
  const error = result.errors?.[0];
  if (error) {
    const extensions = (error.extensions ?? {}) as Record<string, unknown>;
    return {
      ok: false,
      error: {
        code: typeof extensions.code === "string" ? extensions.code : "INTERNAL",
        message: error.message,
        extensions,
      },
    };
  }
  return { ok: true, data: result.data as T };
}

export function createWorkbenchApi(execute: Executor) {
  const run = async <T>(viewer: Viewer, document: string, variables: Record<string, unknown>) =>
    resultOf<T>(await execute(viewer, document, variables));
  return {
    async progress(viewer: Viewer, locale: string): Promise<ApiResult<Progress>> {
      const r = await run<{ translationProgress: Progress }>(viewer, PROGRESS, { locale });
      return r.ok ? { ok: true, data: r.data.translationProgress } : r;
    },
    /** Every task of a locale in one state (every state but PUBLISHED when null), all pages of them. */
    async tasks(viewer: Viewer, locale: string, state: string | null): Promise<ApiResult<Task[]>> {
      const tasks: Task[] = [];
      for (let after: string | null = null; ; ) {
        type Page = {
          translationTasks: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Task }[] };
        };
        const r: ApiResult<Page> = await run<Page>(viewer, TASKS, { locale, state, after });
        if (!r.ok) return r;
        tasks.push(...r.data.translationTasks.edges.map((e) => e.node));
        if (!r.data.translationTasks.pageInfo.hasNextPage) return { ok: true, data: tasks };
        after = r.data.translationTasks.pageInfo.endCursor;
      }
    },
    /** One unit in a locale with its drafts, and the revision to send back with a change; null data when there is no such unit. */
    async task(
      viewer: Viewer,
      locale: string,
      unit: string,
    ): Promise<ApiResult<{ task: Task; revision: number } | null>> {
      const key = textUnitId.parse(unit);
      if (!key) return { ok: true, data: null };
      const found = await run<{ node: Task | null }>(viewer, TASK, { id: taskNodeId(unit, locale) });
      if (!found.ok) return found;
      if (!found.data.node?.unit) return { ok: true, data: null };
      const revision =
        key.kind === "code"
          ? await run<{ statusCode: { translation: { revision: number } } | null }>(viewer, CODE_REVISION, {
              code: key.code,
              locale,
            }).then((r) => (r.ok ? { ok: true as const, data: r.data.statusCode?.translation.revision ?? 0 } : r))
          : key.kind === "comparison"
            ? await run<{ compare: { translation: { revision: number } | null } }>(viewer, COMPARISON_REVISION, {
                a: key.a,
                b: key.b,
                locale,
              }).then((r) => (r.ok ? { ok: true as const, data: r.data.compare.translation?.revision ?? 0 } : r))
            : await run<{ message: { revision: number } | null }>(viewer, MESSAGE_REVISION, {
                key: key.key,
                locale,
              }).then((r) => (r.ok ? { ok: true as const, data: r.data.message?.revision ?? 0 } : r));
      if (!revision.ok) return revision;
      return { ok: true, data: { task: found.data.node, revision: revision.data } };
    },
    async change(
      viewer: Viewer,
      action: TranslationAction,
      input: { unitId: string; locale: string; expectedRevision: number; text?: Record<string, unknown> },
    ): Promise<ApiResult<{ state: string; revision: number }>> {
      const r = await run<Record<string, { translation: { state: string; revision: number } }>>(
        viewer,
        MUTATIONS[action],
        { input },
      );
      return r.ok ? { ok: true, data: Object.values(r.data)[0]!.translation } : r;
    },
    async history(viewer: Viewer, locale: string, unit: string): Promise<ApiResult<HistoryEntry[]>> {
      const r = await run<{ history: { edges: { node: HistoryEntry }[] } }>(viewer, HISTORY, { unit, locale });
      return r.ok ? { ok: true, data: r.data.history.edges.map((e) => e.node) } : r;
    },
    /** The unit's comment thread in the locale, oldest first. */
    async comments(viewer: Viewer, locale: string, unit: string): Promise<ApiResult<Comment[]>> {
      const r = await run<{ translationComments: Comment[] }>(viewer, COMMENTS, { unitId: unit, locale });
      return r.ok ? { ok: true, data: r.data.translationComments } : r;
    },
    async addComment(viewer: Viewer, locale: string, unit: string, body: string): Promise<ApiResult<Comment>> {
      const r = await run<{ addTranslationComment: { comment: Comment } }>(viewer, ADD_COMMENT, {
        input: { unitId: unit, locale, body },
      });
      return r.ok ? { ok: true, data: r.data.addTranslationComment.comment } : r;
    },
    async revert(viewer: Viewer, entryId: number, expectedRevision: number): Promise<ApiResult<{ revision: number }>> {
      const r = await run<{ revert: { revision: number } }>(viewer, REVERT, { input: { entryId, expectedRevision } });
      return r.ok ? { ok: true, data: r.data.revert } : r;
    },
    /**
     * The unit's page in English and in the locale with the viewer's drafts applied (the API's preview):
     * a code's page or a comparison's. A message has no page of its own: `shownOn` is a comparison that
     * shows it (message-page.ts), previewed with the drafts, the message's among them. Null when there is
     * no page to show.
     */
    async preview(
      viewer: Viewer,
      locale: string,
      unit: string,
      shownOn: { a: number; b: number } | null = null,
    ): Promise<ApiResult<Preview | null>> {
      const key = textUnitId.parse(unit);
      if (!key) return { ok: true, data: null };
      type Texts = Record<string, string | null>;
      if (key.kind === "message" && !shownOn) return { ok: true, data: null };
      const r =
        key.kind === "code"
          ? await run<{ source: Texts | null; target: Texts | null }>(viewer, CODE_PREVIEW, { code: key.code, locale })
          : await run<{ source: Texts | null; target: Texts | null }>(
              viewer,
              COMPARISON_PREVIEW,
              key.kind === "comparison" ? { a: key.a, b: key.b, locale } : { ...shownOn, locale },
            );
      if (!r.ok) return r;
      const { source, target } = r.data;
      if (!source || !target) return { ok: true, data: null };
      const sections = Object.keys(source).map((name) => ({
        name,
        source: source[name] ?? "",
        target: target[name] ?? "",
      }));
      return { ok: true, data: key.kind === "message" ? { sections, shownOn: shownOn! } : { sections } };
    },
  };
}

export type WorkbenchApi = ReturnType<typeof createWorkbenchApi>;
