import { describe, expect, it } from "vitest";
import { changedKeys, purgeKey, responseKeys } from "../../src/content/purge-keys.ts";
import { unitId } from "../../src/content/units.ts";

// Planning ids, spelled as the content's units spell them.
const code = (n: number) => unitId.codeFacts(n);
const codeText = (n: number, locale: string) => unitId.translation({ code: n, locale } as never);
const comparison = (a: number, b: number) => unitId.comparisonPair(a, b);
const comparisonText = (a: number, b: number, locale: string) =>
  unitId.translation({ codeA: a, codeB: b, locale } as never);
const message = (key: string, locale: string) => unitId.translation({ key, locale } as never);

describe("purge keys of a response", () => {
  it("names the codes ascending, then the comparisons, the listing and the catch-all", () => {
    const shown = {
      codes: new Set([410, 200, 404]),
      comparisons: new Set([purgeKey.comparison(410, 404), purgeKey.comparison(200, 201)]),
      listing: true,
    };
    expect(responseKeys(shown)).toEqual([
      "code-200",
      "code-404",
      "code-410",
      "comparison-200-vs-201",
      "comparison-404-vs-410",
      "code-list",
      "content",
    ]);
  });

  it("spells a pair the same whichever order it was asked in", () => {
    expect(purgeKey.comparison(403, 401)).toBe(purgeKey.comparison(401, 403));
    expect(purgeKey.comparison(403, 401)).toBe("comparison-401-vs-403");
  });

  it("gives a response no resolver recorded anything for the catch-all alone", () => {
    expect(responseKeys(undefined)).toEqual(["content"]);
  });
});

describe("purge keys of a published change", () => {
  it("purges a code's key and the listings for a change to its facts or to its text in any locale", () => {
    expect(changedKeys([code(404)])).toEqual(["code-404", "code-list", "translation-progress"]);
    expect(changedKeys([codeText(410, "vi"), codeText(404, "en")])).toEqual([
      "code-404",
      "code-410",
      "code-list",
      "translation-progress",
    ]);
  });

  it("purges only the pair's key for a curated comparison or its text: listings show no comparison", () => {
    expect(changedKeys([comparison(401, 403), comparisonText(401, 403, "vi")])).toEqual([
      "comparison-401-vs-403",
      "translation-progress",
    ]);
  });

  it("purges the catch-all alone for a message or a locale, which reach every page", () => {
    expect(changedKeys([code(404), message("heading.description", "en")])).toEqual(["content"]);
    expect(changedKeys([message("class.4xx", "vi")])).toEqual(["content"]);
    expect(changedKeys([unitId.locale("vi"), comparison(401, 403)])).toEqual(["content"]);
  });

  it("purges nothing for a draft, which readers never see", () => {
    expect(changedKeys([unitId.draft({ code: 404, locale: "vi" } as never)])).toEqual([]);
  });

  it("purges everything for a unit it cannot read (written by a newer release): nothing stale is kept", () => {
    expect(changedKeys([code(404), "widget:7"])).toEqual(["content"]);
  });
});
