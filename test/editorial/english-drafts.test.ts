// English drafts (issue #23): an editor saves English as a draft, previews it and publishes it. Until then
// readers, translators and translation tasks keep the published English, no translation becomes OUTDATED and
// no content version is made; publishing makes one and only then marks translations OUTDATED.
import { beforeAll, describe, expect, it } from "vitest";
import { useSeededServer, type TestServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();
const tokens = { editor: "", translator: "", admin: "" };
beforeAll(async () => {
  tokens.editor = await createToken(seeded.db, { role: "editor", name: "english-drafts-ed" });
  tokens.translator = await createToken(seeded.db, {
    role: "translator",
    locales: ["vi"],
    name: "english-drafts-tran",
  });
  tokens.admin = await createToken(seeded.db, { role: "admin", name: "english-drafts-admin" });
});

const post: TestServer["post"] = (...args) => seeded.server.post(...args);

const asEditor = () => bearer(tokens.editor);
const SAVE_CODE = `mutation ($input: UpdateStatusCodeInput!) { updateStatusCode(input: $input) { revision contentVersion statusCode { summary } } }`;
const PUBLISH = `mutation ($input: PublishEnglishDraftInput!) { publishEnglishDraft(input: $input) { revision contentVersion statusCode { summary } comparison { summary } } }`;
const DISCARD = `mutation ($input: DiscardEnglishDraftInput!) { discardEnglishDraft(input: $input) { revision contentVersion } }`;

/** The code's revision as its editor reads it (English draft included). */
async function editorRevision(code: number): Promise<number> {
  const read = await post(`{ statusCode(code: ${code}) { revision } }`, {}, asEditor());
  return read.body.data.statusCode.revision as number;
}

async function publicRead(code: number, locale = "en") {
  const read = await post(
    `{ contentVersion statusCode(code: ${code}, locale: "${locale}") { summary translationState } }`,
  );
  return {
    version: read.body.data.contentVersion as number,
    ...read.body.data.statusCode,
    header: read.headers.get("x-content-version"),
  };
}

describe("an English draft of a code", () => {
  it("is served to nobody but in previews, claims no content version, outdates no translation; publishing does both", async () => {
    const before = await publicRead(404);
    const viBefore = await publicRead(404, "vi");
    expect(viBefore.translationState).toBe("PUBLISHED");
    const revision = await editorRevision(404);

    const saved = await post(
      SAVE_CODE,
      { input: { code: 404, expectedRevision: revision, draft: true, summary: "A draft summary of 404." } },
      asEditor(),
    );
    expect(saved.body.errors).toBeUndefined();
    expect(saved.body.data.updateStatusCode).toEqual({
      revision: revision + 1,
      contentVersion: before.version,
      statusCode: { summary: "A draft summary of 404." },
    });

    // Anonymous readers: the old text, the same version (header and field).
    const after = await publicRead(404);
    expect(after).toEqual(before);
    // The Vietnamese translation is not OUTDATED by an unpublished draft, for readers or its translator.
    expect((await publicRead(404, "vi")).translationState).toBe("PUBLISHED");
    const tasks = await post(
      `{ translationTasks(locale: "vi", state: OUTDATED, first: 5) { totalCount } }`,
      {},
      bearer(tokens.translator),
    );
    expect(tasks.body.data.translationTasks.totalCount).toBe(0);
    // A translator's preview shows the published English (their fallback), not the editor's draft.
    const translatorView = await post(
      `{ statusCode(code: 404, preview: true) { summary } }`,
      {},
      bearer(tokens.translator),
    );
    expect(translatorView.body.data.statusCode.summary).toBe(before.summary);

    // The editor's preview shows the draft, with the revision to send next; that there is a draft is the
    // editor's to know, not a reader's.
    const preview = await post(
      `{ statusCode(code: 404, preview: true) { summary revision englishDraft } }`,
      {},
      asEditor(),
    );
    expect(preview.body.errors).toBeUndefined();
    expect(preview.body.data.statusCode).toEqual({
      summary: "A draft summary of 404.",
      revision: revision + 1,
      englishDraft: true,
    });
    expect((await post(`{ statusCode(code: 404) { englishDraft } }`)).body.data.statusCode.englishDraft).toBeNull();
    expect(
      (await post(`{ statusCode(code: 410) { englishDraft } }`, {}, asEditor())).body.data.statusCode.englishDraft,
    ).toBe(false);

    const published = await post(PUBLISH, { input: { code: 404, expectedRevision: revision + 1 } }, asEditor());
    expect(published.body.errors).toBeUndefined();
    expect(published.body.data.publishEnglishDraft).toMatchObject({
      revision: revision + 2,
      statusCode: { summary: "A draft summary of 404." },
      comparison: null,
    });
    expect(published.body.data.publishEnglishDraft.contentVersion).toBe(before.version + 1);

    expect(
      (await post(`{ statusCode(code: 404) { englishDraft } }`, {}, asEditor())).body.data.statusCode.englishDraft,
    ).toBe(false);
    const served = await publicRead(404);
    expect(served.summary).toBe("A draft summary of 404.");
    expect(served.header).toBe(String(before.version + 1));
    expect((await publicRead(404, "vi")).translationState).toBe("OUTDATED");
    // Published, the draft is gone: there is nothing left to publish.
    const again = await post(PUBLISH, { input: { code: 404, expectedRevision: revision + 2 } }, asEditor());
    expect(again.body.errors![0]!.extensions).toMatchObject({ code: "VALIDATION", field: "code" });
  });

  it("lets an editor preview a locale's fallback to the English draft (no 403), and refuses anonymous previews", async () => {
    // 410's Vietnamese is sent back to draft, so Vietnamese readers fall back to English for it.
    const reviewer = bearer(await createToken(seeded.db, { role: "reviewer", locales: ["vi"] }));
    const vi = await post(
      `{ statusCode(code: 410, locale: "vi", preview: true) { translation { revision } } }`,
      {},
      reviewer,
    );
    const unpublished = await post(
      `mutation ($input: UnpublishTranslationInput!) { unpublishTranslation(input: $input) { translation { state } } }`,
      { input: { unitId: "code.410", locale: "vi", expectedRevision: vi.body.data.statusCode.translation.revision } },
      reviewer,
    );
    expect(unpublished.body.errors).toBeUndefined();
    const revision = await editorRevision(410);
    const saved = await post(
      SAVE_CODE,
      { input: { code: 410, expectedRevision: revision, draft: true, useWhen: "Drafted advice for 410." } },
      asEditor(),
    );
    expect(saved.body.errors).toBeUndefined();

    const VI = `{ statusCode(code: 410, locale: "vi", preview: true) { useWhen fallbackFields } }`;
    const preview = await post(VI, {}, asEditor());
    expect(preview.status).toBe(200);
    expect(preview.body.errors).toBeUndefined();
    expect(preview.body.data.statusCode.fallbackFields).toContain("useWhen");
    expect(preview.body.data.statusCode.useWhen).toBe("Drafted advice for 410.");
    // Readers of Vietnamese fall back to the published English.
    const readers = await post(`{ statusCode(code: 410, locale: "vi") { useWhen } }`);
    expect(readers.body.data.statusCode.useWhen).not.toBe("Drafted advice for 410.");
    const anonymous = await post(`{ statusCode(code: 410, preview: true) { useWhen } }`);
    expect(anonymous.body.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("orders concurrent saves by revision: of two saves from the same read, one is refused with CONFLICT", async () => {
    const revision = await editorRevision(418);
    const save = (summary: string) =>
      post(SAVE_CODE, { input: { code: 418, expectedRevision: revision, draft: true, summary } }, asEditor());
    const results = await Promise.all([save("First draft of 418."), save("Second draft of 418.")]);
    const conflicts = results.filter((r) => r.body.errors?.[0]?.extensions?.code === "CONFLICT");
    const saved = results.filter((r) => !r.body.errors);
    expect(conflicts).toHaveLength(1);
    expect(saved).toHaveLength(1);
    const preview = await post(`{ statusCode(code: 418, preview: true) { summary } }`, {}, asEditor());
    const winner = saved[0]!.body.data.updateStatusCode.statusCode.summary as string;
    expect(preview.body.data.statusCode.summary).toBe(winner);
    // The loser is shown the draft it lost to, and what it sent differently.
    const conflict = conflicts[0]!.body.errors![0]!.extensions;
    expect(conflict.current).toMatchObject({ code: 418, draft: true, summary: winner });
    expect(conflict.diff).toEqual([{ field: "summary", current: winner, yours: expect.not.stringMatching(winner) }]);
  });

  it("refuses to publish English or a drafted fact over an unpublished draft; other facts publish at once; discard drops it", async () => {
    const revision = await editorRevision(409);
    expect(
      (
        await post(
          SAVE_CODE,
          { input: { code: 409, expectedRevision: revision, draft: true, summary: "Drafted 409." } },
          asEditor(),
        )
      ).body.errors,
    ).toBeUndefined();
    const direct = await post(
      SAVE_CODE,
      { input: { code: 409, expectedRevision: revision + 1, summary: "Published over the draft." } },
      asEditor(),
    );
    expect(direct.body.errors![0]!.extensions).toMatchObject({ code: "VALIDATION", field: "draft" });
    // A fact drafted with the text: readers keep the published value, the editor's preview shows the draft's.
    const FACT = `{ statusCode(code: 409) { cacheable } }`;
    const published = (await post(FACT)).body.data.statusCode.cacheable as boolean;
    const drafted = await post(
      SAVE_CODE,
      { input: { code: 409, expectedRevision: revision + 1, draft: true, cacheable: !published } },
      asEditor(),
    );
    expect(drafted.body.errors).toBeUndefined();
    expect((await post(FACT)).body.data.statusCode.cacheable).toBe(published);
    expect(
      (await post(`{ statusCode(code: 409, locale: "vi", preview: true) { cacheable summary } }`, {}, asEditor())).body
        .data.statusCode.cacheable,
    ).toBe(!published);
    const overFact = await post(
      SAVE_CODE,
      { input: { code: 409, expectedRevision: revision + 2, cacheable: published } },
      asEditor(),
    );
    expect(overFact.body.errors![0]!.extensions).toMatchObject({ code: "VALIDATION", field: "draft" });
    // A fact the draft does not change is published at once, a content version like any.
    const version = (await publicRead(409)).version;
    const other = await post(
      SAVE_CODE,
      { input: { code: 409, expectedRevision: revision + 2, headers: ["Content-Type"] } },
      asEditor(),
    );
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data.updateStatusCode.contentVersion).toBe(version + 1);
    // Discarding: the published English and facts stay and no version is made; then a direct edit goes through.
    const discarded = await post(DISCARD, { input: { code: 409, expectedRevision: revision + 3 } }, asEditor());
    expect(discarded.body.errors).toBeUndefined();
    expect(discarded.body.data.discardEnglishDraft).toEqual({ revision: revision + 4, contentVersion: version + 1 });
    const preview = await post(`{ statusCode(code: 409, preview: true) { summary cacheable } }`, {}, asEditor());
    expect(preview.body.data.statusCode).toEqual({ summary: (await publicRead(409)).summary, cacheable: published });
    const now = await post(
      SAVE_CODE,
      { input: { code: 409, expectedRevision: revision + 4, summary: "Published 409." } },
      asEditor(),
    );
    expect(now.body.errors).toBeUndefined();
  });

  it("publishes drafted facts with the text", async () => {
    const FACT = `{ statusCode(code: 426) { cacheable summary } }`;
    const before = (await post(FACT)).body.data.statusCode;
    const revision = await editorRevision(426);
    const saved = await post(
      SAVE_CODE,
      {
        input: {
          code: 426,
          expectedRevision: revision,
          draft: true,
          cacheable: !before.cacheable,
          summary: "Drafted 426.",
        },
      },
      asEditor(),
    );
    expect(saved.body.errors).toBeUndefined();
    expect((await post(FACT)).body.data.statusCode).toEqual(before);
    // A stale save is shown the working copy: the draft's fact and text, not the stored JSON's nesting.
    const stale = await post(
      SAVE_CODE,
      { input: { code: 426, expectedRevision: revision, draft: true, summary: "Stale." } },
      asEditor(),
    );
    expect(stale.body.errors![0]!.extensions.current).toMatchObject({
      cacheable: !before.cacheable,
      summary: "Drafted 426.",
      draft: true,
    });
    expect(stale.body.errors![0]!.extensions.current).not.toHaveProperty("facts");
    const published = await post(PUBLISH, { input: { code: 426, expectedRevision: revision + 1 } }, asEditor());
    expect(published.body.errors).toBeUndefined();
    expect((await post(FACT)).body.data.statusCode).toEqual({ cacheable: !before.cacheable, summary: "Drafted 426." });
  });

  it("is not published over English that changed under it (an import): publishing is refused, nothing is written", async () => {
    const revision = await editorRevision(415);
    const saved = await post(
      SAVE_CODE,
      { input: { code: 415, expectedRevision: revision, draft: true, summary: "Drafted 415." } },
      asEditor(),
    );
    expect(saved.body.errors).toBeUndefined();
    // As an import changing the English file would: the published row moves while the draft waits, and,
    // as with every write of published content, the content version with it (edits read published records
    // from the snapshot of the version they read: src/editorial/write.ts).
    await seeded.db.prisma.$transaction([
      seeded.db.prisma.statusCodeTranslation.update({
        where: { code_locale: { code: 415, locale: "en" } },
        data: { summary: "Imported while a draft waited." },
      }),
      seeded.db.prisma.contentState.update({ where: { id: 1 }, data: { version: { increment: 1 } } }),
    ]);
    const published = await post(PUBLISH, { input: { code: 415, expectedRevision: revision + 1 } }, asEditor());
    expect(published.body.errors![0]!.extensions).toMatchObject({ code: "VALIDATION", field: "draft" });
    expect(published.body.errors![0]!.message).toMatch(/has changed since this draft was started/);
    const row = await seeded.db.prisma.statusCodeTranslation.findUniqueOrThrow({
      where: { code_locale: { code: 415, locale: "en" } },
    });
    expect(row.summary).toBe("Imported while a draft waited.");
  });

  it("names a code or a pair, not both", async () => {
    const both = await post(PUBLISH, { input: { code: 404, a: 301, b: 302, expectedRevision: 1 } }, asEditor());
    expect(both.body.errors![0]!.extensions).toMatchObject({ code: "VALIDATION" });
  });
});

describe("an English draft of a comparison", () => {
  const UPSERT = `mutation ($input: UpsertComparisonInput!) { upsertComparison(input: $input) { revision contentVersion comparison { summary curated } } }`;
  const text = {
    summary: "Drafted: 302 keeps the method, 303 turns it into GET.",
    differences: ["303 always switches to GET."],
    whenToUseA: "Use 302 for …",
    whenToUseB: "Use 303 after a POST.",
    body: "",
  };

  it("of a pair not curated yet: only the editor's preview shows it curated; publishing creates the pair", async () => {
    const read = `{ contentVersion compare(a: 302, b: 303) { curated summary revision } }`;
    const before = await post(read);
    expect(before.body.data.compare.curated).toBe(false);
    const saved = await post(UPSERT, { input: { a: 302, b: 303, draft: true, ...text } }, asEditor());
    expect(saved.body.errors).toBeUndefined();
    // The page's summary is generated prose followed by the editor's.
    expect(saved.body.data.upsertComparison).toMatchObject({
      contentVersion: before.body.data.contentVersion,
      comparison: { curated: true },
    });
    expect(saved.body.data.upsertComparison.comparison.summary).toContain(text.summary);
    const revision = saved.body.data.upsertComparison.revision as number;
    expect((await post(read)).body.data).toEqual(before.body.data);
    const mine = await post(read, {}, asEditor());
    expect(mine.body.data.compare.revision).toBe(revision);
    const preview = await post(
      `{ compare(a: 303, b: 302, preview: true) { curated summary englishDraft } }`,
      {},
      asEditor(),
    );
    expect(preview.body.data.compare.englishDraft).toBe(true);
    expect(preview.body.data.compare.curated).toBe(true);
    expect(preview.body.data.compare.summary).toContain(text.summary);

    const published = await post(PUBLISH, { input: { a: 303, b: 302, expectedRevision: revision } }, asEditor());
    expect(published.body.errors).toBeUndefined();
    expect(published.body.data.publishEnglishDraft).toMatchObject({ statusCode: null });
    expect(published.body.data.publishEnglishDraft.comparison.summary).toContain(text.summary);
    const after = await post(read);
    expect(after.body.data.compare.curated).toBe(true);
    expect(after.body.data.compare.summary).toContain(text.summary);
    expect(after.body.data.contentVersion).toBe(before.body.data.contentVersion + 1);

    // A stale save, asked as 303 vs 302: CONFLICT shows the pair in that order, whenToUse to match, no file.
    const stale = await post(
      UPSERT,
      {
        input: {
          a: 303,
          b: 302,
          expectedRevision: revision,
          ...text,
          whenToUseA: "Use 303 after a POST, always.",
          whenToUseB: text.whenToUseA,
        },
      },
      asEditor(),
    );
    const conflict = stale.body.errors![0]!.extensions;
    expect(conflict.code).toBe("CONFLICT");
    expect(conflict.current).toMatchObject({
      a: 303,
      b: 302,
      whenToUseA: text.whenToUseB,
      whenToUseB: text.whenToUseA,
      summary: text.summary,
      draft: false,
    });
    expect(conflict.current).not.toHaveProperty("file");
    expect(conflict.diff).toEqual([
      { field: "whenToUseA", current: text.whenToUseB, yours: "Use 303 after a POST, always." },
    ]);
  });
});
