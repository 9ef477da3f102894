// GET /translations/{locale}.xlf|.po and POST /translations/{locale}: translation files over HTTP, through the
// database, for a translator's tool with a token and no shell. Each status follows RFC 9110.
import { beforeAll, describe, expect, it } from "vitest";
import { fromPo, toPo } from "../../src/translations/po.ts";
import { fromXliff, toXliff } from "../../src/translations/xliff.ts";
import { useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();
const tokens = { editor: "", translator: "", reviewer: "", otherTranslator: "" };
beforeAll(async () => {
  tokens.editor = await createToken(seeded.db, { role: "editor", name: "http-files-edna" });
  tokens.translator = await createToken(seeded.db, { role: "translator", locales: ["vi"], name: "http-files-tran" });
  tokens.reviewer = await createToken(seeded.db, { role: "reviewer", locales: ["vi"], name: "http-files-rita" });
  tokens.otherTranslator = await createToken(seeded.db, {
    role: "translator",
    locales: ["fr"],
    name: "http-files-fred",
  });
});

const fetchAt = (path: string, init: RequestInit = {}) => seeded.server.yoga.fetch(`http://localhost${path}`, init);
const as = (token: string, headers: Record<string, string> = {}) => ({ ...bearer(token), ...headers });

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetchAt("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? bearer(token) : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

/** An editor changes 404's English: the Vietnamese translation becomes OUTDATED. */
async function outdate404() {
  const { data } = await gql(`{ statusCode(code: 404, locale: "en") { revision } }`);
  const edited = await gql(
    `mutation ($input: UpdateStatusCodeInput!) { updateStatusCode(input: $input) { contentVersion } }`,
    { input: { code: 404, expectedRevision: data.statusCode.revision, summary: "Nothing is served at this URL." } },
    tokens.editor,
  );
  expect(edited.errors).toBeUndefined();
}

describe("translation files over HTTP", () => {
  it("asks for a token (401 with a Bearer challenge, RFC 9110 §15.5.2) and refuses one of another locale (403, §15.5.4)", async () => {
    const anonymous = await fetchAt("/translations/vi.xlf");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
    const other = await fetchAt("/translations/vi.xlf", { headers: as(tokens.otherTranslator) });
    expect(other.status).toBe(403);
    expect(((await other.json()) as any).error.message).toContain("translate:vi");
    // Publishing needs a reviewer of the locale: a translator's POST with ?state=published is refused before its body is read.
    for (const state of ["published", "reviewed"]) {
      const refused = await fetchAt(`/translations/vi?state=${state}`, {
        method: "POST",
        headers: as(tokens.translator, { "content-type": "application/xliff+xml" }),
        body: "<xliff/>",
      });
      expect(refused.status, state).toBe(403);
      expect(((await refused.json()) as any).error.message).toContain("review:vi");
    }
  });

  it("answers a wrong method with 405 and Allow (RFC 9110 §15.5.6), and an unknown body type with 415 and Accept-Post (§15.5.16)", async () => {
    const wrong = await fetchAt("/translations/vi.xlf", { method: "POST" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, HEAD");
    const type = await fetchAt("/translations/vi", {
      method: "POST",
      headers: as(tokens.translator, { "content-type": "application/json" }),
      body: "{}",
    });
    expect(type.status).toBe(415);
    expect(type.headers.get("accept-post")).toContain("application/xliff+xml");
  });

  it("serves the API's OUTDATED task as an XLIFF download, private to the token (RFC 9111 §5.2.2.7)", async () => {
    await outdate404();
    const response = await fetchAt("/translations/vi.xlf", { headers: as(tokens.translator) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/xliff+xml; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="vi.xlf"');
    const doc = await fromXliff(await response.text());
    expect(new Set(doc.entries.map((e) => e.unitId))).toContain("code.404");
    const po = await fetchAt("/translations/vi.po?state=OUTDATED", { headers: as(tokens.translator) });
    expect(fromPo(await po.text()).entries.map((e) => e.unitId)).toContain("code.404");
  });

  it("saves a translator's upload as drafts: 200 with what was done, and readers keep the published page", async () => {
    const doc = await fromXliff(
      await (await fetchAt("/translations/vi.xlf?state=OUTDATED", { headers: as(tokens.translator) })).text(),
    );
    const target = "Không có gì được phục vụ ở URL này.";
    const body = await toXliff({
      ...doc,
      entries: doc.entries.map((e) => (e.unitId === "code.404" && e.field === "summary" ? { ...e, target } : e)),
    });
    const before = (await gql(`{ contentVersion statusCode(code: 404, locale: "vi") { summary } }`)).data;

    const response = await fetchAt("/translations/vi", {
      method: "POST",
      headers: as(tokens.translator, { "content-type": "application/xliff+xml" }),
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      locale: "vi",
      state: "draft",
      units: 1,
      changed: true,
      contentVersion: null,
    });
    expect((await gql(`{ contentVersion statusCode(code: 404, locale: "vi") { summary } }`)).data).toEqual(before);
    const preview = await gql(
      `{ statusCode(code: 404, locale: "vi", preview: true) { summary translation { state } } }`,
      {},
      tokens.translator,
    );
    expect(preview.data.statusCode).toEqual({ summary: target, translation: { state: "DRAFT" } });
  });

  it("publishes a reviewer's PO upload with ?state=published", async () => {
    const doc = fromPo(
      await (await fetchAt("/translations/vi.po?state=DRAFT", { headers: as(tokens.reviewer) })).text(),
    );
    const response = await fetchAt("/translations/vi?state=published", {
      method: "POST",
      headers: as(tokens.reviewer, { "content-type": "text/x-gettext-translation" }),
      body: toPo(doc),
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { contentVersion: number };
    expect(result.contentVersion).toBeGreaterThan(0);
    expect((await gql(`{ statusCode(code: 404, locale: "vi") { summary } }`)).data.statusCode.summary).toBe(
      "Không có gì được phục vụ ở URL này.",
    );
  });

  it("refuses a broken or stale file with 422 naming file, line and field (RFC 9110 §15.5.21), writing nothing", async () => {
    const doctype =
      '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY boom "boom">]>\n<xliff version="2.0" srcLang="en" trgLang="vi"/>\n';
    const broken = await fetchAt("/translations/vi", {
      method: "POST",
      headers: as(tokens.translator, { "content-type": "application/xliff+xml" }),
      body: doctype,
    });
    expect(broken.status).toBe(422);
    expect(((await broken.json()) as any).error.errors[0]).toMatchObject({
      file: "vi.xlf",
      line: 2,
      message: expect.stringContaining("DOCTYPE not allowed"),
    });

    const doc = await fromXliff(
      await (await fetchAt("/translations/vi.xlf?state=PUBLISHED", { headers: as(tokens.translator) })).text(),
    );
    const stale = {
      ...doc,
      entries: doc.entries
        .filter((e) => e.unitId === "code.404")
        .map((e) => ({
          ...e,
          sourceHash: "000000000000",
          note: e.note.replace(/source-hash [0-9a-f]{12}/, "source-hash 000000000000"),
        })),
    };
    const drafts = await seeded.db.prisma.translationDraft.count();
    const refused = await fetchAt("/translations/vi", {
      method: "POST",
      headers: as(tokens.translator, { "content-type": "application/xliff+xml" }),
      body: await toXliff(stale),
    });
    expect(refused.status).toBe(422);
    const errors = ((await refused.json()) as any).error.errors;
    expect(errors[0]).toMatchObject({
      file: "vi.xlf",
      field: "code.404#title",
      message: expect.stringMatching(/^stale/),
    });
    expect(await seeded.db.prisma.translationDraft.count()).toBe(drafts);
  });
});
