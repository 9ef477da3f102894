import { describe, expect, it } from "vitest";
import { fieldId, textUnitId, unitId } from "../../src/content/units.ts";

describe("unit ids", () => {
  it("formats and parses every kind of text unit id through one definition", () => {
    for (const key of [
      { kind: "code", code: 404 },
      { kind: "comparison", a: 401, b: 403 },
      { kind: "message", key: "heading.description" },
    ] as const) {
      expect(textUnitId.parse(textUnitId.format(key))).toEqual(key);
    }
    expect(textUnitId.format({ kind: "comparison", a: 401, b: 403 })).toBe("comparison.401-vs-403");
  });

  it("refuses what is not a unit id", () => {
    for (const id of ["code.4044", "code:404", "comparison.401-403", "message.", "404", ""])
      expect(textUnitId.parse(id), id).toBeNull();
  });

  it("names a translation by its text and locale, whatever the record kind", () => {
    expect(unitId.translation({ code: 404, locale: "vi" } as never)).toBe("code.404:vi");
    expect(unitId.translation({ codeA: 401, codeB: 403, locale: "vi" } as never)).toBe("comparison.401-vs-403:vi");
    expect(unitId.translation({ key: "heading.description", locale: "vi" } as never)).toBe(
      "message.heading.description:vi",
    );
  });

  it("splits a field id at its first #, keeping dotted field paths whole", () => {
    expect(fieldId.parse(fieldId.format("comparison.401-vs-403", "differences.2"))).toEqual({
      unitId: "comparison.401-vs-403",
      field: "differences.2",
    });
    expect(fieldId.parse("code.404")).toBeNull();
  });
});
