import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ContentSet } from "../../src/content/records.ts";
import { sourceTextHash } from "../../src/content/units.ts";
import { checkContent } from "../../src/pipeline/import.ts";
import { formatPlan, hasChanges, planImport } from "../../src/pipeline/plan.ts";
import { FIXTURES_DIR } from "../helpers/database.ts";

const EMPTY: ContentSet = {
  locales: [],
  codes: [],
  codeTranslations: [],
  comparisons: [],
  comparisonTranslations: [],
  messages: [],
};
let content: ContentSet;

beforeAll(async () => {
  const result = await checkContent(path.join(FIXTURES_DIR, "content-min"));
  expect(result.errors).toEqual([]);
  content = result.content;
});

/** A deep copy to edit, so one test's change never leaks into another's. */
const copy = (): ContentSet => structuredClone(content);

describe("planImport", () => {
  it("creates everything into an empty database", () => {
    const plan = planImport(EMPTY, content, { prune: false });
    expect(plan.counts.created).toBe(plan.entries.length);
    expect(plan.counts).toMatchObject({ updated: 0, unchanged: 0, deleted: 0 });
    expect(plan.entries.map((e) => e.unit.kind).indexOf("codeText")).toBeGreaterThan(
      plan.entries.map((e) => e.unit.kind).lastIndexOf("code"),
    );
  });

  it("changes nothing when the files match the database", () => {
    const plan = planImport(content, copy(), { prune: true });
    expect(hasChanges(plan)).toBe(false);
    expect(plan.counts.unchanged).toBe(plan.entries.length);
  });

  it("updates exactly the unit whose file changed", () => {
    const next = copy();
    next.codeTranslations.find((t) => t.code === 410 && t.locale === "en")!.text.summary = "Gone for good.";
    const plan = planImport(content, next, { prune: false });
    expect(plan.entries.filter((e) => e.action === "update").map((e) => e.unit.id)).toEqual(["code.410:en"]);
  });

  it("lists removed files first and deletes them only with prune", () => {
    const next = copy();
    next.comparisonTranslations = next.comparisonTranslations.filter((t) => t.locale !== "vi");
    const kept = planImport(content, next, { prune: false });
    expect(kept.entries[0]).toMatchObject({ action: "delete", unit: { id: "comparison.404-vs-410:vi" } });
    expect(kept.counts).toMatchObject({ deleted: 0, keptWithoutPrune: 1 });
    expect(formatPlan(kept).split("\n").slice(0, 2)).toEqual([
      expect.stringMatching(/comparisons\/vi\/404-vs-410\.md$/),
      "  keep    comparison.404-vs-410:vi  (removed from the files; --prune deletes it)",
    ]);
    const pruned = planImport(content, next, { prune: true });
    expect(pruned.counts).toMatchObject({ deleted: 1, keptWithoutPrune: 0 });
  });

  it("marks the Vietnamese translation outdated when the English source changes", () => {
    const stamped = copy();
    const vi = stamped.codeTranslations.find((t) => t.code === 404 && t.locale === "vi")!;
    const en = stamped.codeTranslations.find((t) => t.code === 404 && t.locale === "en")!;
    vi.sourceHash = sourceTextHash(en);
    const edited = structuredClone(stamped);
    edited.codeTranslations.find((t) => t.code === 404 && t.locale === "en")!.text.howToFix = "Check the link.";
    const plan = planImport(stamped, edited, { prune: false });
    expect(plan.newlyOutdated).toEqual([{ id: "code.404", locale: "vi", file: vi.file }]);
    expect(formatPlan(plan)).toContain("outdated: the vi translation of code.404");
  });

  it("does not report a translation as newly outdated when it was already outdated", () => {
    const before = copy();
    before.codeTranslations.find((t) => t.code === 404 && t.locale === "vi")!.sourceHash = "000000000000";
    const after = structuredClone(before);
    after.codeTranslations.find((t) => t.code === 404 && t.locale === "en")!.text.howToFix = "Check the link.";
    expect(planImport(before, after, { prune: false }).newlyOutdated).toEqual([]);
  });
});
