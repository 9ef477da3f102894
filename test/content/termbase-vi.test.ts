// The Vietnamese termbase closes each term the content review of issue #26 found written several ways:
// a sentence with the variant is an error, the chosen term and the uses it allows are not.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { GlossaryFile } from "../../src/content/format.ts";
import { forbiddenVariants } from "../../src/content/glossary.ts";
import { SEEDS_DIR } from "../helpers/database.ts";

const entries = GlossaryFile.parse(parse(readFileSync(path.join(SEEDS_DIR, "glossary/vi.yaml"), "utf8")));
const hits = (text: string) => forbiddenVariants(text, entries).map((h) => `${h.variant} → ${h.use}`);

describe("the Vietnamese termbase", () => {
  it.each([
    ["Cloudflare không kết nối được tới origin server.", "origin server → server gốc"],
    ["Origin web server đã từ chối kết nối.", "Origin web server → server gốc"],
    ["Hãy chờ người giữ lock nhả ra.", "lock → khoá"],
    ["Ở phía client, hãy retry trên kết nối mới.", "retry → thử lại"],
    ["Một transforming proxy đã sửa response.", "transforming proxy → proxy biến đổi"],
    ["HTTP/2 được thoả thuận trong lúc bắt tay TLS.", "bắt tay → handshake"],
    ["Nhiều host name nằm trong một certificate.", "certificate → chứng chỉ"],
    ["Body chỉ rõ trường nào sai.", "trường → field"],
    ["Mã này nay đã bị deprecate.", "deprecate → không còn được khuyến nghị dùng"],
    ["Trả 505 khi bạn từ chối phiên bản HTTP chính của request.", "phiên bản HTTP chính → major version"],
    ["Mặc định có thể được cache (độ tươi heuristic).", "độ tươi → freshness"],
    ["Các search engine lớn xử lý 404 và 410 gần như nhau.", "search engine → công cụ tìm kiếm"],
    // The glossary's wording is "mặc định có thể được cache": a 404 may be cached, it is not always cached.
    ["Do 404 mặc định cũng được cache, hãy gửi Cache-Control.", "mặc định cũng được cache → có thể được cache"],
    ["```js\nform.reset(); // trình duyệt sẽ không tự xóa form giúp ta\n```", "xóa → xoá"],
  ])("rules out the variant in %j", (text, hit) => {
    expect(hits(text)).toEqual([hit]);
  });

  it("lets the chosen terms and the uses an entry allows through", () => {
    const text = [
      "Server gốc từ chối kết nối từ Cloudflare; origin của bạn cần cho phép dải IP đó.",
      "Một request LOCK đụng độ với một khoá đang được giữ; hãy thử lại sau khi khoá hết hạn.",
      "Tự động retry: gửi lại y nguyên thì vẫn bị từ chối, vì thư viện sẽ tự retry.",
      "Trong trường hợp này, field nào sai thì body nói rõ; môi trường staging cũng vậy.",
      "Handshake TLS dùng chứng chỉ wildcard; major version của HTTP; thông tin freshness; công cụ tìm kiếm.",
      "Mã 404 mặc định có thể được cache; mã 403 mặc định không được cache.",
    ].join("\n");
    expect(hits(text)).toEqual([]);
  });
});
