import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runImport } from "../../src/pipeline/import.ts";
import { useImportedCopy } from "../helpers/database.ts";
import { createTestServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useImportedCopy();
let server: ReturnType<typeof createTestServer>;
let asTranslator: Record<string, string>;

beforeEach(async () => {
  server = createTestServer(seeded.db);
  asTranslator = bearer(await createToken(seeded.db, { role: "translator", locales: ["vi"] }));
});
afterEach(() => {
  server.close();
});

function editFile(relative: string, from: RegExp, to: string): void {
  const file = path.join(seeded.dir, relative);
  const text = readFileSync(file, "utf8");
  if (!from.test(text)) throw new Error(`${relative} does not match ${from}`);
  writeFileSync(file, text.replace(from, to));
}

const PROGRESS = `query($locale: String!) { translationProgress(locale: $locale) {
  locale total percent counts { missing outdated draft reviewed published }
  byKind { kind total percent counts { published outdated } } } }`;
const TASK = `fragment Task on TranslationTask { id unit kind state file sourceHash translatedFromHash sourceDiff fields { name source translation previousSource } }`;
const TASKS = `query($locale: String!, $state: TranslationState) { translationTasks(locale: $locale, state: $state, first: 20) {
  totalCount edges { node { ...Task } } } } ${TASK}`;
/** The task with this global id, fetched again the way a normalized client cache refetches it. */
const NODE = `query($id: ID!) { node(id: $id) { ...Task } } ${TASK}`;

describe("translation progress", () => {
  it("shows the Vietnamese edition complete, per kind", async () => {
    const { data, errors } = await server.query(PROGRESS, { locale: "vi" });
    expect(errors).toBeUndefined();
    const p = data!.translationProgress;
    expect(p).toMatchObject({ locale: "vi", percent: 100, counts: { missing: 0, outdated: 0, draft: 0, reviewed: 0 } });
    expect(p.counts.published).toBe(p.total);
    expect(p.byKind.map((k: any) => [k.kind, k.total])).toEqual([
      ["CODE", 70],
      ["COMPARISON", 10],
      ["MESSAGE", p.total - 80],
    ]);
  });

  it("refuses the source locale and unknown locales", async () => {
    expect((await server.query(PROGRESS, { locale: "en" })).errors![0]!.extensions!.code).toBe("VALIDATION");
    expect((await server.query(PROGRESS, { locale: "de" })).errors![0]!.extensions!.code).toBe("UNKNOWN_LOCALE");
  });
});

describe("translation tasks", () => {
  it("are for translators of that locale only: anonymous is asked for a token, a translator of another locale is refused", async () => {
    const { data, errors } = await server.query(TASKS, { locale: "vi" });
    expect(data).toBeNull();
    expect(errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    const wrongToken = await server.query(TASKS, { locale: "vi" }, { authorization: "Bearer not-the-token-000000000" });
    expect(wrongToken.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    const elsewhere = await server.query(
      TASKS,
      { locale: "vi" },
      bearer(await createToken(seeded.db, { role: "translator", locales: ["fr"] })),
    );
    expect(elsewhere.errors![0]).toMatchObject({
      extensions: { code: "FORBIDDEN" },
      message: expect.stringContaining("needs translate permission for locale vi"),
    });
  });

  it("marks the Vietnamese translation outdated when the English source changes, and shows what changed", async () => {
    editFile("codes/en/404.md", /^howToFix:.*$/m, 'howToFix: "Check the link for typos, then ask the site owner."');
    const report = await runImport(seeded.db, { dir: seeded.dir });
    expect(report.ok && report.plan.newlyOutdated.map((o) => o.id)).toEqual(["code.404"]);

    const { data, errors } = await server.query(TASKS, { locale: "vi", state: "OUTDATED" }, asTranslator);
    expect(errors).toBeUndefined();
    expect(data!.translationTasks.totalCount).toBe(1);
    const task = data!.translationTasks.edges[0].node;
    expect(task).toMatchObject({
      unit: "code.404",
      kind: "CODE",
      state: "OUTDATED",
      file: expect.stringMatching(/codes\/vi\/404\.md$/),
    });
    expect(task.translatedFromHash).not.toBe(task.sourceHash);
    const howToFix = task.fields.find((f: any) => f.name === "howToFix");
    expect(howToFix.source).toBe("Check the link for typos, then ask the site owner.");
    expect(howToFix.previousSource).toMatch(/path, host/);
    expect(howToFix.translation).toMatch(/Kiểm tra/);
    expect(task.fields.find((f: any) => f.name === "title").previousSource).toBeNull();
    expect(task.sourceDiff).toContain("+Check the link for typos, then ask the site owner.");
    expect(task.sourceDiff).toMatch(/^-.*path, host/m);
    // Refetched by its id, the task is the same, down to the English it was translated from.
    expect(await server.query(NODE, { id: task.id }, asTranslator)).toEqual({ data: { node: task } });

    const progress = await server.query(PROGRESS, { locale: "vi" });
    expect(progress.data!.translationProgress.counts.outdated).toBe(1);
    // An outdated but published translation is still served: stale Vietnamese beats none.
    const served = await server.query(`{ statusCode(code: 404, locale: "vi") { translationState fallbackFields } }`);
    expect(served.data!.statusCode).toEqual({ translationState: "OUTDATED", fallbackFields: [] });
  });

  it("never serves a draft to readers, but lists it for translators", async () => {
    editFile("codes/vi/410.md", /^state: published$/m, "state: draft");
    expect((await runImport(seeded.db, { dir: seeded.dir })).ok).toBe(true);
    const { data } = await server.query(
      `{ statusCode(code: 410, locale: "vi") { title description fallbackFields translationState } }`,
    );
    expect(data!.statusCode.translationState).toBe("DRAFT");
    expect(data!.statusCode.fallbackFields).toEqual([
      "title",
      "summary",
      "description",
      "whenYouSeeIt",
      "howToFix",
      "useWhen",
      "body",
    ]);
    expect(data!.statusCode.description).toMatch(/^The /);
    const tasks = await server.query(TASKS, { locale: "vi", state: "DRAFT" }, asTranslator);
    const [draft] = tasks.data!.translationTasks.edges.map((e: any) => e.node);
    expect(draft.unit).toBe("code.410");
    // node(id:) reads the task from the translators' preview too, and leaves the rest of the request published.
    const refetched = await server.query(
      `query($id: ID!) { node(id: $id) { ...Task } statusCode(code: 410, locale: "vi") { fallbackFields } } ${TASK}`,
      { id: draft.id },
      asTranslator,
    );
    expect(refetched).toEqual({
      data: { node: draft, statusCode: { fallbackFields: data!.statusCode.fallbackFields } },
    });
    const compared = await server.query(`{ compare(a: 404, b: 410, locale: "vi") { fallbackFields } }`);
    expect(compared.data!.compare.fallbackFields).toEqual(expect.arrayContaining(["b.title", "b.description"]));
  });

  it("lists a missing translation with its English and where it should go", async () => {
    rmSync(path.join(seeded.dir, "codes/vi/418.md"));
    expect((await runImport(seeded.db, { dir: seeded.dir, prune: true })).ok).toBe(true);
    const { data } = await server.query(TASKS, { locale: "vi", state: "MISSING" }, asTranslator);
    const task = data!.translationTasks.edges[0].node;
    expect(task).toMatchObject({
      unit: "code.418",
      state: "MISSING",
      file: expect.stringMatching(/codes\/vi\/418\.md$/),
      translatedFromHash: null,
    });
    expect(task.fields.every((f: any) => f.translation === null && f.source.length > 0)).toBe(true);
  });

  it("gives the same unit different ids in two locales, each refetching its own locale's task", async () => {
    editFile("locales.yaml", /$/, "- code: fr\n  name: French\n  nativeName: Français\n  fallback: en\n");
    expect((await runImport(seeded.db, { dir: seeded.dir })).ok).toBe(true);
    const asAdmin = bearer(await createToken(seeded.db, { role: "admin" }));
    const taskIn = async (locale: string, state: string) => {
      const { data, errors } = await server.query(TASKS, { locale, state }, asAdmin);
      expect(errors).toBeUndefined();
      return data!.translationTasks.edges.map((e: any) => e.node).find((t: any) => t.unit === "code.100");
    };
    const vi = await taskIn("vi", "PUBLISHED");
    const fr = await taskIn("fr", "MISSING");
    expect(vi.id).not.toBe(fr.id);
    const { data } = await server.query(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ...Task } } ${TASK}`,
      { ids: [vi.id, fr.id] },
      asAdmin,
    );
    expect(data!.nodes).toEqual([vi, fr]);
  });
});
