import { describe, expect, it } from "vitest";
import type { LocaleRecord } from "../../src/content/records.ts";
import { fallbackChain, resolveFallback } from "../../src/domain/fallback.ts";

const locales = new Map<string, LocaleRecord>([
  ["en", { code: "en", name: "English", nativeName: "English", fallback: null, position: 0 }],
  ["vi", { code: "vi", name: "Vietnamese", nativeName: "Tiếng Việt", fallback: "en", position: 1 }],
  ["vi-x", { code: "vi-x", name: "Dialect", nativeName: "X", fallback: "vi", position: 2 }],
]);

describe("fallbackChain", () => {
  it("follows fallbacks to the end", () => {
    expect(fallbackChain("vi-x", locales)).toEqual(["vi-x", "vi", "en"]);
    expect(fallbackChain("en", locales)).toEqual(["en"]);
  });
});

describe("resolveFallback", () => {
  type Row = { title: string; body: string; state: "published" | "draft" };
  const published = (state: Row["state"]) => state === "published";

  it("takes each field from the first servable locale that has it and lists the borrowed fields", () => {
    const rows = new Map<string, Row>([
      ["vi", { title: "Không tìm thấy", body: "", state: "published" }],
      ["en", { title: "Not Found", body: "English body", state: "published" }],
    ]);
    const result = resolveFallback(["vi", "en"], rows, ["title", "body"] as const, (r) => published(r.state));
    expect(result.values).toEqual({ title: "Không tìm thấy", body: "English body" });
    expect(result.fallbackFields).toEqual(["body"]);
    expect(result.servedFrom).toEqual({ title: "vi", body: "en" });
  });

  it("never serves a draft: the whole record falls back", () => {
    const rows = new Map<string, Row>([
      ["vi", { title: "Bản nháp", body: "Nháp", state: "draft" }],
      ["en", { title: "Not Found", body: "English", state: "published" }],
    ]);
    const result = resolveFallback(["vi", "en"], rows, ["title", "body"] as const, (r) => published(r.state));
    expect(result.values).toEqual({ title: "Not Found", body: "English" });
    expect(result.fallbackFields).toEqual(["title", "body"]);
  });
});
