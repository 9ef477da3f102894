// Translation files meet the API in the database: an export holds what translationTasks lists, and importing
// a translator's file saves drafts that readers never see until a reviewer publishes.
import { beforeAll, describe, expect, it } from "vitest";
import { exportFromDatabase, importIntoDatabase } from "../../src/translations/database.ts";
import type { ExchangeDocument } from "../../src/translations/exchange.ts";
import { fromXliff, toXliff, xliffLineOf } from "../../src/translations/xliff.ts";
import { useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();
const tokens = { editor: "", translator: "", reviewer: "" };
beforeAll(async () => {
  tokens.editor = await createToken(seeded.db, { role: "editor", name: "files-edna" });
  tokens.translator = await createToken(seeded.db, { role: "translator", locales: ["vi"], name: "files-tran" });
  tokens.reviewer = await createToken(seeded.db, { role: "reviewer", locales: ["vi"], name: "files-rita" });
});

async function post(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await seeded.server.yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      ...(token ? bearer(token) : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  return { version: Number(response.headers.get("x-content-version")), ...body };
}

/** An editor changes a code's English summary through the API: every translation of it becomes OUTDATED. */
async function changeEnglish(code: number, summary: string) {
  const { data } = await post(`{ statusCode(code: ${code}, locale: "en") { revision summary } }`);
  const edited = await post(
    `mutation ($input: UpdateStatusCodeInput!) { updateStatusCode(input: $input) { contentVersion } }`,
    { input: { code, expectedRevision: data.statusCode.revision, summary } },
    tokens.editor,
  );
  expect(edited.errors).toBeUndefined();
  return data.statusCode.summary as string;
}

/** The file a translator's tool gives back: `doc` written as XLIFF 2.0, every target of `unit`'s `field` set to `text`, read again. */
async function translated(doc: ExchangeDocument, unit: string, field: string, text: string) {
  const filled = {
    ...doc,
    entries: doc.entries.map((e) => (e.unitId === unit && e.field === field ? { ...e, target: text } : e)),
  };
  const xml = await toXliff(filled);
  return { doc: await fromXliff(xml), lineOf: xliffLineOf(xml) };
}

const viSummary = async (code: number, token?: string) =>
  (
    await post(
      `{ statusCode(code: ${code}, locale: "vi"${token ? ", preview: true" : ""}) { summary translation { state } } }`,
      {},
      token,
    )
  ).data.statusCode;

describe("translation files through the database", () => {
  it("exports the API's OUTDATED task, with the English it was translated from in the note", async () => {
    const before = await changeEnglish(
      404,
      "Nothing is at this URL, and the server will not say whether something was.",
    );
    const tasks = await post(
      `{ translationTasks(locale: "vi", first: 100) { edges { node { unit state } } } }`,
      {},
      tokens.translator,
    );
    const listed = tasks.data.translationTasks.edges
      .map((e: any) => e.node)
      .filter((n: any) => n.state === "MISSING" || n.state === "OUTDATED");
    expect(listed).toContainEqual({ unit: "code.404", state: "OUTDATED" });

    const exported = await exportFromDatabase(seeded.db, { locale: "vi", states: ["MISSING", "OUTDATED"] });
    if (!exported.ok) throw new Error(exported.message);
    // What the API lists as a task is what the file holds, unit for unit.
    expect([...new Set(exported.doc.entries.map((e) => e.unitId))].sort()).toEqual(
      listed.map((n: any) => n.unit).sort(),
    );
    const summary = exported.doc.entries.find((e) => e.unitId === "code.404" && e.field === "summary")!;
    expect(summary.source).toBe("Nothing is at this URL, and the server will not say whether something was.");
    expect(summary.note).toContain(`English when last translated: ${JSON.stringify(before)}`);
    // A field whose English did not change says nothing of a previous version.
    expect(exported.doc.entries.find((e) => e.unitId === "code.404" && e.field === "title")!.note).not.toContain(
      "when last translated",
    );
  });

  it("imports a translator's file as drafts: the published page stays served, the content version stays, the preview shows it", async () => {
    const exported = await exportFromDatabase(seeded.db, { locale: "vi", states: ["OUTDATED"] });
    if (!exported.ok) throw new Error(exported.message);
    const published = await viSummary(404);
    const { version } = await post("{ contentVersion }");
    const file = await translated(
      exported.doc,
      "code.404",
      "summary",
      "Không có gì ở URL này, và server không cho biết đã từng có hay chưa.",
    );

    const result = await importIntoDatabase(seeded.db, {
      ...file,
      locale: "vi",
      file: "vi.xlf",
      state: "draft",
      actor: "files-tran",
    });
    expect(result).toMatchObject({ ok: true, changed: true });

    expect(await viSummary(404)).toEqual(published);
    expect((await post("{ contentVersion }")).version).toBe(version);
    expect(await viSummary(404, tokens.translator)).toEqual({
      summary: "Không có gì ở URL này, và server không cho biết đã từng có hay chưa.",
      translation: { state: "DRAFT" },
    });
  });

  it("publishes a reviewer's file in one content version, which readers then get", async () => {
    const exported = await exportFromDatabase(seeded.db, { locale: "vi", states: ["DRAFT"] });
    if (!exported.ok) throw new Error(exported.message);
    const { version } = await post("{ contentVersion }");
    const file = await translated(
      exported.doc,
      "code.404",
      "summary",
      "Không có gì ở URL này; server không nói đã từng có hay chưa.",
    );
    const result = await importIntoDatabase(seeded.db, {
      ...file,
      locale: "vi",
      file: "vi.xlf",
      state: "published",
      actor: "files-rita",
    });
    expect(result).toMatchObject({ ok: true, changed: true, version: version + 1 });
    expect(await viSummary(404)).toEqual({
      summary: "Không có gì ở URL này; server không nói đã từng có hay chưa.",
      translation: { state: "PUBLISHED" },
    });
  });

  it("refuses a file whose English moved on since it was exported, naming file and line, and writes nothing", async () => {
    await changeEnglish(410, "The resource was removed on purpose and will not come back.");
    const exported = await exportFromDatabase(seeded.db, { locale: "vi", states: ["OUTDATED"] });
    if (!exported.ok) throw new Error(exported.message);
    await changeEnglish(410, "The resource was removed on purpose, for good.");
    const drafts = await seeded.db.prisma.translationDraft.count();
    const file = await translated(
      exported.doc,
      "code.410",
      "summary",
      "Tài nguyên đã bị gỡ có chủ ý và sẽ không quay lại.",
    );
    const result = await importIntoDatabase(seeded.db, {
      ...file,
      locale: "vi",
      file: "vi.xlf",
      state: "draft",
      actor: "files-tran",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Every translated field of the unit is stale, the new summary with them.
    const summary = result.errors.find((e) => e.field === "code.410#summary");
    expect(summary).toMatchObject({ file: "vi.xlf", line: file.lineOf({ unitId: "code.410", field: "summary" }) });
    expect(summary!.message).toMatch(/^stale: the English changed since this file was exported/);
    expect(summary!.line).toBeGreaterThan(1);
    expect(await seeded.db.prisma.translationDraft.count()).toBe(drafts);
  });

  it("refuses a file for a locale the content does not have", async () => {
    const exported = await exportFromDatabase(seeded.db, { locale: "xx", states: ["MISSING"] });
    expect(exported).toMatchObject({
      ok: false,
      message: expect.stringContaining('"xx" is not a locale to translate into'),
    });
  });
});
