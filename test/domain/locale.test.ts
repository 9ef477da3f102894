import { describe, expect, it } from "vitest";
import { negotiateLocale } from "../../src/domain/locale.ts";

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
