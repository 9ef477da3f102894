// The content is the product: these checks hold the corpus to the IANA registry and the RFCs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CODE_TEXT_FIELDS, classOfCode } from "../../src/content/format.ts";
import type { ContentSet } from "../../src/content/records.ts";
import { translationUnits } from "../../src/domain/translation-units.ts";
import { checkContent } from "../../src/pipeline/import.ts";
import { FIXTURES_DIR, SEEDS_DIR } from "../helpers/database.ts";

/** The IANA HTTP Status Code Registry: reason phrase, defining document and section. */
const IANA: Record<number, [string, string, string]> = {
  100: ["Continue", "RFC 9110", "15.2.1"],
  101: ["Switching Protocols", "RFC 9110", "15.2.2"],
  102: ["Processing", "RFC 2518", "10.1"],
  103: ["Early Hints", "RFC 8297", "2"],
  104: ["Upload Resumption Supported", "draft-ietf-httpbis-resumable-upload-05", "4"],
  200: ["OK", "RFC 9110", "15.3.1"],
  201: ["Created", "RFC 9110", "15.3.2"],
  202: ["Accepted", "RFC 9110", "15.3.3"],
  203: ["Non-Authoritative Information", "RFC 9110", "15.3.4"],
  204: ["No Content", "RFC 9110", "15.3.5"],
  205: ["Reset Content", "RFC 9110", "15.3.6"],
  206: ["Partial Content", "RFC 9110", "15.3.7"],
  207: ["Multi-Status", "RFC 4918", "11.1"],
  208: ["Already Reported", "RFC 5842", "7.1"],
  226: ["IM Used", "RFC 3229", "10.4.1"],
  300: ["Multiple Choices", "RFC 9110", "15.4.1"],
  301: ["Moved Permanently", "RFC 9110", "15.4.2"],
  302: ["Found", "RFC 9110", "15.4.3"],
  303: ["See Other", "RFC 9110", "15.4.4"],
  304: ["Not Modified", "RFC 9110", "15.4.5"],
  305: ["Use Proxy", "RFC 9110", "15.4.6"],
  306: ["Unused", "RFC 9110", "15.4.7"],
  307: ["Temporary Redirect", "RFC 9110", "15.4.8"],
  308: ["Permanent Redirect", "RFC 9110", "15.4.9"],
  400: ["Bad Request", "RFC 9110", "15.5.1"],
  401: ["Unauthorized", "RFC 9110", "15.5.2"],
  402: ["Payment Required", "RFC 9110", "15.5.3"],
  403: ["Forbidden", "RFC 9110", "15.5.4"],
  404: ["Not Found", "RFC 9110", "15.5.5"],
  405: ["Method Not Allowed", "RFC 9110", "15.5.6"],
  406: ["Not Acceptable", "RFC 9110", "15.5.7"],
  407: ["Proxy Authentication Required", "RFC 9110", "15.5.8"],
  408: ["Request Timeout", "RFC 9110", "15.5.9"],
  409: ["Conflict", "RFC 9110", "15.5.10"],
  410: ["Gone", "RFC 9110", "15.5.11"],
  411: ["Length Required", "RFC 9110", "15.5.12"],
  412: ["Precondition Failed", "RFC 9110", "15.5.13"],
  413: ["Content Too Large", "RFC 9110", "15.5.14"],
  414: ["URI Too Long", "RFC 9110", "15.5.15"],
  415: ["Unsupported Media Type", "RFC 9110", "15.5.16"],
  416: ["Range Not Satisfiable", "RFC 9110", "15.5.17"],
  417: ["Expectation Failed", "RFC 9110", "15.5.18"],
  418: ["Unused", "RFC 9110", "15.5.19"],
  421: ["Misdirected Request", "RFC 9110", "15.5.20"],
  422: ["Unprocessable Content", "RFC 9110", "15.5.21"],
  423: ["Locked", "RFC 4918", "11.3"],
  424: ["Failed Dependency", "RFC 4918", "11.4"],
  425: ["Too Early", "RFC 8470", "5.2"],
  426: ["Upgrade Required", "RFC 9110", "15.5.22"],
  428: ["Precondition Required", "RFC 6585", "3"],
  429: ["Too Many Requests", "RFC 6585", "4"],
  431: ["Request Header Fields Too Large", "RFC 6585", "5"],
  451: ["Unavailable For Legal Reasons", "RFC 7725", "3"],
  500: ["Internal Server Error", "RFC 9110", "15.6.1"],
  501: ["Not Implemented", "RFC 9110", "15.6.2"],
  502: ["Bad Gateway", "RFC 9110", "15.6.3"],
  503: ["Service Unavailable", "RFC 9110", "15.6.4"],
  504: ["Gateway Timeout", "RFC 9110", "15.6.5"],
  505: ["HTTP Version Not Supported", "RFC 9110", "15.6.6"],
  506: ["Variant Also Negotiates", "RFC 2295", "8.1"],
  507: ["Insufficient Storage", "RFC 4918", "11.5"],
  508: ["Loop Detected", "RFC 5842", "7.2"],
  510: ["Not Extended", "RFC 2774", "7"],
  511: ["Network Authentication Required", "RFC 6585", "6"],
};
const HEURISTICALLY_CACHEABLE = [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501];
const NO_BODY = [100, 101, 102, 103, 104, 204, 205, 304];

let content: ContentSet;
beforeAll(async () => {
  const result = await checkContent(SEEDS_DIR);
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  content = result.content;
});

const facts = (code: number) => content.codes.find((c) => c.code === code)!;
const text = (code: number, locale = "en") =>
  content.codeTranslations.find((t) => t.code === code && t.locale === locale)!.text;

describe("the English corpus", () => {
  it("has every code of the IANA registry with its reason phrase and defining section", () => {
    for (const [code, [phrase, document, section]] of Object.entries(IANA)) {
      const record = facts(Number(code));
      expect(record, `code ${code}`).toBeDefined();
      expect(record.reasonPhrase, `code ${code}`).toBe(phrase);
      expect(record.spec.document, `code ${code}`).toBe(document);
      if (section) expect(record.spec.section, `code ${code}`).toBe(section);
    }
  });

  it("marks registry status as IANA does, and the rest as unofficial with who uses them", () => {
    expect(facts(104)).toMatchObject({
      registryStatus: "temporary",
      registryExpires: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(facts(306).registryStatus).toBe("unused");
    expect(facts(418).registryStatus).toBe("unused");
    expect(facts(510).registryStatus).toBe("obsolete");
    const unofficial = content.codes.filter((c) => !(c.code in IANA));
    expect(unofficial.map((c) => c.code)).toEqual(expect.arrayContaining([444, 499]));
    for (const c of unofficial)
      expect(c, `code ${c.code}`).toMatchObject({ registryStatus: "unofficial", registryNote: expect.any(String) });
  });

  it("puts every code in the class its first digit names", () => {
    for (const c of content.codes) expect(c.class, `code ${c.code}`).toBe(classOfCode(c.code));
  });

  it("links each RFC-defined code to the section it comes from", () => {
    for (const c of content.codes) {
      const url = new URL(c.spec.url);
      expect(url.protocol, `code ${c.code}`).toBe("https:");
      const rfc = /^RFC (\d+)$/.exec(c.spec.document);
      if (rfc)
        expect(c.spec.url, `code ${c.code}`).toBe(
          `https://www.rfc-editor.org/rfc/rfc${rfc[1]}#section-${c.spec.section}`,
        );
    }
  });

  it("carries the caching and body facts of RFC 9110", () => {
    for (const c of content.codes.filter((c) => c.code in IANA)) {
      expect(c.cacheable, `code ${c.code} cacheable`).toBe(HEURISTICALLY_CACHEABLE.includes(c.code));
      expect(c.hasBody, `code ${c.code} body`).toBe(!NO_BODY.includes(c.code));
    }
    expect(facts(401).auth).toBe("challenge");
    expect(facts(407).auth).toBe("challenge");
    expect(facts(403).auth).toBe("denied");
    expect(facts(429).retry).toBe("after-delay");
    expect(facts(503).retry).toBe("after-delay");
    expect(facts(503).headers).toContain("Retry-After");
    expect(facts(405).headers).toContain("Allow");
    expect(facts(401).headers).toContain("WWW-Authenticate");
    expect(facts(301).headers).toContain("Location");
  });

  it("has no empty required field", () => {
    for (const t of content.codeTranslations) {
      for (const field of CODE_TEXT_FIELDS)
        expect(t.text[field].trim().length, `${t.file} ${field}`).toBeGreaterThan(0);
    }
  });

  it("writes whenYouSeeIt as a phrase that completes 'You encounter N …' and description as a clause", () => {
    for (const t of content.codeTranslations.filter((t) => t.locale === "en")) {
      expect(t.text.whenYouSeeIt, t.file).toMatch(
        /^(When|Whenever|For|After|If|While|During|On|In|Once|Before|Right after|Only)\b/,
      );
      expect(t.text.whenYouSeeIt, t.file).not.toMatch(/^When when\b/i);
      expect(t.text.description, t.file).not.toMatch(/^(This|Indicates|\d)/);
    }
    for (const t of content.codeTranslations.filter((t) => t.locale === "vi")) {
      expect(t.text.whenYouSeeIt, t.file).toMatch(/^(Khi|Với|Sau khi|Nếu|Trong|Lúc|Mỗi khi|Ngay khi|Chỉ)\b/u);
    }
  });

  it("writes useWhen for API designers: when a server sends the code, not what a reader should do", () => {
    for (const t of content.codeTranslations.filter((t) => t.locale === "en")) {
      expect(t.text.useWhen, t.file).toMatch(
        new RegExp(`^(Return|Send|Use|Never send|Do not send|Avoid sending)\\b.*\\b${t.code}\\b`),
      );
      expect(t.text.useWhen, t.file).not.toBe(t.text.howToFix);
    }
    for (const t of content.codeTranslations.filter((t) => t.locale === "vi"))
      expect(t.text.useWhen, t.file).toMatch(/^(Trả|Gửi|Chỉ|Không bao giờ|Đừng|Tránh) /u);
  });

  it("writes 202's and 403's texts afresh: none is the seed page's, which copied RFC 9110 and got 403 wrong", () => {
    const seed = readFileSync(path.join(FIXTURES_DIR, "seed-202-vs-403.txt"), "utf8");
    for (const code of [202, 403]) {
      for (const field of ["description", "whenYouSeeIt", "howToFix"] as const)
        expect(seed, `${code} ${field}`).not.toContain(text(code)[field]);
    }
    // RFC 9110 §15.5.4: the same credentials will not help, but "the client MAY repeat the request with new
    // or different credentials"; the seed said authentication will not help at all.
    expect(text(403).description).not.toMatch(/authentication will not help/i);
    expect(text(403).description).toMatch(/same ones again will not change the answer.*more rights might/);
    // RFC 9110 §15.3.3: the work may still fail or never run, and HTTP cannot report the outcome later.
    expect(text(202).description).toMatch(/may still fail or never run/);
  });

  it("tells 401 from 403 by the credentials everywhere: missing or invalid is 401, valid but refused is 403 (RFC 9110 §15.5.2, §15.5.4)", () => {
    // §15.5.4: a 403's client "MAY repeat the request with new or different credentials", so whether other
    // credentials could change the answer cannot be the test.
    const curated = content.comparisonTranslations.find(
      (c) => c.codeA === 401 && c.codeB === 403 && c.locale === "en",
    )!.text;
    const texts = [
      ...Object.values(text(401)),
      ...Object.values(text(403)),
      curated.summary,
      ...curated.differences,
      curated.whenToUseA,
      curated.whenToUseB,
      curated.body,
    ];
    for (const t of texts) {
      expect(t).not.toMatch(
        /valid credentials could change|different set of credentials could change|does not know who is calling|refusing a known user/i,
      );
    }
    expect(text(401).body).toMatch(/Refusing a request whose credentials are valid is the job of 403/);
    expect(text(401, "vi").body).toMatch(/Từ chối một request có thông tin xác thực hợp lệ là việc của 403/);
    expect(text(403).useWhen).toMatch(
      /credentials are valid but do not grant.*use 401 instead when credentials are missing or invalid/,
    );
    expect(curated.summary).toMatch(
      /401 says the request carries no credentials the server accepts, either none or invalid ones; 403 says the credentials are valid/,
    );
    expect(curated.whenToUseB).toMatch(/^Return 403 when the credentials are valid/);
  });

  it("defines 408 by the wait that ran out, not by closing the connection (RFC 9110 §15.5.9)", () => {
    expect(text(408).description).not.toMatch(/clos(e|ing) the connection/i);
    expect(text(408, "vi").description).not.toMatch(/đóng kết nối/);
    expect(text(408).body).toMatch(/no longer asks/);
  });

  it("titles 520 with Cloudflare's own wording", () => {
    expect(facts(520).reasonPhrase).toBe("Web Server Returns an Unknown Error");
  });

  it("has the curated comparisons people search for", () => {
    const pairs = content.comparisons.map((c) => `${c.codeA}-${c.codeB}`);
    expect(pairs.sort()).toEqual([
      "200-202",
      "200-204",
      "301-308",
      "302-307",
      "400-422",
      "401-403",
      "404-410",
      "429-503",
      "500-502",
      "502-504",
    ]);
  });
});

describe("the Vietnamese edition", () => {
  it("translates every code, comparison and message, published and up to date with the English", () => {
    const units = translationUnits(content, "vi");
    expect(units.length).toBe(
      content.codes.length + content.comparisons.length + content.messages.filter((m) => m.locale === "en").length,
    );
    expect(units.filter((u) => u.state !== "PUBLISHED").map((u) => `${u.id}: ${u.state}`)).toEqual([]);
  });

  it("says 'không được thực hiện' for a request not carried out: 'chưa' would mean 'not yet', as for 202", () => {
    const outcome = content.messages.find((m) => m.locale === "vi" && m.key === "value.outcome")!.text;
    expect(outcome).toMatch(/notApplied \{request không được thực hiện\}/);
    expect(outcome).not.toMatch(/notApplied \{[^}]*chưa/);
  });

  it("labels facets instead of asking a question, and uses the words the issue's review asked for", () => {
    const message = (key: string) => content.messages.find((m) => m.locale === "vi" && m.key === key)!.text;
    for (const key of ["similarity.shared", "difference.outcome"])
      expect(message(key), key).not.toMatch(/thực hiện chưa/);
    const comparison = (a: number, b: number) =>
      content.comparisonTranslations.find((c) => c.codeA === a && c.codeB === b && c.locale === "vi")!.text;
    // The English says "should keep using the original URL".
    expect([...comparison(302, 307).differences, ...comparison(302, 307).similarities].join("\n")).toMatch(
      /client vẫn nên dùng URL gốc/,
    );
    // 205 resets the form; "làm mới" would mean reload it.
    expect(text(205, "vi").useWhen).not.toMatch(/làm mới/);
    expect(text(205, "vi").useWhen).toMatch(/đặt lại form/);
    // The generated sentence already reads "Bạn gặp mã 201 …".
    expect(text(201, "vi").whenYouSeeIt).not.toMatch(/gặp/);
    expect(text(409, "vi").useWhen).toMatch(/trùng giá trị unique/);
    // 404 is cacheable by default, not always cached.
    expect(comparison(404, 410).body).toMatch(/404 cũng mặc định có thể được cache/);
  });

  it("keeps the standard reason phrase in English as the title", () => {
    for (const c of content.codes) expect(text(c.code, "vi").title, `code ${c.code}`).toBe(c.reasonPhrase);
  });

  it("is written in Vietnamese, not left in English", () => {
    for (const c of content.codes) {
      const vi = text(c.code, "vi");
      for (const field of ["summary", "description", "whenYouSeeIt", "howToFix", "useWhen", "body"] as const) {
        expect(vi[field], `code ${c.code} ${field}`).not.toBe(text(c.code)[field]);
        expect(vi[field], `code ${c.code} ${field}`).toMatch(
          /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/iu,
        );
      }
    }
  });
});
