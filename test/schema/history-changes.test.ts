// History in a readable form (issue #23): each entry's `changes`, field by field, with values as they are and
// enum values as the schema names them; the JSON-encoded `before`/`after` keep working, deprecated. Reverting
// an English draft's change goes through CONFLICT like any edit.
import { beforeAll, describe, expect, it } from "vitest";
import { useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();
let editor: Record<string, string> = {};
beforeAll(async () => {
  editor = bearer(await createToken(seeded.db, { role: "editor", name: "history-changes-ed" }));
});

async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = editor) {
  const response = await seeded.server.yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: any }[] };
}

const UPDATE = `mutation ($input: UpdateStatusCodeInput!) { updateStatusCode(input: $input) { revision contentVersion } }`;
const HISTORY = `query ($unit: String!, $locale: String) { history(unit: $unit, locale: $locale, first: 20) {
  edges { node { id field locale draft before after changes { field before after } } } } }`;
type Entry = {
  id: number;
  field: string;
  locale: string | null;
  draft: boolean;
  before: string | null;
  after: string | null;
  changes: { field: string; before: unknown; after: unknown }[];
};
const entries = async (unit: string, locale?: string): Promise<Entry[]> =>
  (await post(HISTORY, { unit, locale })).data.history.edges.map((e: { node: Entry }) => e.node);
const revisionOf = async (code: number): Promise<number> =>
  (await post(`{ statusCode(code: ${code}) { revision } }`)).data.statusCode.revision;

describe("history's changes", () => {
  it("shows a fact's and a text's change with readable values: the schema's enum value, a string as a string", async () => {
    const before = (await post("{ statusCode(code: 429) { summary retry } }")).data.statusCode;
    const updated = await post(UPDATE, {
      input: { code: 429, expectedRevision: await revisionOf(429), retry: "NO", summary: "Rate limit reached." },
    });
    expect(updated.errors).toBeUndefined();
    const [first, second] = await entries("code.429");
    const byField = new Map([first!, second!].map((e) => [e.changes[0]!.field, e]));
    expect(byField.get("retry")!.changes).toEqual([{ field: "retry", before: before.retry, after: "NO" }]);
    expect(before.retry).toBe("AFTER_DELAY");
    expect(byField.get("summary")!.changes).toEqual([
      { field: "summary", before: before.summary, after: "Rate limit reached." },
    ]);
    // The deprecated fields still answer as before: JSON text, stored values.
    expect(byField.get("retry")!.before).toBe('"after-delay"');
    expect(byField.get("summary")!.after).toBe(JSON.stringify("Rate limit reached."));
  });

  it("shows a whole record created (an English draft) as one change per field, marked as a draft", async () => {
    const published = (await post("{ statusCode(code: 431) { title summary } }")).data.statusCode;
    const saved = await post(UPDATE, {
      input: { code: 431, expectedRevision: await revisionOf(431), draft: true, summary: "Drafted 431." },
    });
    expect(saved.errors).toBeUndefined();
    const [created] = await entries("code.431", "en");
    expect(created).toMatchObject({ field: "draft.*", locale: "en", draft: true });
    const changes = new Map(created!.changes.map((c) => [c.field, c]));
    expect(changes.get("summary")).toEqual({ field: "summary", before: null, after: "Drafted 431." });
    expect(changes.get("title")).toEqual({ field: "title", before: null, after: published.title });
    expect([...changes.keys()]).not.toContain("file");
    expect([...changes.keys()]).not.toContain("code");
  });
});

describe("reverting an English draft's change", () => {
  it("is refused with CONFLICT on a stale revision, and puts the draft's field back on the current one, publishing nothing", async () => {
    const version = (await post("{ contentVersion }")).data.contentVersion as number;
    const first = await post(UPDATE, {
      input: { code: 413, expectedRevision: await revisionOf(413), draft: true, summary: "First draft of 413." },
    });
    expect(first.errors).toBeUndefined();
    const second = await post(UPDATE, {
      input: {
        code: 413,
        expectedRevision: first.data.updateStatusCode.revision,
        draft: true,
        summary: "Second draft of 413.",
      },
    });
    expect(second.errors).toBeUndefined();
    const [latest] = await entries("code.413", "en");
    expect(latest).toMatchObject({
      field: "draft.summary",
      draft: true,
      changes: [{ field: "summary", before: "First draft of 413.", after: "Second draft of 413." }],
    });
    const REVERT = `mutation ($input: RevertInput!) { revert(input: $input) { record revision contentVersion } }`;
    const stale = await post(REVERT, {
      input: { entryId: latest!.id, expectedRevision: first.data.updateStatusCode.revision },
    });
    expect(stale.errors![0]!.extensions).toMatchObject({
      code: "CONFLICT",
      currentRevision: second.data.updateStatusCode.revision,
      current: { draft: true, summary: "Second draft of 413." },
    });
    expect(stale.errors![0]!.extensions.diff).toEqual([
      { field: "summary", current: "Second draft of 413.", yours: "First draft of 413." },
    ]);
    const reverted = await post(REVERT, {
      input: { entryId: latest!.id, expectedRevision: second.data.updateStatusCode.revision },
    });
    expect(reverted.errors).toBeUndefined();
    expect(reverted.data.revert).toEqual({
      record: "code.413",
      revision: second.data.updateStatusCode.revision + 1,
      contentVersion: version,
    });
    expect((await post("{ statusCode(code: 413, preview: true) { summary } }")).data.statusCode.summary).toBe(
      "First draft of 413.",
    );
    expect((await post("{ statusCode(code: 413) { summary } }", {}, {})).data.statusCode.summary).not.toContain(
      "draft of 413",
    );
  });

  it("puts back a draft's facts: reverting the change that drafted a fact leaves the draft's text and the published fact", async () => {
    const published = (await post("{ statusCode(code: 414) { cacheable } }", {}, {})).data.statusCode
      .cacheable as boolean;
    const first = await post(UPDATE, {
      input: { code: 414, expectedRevision: await revisionOf(414), draft: true, summary: "Drafted 414." },
    });
    const second = await post(UPDATE, {
      input: { code: 414, expectedRevision: first.data.updateStatusCode.revision, draft: true, cacheable: !published },
    });
    expect(second.errors).toBeUndefined();
    const [latest] = await entries("code.414", "en");
    expect(latest).toMatchObject({
      field: "draft.facts",
      draft: true,
      changes: [{ field: "cacheable", before: null, after: !published }],
    });
    const reverted = await post(`mutation ($input: RevertInput!) { revert(input: $input) { revision } }`, {
      input: { entryId: latest!.id, expectedRevision: second.data.updateStatusCode.revision },
    });
    expect(reverted.errors).toBeUndefined();
    const preview = (await post("{ statusCode(code: 414, preview: true) { summary cacheable englishDraft } }")).data
      .statusCode;
    expect(preview).toEqual({ summary: "Drafted 414.", cacheable: published, englishDraft: true });
  });
});
