// A server moves to a new content version by reading what the change log names and laying it over the
// snapshot it has (src/read/delta.ts). The result must be exactly what a full load reads; unchanged parts
// keep their objects; a server that cannot know the delta loads everything, and says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runEdit } from "../../src/editorial/write.ts";
import type { Edit } from "../../src/editorial/edits.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { CHANGE_LOG_VERSIONS, claimNextVersion } from "../../src/pipeline/apply.ts";
import { readContentVersion } from "../../src/db/database.ts";
import { createContentStore, type Snapshot, type SnapshotLoad } from "../../src/read/store.ts";
import type { ContentSet } from "../../src/content/records.ts";
import { copyContent, createTestDatabase, SEEDS_DIR, snapshotContent, type TestDatabase } from "../helpers/database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  expect((await runImport(db, { dir: SEEDS_DIR })).ok).toBe(true);
});
afterAll(async () => {
  await db.close();
});

/** A server's store, with every load it made. */
function follower() {
  const loads: SnapshotLoad[] = [];
  const store = createContentStore(db, { onLoad: (load) => loads.push(load) });
  return { store, loads };
}

/** What a server that loads everything now would serve. */
async function freshSnapshot(): Promise<Snapshot> {
  const store = createContentStore(db);
  try {
    return await store.ready();
  } finally {
    await store.close();
  }
}

/** A content set with every list in one order, so two loads compare by value. */
function ordered(content: ContentSet) {
  const sort = <T>(list: readonly T[]) => [...list].map((item) => JSON.stringify(item)).sort();
  return {
    locales: sort(content.locales),
    codes: sort(content.codes),
    codeTranslations: sort(content.codeTranslations),
    comparisons: sort(content.comparisons),
    comparisonTranslations: sort(content.comparisonTranslations),
    messages: sort(content.messages),
  };
}

/** The delta-moved snapshot serves what a full load of the same version serves: content, revisions and rendering. */
async function expectSameAsFullLoad(moved: Snapshot) {
  const full = await freshSnapshot();
  expect(moved.version).toBe(full.version);
  expect(ordered(moved.content)).toEqual(ordered(full.content));
  expect(new Map([...moved.revisions].sort())).toEqual(new Map([...full.revisions].sort()));
  for (const locale of ["en", "vi"]) {
    // A catalogue is functions: it is compared by what it borrowed here, and by what it renders below (compare()).
    expect([...moved.model.catalogue(locale).fallbackKeys].sort()).toEqual(
      [...full.model.catalogue(locale).fallbackKeys].sort(),
    );
    expect(moved.model.translationUnits(locale)).toEqual(full.model.translationUnits(locale));
    for (const { code } of full.model.codeList)
      expect(moved.model.codeView(code, locale)).toEqual(full.model.codeView(code, locale));
    for (const { codeA, codeB } of full.content.comparisons)
      expect(moved.model.curatedView(codeA, codeB, locale)).toEqual(full.model.curatedView(codeA, codeB, locale));
    expect(moved.model.compare(401, 403, locale)).toEqual(full.model.compare(401, 403, locale));
  }
  expect(moved.model.codeList.map((c) => c.code)).toEqual(full.model.codeList.map((c) => c.code));
}

async function edit(snapshot: Snapshot, change: Edit, record: string) {
  const outcome = await runEdit(db, change, {
    actor: "delta-test",
    expectedRevision: snapshot.model.revision(record) || null,
  });
  expect(outcome).toMatchObject({ ok: true });
}

describe("a server following content versions", () => {
  it("moves by delta through every kind of public change and serves what a full load serves", async () => {
    const { store, loads } = follower();
    let snapshot = await store.ready();
    expect(loads).toMatchObject([{ kind: "full", from: null }]);
    // Render every locale first: a delta that wrongly kept a locale's rendering would show below.
    await expectSameAsFullLoad(snapshot);

    const english = snapshot.content.codeTranslations.find((t) => t.code === 404 && t.locale === "en")!;
    const curated = snapshot.content.comparisonTranslations.find((t) => t.locale === "en")!;
    const message = snapshot.content.messages.find((m) => m.locale === "en")!;
    const steps: [string, () => Promise<void>][] = [
      [
        "a Vietnamese translation saved, reviewed and published",
        async () => {
          await edit(
            snapshot,
            {
              kind: "saveTranslation",
              unitId: "code.410",
              locale: "vi",
              text: { summary: "Tài nguyên đã bị gỡ hẳn khỏi server." },
            },
            "code.410:vi",
          );
          const preview = await store.preview(snapshot, ["vi"]);
          await runEdit(
            db,
            { kind: "publishTranslation", unitId: "code.410", locale: "vi" },
            { actor: "delta-test", expectedRevision: preview.revision("code.410:vi") },
          );
        },
      ],
      [
        "an English text and a fact of one code",
        async () => {
          await edit(
            snapshot,
            { kind: "updateStatusCode", code: 404, facts: {}, text: { summary: `${english.text.summary} (checked)` } },
            "code.404",
          );
        },
      ],
      [
        "a curated comparison added",
        async () => {
          await edit(
            snapshot,
            { kind: "upsertComparison", a: 200, b: 204, text: curated.text },
            "comparison.200-vs-204",
          );
        },
      ],
      [
        "a curated comparison deleted",
        async () => {
          await edit(snapshot, { kind: "deleteComparison", a: 200, b: 204 }, "comparison.200-vs-204");
        },
      ],
      [
        "a message template",
        async () => {
          await edit(
            snapshot,
            { kind: "updateMessage", key: message.key, text: `${message.text} (edited)` },
            `message.${message.key}`,
          );
        },
      ],
    ];
    for (const [name, step] of steps) {
      const before = snapshot.version;
      await step();
      snapshot = await store.ready();
      expect(snapshot.version, name).toBeGreaterThan(before);
      expect(loads.at(-1), name).toMatchObject({ kind: "delta", from: before, to: snapshot.version, missedLog: false });
      expect(snapshot.changesSince(before)?.length, name).toBe(loads.at(-1)!.units);
      await expectSameAsFullLoad(snapshot);
    }
    expect(loads.filter((l) => l.kind === "full")).toHaveLength(1);
    // What changed over all five versions, for a cache that was last filled at the first.
    expect(snapshot.changesSince(loads[0]!.to)).toEqual(
      expect.arrayContaining(["code.410:vi", "code.404:en", "comparison:200-204", `message.${message.key}:en`]),
    );
    expect(snapshot.changesSince(loads[0]!.to - 1)).toBeNull();
    await store.close();
  });

  it("keeps the objects of what a Vietnamese publish did not reach: English renders once", async () => {
    const { store, loads } = follower();
    const before = await store.ready();
    const english = {
      catalogue: before.model.catalogue("en"),
      view: before.model.codeView(200, "en"),
      units: before.model.translationUnits("en"),
    };
    const vi = before.model.codeView(200, "vi");
    await edit(
      before,
      {
        kind: "saveTranslation",
        unitId: "code.200",
        locale: "vi",
        text: { summary: "Yêu cầu đã thành công; nội dung phản hồi là kết quả." },
      },
      "code.200:vi",
    );
    const preview = await store.preview(before, ["vi"]);
    await runEdit(
      db,
      { kind: "publishTranslation", unitId: "code.200", locale: "vi" },
      { actor: "delta-test", expectedRevision: preview.revision("code.200:vi") },
    );
    const after = await store.ready();
    expect(loads.at(-1)?.kind).toBe("delta");
    expect(after.changesSince(before.version)).toEqual(["code.200:vi"]);
    // The same objects, not equal copies: nothing of English was read or rendered again.
    expect(after.model.catalogue("en")).toBe(english.catalogue);
    expect(after.model.codeView(200, "en")).toBe(english.view);
    expect(after.model.translationUnits("en")).toBe(english.units);
    expect(after.content.codes).not.toBe(before.content.codes); // patched lists are new…
    expect(after.content.codes.every((c, i) => c === before.content.codes[i])).toBe(true); // …over the same rows
    // Vietnamese did change, and is rendered anew.
    expect(after.model.codeView(200, "vi")).not.toEqual(vi);
    expect(after.model.codeView(200, "vi")?.text.summary).toBe("Yêu cầu đã thành công; nội dung phản hồi là kết quả.");
    await store.close();
  });

  it("catches up on 1,000 missed versions with one delta of the units they changed", async () => {
    const { store, loads } = follower();
    const before = await store.ready();
    // Another writer commits 1,000 versions while this server is not looking, each logging what it changed.
    await db.write(async (tx) => {
      let version = await readContentVersion(tx);
      for (let i = 1; i <= 1000; i++) {
        version = await claimNextVersion(tx, version);
        await tx.statusCode.update({ where: { code: 418 }, data: { reasonPhrase: `I'm a teapot ${i}` } });
        await tx.contentChange.create({ data: { version, unit: "code:418" } });
      }
    });
    const after = await store.ready();
    expect(after.version).toBe(before.version + 1000);
    expect(loads.slice(1)).toEqual([
      { kind: "delta", from: before.version, to: before.version + 1000, units: 1, missedLog: false },
    ]);
    expect(after.model.codes.get(418)?.reasonPhrase).toBe("I'm a teapot 1000");
    await expectSameAsFullLoad(after);
    await store.close();
  });

  it("loads everything when a version it missed is not in the log, and says so", async () => {
    const { store, loads } = follower();
    const before = await store.ready();
    // A version the log does not hold: written by a release before the log, or pruned past its window.
    await db.write(async (tx) => {
      await claimNextVersion(tx, await readContentVersion(tx));
      await tx.statusCode.update({ where: { code: 418 }, data: { reasonPhrase: "I'm a teapot, unlogged" } });
    });
    await edit(
      await freshSnapshot(),
      { kind: "updateStatusCode", code: 418, facts: {}, text: { title: "Tip me over" } },
      "code.418",
    );
    const after = await store.ready();
    expect(after.version).toBe(before.version + 2);
    // A server on PostgreSQL may have loaded the unlogged version on its own (NOTIFY) and the next by delta.
    expect(loads.slice(1).find((load) => load.kind === "full")).toMatchObject({
      from: before.version,
      missedLog: true,
    });
    expect(store.loads().full).toBe(2);
    await expectSameAsFullLoad(after);
    await store.close();
  });

  it("keeps the log to a window of versions: a write prunes what fell out of it", async () => {
    const snapshot = await freshSnapshot();
    const old = snapshot.version + 1 - CHANGE_LOG_VERSIONS;
    await db.prisma.contentChange.createMany({
      data: [
        { version: old, unit: "code:100" },
        { version: old + 1, unit: "code:100" },
      ],
    });
    await edit(
      snapshot,
      { kind: "updateStatusCode", code: 418, facts: {}, text: { title: "Teapot once more" } },
      "code.418",
    );
    const kept = await db.prisma.contentChange.findMany({ where: { version: { in: [old, old + 1] } } });
    expect(kept.map((row) => row.version)).toEqual([old + 1]);
    await db.prisma.contentChange.deleteMany({ where: { version: old + 1 } });
  });
});

describe("a newer version that cannot be loaded", () => {
  it("leaves readers on the version the server has, says so, and is loaded by a later request", async () => {
    let failing = false;
    const failures: { wanted: number; serving: number }[] = [];
    // The database as the store sees it: its read transactions fail while `failing` (a load past its timeout).
    const flaky = new Proxy(db, {
      get: (target, key, receiver) =>
        key === "readSnapshot"
          ? (read: Parameters<TestDatabase["readSnapshot"]>[0]) =>
              failing ? Promise.reject(new Error("Transaction already closed: timeout")) : target.readSnapshot(read)
          : Reflect.get(target, key, receiver),
    });
    const store = createContentStore(flaky, {
      onLoadFailed: ({ wanted, serving }) => failures.push({ wanted, serving }),
    });
    const before = await store.snapshot();
    // Failing from before the commit: PostgreSQL's watch starts loading the moment it hears of it.
    failing = true;
    await db.write(async (tx) => {
      const version = await claimNextVersion(tx, await readContentVersion(tx));
      await tx.statusCode.update({ where: { code: 418 }, data: { reasonPhrase: "I'm a teapot, unloaded" } });
      await tx.contentChange.create({ data: { version, unit: "code:418" } });
    });
    // The watch may learn of the new version a moment after the commit: ask until it has.
    for (let i = 0; i < 50 && failures.length === 0; i++) {
      expect((await store.snapshot()).version).toBe(before.version);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(failures).toEqual([{ wanted: before.version + 1, serving: before.version }]);
    failing = false;
    const after = await store.snapshot();
    expect(after.version).toBe(before.version + 1);
    expect(after.model.codes.get(418)?.reasonPhrase).toBe("I'm a teapot, unloaded");
    await store.close();
  });
});

describe("a preview", () => {
  it("renders again only the locales whose chains pass through a previewed one: English keeps the snapshot's objects", async () => {
    const { store } = follower();
    const snapshot = await store.ready();
    await edit(
      snapshot,
      { kind: "saveTranslation", unitId: "code.201", locale: "vi", text: { summary: "Bản nháp cho 201" } },
      "code.201:vi",
    );
    const english = snapshot.model.codeView(201, "en");
    const preview = await store.preview(snapshot, ["vi"]);
    expect(preview.codeView(201, "en")).toBe(english);
    expect(preview.catalogue("en")).toBe(snapshot.model.catalogue("en"));
    expect(preview.codeView(201, "vi")?.text.summary).toBe("Bản nháp cho 201");
    expect(snapshot.model.codeView(201, "vi")?.text.summary).not.toBe("Bản nháp cho 201");
    await store.close();
  });
});

describe("a write killed before it commits", () => {
  it("leaves the version, the change log and the content as they were, and servers keep serving them", async () => {
    const { store, loads } = follower();
    const before = await store.ready();
    const rows = await snapshotContent(db.prisma);
    const logged = await db.prisma.contentChange.count();
    const dir = copyContent();
    try {
      const file = path.join(dir, "codes/en/404.md");
      writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, "title: Killed before commit"));
      const child = spawn(
        process.execPath,
        ["--import", "tsx", path.resolve(import.meta.dirname, "../helpers/write-child.ts"), db.url, dir],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("IN_TRANSACTION") && resolve());
        child.on("exit", (code) => reject(new Error(`the writer exited (${code}) before reaching its transaction`)));
      });
      child.kill("SIGKILL");
      await new Promise((resolve) => child.on("exit", resolve));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await db.prisma.contentChange.count()).toBe(logged);
    expect(await snapshotContent(db.prisma)).toEqual(rows);
    const after = await store.ready();
    expect(after).toBe(before);
    expect(after.model.codeView(404, "en")?.text.title).not.toBe("Killed before commit");
    // The next write goes through, and the server follows it by delta as before.
    await edit(
      after,
      { kind: "updateStatusCode", code: 418, facts: {}, text: { title: "After the crash" } },
      "code.418",
    );
    expect((await store.ready()).model.codeView(418, "en")?.text.title).toBe("After the crash");
    expect(loads.at(-1)?.kind).toBe("delta");
    await store.close();
  });
});
