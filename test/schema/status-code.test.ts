import { describe, expect, it } from "vitest";
import { useSeededServer } from "../helpers/graphql.ts";

const seeded = useSeededServer();

const CODE_FIELDS = `code reasonPhrase class classLabel title summary description whenYouSeeIt howToFix body
  spec { document section url } registryStatus registryExpires registryNote headers cacheable retry hasBody auth
  related { code reasonPhrase } locale fallbackFields translationState`;

describe("statusCode", () => {
  it("serves every contract field of a code in English", async () => {
    const { data, errors } = await seeded.server.query(`{ statusCode(code: 404, locale: "en") { ${CODE_FIELDS} } }`);
    expect(errors).toBeUndefined();
    expect(data!.statusCode).toMatchObject({
      code: 404,
      reasonPhrase: "Not Found",
      class: "CLIENT_ERROR",
      classLabel: "4xx Client Error",
      title: "Not Found",
      spec: { document: "RFC 9110", section: "15.5.5", url: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5" },
      registryStatus: "PERMANENT",
      registryExpires: null,
      cacheable: true,
      retry: "NO",
      hasBody: true,
      auth: "NONE",
      locale: "en",
      fallbackFields: [],
      translationState: "PUBLISHED",
    });
    expect(data!.statusCode.related.map((r: { code: number }) => r.code)).toContain(410);
    expect(data!.statusCode.body.length).toBeGreaterThan(200);
  });

  it("serves the Vietnamese text with the reason phrase kept in English", async () => {
    const { data } = await seeded.server.query(
      `{ statusCode(code: 404, locale: "vi") { title classLabel description whenYouSeeIt locale fallbackFields related { locale } } }`,
    );
    expect(data!.statusCode).toMatchObject({
      title: "Not Found",
      classLabel: "4xx Lỗi phía client",
      locale: "vi",
      fallbackFields: [],
    });
    expect(data!.statusCode.whenYouSeeIt).toMatch(/^Khi /);
    expect(data!.statusCode.related.every((r: { locale: string }) => r.locale === "vi")).toBe(true);
  });

  it("negotiates the locale from Accept-Language when none is given", async () => {
    const vi = await seeded.server.query(
      `{ statusCode(code: 200) { locale classLabel } }`,
      {},
      { "accept-language": "vi-VN,vi;q=0.9,en;q=0.5" },
    );
    expect(vi.data!.statusCode).toEqual({ locale: "vi", classLabel: "2xx Thành công" });
    const fallback = await seeded.server.query(
      `{ statusCode(code: 200) { locale } }`,
      {},
      { "accept-language": "de-DE" },
    );
    expect(fallback.data!.statusCode.locale).toBe("en");
  });

  it("lets an explicit locale argument win over Accept-Language", async () => {
    const { data } = await seeded.server.query(
      `{ statusCode(code: 200, locale: "en") { locale } }`,
      {},
      { "accept-language": "vi" },
    );
    expect(data!.statusCode.locale).toBe("en");
  });

  it("returns null for a code we do not have", async () => {
    const { data, errors } = await seeded.server.query(`{ statusCode(code: 299) { code } }`);
    expect(errors).toBeUndefined();
    expect(data!.statusCode).toBeNull();
  });

  it("rejects an unknown locale with UNKNOWN_LOCALE", async () => {
    const { errors } = await seeded.server.query(`{ statusCode(code: 200, locale: "fr") { code } }`);
    expect(errors![0]).toMatchObject({
      message: expect.stringContaining('Unknown locale "fr"'),
      extensions: { code: "UNKNOWN_LOCALE", available: ["en", "vi"] },
    });
  });

  it("serves a regional or differently cased locale tag in the locale we have", async () => {
    const { data, errors } = await seeded.server.query(
      `{ a: statusCode(code: 404, locale: "vi-VN") { locale title summary } b: statusCode(code: 404, locale: "VI") { locale } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.a).toMatchObject({ locale: "vi", title: "Not Found" });
    expect(data!.a.summary).not.toBe(
      (await seeded.server.query(`{ statusCode(code: 404, locale: "en") { summary } }`)).data!.statusCode.summary,
    );
    expect(data!.b.locale).toBe("vi");
  });

  it("serves registry details of temporary and unofficial codes", async () => {
    const { data } = await seeded.server.query(
      `{ a: statusCode(code: 104) { registryStatus registryExpires } b: statusCode(code: 499) { registryStatus registryNote } }`,
    );
    expect(data!.a).toEqual({ registryStatus: "TEMPORARY", registryExpires: "2025-11-13" });
    expect(data!.b).toMatchObject({ registryStatus: "UNOFFICIAL", registryNote: expect.stringContaining("nginx") });
  });
});

describe("statusCodes", () => {
  const LIST = `query($class: StatusClass, $search: String, $locale: String, $first: Int, $after: String) {
    statusCodes(class: $class, search: $search, locale: $locale, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code title } }
    }
  }`;
  const codes = (data: any) => data.statusCodes.edges.map((e: any) => e.node.code);

  it("lists all codes in order with a total count", async () => {
    const { data } = await seeded.server.query(LIST, { first: 5 });
    expect(data!.statusCodes.totalCount).toBe(70);
    expect(codes(data)).toEqual([100, 101, 102, 103, 104]);
    expect(data!.statusCodes.pageInfo.hasNextPage).toBe(true);
  });

  it("pages on with the cursor", async () => {
    const first = await seeded.server.query(LIST, { first: 5 });
    const next = await seeded.server.query(LIST, { first: 3, after: first.data!.statusCodes.pageInfo.endCursor });
    expect(codes(next.data)).toEqual([200, 201, 202]);
  });

  it("filters by class", async () => {
    const { data } = await seeded.server.query(LIST, { class: "REDIRECTION", first: 100 });
    expect(codes(data)).toEqual([300, 301, 302, 303, 304, 305, 306, 307, 308]);
    expect(data!.statusCodes.totalCount).toBe(9);
  });

  it("searches code numbers, reason phrases and text, case-insensitively", async () => {
    expect(codes((await seeded.server.query(LIST, { search: "429" })).data)).toEqual([429]);
    expect(codes((await seeded.server.query(LIST, { search: "42" })).data)).toEqual([
      421, 422, 423, 424, 425, 426, 428, 429,
    ]);
    const serverErrors = await seeded.server.query(LIST, { search: "5xx", first: 100 });
    expect(codes(serverErrors.data)).toEqual(
      codes((await seeded.server.query(LIST, { class: "SERVER_ERROR", first: 100 })).data),
    );
    expect(codes((await seeded.server.query(LIST, { search: "NOT FOUND" })).data)).toContain(404);
    expect(codes((await seeded.server.query(LIST, { search: "captive portal" })).data)).toContain(511);
  });

  it("finds Vietnamese text without diacritics", async () => {
    const plain = await seeded.server.query(LIST, { search: "khong tim thay", locale: "vi" });
    const accented = await seeded.server.query(LIST, { search: "Không tìm thấy", locale: "vi" });
    expect(codes(plain.data)).toContain(404);
    expect(codes(accented.data)).toEqual(codes(plain.data));
  });

  it("ranks the best match first when asked for relevance, with the same matches as code order", async () => {
    const RANKED = `query($search: String, $locale: String) { statusCodes(search: $search, locale: $locale, orderBy: RELEVANCE, first: 100) { totalCount edges { node { code } } } }`;
    for (const [search, locale, best] of [
      ["khong tim thay", "vi", 404],
      ["not found", "en", 404],
      ["too many requests", "en", 429],
      ["gateway timeout", "en", 504],
    ] as const) {
      const ranked = await seeded.server.query(RANKED, { search, locale });
      const ordered = await seeded.server.query(LIST, { search, locale, first: 100 });
      expect(codes(ranked.data)[0], search).toBe(best);
      expect([...codes(ranked.data)].sort(), search).toEqual(codes(ordered.data));
    }
  });

  it("matches words at their start, not inside other words", async () => {
    const { data } = await seeded.server.query(LIST, { search: "unauth", first: 100 });
    expect(codes(data)).toContain(401);
    const inside = await seeded.server.query(LIST, { search: "thorized", first: 100 });
    expect(codes(inside.data)).toEqual([]);
  });

  it("refuses a search longer than 200 characters with VALIDATION naming the field", async () => {
    const { data, errors } = await seeded.server.query(LIST, { search: "the ".repeat(51) });
    expect(data).toBeNull();
    expect(errors![0]).toMatchObject({
      message: "search must be at most 200 characters.",
      extensions: { code: "VALIDATION", field: "search" },
    });
    expect((await seeded.server.query(LIST, { search: "the ".repeat(49) })).errors).toBeUndefined();
  });

  it("refuses pages larger than 100 with VALIDATION", async () => {
    const { errors } = await seeded.server.query(LIST, { first: 500 });
    expect(errors![0]!.extensions).toMatchObject({ code: "VALIDATION", field: "first" });
    const negative = await seeded.server.query(LIST, { first: -1 });
    expect(negative.errors![0]).toMatchObject({
      message: "first must be between 0 and 100.",
      extensions: { code: "VALIDATION", field: "first" },
    });
  });
});

describe("locales", () => {
  it("lists locales with their fallback chains", async () => {
    const { data } = await seeded.server.query(`{ locales { code name nativeName fallback fallbackChain } }`);
    expect(data!.locales).toEqual([
      { code: "en", name: "English", nativeName: "English", fallback: null, fallbackChain: ["en"] },
      { code: "vi", name: "Vietnamese", nativeName: "Tiếng Việt", fallback: "en", fallbackChain: ["vi", "en"] },
    ]);
  });
});
