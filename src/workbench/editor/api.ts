// What the editor pages ask of the GraphQL schema, run in process as the session's viewer (../api.ts's
// Executor): the editorial mutations, a comparison as generated, history and revert. Which record fields
// a mutation takes, and how its enums are spelled, are read from the schema itself (introspection), so
// the API stays the one judge of what an edit may set.
import type { Viewer } from "../../auth/roles.ts";
import type { ApiError, ApiResult, Executor } from "../api.ts";

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
/** One input field of a mutation: its name, and the enum's values when it takes one. */
export type InputField = { name: string; enumValues: readonly string[] | null };

const INPUT_FIELDS = `query EditorInputFields($name: String!) { __type(name: $name) { inputFields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`;
const ENUM_VALUES = `query EditorEnumValues($name: String!) { __type(name: $name) { enumValues { name } } }`;
const UPDATE_CODE = `mutation Editor_updateStatusCode($input: UpdateStatusCodeInput!) { updateStatusCode(input: $input) { revision contentVersion } }`;
const UPSERT_COMPARISON = `mutation Editor_upsertComparison($input: UpsertComparisonInput!) { upsertComparison(input: $input) { revision contentVersion } }`;
const PUBLISH_DRAFT = `mutation Editor_publishEnglishDraft($input: PublishEnglishDraftInput!) { publishEnglishDraft(input: $input) { revision contentVersion } }`;
const DISCARD_DRAFT = `mutation Editor_discardEnglishDraft($input: DiscardEnglishDraftInput!) { discardEnglishDraft(input: $input) { revision contentVersion } }`;
const CODES = `query EditorCodes($after: String, $search: String) {
  statusCodes(locale: "en", first: 100, after: $after, search: $search) { pageInfo { hasNextPage endCursor } edges { node { code title summary englishDraft } } }
}`;
const CODE_DRAFT = `query EditorCodeDraft($code: Int!) { statusCode(code: $code, locale: "en") { englishDraft } }`;
const HISTORY = `query EditorHistory($unit: String!, $after: String) { history(unit: $unit, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id at actor locale field draft note changes { field before after } } } } }`;
const REVERT = `mutation EditorRevert($input: RevertInput!) { revert(input: $input) { revision contentVersion } }`;
const COMPARE = `query EditorCompare($a: Int!, $b: Int!) { compare(a: $a, b: $b, locale: "en") { curated englishDraft revision summary markdown differences { aspect sentence } similarities { aspect sentence } whenToUse { code { code } advice curated } } }`;

/** One change to a record: who, when, and each field's value before and after, as the API's input names them. */
export type HistoryEntry = {
  id: number;
  at: string;
  actor: string;
  locale: string | null;
  field: string;
  draft: boolean;
  note: string | null;
  changes: { field: string; before: unknown; after: unknown }[];
};
export type CodeSummary = { code: number; title: string; summary: string; englishDraft: boolean | null };
export type GeneratedComparison = {
  curated: boolean;
  /** Whether an English draft of the pair waits to be published (editors and admins see it). */
  englishDraft: boolean | null;
  revision: number | null;
  summary: string;
  markdown: string;
  differences: { aspect: string; sentence: string }[];
  similarities: { aspect: string; sentence: string }[];
  whenToUse: { code: number; advice: string; curated: string | null }[];
};

function resultOf<T>(result: Awaited<ReturnType<Executor>>): ApiResult<T> {
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

const namedType = (ref: TypeRef): TypeRef => (ref.ofType ? namedType(ref.ofType) : ref);

/** A format value ("after-delay") as the schema's enum spells it ("AFTER_DELAY"): the enum value naming the same thing. */
export function enumName(values: readonly string[], value: string): string | undefined {
  const wanted = value.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return values.find((name) => name === wanted);
}

/**
 * An imported record (CodeFacts, CodeText, ComparisonText) as a mutation's input: the fields the mutation
 * takes, enums spelled as the schema spells them. The record's other fields are returned apart, so the
 * caller can refuse a change to one the API cannot make rather than drop it unseen.
 */
export function inputOf(
  record: Record<string, unknown>,
  fields: readonly InputField[],
): { input: Record<string, unknown>; notTaken: string[] } {
  const input: Record<string, unknown> = {};
  const notTaken: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    const field = fields.find((f) => f.name === key);
    if (!field) {
      notTaken.push(key);
      continue;
    }
    input[key] = field.enumValues && typeof value === "string" ? (enumName(field.enumValues, value) ?? value) : value;
  }
  return { input, notTaken };
}

export function createEditorApi(execute: Executor) {
  const run = async <T>(viewer: Viewer, document: string, variables: Record<string, unknown>) =>
    resultOf<T>(await execute(viewer, document, variables));
  // The schema does not change while the process runs: each input type is read once.
  const inputTypes = new Map<string, Promise<InputField[]>>();
  const inputFields = (viewer: Viewer, name: string): Promise<InputField[]> => {
    let found = inputTypes.get(name);
    if (!found) {
      found = (async () => {
        const r = await run<{ __type: { inputFields: { name: string; type: TypeRef }[] } | null }>(
          viewer,
          INPUT_FIELDS,
          { name },
        );
        if (!r.ok || !r.data.__type) throw new Error(`editor: the schema has no input type ${name}`);
        return Promise.all(
          r.data.__type.inputFields.map(async (f) => {
            const type = namedType(f.type);
            if (type.kind !== "ENUM") return { name: f.name, enumValues: null };
            const values = await run<{ __type: { enumValues: { name: string }[] } }>(viewer, ENUM_VALUES, {
              name: type.name,
            });
            return { name: f.name, enumValues: values.ok ? values.data.__type.enumValues.map((v) => v.name) : [] };
          }),
        );
      })();
      inputTypes.set(name, found);
      found.catch(() => inputTypes.delete(name));
    }
    return found;
  };
  return {
    inputFields,
    async updateStatusCode(
      viewer: Viewer,
      input: Record<string, unknown>,
    ): Promise<ApiResult<{ revision: number; contentVersion: number }>> {
      const r = await run<{ updateStatusCode: { revision: number; contentVersion: number } }>(viewer, UPDATE_CODE, {
        input,
      });
      return r.ok ? { ok: true, data: r.data.updateStatusCode } : r;
    },
    async upsertComparison(
      viewer: Viewer,
      input: Record<string, unknown>,
    ): Promise<ApiResult<{ revision: number; contentVersion: number }>> {
      const r = await run<{ upsertComparison: { revision: number; contentVersion: number } }>(
        viewer,
        UPSERT_COMPARISON,
        { input },
      );
      return r.ok ? { ok: true, data: r.data.upsertComparison } : r;
    },
    /** Every code in English (those matching `search`, the API's search, when given), with whether a draft waits. */
    async codes(viewer: Viewer, search: string | null): Promise<ApiResult<CodeSummary[]>> {
      const codes: CodeSummary[] = [];
      for (let after: string | null = null; ; ) {
        type Page = {
          statusCodes: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: CodeSummary }[] };
        };
        const r: ApiResult<Page> = await run<Page>(viewer, CODES, { after, search });
        if (!r.ok) return r;
        codes.push(...r.data.statusCodes.edges.map((e) => e.node));
        if (!r.data.statusCodes.pageInfo.hasNextPage) return { ok: true, data: codes };
        after = r.data.statusCodes.pageInfo.endCursor;
      }
    },
    /** Whether the code's English has a draft waiting to be published. */
    async codeHasDraft(viewer: Viewer, code: number): Promise<ApiResult<boolean>> {
      const r = await run<{ statusCode: { englishDraft: boolean | null } | null }>(viewer, CODE_DRAFT, { code });
      return r.ok ? { ok: true, data: r.data.statusCode?.englishDraft === true } : r;
    },
    /** Publishes the English draft of a code ({ code }) or a comparison ({ a, b }). */
    async publishEnglishDraft(
      viewer: Viewer,
      key: { code: number } | { a: number; b: number },
      expectedRevision: number,
    ): Promise<ApiResult<{ revision: number }>> {
      const r = await run<{ publishEnglishDraft: { revision: number } }>(viewer, PUBLISH_DRAFT, {
        input: { ...key, expectedRevision },
      });
      return r.ok ? { ok: true, data: r.data.publishEnglishDraft } : r;
    },
    /** Drops the English draft of a code or a comparison; the published English stays. */
    async discardEnglishDraft(
      viewer: Viewer,
      key: { code: number } | { a: number; b: number },
      expectedRevision: number,
    ): Promise<ApiResult<{ revision: number }>> {
      const r = await run<{ discardEnglishDraft: { revision: number } }>(viewer, DISCARD_DRAFT, {
        input: { ...key, expectedRevision },
      });
      return r.ok ? { ok: true, data: r.data.discardEnglishDraft } : r;
    },
    /** Every change to a record, newest first: its facts and its English text (other locales have their own pages). */
    async history(viewer: Viewer, unit: string): Promise<ApiResult<HistoryEntry[]>> {
      const entries: HistoryEntry[] = [];
      for (let after: string | null = null; ; ) {
        type Page = {
          history: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: HistoryEntry }[] };
        };
        const r: ApiResult<Page> = await run<Page>(viewer, HISTORY, { unit, after });
        if (!r.ok) return r;
        entries.push(...r.data.history.edges.map((e) => e.node).filter((e) => e.locale === null || e.locale === "en"));
        if (!r.data.history.pageInfo.hasNextPage || entries.length >= 500) return { ok: true, data: entries };
        after = r.data.history.pageInfo.endCursor;
      }
    },
    async revert(viewer: Viewer, entryId: number, expectedRevision: number): Promise<ApiResult<{ revision: number }>> {
      const r = await run<{ revert: { revision: number } }>(viewer, REVERT, { input: { entryId, expectedRevision } });
      return r.ok ? { ok: true, data: r.data.revert } : r;
    },
    /** The comparison readers get in English: generated from the facts, with the curated text where there is one. */
    async compare(viewer: Viewer, a: number, b: number): Promise<ApiResult<GeneratedComparison>> {
      type Answer = Omit<GeneratedComparison, "whenToUse"> & {
        whenToUse: { code: { code: number }; advice: string; curated: string | null }[];
      };
      const r = await run<{ compare: Answer }>(viewer, COMPARE, { a, b });
      if (!r.ok) return r;
      return {
        ok: true,
        data: { ...r.data.compare, whenToUse: r.data.compare.whenToUse.map((w) => ({ ...w, code: w.code.code })) },
      };
    },
  };
}

export type EditorApi = ReturnType<typeof createEditorApi>;
export type { ApiError };
