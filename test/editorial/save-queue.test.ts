// Translators' draft saves that arrive together are written together (src/editorial/save-queue.ts): one
// write transaction for many saves, and yet each save gets the outcome it would have had alone: its own
// revision, its own CONFLICT or VALIDATION, its own author in the history, and no lost update.
import type { RequestListener } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { loadTermbases } from "../../src/pipeline/termbase.ts";
import { createContentStore } from "../../src/read/store.ts";
import { createEditorialSession, type EditorialSession } from "../../src/editorial/session.ts";
import { SEEDS_DIR } from "../helpers/database.ts";
import { useSeededServer } from "../helpers/graphql.ts";
import { listenOnLoopback } from "../helpers/loopback.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();
let session: EditorialSession;
beforeAll(async () => {
  session = createEditorialSession(createContentStore(seeded.db), (await loadTermbases(SEEDS_DIR, ["vi"])).glossaries);
});

const CODES = [200, 201, 202, 204, 301, 302, 400, 401, 403, 404];

/** The revision of a code's vi translation, as an edit reads it (1 for a record never edited). */
const revisionOf = async (code: number) =>
  (await seeded.db.prisma.revision.findUnique({ where: { record: `code.${code}:vi` } }))?.revision ?? 1;

const save = (code: number, summary: string, expectedRevision: number, actor = `translator-${code}`) =>
  session.run(
    { kind: "saveTranslation", unitId: `code.${code}`, locale: "vi", text: { summary } },
    actor,
    expectedRevision,
  );

/** The summary of a code's vi draft as stored. */
const draftSummary = async (code: number) => {
  const draft = await seeded.db.prisma.translationDraft.findUnique({
    where: { unit_locale: { unit: `code.${code}`, locale: "vi" } },
  });
  return JSON.parse(draft!.text).summary as string;
};

/** Draft write transactions since `from`: each claims its locale's draft state once (src/pipeline/apply.ts). */
const writesSince = (from: number) =>
  seeded.db.statements.slice(from).filter((sql) => /INSERT INTO\s+\S*DraftState/i.test(sql)).length;

describe("draft saves arriving together", () => {
  it("are written in fewer transactions than saves, each with its own revision, author and text", async () => {
    const before = new Map(await Promise.all(CODES.map(async (code) => [code, await revisionOf(code)] as const)));
    const from = seeded.db.statements.length;
    const outcomes = await Promise.all(CODES.map((code) => save(code, `Bản nháp chung ${code}`, before.get(code)!)));
    for (const [i, code] of CODES.entries())
      expect(outcomes[i], String(code)).toMatchObject({ ok: true, changed: true, revision: before.get(code)! + 1 });
    // Alone, each save is a write transaction of its own: together they take fewer.
    expect(writesSince(from)).toBeLessThan(CODES.length);
    for (const code of CODES) {
      expect(await draftSummary(code)).toBe(`Bản nháp chung ${code}`);
      const history = await seeded.db.prisma.historyEntry.findFirst({
        where: { unit: `code.${code}`, locale: "vi" },
        orderBy: { id: "desc" },
      });
      expect(history!.actor).toBe(`translator-${code}`);
    }
  });

  it("gives a stale save its CONFLICT and a bad one its VALIDATION, and writes the others", async () => {
    const [a, b, c, d] = CODES;
    const revisions = await Promise.all([a!, b!, c!, d!].map(revisionOf));
    const outcomes = await Promise.all([
      save(a!, "Bản nháp hợp lệ A", revisions[0]!),
      save(b!, "Bản nháp cũ", revisions[1]! - 1),
      // A summary is one line of plain text: the importer refuses this one, so the save alone would be refused.
      save(c!, "x".repeat(100_000), revisions[2]!),
      save(d!, "Bản nháp hợp lệ D", revisions[3]!),
    ]);
    expect(outcomes[0]).toMatchObject({ ok: true, revision: revisions[0]! + 1 });
    expect(outcomes[1]).toMatchObject({ ok: false, code: "CONFLICT", currentRevision: revisions[1] });
    expect(outcomes[2]).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(outcomes[3]).toMatchObject({ ok: true, revision: revisions[3]! + 1 });
    expect(await revisionOf(b!)).toBe(revisions[1]);
    expect(await revisionOf(c!)).toBe(revisions[2]);
  });

  it("orders two saves of one record as it would alone: the second, sent with the same revision, is a CONFLICT, never a lost update", async () => {
    const [code] = CODES;
    const revision = await revisionOf(code!);
    const burst = await Promise.all([
      save(code!, "Lần một", revision),
      save(code!, "Lần hai", revision),
      ...CODES.slice(1, 5).map(async (other) => save(other, `Bên cạnh ${other}`, await revisionOf(other))),
    ]);
    expect(burst[0]).toMatchObject({ ok: true, revision: revision + 1 });
    expect(burst[1]).toMatchObject({ ok: false, code: "CONFLICT", currentRevision: revision + 1 });
    expect(await draftSummary(code!)).toBe("Lần một");
  });

  it("keeps every acknowledged save when a team saves as fast as answers come", async () => {
    const team = CODES.map((code) => ({ code, revision: 0, last: "" }));
    for (const member of team) member.revision = await revisionOf(member.code);
    await Promise.all(
      team.map(async (member) => {
        for (let i = 0; i < 6; i++) {
          const text = `Lượt ${i} của ${member.code}`;
          const outcome = await save(member.code, text, member.revision);
          expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
          if (outcome.ok) member.revision = outcome.revision;
          member.last = text;
        }
      }),
    );
    for (const member of team) {
      expect(await draftSummary(member.code)).toBe(member.last);
      expect(await revisionOf(member.code)).toBe(member.revision);
    }
  });
});

describe("draft saves arriving together over HTTP", () => {
  // A request is read from its socket only when the event loop turns, and on SQLite a whole save can run
  // without one: the queue must wait a turn for the saves already sent, or each would go alone.
  it("are written together, as in process", async () => {
    const token = await createToken(seeded.db, { role: "translator", locales: ["vi"], name: "save-queue-http" });
    const codes = CODES.slice(0, 8);
    // As on a busy server: every request is in its socket before the server reads the first. Each is then
    // handed to the server from its own callback, as Node's HTTP parser hands them, one after another.
    const handle: RequestListener = seeded.server.yoga;
    const arrived: Parameters<RequestListener>[] = [];
    const app = await listenOnLoopback((request, response) => {
      arrived.push([request, response]);
      if (arrived.length === codes.length)
        setTimeout(() => {
          for (const [req, res] of arrived) setImmediate(() => handle(req, res));
        }, 50);
    });
    try {
      const revisions = await Promise.all(codes.map(revisionOf));
      const from = seeded.db.statements.length;
      const answers = await Promise.all(
        codes.map(async (code, i) => {
          const response = await fetch(`${app.origin}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", ...bearer(token) },
            body: JSON.stringify({
              query: `mutation ($input: SaveTranslationInput!) { saveTranslation(input: $input) { translation { revision } } }`,
              variables: {
                input: {
                  unitId: `code.${code}`,
                  locale: "vi",
                  expectedRevision: revisions[i],
                  text: { summary: `Qua HTTP ${code}` },
                },
              },
            }),
          });
          return (await response.json()) as { data?: any; errors?: unknown[] };
        }),
      );
      for (const [i, answer] of answers.entries()) {
        expect(answer.errors, String(codes[i])).toBeUndefined();
        expect(answer.data.saveTranslation.translation.revision).toBe(revisions[i]! + 1);
      }
      expect(writesSince(from)).toBeLessThan(codes.length);
    } finally {
      await app.close();
    }
  });
});

// The queue's own contract, independent of the database: a lone save is not held back.
describe("a save with nothing else running", () => {
  it("is written within a turn of the event loop, alone", async () => {
    const code = CODES[5]!;
    const from = seeded.db.statements.length;
    const outcome = await save(code, "Một mình", await revisionOf(code));
    expect(outcome).toMatchObject({ ok: true });
    expect(writesSince(from)).toBe(1);
  });
});

// Published content is what its version says it is: a save reads its code's facts and texts from the snapshot
// this process holds of the version it reads, and only drafts and revisions from the database.
describe("a save on a server holding the snapshot of the version it reads", () => {
  it("reads no published row from the database, and writes what a save from the database writes", async () => {
    const store = createContentStore(seeded.db);
    await store.ready();
    const served = createEditorialSession(store, (await loadTermbases(SEEDS_DIR, ["vi"])).glossaries);
    const code = CODES[6]!;
    const from = seeded.db.statements.length;
    const outcome = await served.run(
      { kind: "saveTranslation", unitId: `code.${code}`, locale: "vi", text: { summary: "Từ ảnh chụp" } },
      "translator-snapshot",
      await revisionOf(code),
    );
    expect(outcome).toMatchObject({ ok: true, changed: true });
    const published = /FROM\s+[`"]?(main[`"]?\.)?[`"]?(StatusCode|StatusCodeTranslation|RelatedCode|Locale)[`"]?\s/;
    expect(seeded.db.statements.slice(from).filter((sql) => published.test(sql))).toEqual([]);
    expect(await draftSummary(code)).toBe("Từ ảnh chụp");
    await store.close();
  });
});
