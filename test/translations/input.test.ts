import { describe, expect, it } from "vitest";
import { capIssues } from "../../src/pipeline/issues.ts";
import { fromPo, poLineOf, poStringProblems, toPo } from "../../src/translations/po.ts";
import { ExchangeSyntaxError, fromXliff, toXliff, xliffLineOf } from "../../src/translations/xliff.ts";
import type { ExchangeDocument } from "../../src/translations/exchange.ts";

const doc: ExchangeDocument = {
  sourceLanguage: "en",
  targetLanguage: "vi",
  entries: [
    {
      unitId: "code.404",
      field: "title",
      source: "Not Found",
      target: 'Không "tìm" thấy\tx\\y',
      sourceHash: "0123456789ab",
      note: "n",
      file: "",
    },
    {
      unitId: "code.404",
      field: "body",
      source: "Line one\nLine two",
      target: "Dòng một\r\nDòng hai",
      sourceHash: "0123456789ab",
      note: "n",
      file: "",
    },
    {
      unitId: "code.410",
      field: "title",
      source: "Gone",
      target: null,
      sourceHash: "0123456789ab",
      note: "n",
      file: "",
    },
  ],
};

async function refusal(read: () => unknown): Promise<ExchangeSyntaxError> {
  try {
    await read();
  } catch (error) {
    if (error instanceof ExchangeSyntaxError) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("reading PO", () => {
  it("accepts every escape it writes itself", () => {
    const po = toPo(doc);
    expect(poStringProblems(po)).toEqual([]);
    expect(fromPo(po).entries.map((e) => e.target)).toEqual(['Không "tìm" thấy\tx\\y', "Dòng một\r\nDòng hai", ""]);
  });

  it("refuses a broken escape with its line instead of dropping the backslash", async () => {
    const po = toPo(doc).replace('msgstr "Không', 'msgstr "\\qKhông');
    const line = po.split("\n").findIndex((l) => l.includes("\\qKhông")) + 1;
    expect(await refusal(() => fromPo(po))).toMatchObject({
      line,
      message: expect.stringContaining('broken escape "\\q"'),
    });
    expect(poStringProblems('msgid "a\\xZZ"\n')).toEqual([
      { line: 1, message: expect.stringContaining('broken escape "\\x"') },
    ]);
  });

  it("refuses an unterminated string with its line instead of reading on into the next entry", async () => {
    const po =
      'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\nmsgctxt "code.404#title"\nmsgid "Not Found"\nmsgstr "Không tìm thấy\n\nmsgctxt "code.410#title"\nmsgid "Gone"\nmsgstr ""\n';
    expect(await refusal(() => fromPo(po))).toMatchObject({
      line: 7,
      message: expect.stringContaining("unterminated string"),
    });
  });

  it("indexes each entry's line once", () => {
    const po = toPo(doc);
    const lineOf = poLineOf(po);
    expect(po.split("\n")[lineOf({ unitId: "code.410", field: "title" }) - 1]).toBe('msgctxt "code.410#title"');
  });
});

describe("reading XLIFF", () => {
  it("refuses a DOCTYPE by name, at its line", async () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY boom "${"x".repeat(10)}">]>\n<xliff version="2.0" srcLang="en" trgLang="vi"></xliff>\n`;
    expect(await refusal(() => fromXliff(xml))).toMatchObject({
      line: 2,
      message: expect.stringContaining("DOCTYPE not allowed"),
    });
  });

  it("names the line of malformed XML, counting from 1", async () => {
    const xml = `<?xml version="1.0"?>\n<xliff version="2.0" srcLang="en" trgLang="vi">\n<file id="a"><unit id="b"><segment><source>x</sourc></segment></unit></file></xliff>\n`;
    const line = 3;
    expect(await refusal(() => fromXliff(xml))).toMatchObject({
      line,
      message: expect.stringMatching(/^not valid XLIFF: /),
    });
  });

  it("indexes the line of every unit in one pass", async () => {
    const xml = await toXliff(doc);
    const lineOf = xliffLineOf(xml);
    expect(xml.split("\n")[lineOf({ unitId: "code.404", field: "body" }) - 1]).toContain('<unit id="body"');
    expect(xml.split("\n")[lineOf({ unitId: "code.410", field: "title" }) - 1]).toContain('<unit id="title"');
    expect(xml.split("\n")[lineOf(null) - 1]).toContain("<xliff");
  });
});

describe("capIssues", () => {
  it("keeps the first ones and counts the rest", () => {
    const issues = Array.from({ length: 250 }, (_, i) => ({
      file: "vi.xlf",
      line: i + 1,
      field: `u${i}`,
      message: "unknown unit id",
    }));
    const capped = capIssues(issues, 100);
    expect(capped).toHaveLength(101);
    expect(capped[99]!.line).toBe(100);
    expect(capped[100]!.message).toBe("… and 150 more error(s) not shown (250 in all)");
    expect(capIssues(issues.slice(0, 3), 100)).toHaveLength(3);
  });
});
