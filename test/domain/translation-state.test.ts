import { describe, expect, it } from "vitest";
import { isServable, percentDone, translationState } from "../../src/domain/translation-state.ts";

describe("translationState", () => {
  it("is MISSING without a translation", () => {
    expect(translationState(undefined, "aaaaaaaaaaaa")).toBe("MISSING");
  });

  it("is OUTDATED when the translation was made from other English, whatever its editorial state", () => {
    expect(translationState({ state: "published", sourceHash: "bbbbbbbbbbbb" }, "aaaaaaaaaaaa")).toBe("OUTDATED");
    expect(translationState({ state: "draft", sourceHash: null }, "aaaaaaaaaaaa")).toBe("OUTDATED");
  });

  it("is the editorial state when the translation is up to date", () => {
    expect(translationState({ state: "draft", sourceHash: "aaaaaaaaaaaa" }, "aaaaaaaaaaaa")).toBe("DRAFT");
    expect(translationState({ state: "reviewed", sourceHash: "aaaaaaaaaaaa" }, "aaaaaaaaaaaa")).toBe("REVIEWED");
    expect(translationState({ state: "published", sourceHash: "aaaaaaaaaaaa" }, "aaaaaaaaaaaa")).toBe("PUBLISHED");
  });
});

describe("isServable", () => {
  it("serves only published text", () => {
    expect(isServable({ state: "published" })).toBe(true);
    expect(isServable({ state: "reviewed" })).toBe(false);
    expect(isServable({ state: "draft" })).toBe(false);
  });
});

describe("percentDone", () => {
  it("counts published units over all units, rounded down", () => {
    expect(percentDone({ MISSING: 1, OUTDATED: 1, DRAFT: 0, REVIEWED: 0, PUBLISHED: 1 })).toBe(33.3);
    expect(percentDone({ MISSING: 0, OUTDATED: 0, DRAFT: 0, REVIEWED: 0, PUBLISHED: 0 })).toBe(100);
  });
});
