// Drafts are editorial state, not public content: saving or reviewing one moves no content version, keeps
// every cached public response (same bytes, same ETag), and still orders concurrent saves by revision.
import { beforeAll, describe, expect, it } from "vitest";
import { runEdit } from "../../src/editorial/write.ts";
import { createTestServer, type TestServer, useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();
const tokens = { translator: "", reviewer: "" };
beforeAll(async () => {
  tokens.translator = await createToken(seeded.db, { role: "translator", locales: ["vi"], name: "drafts-tran" });
  tokens.reviewer = await createToken(seeded.db, { role: "reviewer", locales: ["vi"], name: "drafts-rita" });
});

const post: TestServer["post"] = (...args) => seeded.server.post(...args);

const SAVE = `mutation ($input: SaveTranslationInput!) { saveTranslation(input: $input) { translation { state revision } contentVersion } }`;
const save = (unitId: string, expectedRevision: number, summary: string) =>
  post(SAVE, { input: { unitId, locale: "vi", expectedRevision, text: { summary } } }, bearer(tokens.translator));

/** The translation's revision as its translator reads it (drafts included), and as an anonymous reader does. */
async function revisions(code: number) {
  const query = `{ statusCode(code: ${code}, locale: "vi") { translation { revision } } }`;
  const mine = (await post(query, {}, bearer(tokens.translator))).body.data.statusCode.translation.revision as number;
  const readers = (await post(query)).body.data.statusCode.translation.revision as number;
  return { mine, readers };
}

/** Response-cache hits this server has answered so far (its /metrics). */
async function cacheHits(): Promise<number> {
  const text = await (await seeded.server.yoga.fetch("http://localhost/metrics")).text();
  return Number(/status_atlas_response_cache_lookups_total\{outcome="hit"\} (\d+)/.exec(text)?.[1] ?? 0);
}

describe("a draft save", () => {
  it("leaves X-Content-Version, a cached public response (a hit, same ETag, same bytes) and anonymous reads as they were", async () => {
    const url = `http://localhost/graphql?query=${encodeURIComponent('{ statusCode(code: 404, locale: "vi") { summary } }')}`;
    const get = (headers: Record<string, string> = {}) =>
      seeded.server.yoga.fetch(url, { headers: { accept: "application/json", ...headers } });
    await get(); // now in the response cache
    const cached = await get();
    const etag = cached.headers.get("etag")!;
    const body = await cached.text();
    const version = cached.headers.get("x-content-version");
    const { mine } = await revisions(404);

    const saved = await save("code.404", mine, "Bản nháp không ai ngoài người dịch thấy");
    expect(saved.body.errors).toBeUndefined();
    expect(String(saved.body.data.saveTranslation.contentVersion)).toBe(version);

    const hits = await cacheHits();
    const after = await get();
    expect(await cacheHits()).toBe(hits + 1);
    expect(after.headers.get("etag")).toBe(etag);
    expect(after.headers.get("x-content-version")).toBe(version);
    expect(await after.text()).toBe(body);
    // RFC 9110 §13.1.2: the representation did not change, so the validator still matches.
    expect((await get({ "if-none-match": etag })).status).toBe(304);
    const anonymous = await post('{ contentVersion statusCode(code: 404, locale: "vi") { summary } }');
    expect(anonymous.body.data.statusCode.summary).toBe(JSON.parse(body).data.statusCode.summary);
    expect(String(anonymous.body.data.contentVersion)).toBe(version);
  });

  it("is shown at once in the preview, with the revision its translator must send next, while readers keep theirs", async () => {
    const before = await revisions(410);
    const saved = await save("code.410", before.mine, "Bản nháp cho 410");
    expect(saved.body.data.saveTranslation.translation).toEqual({ state: "DRAFT", revision: before.mine + 1 });
    const preview = await post(
      '{ statusCode(code: 410, locale: "vi", preview: true) { summary translation { state revision } } }',
      {},
      bearer(tokens.translator),
    );
    expect(preview.body.data.statusCode).toEqual({
      summary: "Bản nháp cho 410",
      translation: { state: "DRAFT", revision: before.mine + 1 },
    });
    expect(await revisions(410)).toEqual({ mine: before.mine + 1, readers: before.readers });
    // A second save with the revision the first answered goes through: no CONFLICT from a stale read.
    const again = await save("code.410", before.mine + 1, "Bản nháp thứ hai cho 410");
    expect(again.body.errors).toBeUndefined();
  });

  it("is seen by another server over the same database in its next preview", async () => {
    const other = seeded.db.openAnother();
    const replica = createTestServer(other);
    try {
      const ask = () =>
        replica.query(
          '{ statusCode(code: 409, locale: "vi", preview: true) { summary } }',
          {},
          bearer(tokens.reviewer),
        );
      expect((await ask()).data!.statusCode.summary).not.toBe("Bản nháp từ máy chủ kia");
      const { mine } = await revisions(409);
      expect((await save("code.409", mine, "Bản nháp từ máy chủ kia")).body.errors).toBeUndefined();
      expect((await ask()).data!.statusCode.summary).toBe("Bản nháp từ máy chủ kia");
    } finally {
      await replica.close();
      await other.close();
    }
  });
});

describe("concurrent saves of one translation", () => {
  it("let exactly one of two saves from the same revision win; the other gets CONFLICT and the winner's text stays", async () => {
    const { mine } = await revisions(408);
    const results = await Promise.all([save("code.408", mine, "Người dịch A"), save("code.408", mine, "Người dịch B")]);
    const codes = results.map((r) => r.body.errors?.[0]?.extensions?.code ?? "OK").sort();
    expect(codes).toEqual(["CONFLICT", "OK"]);
    const winner = results.find((r) => !r.body.errors)!;
    const loser = results.find((r) => r.body.errors)!;
    expect(loser.body.errors![0]!.extensions.currentRevision).toBe(mine + 1);
    const preview = await post(
      '{ statusCode(code: 408, locale: "vi", preview: true) { summary translation { revision } } }',
      {},
      bearer(tokens.translator),
    );
    expect(preview.body.data.statusCode.translation.revision).toBe(
      winner.body.data.saveTranslation.translation.revision,
    );
    expect(["Người dịch A", "Người dịch B"]).toContain(preview.body.data.statusCode.summary);
    // The loser is shown the winner's working copy, as the translation's input names its fields.
    expect(loser.body.errors![0]!.extensions.current).toMatchObject({
      unitId: "code.408",
      locale: "vi",
      state: "DRAFT",
      draft: true,
      summary: preview.body.data.statusCode.summary,
    });
    expect(loser.body.errors![0]!.extensions.diff).toEqual([
      { field: "summary", current: preview.body.data.statusCode.summary, yours: expect.any(String) },
    ]);
  });

  it("never lets a publish planned before a save overwrite it: the publish answers CONFLICT and the new draft stays", async () => {
    const { mine } = await revisions(411);
    expect((await save("code.411", mine, "Bản đầu tiên")).body.errors).toBeUndefined();
    const outcome = await runEdit(
      seeded.db,
      { kind: "publishTranslation", unitId: "code.411", locale: "vi" },
      {
        actor: "drafts-rita",
        expectedRevision: mine + 1,
        // A translator saves between the reviewer's read and the publish's write.
        afterPlan: async () =>
          void expect((await save("code.411", mine + 1, "Bản sửa sau cùng")).body.errors).toBeUndefined(),
      },
    );
    expect(outcome).toMatchObject({ ok: false, code: "CONFLICT", currentRevision: mine + 2 });
    const draft = await seeded.db.prisma.translationDraft.findUnique({
      where: { unit_locale: { unit: "code.411", locale: "vi" } },
    });
    expect(JSON.parse(draft!.text).summary).toBe("Bản sửa sau cùng");
    const published = await post('{ statusCode(code: 411, locale: "vi") { summary } }');
    expect(published.body.data.statusCode.summary).not.toBe("Bản đầu tiên");
  });
});

describe("publishing a draft", () => {
  it("is a public change: the content version moves and readers get the text", async () => {
    const { mine } = await revisions(413);
    const saved = await save("code.413", mine, "Nội dung quá lớn, đã duyệt");
    const version = saved.body.data.saveTranslation.contentVersion as number;
    const published = await post(
      `mutation ($input: PublishTranslationInput!) { publishTranslation(input: $input) { contentVersion translation { state } } }`,
      { input: { unitId: "code.413", locale: "vi", expectedRevision: mine + 1 } },
      bearer(tokens.reviewer),
    );
    expect(published.body.errors).toBeUndefined();
    expect(published.body.data.publishTranslation).toEqual({
      contentVersion: version + 1,
      translation: { state: "PUBLISHED" },
    });
    expect((await post('{ statusCode(code: 413, locale: "vi") { summary } }')).body.data.statusCode.summary).toBe(
      "Nội dung quá lớn, đã duyệt",
    );
  });

  it("keeps every cached answer the publish did not reach, English ones of the same code included (same bytes, same ETag, 304 to its validator), and drops the rest", async () => {
    const url = (query: string) => `http://localhost/graphql?query=${encodeURIComponent(query)}`;
    const get = (query: string, headers: Record<string, string> = {}) =>
      seeded.server.yoga.fetch(url(query), { headers: { accept: "application/json", ...headers } });
    const untouched = [
      '{ statusCode(code: 414, locale: "en") { summary } }',
      '{ statusCodes(locale: "en", first: 3) { totalCount } }',
      '{ statusCode(code: 200, locale: "vi") { summary } }',
      '{ compare(a: 401, b: 403, locale: "vi") { headline } }',
    ];
    const reached = [
      '{ statusCode(code: 414, locale: "vi") { summary } }',
      "{ contentVersion }",
      '{ translationProgress(locale: "vi") { counts { published } } }',
      '{ statusCodes(locale: "vi", first: 3) { totalCount } }',
    ];
    const before = new Map<string, { etag: string; body: string }>();
    for (const query of [...untouched, ...reached]) {
      await get(query);
      const cached = await get(query);
      before.set(query, { etag: cached.headers.get("etag")!, body: await cached.text() });
    }
    const { mine } = await revisions(414);
    await save("code.414", mine, "URI quá dài, đã duyệt");
    const published = await post(
      `mutation ($input: PublishTranslationInput!) { publishTranslation(input: $input) { contentVersion } }`,
      { input: { unitId: "code.414", locale: "vi", expectedRevision: mine + 1 } },
      bearer(tokens.reviewer),
    );
    const version = String(published.body.data.publishTranslation.contentVersion);

    for (const query of untouched) {
      const hits = await cacheHits();
      const response = await get(query);
      expect(await cacheHits(), query).toBe(hits + 1);
      expect(response.headers.get("x-content-version"), query).toBe(version);
      expect(response.headers.get("etag"), query).toBe(before.get(query)!.etag);
      expect(await response.text(), query).toBe(before.get(query)!.body);
      // RFC 9110 §13.1.2: the selected representation is unchanged, so its validator still matches.
      expect((await get(query, { "if-none-match": before.get(query)!.etag })).status, query).toBe(304);
    }
    for (const query of reached) {
      const hits = await cacheHits();
      const response = await get(query);
      expect(await cacheHits(), query).toBe(hits);
      // The page and the version number did change; progress and listings may not have, but could have.
      if (query.includes("414") || query.includes("contentVersion"))
        expect(await response.text(), query).not.toBe(before.get(query)!.body);
    }
  });
});
