import { describe, expect, it } from "vitest";
import { utf8Bytes } from "../../src/http/fast-path/node-answer.ts";

describe("utf8Bytes", () => {
  // Every case is checked against Node's own encoder: the scratch-space path must not change a byte.
  const texts: [string, string][] = [
    ["empty", ""],
    ["ASCII JSON", '{"data":{"compare":{"headline":"HTTP 202 Accepted vs 403 Forbidden"}}}'],
    [
      "Vietnamese (two-byte string, three-byte code points)",
      '{"headline":"So sánh HTTP 202 Accepted và 403 Forbidden: máy chủ đã nhận yêu cầu"}',
    ],
    ["astral code points (surrogate pairs)", "🙂 202 ✓ 403 ✗ 𝄞".repeat(50)],
    ["a lone surrogate, written as U+FFFD", 'a\ud800b"\udc00'],
    ["exactly the scratch space's limit, all three-byte", "ệ".repeat(64 * 1024)],
    ["beyond the scratch space's limit", "ệ".repeat(64 * 1024 + 1)],
  ];
  it.each(texts)("encodes %s as Buffer.from does", (_name, text) => {
    expect(utf8Bytes(text).equals(Buffer.from(text))).toBe(true);
  });

  it("returns bytes of their own: a later call does not change an earlier answer", () => {
    const first = utf8Bytes("Tiếng Việt, lần thứ nhất");
    utf8Bytes("something else, longer than the first answer was");
    expect(first.toString("utf8")).toBe("Tiếng Việt, lần thứ nhất");
  });
});
