import { describe, expect, it } from "vitest";
import { matchLocaleTag, negotiateLocale } from "../../src/domain/locale.ts";

describe("negotiateLocale", () => {
  it("picks the best locale we have from Accept-Language", () => {
    expect(negotiateLocale("vi,en;q=0.8", ["en", "vi"], "en")).toBe("vi");
    expect(negotiateLocale("fr;q=1, en;q=0.5", ["en", "vi"], "en")).toBe("en");
  });

  it("matches a regional tag to its base language", () => {
    expect(negotiateLocale("vi-VN", ["en", "vi"], "en")).toBe("vi");
  });

  it("uses the default when nothing matches or no header was sent", () => {
    expect(negotiateLocale("de-DE, fr", ["en", "vi"], "en")).toBe("en");
    expect(negotiateLocale(null, ["en", "vi"], "en")).toBe("en");
  });
});

describe("matchLocaleTag", () => {
  it("finds the locale for a tag in any case, or for a regional form of it", () => {
    expect(matchLocaleTag("vi", ["en", "vi"])).toBe("vi");
    expect(matchLocaleTag("VI", ["en", "vi"])).toBe("vi");
    expect(matchLocaleTag("vi-VN", ["en", "vi"])).toBe("vi");
    expect(matchLocaleTag("en_GB", ["en", "vi"])).toBe("en");
    expect(matchLocaleTag("zh-Hant-TW", ["en", "zh-Hant"])).toBe("zh-Hant");
  });

  it("finds nothing for a language we do not have", () => {
    expect(matchLocaleTag("fr", ["en", "vi"])).toBeNull();
    expect(matchLocaleTag("fr-VI", ["en", "vi"])).toBeNull();
    expect(matchLocaleTag("", ["en", "vi"])).toBeNull();
  });
});
