import { describe, expect, it } from "vitest";
import type { GlossaryEntry } from "../../src/content/format.ts";
import { describeEntry, forbiddenVariants, icuLiteralText, termsIn } from "../../src/content/glossary.ts";

const entries: GlossaryEntry[] = [
  { term: "server", use: "server", avoid: ["máy chủ"] },
  { term: "resource", use: "tài nguyên", avoid: ["resource"] },
  { term: "(tone marks) -oa", use: "hoá", avoid: ["hóa"] },
];

describe("forbiddenVariants", () => {
  it("finds every forbidden variant with its line, whatever its case", () => {
    const text = "Máy chủ trả 404.\nResource này không có trên máy chủ.";
    expect(forbiddenVariants(text, entries)).toEqual([
      { variant: "Máy chủ", use: "server", term: "server", line: 1 },
      { variant: "Resource", use: "tài nguyên", term: "resource", line: 2 },
      { variant: "máy chủ", use: "server", term: "server", line: 2 },
    ]);
  });

  it("matches whole words only, so a syllable inside another word or a header name is not a hit", () => {
    expect(forbiddenVariants("Tài nguyên bị khóa; xem DAV:resource-id và header Resource-Policy.", entries)).toEqual(
      [],
    );
    expect(forbiddenVariants("Dữ liệu đã mã hóa.", entries).map((h) => h.variant)).toEqual(["hóa"]);
  });

  it("leaves code alone: fenced blocks, inline code and link targets keep their English", () => {
    const text =
      'Xem `resource` và [tài liệu](https://example.com/resource).\n\n```json\n{"resource": 1}\n```\nresource';
    expect(forbiddenVariants(text, entries)).toEqual([
      { variant: "resource", use: "tài nguyên", term: "resource", line: 6 },
    ]);
  });
});

describe("forbiddenVariants in examples, templates and allowed phrases", () => {
  const lock: GlossaryEntry = { term: "lock", use: "khoá", avoid: ["lock", "khóa"], allow: ["LOCK", "UNLOCK"] };
  const retry: GlossaryEntry = { term: "retry", use: "thử lại", avoid: ["retry"], allow: ["tự động retry"] };

  it("checks comments in fenced examples as prose, and leaves the code on their lines alone", () => {
    const text =
      "Ví dụ:\n\n```js\nform.reset(); // trình duyệt sẽ không tự khóa form\nconst lock = 1;\n```\n\n```bash\ncurl --retry 3 https://x.example/#lock  # retry ba lần\n```";
    expect(forbiddenVariants(text, [lock, retry])).toEqual([
      { variant: "khóa", use: "khoá", term: "lock", line: 4 },
      { variant: "retry", use: "thử lại", term: "retry", line: 9 },
    ]);
    // A fence in a language whose comments we do not know stays code, and so does an http example.
    expect(forbiddenVariants("```http\nLOCK /doc HTTP/1.1\n# lock\n```", [lock])).toEqual([]);
  });

  it("keeps a variant inside an allowed phrase, matched with its exact case", () => {
    expect(
      forbiddenVariants("Một request LOCK đụng độ với lock đang được giữ; UNLOCK nhả nó.", [lock]).map(
        (h) => h.variant,
      ),
    ).toEqual(["lock"]);
    expect(
      forbiddenVariants("Thư viện sẽ tự động retry, còn bạn thì retry bằng tay.", [retry]).map((h) => h.variant),
    ).toEqual(["retry"]);
  });

  it("reads only the words of a message template, not its argument names or select keys", () => {
    const template = "{retry, select, yes {có thể retry} no {{a} không được thử lại} other {không cần}}";
    expect(forbiddenVariants(icuLiteralText(template), [retry]).map((h) => h.variant)).toEqual(["retry"]);
    expect(icuLiteralText(template)).toHaveLength(template.length);
  });
});

describe("termsIn", () => {
  it("lists the entries whose English term a source text mentions, for translators' notes", () => {
    expect(termsIn("The server could not find the requested resource.", entries).map(describeEntry)).toEqual([
      "server → server (not: máy chủ)",
      "resource → tài nguyên (not: resource)",
    ]);
    expect(termsIn("Nothing to see", entries)).toEqual([]);
  });
});
