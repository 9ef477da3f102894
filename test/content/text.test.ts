import { describe, expect, it } from "vitest";
import { asClause, foldForSearch, nearest } from "../../src/content/text.ts";

describe("asClause", () => {
  it("lower-cases a capitalised first word so the field can continue a sentence", () => {
    expect(asClause("When trying to access a resource.", "en")).toBe("when trying to access a resource.");
    expect(asClause("For async operations.", "en")).toBe("for async operations.");
    expect(asClause("Khi truy cập tài nguyên.", "vi")).toBe("khi truy cập tài nguyên.");
    expect(asClause("Đã xong.", "vi")).toBe("đã xong.");
  });

  it("leaves acronyms, numbers and already lower-case text alone", () => {
    expect(asClause("HTTP/2 servers send it.", "en")).toBe("HTTP/2 servers send it.");
    expect(asClause("TLS handshakes fail.", "en")).toBe("TLS handshakes fail.");
    expect(asClause("404 pages.", "en")).toBe("404 pages.");
    expect(asClause("when already lower.", "en")).toBe("when already lower.");
  });

  it("lower-cases a one-letter first word such as 'A'", () => {
    expect(asClause("A proxy timed out.", "en")).toBe("a proxy timed out.");
  });
});

describe("foldForSearch", () => {
  it("removes Vietnamese diacritics, including đ, and case", () => {
    expect(foldForSearch("Không tìm thấy")).toBe("khong tim thay");
    expect(foldForSearch("Đường dẫn ĐÃ đổi")).toBe("duong dan da doi");
  });
});

describe("nearest", () => {
  it("finds the closest candidate within the distance, and nothing beyond it", () => {
    expect(nearest("dryrun", ["dir", "dry-run", "prune"])).toBe("dry-run");
    expect(nearest("404.MD", ["404.md", "410.md"], 2)).toBe("404.md");
    expect(nearest("frobnicate", ["dir", "dry-run"])).toBeUndefined();
  });
});
