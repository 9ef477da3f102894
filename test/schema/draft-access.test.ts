// One rule for who reads unpublished drafts (src/auth/roles.ts's mayReadDrafts), wherever they show: a preview,
// a unit's history and a translation task. Issue #25: an editor was refused the preview but read the same
// draft text through history(unit, locale: "vi").
import { beforeAll, describe, expect, it } from "vitest";
import { useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();
const DRAFT = "Bản nháp chỉ người dịch tiếng Việt được đọc";
const headers: Record<
  "admin" | "editor" | "translatorVi" | "reviewerVi" | "translatorFr",
  Record<string, string>
> = {} as never;

async function post(query: string, variables: Record<string, unknown> = {}, extra: Record<string, string> = {}) {
  const response = await seeded.server.yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...extra },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] },
  };
}

beforeAll(async () => {
  headers.admin = bearer(await createToken(seeded.db, { role: "admin" }));
  headers.editor = bearer(await createToken(seeded.db, { role: "editor" }));
  headers.translatorVi = bearer(
    await createToken(seeded.db, { role: "translator", locales: ["vi"], name: "draft-access-vi" }),
  );
  headers.reviewerVi = bearer(await createToken(seeded.db, { role: "reviewer", locales: ["vi"] }));
  headers.translatorFr = bearer(await createToken(seeded.db, { role: "translator", locales: ["fr"] }));
  const mine = await post(
    '{ statusCode(code: 404, locale: "vi") { translation { revision } } }',
    {},
    headers.translatorVi,
  );
  const saved = await post(
    `mutation ($input: SaveTranslationInput!) { saveTranslation(input: $input) { translation { state } } }`,
    {
      input: {
        unitId: "code.404",
        locale: "vi",
        expectedRevision: mine.body.data.statusCode.translation.revision,
        text: { summary: DRAFT },
      },
    },
    headers.translatorVi,
  );
  expect(saved.body.errors).toBeUndefined();
});

/** Whether the draft's text shows in the answer to `query`, or the caller is refused (401/403). */
async function readsDraft(query: string, who: Record<string, string>): Promise<"draft" | "no draft" | number> {
  const { status, body } = await post(query, {}, who);
  if (
    status !== 200 ||
    body.errors?.some((e) => e.extensions?.code === "FORBIDDEN" || e.extensions?.code === "UNAUTHENTICATED")
  )
    return status === 200 ? 403 : status;
  return JSON.stringify(body.data).includes(DRAFT) ? "draft" : "no draft";
}

describe("who reads a locale's drafts", () => {
  const PREVIEW = '{ statusCode(code: 404, locale: "vi", preview: true) { summary } }';
  const HISTORY_VI = '{ history(unit: "code.404", locale: "vi", first: 50) { edges { node { field after } } } }';
  const HISTORY_ALL = '{ history(unit: "code.404", first: 50) { edges { node { field locale after } } } }';

  it("is the same for a preview and for history(unit, locale): the locale's translators, reviewers and admins", async () => {
    const outcomes: Record<string, unknown[]> = {};
    for (const [who, header] of Object.entries(headers)) {
      outcomes[who] = [await readsDraft(PREVIEW, header), await readsDraft(HISTORY_VI, header)];
    }
    // An editor reads a locale's published history (public text) but not its drafts, and previews English
    // drafts only (issue #23). A French translator previews French and reads no Vietnamese history.
    expect(outcomes).toEqual({
      admin: ["draft", "draft"],
      editor: ["no draft", "no draft"],
      translatorVi: ["draft", "draft"],
      reviewerVi: ["draft", "draft"],
      translatorFr: ["no draft", 403],
    });
  });

  it("leaves the drafts out of an editor's history of every locale, and keeps the published entries", async () => {
    const editor = await post(HISTORY_ALL, {}, headers.editor);
    expect(editor.body.errors).toBeUndefined();
    const fields = editor.body.data.history.edges.map((e: { node: { field: string } }) => e.node.field);
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.filter((field: string) => field.startsWith("draft."))).toEqual([]);
    expect(JSON.stringify(editor.body.data)).not.toContain(DRAFT);
    const admin = await post(HISTORY_ALL, {}, headers.admin);
    expect(
      admin.body.data.history.edges.filter((e: { node: { field: string } }) => e.node.field.startsWith("draft."))
        .length,
    ).toBeGreaterThan(0);
  });

  it("is the same for English drafts (issue #23): editors and admins read them in a preview and in history; translators do not", async () => {
    const ENGLISH_DRAFT = "An English draft only editors read";
    const { revision } = (await post("{ statusCode(code: 404) { revision } }", {}, headers.editor)).body.data
      .statusCode;
    const saved = await post(
      `mutation ($input: UpdateStatusCodeInput!) { updateStatusCode(input: $input) { revision } }`,
      { input: { code: 404, expectedRevision: revision, draft: true, summary: ENGLISH_DRAFT } },
      headers.editor,
    );
    expect(saved.body.errors).toBeUndefined();
    const reads = async (query: string, who: Record<string, string>) => {
      const { status, body } = await post(query, {}, who);
      if (status !== 200 || body.errors?.length) return status === 200 ? 403 : status;
      return JSON.stringify(body.data).includes(ENGLISH_DRAFT) ? "draft" : "no draft";
    };
    const PREVIEW_EN = "{ statusCode(code: 404, preview: true) { summary } }";
    const HISTORY_EN = '{ history(unit: "code.404", locale: "en", first: 50) { edges { node { field after } } } }';
    const outcomes: Record<string, unknown[]> = {};
    for (const [who, header] of Object.entries(headers))
      outcomes[who] = [await reads(PREVIEW_EN, header), await reads(HISTORY_EN, header)];
    expect(outcomes).toEqual({
      admin: ["draft", "draft"],
      editor: ["draft", "draft"],
      translatorVi: ["no draft", 403],
      reviewerVi: ["no draft", 403],
      translatorFr: ["no draft", 403],
    });
    expect(await reads(PREVIEW_EN, {})).toBe(401);
  });
});
