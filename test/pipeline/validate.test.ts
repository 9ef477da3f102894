import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseContentDir, parseFile } from "../../src/pipeline/parse.ts";
import { formatIssue } from "../../src/pipeline/issues.ts";
import { validateContent } from "../../src/pipeline/validate.ts";
import { FIXTURES_DIR } from "../helpers/database.ts";
import { OUTCOMES } from "../../src/content/format.ts";

const MIN = path.join(FIXTURES_DIR, "content-min");

/** The fixture folder with some files replaced (relative path → new text, or null to delete). */
async function validateWith(changes: Record<string, string | null>) {
  const parsed = await parseContentDir(MIN);
  const files = parsed.files.filter((f) => !(f.file in changes));
  for (const [relative, text] of Object.entries(changes)) {
    if (text === null) continue;
    const result = parseFile(`fixture/${relative}`, relative, text);
    expect(result.errors).toEqual([]);
    files.push(result.parsed!);
  }
  const result = validateContent(files);
  return { ...result, messages: result.errors.map(formatIssue) };
}

const read = (relative: string) => readFileSync(path.join(MIN, relative), "utf8");

/** The fixture file with each [from, to] replaced; fails loudly when a `from` is absent, so no test passes on an edit that never happened. */
function edit(relative: string, ...replacements: [string | RegExp, string][]): string {
  return replacements.reduce((text, [from, to]) => {
    if (typeof from === "string" ? !text.includes(from) : !from.test(text))
      throw new Error(`${relative} does not contain ${String(from)}`);
    return text.replace(from, to);
  }, read(relative));
}

describe("validateContent", () => {
  const GLOSSARY = "- term: server\n  use: server\n  avoid: [máy chủ]\n  note: one word for the role\n";

  it("reports every forbidden variant of the termbase at its file and line, as an error in published text", async () => {
    const planted = edit(
      "codes/vi/404.md",
      [/^summary: .*$/m, 'summary: "Server không có gì ở URL này."'],
      [/\n## /, "\nMáy chủ đã tìm mà không thấy.\n\n## "],
    );
    const { messages, errors, content } = await validateWith({
      "glossary/vi.yaml": GLOSSARY,
      "codes/vi/404.md": planted,
    });
    const lines = planted.split("\n");
    const body = lines.findIndex((line) => line.startsWith("Máy chủ đã tìm")) + 1;
    const reported = messages.filter((m) => m.includes("termbase"));
    expect(reported).toContain(
      `fixture/codes/vi/404.md:${body} body: "Máy chủ" is a variant the termbase rules out: write "server" (term "server" in glossary/vi.yaml)`,
    );
    // Every report points at a line that really holds the variant: the fixture has more than the planted one.
    expect(reported.length).toBeGreaterThan(1);
    for (const message of reported) {
      const [, line, variant] = /^fixture\/codes\/vi\/404\.md:(\d+) [\w.]+: "([^"]+)"/.exec(message)!;
      expect(lines[Number(line) - 1], message).toContain(variant);
    }
    expect(reported.some((m) => m.includes(" summary: "))).toBe(false);
    expect(errors.length).toBeGreaterThan(0);
    expect(content.glossaries).toEqual([
      {
        locale: "vi",
        file: "fixture/glossary/vi.yaml",
        entries: [{ term: "server", use: "server", avoid: ["máy chủ"], note: "one word for the role" }],
      },
    ]);
  });

  it("checks part of the content against the locales it stands in, when the part holds no locales.yaml (an edit's check)", async () => {
    const parsed = await parseContentDir(MIN);
    const part = parsed.files.filter((f) => f.file.endsWith("codes/en/404.md") || f.file.endsWith("codes/vi/404.md"));
    expect(part).toHaveLength(2);
    const codes = new Set([404, 410]);
    // Alone, the part lacks its locale list.
    expect(validateContent(part, [], { codes }).errors.map(formatIssue)).toContain(
      "locales.yaml missing: the content folder needs a locales.yaml",
    );
    expect(validateContent(part, [], { codes, locales: new Set(["en", "vi"]) }).errors).toEqual([]);
    // A locale the content does not define is still refused, naming the ones it does.
    expect(validateContent(part, [], { codes, locales: new Set(["en", "fr"]) }).errors.map(formatIssue)).toContainEqual(
      expect.stringMatching(
        /codes\/vi\/404\.md:1 locale: unknown locale "vi" \(from the folder name\); locales.yaml lists en, fr$/,
      ),
    );
  });

  it("only warns about a forbidden variant in a draft, which readers never see", async () => {
    const draft = edit("codes/vi/404.md", [/^state: published$/m, "state: draft"]);
    const { errors, warnings } = await validateWith({ "glossary/vi.yaml": GLOSSARY, "codes/vi/404.md": draft });
    expect(errors.filter((e) => e.message.includes("termbase"))).toEqual([]);
    expect(warnings.filter((w) => w.message.includes("termbase")).length).toBeGreaterThan(0);
  });

  it("refuses a storage rule that contradicts HTTP caching: a 1xx stored, or a code never stored yet heuristically cacheable", async () => {
    // RFC 9111 §3: caches store final responses only.
    const interim = edit(
      "codes/en/200.md",
      ["code: 200", "code: 100"],
      ["class: 2xx", "class: 1xx"],
      ["cacheable: true", "cacheable: false"],
    );
    expect((await validateWith({ "codes/en/100.md": interim })).messages).toContainEqual(
      expect.stringMatching(
        /100\.md:\d+ storage: must be forbidden for a 1xx: caches store final responses only \(RFC 9111 §3\)$/,
      ),
    );
    // RFC 6585 §3–6: a response caches must not store cannot be cacheable by default.
    const contradictory = edit("codes/en/404.md", ["storage: allowed", "storage: forbidden"]);
    expect((await validateWith({ "codes/en/404.md": contradictory })).messages).toContainEqual(
      expect.stringMatching(/404\.md:\d+ cacheable: must be false when storage is forbidden$/),
    );
    const missing = edit("codes/en/404.md", [/^storage:.*\n/m, ""]);
    expect((await validateWith({ "codes/en/404.md": missing })).messages).toContainEqual(
      "fixture/codes/en/404.md:1 storage: expected one of allowed, forbidden",
    );
  });

  it("requires every comparison facet, and a redirect method exactly when the code redirects", async () => {
    const missing = edit("codes/en/410.md", [/^outcome:.*\n/m, ""]);
    expect((await validateWith({ "codes/en/410.md": missing })).messages).toContainEqual(
      `fixture/codes/en/410.md:1 outcome: expected one of ${OUTCOMES.join(", ")}`,
    );
    const redirect = edit("codes/en/410.md", ["redirect: none", "redirect: permanent"]);
    expect((await validateWith({ "codes/en/410.md": redirect })).messages).toContainEqual(
      expect.stringMatching(/410\.md:\d+ redirectMethod: a permanent redirect needs kept or may-change-to-get$/),
    );
    // RFC 9110 §15.4.4: only a 303 sends the client to GET another resource, and it always does.
    const indirect = edit(
      "codes/en/410.md",
      ["redirect: none", "redirect: indirect"],
      ["redirectMethod: not-applicable", "redirectMethod: kept"],
    );
    expect((await validateWith({ "codes/en/410.md": indirect })).messages).toContainEqual(
      expect.stringMatching(
        /410\.md:\d+ redirectMethod: an indirect response \(303\) is followed with GET: changed-to-get$/,
      ),
    );
    const changed = edit(
      "codes/en/410.md",
      ["redirect: none", "redirect: temporary"],
      ["redirectMethod: not-applicable", "redirectMethod: changed-to-get"],
    );
    expect((await validateWith({ "codes/en/410.md": changed })).messages).toContainEqual(
      expect.stringMatching(/410\.md:\d+ redirect: changed-to-get belongs to an indirect response: redirect indirect$/),
    );
    const translated = edit("codes/vi/404.md", [/^state:/m, "outcome: applied\nstate:"]);
    expect((await validateWith({ "codes/vi/404.md": translated })).messages).toContainEqual(
      expect.stringContaining("404.md:4 outcome: facts belong in codes/en/404.md"),
    );
  });

  it("accepts the fixture corpus and builds records from it", async () => {
    const { errors, warnings, content } = await validateWith({});
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(content.codes.map((c) => c.code)).toEqual([200, 404, 410]);
    expect(content.codeTranslations.filter((t) => t.locale === "vi").map((t) => t.code)).toEqual([404]);
    expect(content.comparisons).toEqual([{ codeA: 404, codeB: 410 }]);
    expect(content.locales.find((l) => l.code === "vi")?.fallback).toBe("en");
  });

  it("names file, line, field, the allowed values and what it got for a bad enum", async () => {
    const { messages } = await validateWith({
      "codes/en/410.md": edit("codes/en/410.md", ["class: 4xx", 'class: "4xx "']),
    });
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^fixture\/codes\/en\/410\.md:\d+ class: expected one of 1xx, 2xx, 3xx, 4xx, 5xx, got "4xx "$/,
      ),
    );
  });

  it("rejects a class that does not match the code's first digit", async () => {
    const { messages } = await validateWith({
      "codes/en/410.md": edit("codes/en/410.md", ["class: 4xx", "class: 5xx"]),
    });
    expect(messages).toContainEqual(expect.stringContaining("class: 410 belongs to class 4xx, not 5xx"));
  });

  it("rejects a code that does not match its file name", async () => {
    const { messages } = await validateWith({ "codes/en/410.md": edit("codes/en/410.md", ["code: 410", "code: 411"]) });
    expect(messages).toContainEqual(expect.stringContaining("code: 411 does not match the file name 410.md"));
  });

  it("reports every missing required field together", async () => {
    const text = edit("codes/en/410.md", [/^summary:.*\n/m, ""], [/^howToFix:.*\n/m, ""]);
    const { messages } = await validateWith({ "codes/en/410.md": text });
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("summary: is required"),
        expect.stringContaining("howToFix: is required"),
      ]),
    );
  });

  it("rejects related codes that do not exist, pointing at the list item", async () => {
    const text = edit("codes/en/410.md", ["related: [404]", "related: [404, 499]"]);
    const { errors } = await validateWith({ "codes/en/410.md": text });
    expect(errors).toContainEqual(
      expect.objectContaining({
        field: "related.1",
        message: expect.stringContaining("499 is not a known status code"),
      }),
    );
  });

  it("does not cascade: a broken English file still counts as an existing code", async () => {
    const { messages } = await validateWith({
      "codes/en/404.md": edit("codes/en/404.md", ["cacheable: true", "cacheable: maybe"]),
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("cacheable");
  });

  it("needs an expiry date for a temporary registration and a note for an unofficial code", async () => {
    const temporary = edit("codes/en/410.md", ["status: permanent", "status: temporary"]);
    const unofficial = edit("codes/en/404.md", ["status: permanent", "status: unofficial"]);
    const { messages } = await validateWith({ "codes/en/410.md": temporary, "codes/en/404.md": unofficial });
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("registry.expires: a temporary registration needs registry.expires"),
        expect.stringContaining("registry.note: an unofficial code needs registry.note"),
      ]),
    );
  });

  it("warns about unknown frontmatter keys instead of dropping them silently", async () => {
    const { errors, warnings } = await validateWith({
      "codes/en/410.md": edit("codes/en/410.md", ["title: Gone", "title: Gone\nflavour: mint"]),
    });
    expect(errors).toEqual([]);
    expect(warnings).toContainEqual(expect.objectContaining({ field: "flavour", line: 4 }));
  });

  it("keeps facts out of translations", async () => {
    const text = edit("codes/vi/404.md", ["state: published", "state: published\ncacheable: false"]);
    const { messages } = await validateWith({ "codes/vi/404.md": text });
    expect(messages).toContainEqual(expect.stringContaining("cacheable: facts belong in codes/en/404.md"));
  });

  it("rejects a translation whose locale is not in locales.yaml", async () => {
    const { messages } = await validateWith({ "codes/fr/404.md": read("codes/vi/404.md") });
    expect(messages).toContainEqual(expect.stringContaining('unknown locale "fr"'));
  });

  it("rejects a translation without an English source", async () => {
    const { messages } = await validateWith({
      "codes/vi/200.md": edit("codes/vi/404.md", ["code: 404", "code: 200"]),
      "codes/en/200.md": null,
    });
    expect(messages).toContainEqual(expect.stringContaining("no English source codes/en/200.md"));
  });

  it("checks comparison codes, their order and the whenToUse entries", async () => {
    const unordered = edit("comparisons/en/404-vs-410.md", ["codes: [404, 410]", "codes: [410, 404]"]);
    const { messages } = await validateWith({ "comparisons/en/404-vs-410.md": unordered });
    expect(messages).toContainEqual(expect.stringContaining("ascending order"));
    const wrongKeys = edit("comparisons/en/404-vs-410.md", [/^ {2}410:/m, "  411:"]);
    const second = await validateWith({ "comparisons/en/404-vs-410.md": wrongKeys });
    expect(second.messages).toContainEqual(
      expect.stringContaining("whenToUse: needs exactly one entry for 404 and one for 410"),
    );
  });

  it("rejects translated messages whose placeholders differ from the English", async () => {
    const vi = edit("messages/vi.yaml", ["Bạn gặp mã {code} {situation}", "Bạn gặp mã {ma} {situation}"]);
    const { messages } = await validateWith({ "messages/vi.yaml": vi });
    expect(messages).toContainEqual(
      expect.stringMatching(
        /difference\.situation: placeholders must match the English template: missing \{code\}; unknown \{ma\}/,
      ),
    );
  });

  it("rejects an English catalogue that lacks a message comparison pages need, naming the key and its placeholders", async () => {
    const en = edit("messages/en.yaml", [/^heading\.learnMore: .*\n/m, ""], [/^comparison\.headline: .*\n/m, ""]);
    const { messages } = await validateWith({ "messages/en.yaml": en });
    expect(messages).toContainEqual(
      "fixture/messages/en.yaml:1 heading.learnMore: missing: comparison pages need this message",
    );
    expect(messages).toContainEqual(
      "fixture/messages/en.yaml:1 comparison.headline: missing: comparison pages need this message, with {a}, {reasonA}, {b}, {reasonB}",
    );
  });

  it("rejects an English template with a placeholder the engine never fills, at its line", async () => {
    const en = edit("messages/en.yaml", [
      'whenToUse.advice: "{code} ({reasonPhrase}): {advice}"',
      'whenToUse.advice: "{code} ({reasonPhase}): {advice}"',
    ]);
    const { messages } = await validateWith({ "messages/en.yaml": en });
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^fixture\/messages\/en\.yaml:\d+ whenToUse\.advice: unknown placeholder \{reasonPhase\}: it can use \{code\}, \{reasonPhrase\}, \{advice\}$/,
      ),
    );
    expect(messages.find((m) => m.includes("whenToUse.advice"))).not.toMatch(/en\.yaml:1 /);
  });

  it("rejects a facet template, in any locale, that leaves two values of its facet to the same wording", async () => {
    const en = edit("messages/en.yaml", [
      " partial {several operations, each with its own status, so some may have failed}",
      "",
    ]);
    const vi = edit("messages/vi.yaml", [" clientRetries {client, bằng cách gửi lại request}", ""]);
    const { messages } = await validateWith({ "messages/en.yaml": en, "messages/vi.yaml": vi });
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^fixture\/messages\/en\.yaml:\d+ value\.outcome: \{outcome\} words partial, unknown alike through "other"/,
      ),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^fixture\/messages\/vi\.yaml:\d+ value\.actor: \{actor\} words clientRetries, operator alike through "other"/,
      ),
    );
  });

  it("reports an English template that does not parse once, as a syntax error", async () => {
    const en = edit("messages/en.yaml", [
      'code.heading: "HTTP {code} {reasonPhrase}"',
      'code.heading: "HTTP {code {reasonPhrase}"',
    ]);
    const { messages } = await validateWith({ "messages/en.yaml": en });
    expect(messages.filter((m) => m.includes(" code.heading: "))).toEqual([
      expect.stringMatching(/code\.heading: ICU syntax error/),
    ]);
  });

  it("rejects message keys the English catalogue does not have", async () => {
    const { messages } = await validateWith({
      "messages/vi.yaml": `${read("messages/vi.yaml")}\nheading.bogus: Sai\n`,
    });
    expect(messages).toContainEqual(expect.stringContaining("heading.bogus: no such key in messages/en.yaml"));
  });

  it("quotes at most a short excerpt of a value that is not what the format expects, never a whole file", async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} of a file that is not a message catalogue`).join(
      "\n",
    );
    const { messages } = await validateWith({ "messages/vi.yaml": `${lines}\n` });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^fixture\/messages\/vi\.yaml:1 frontmatter: expected record, got "line 0 of a file.{0,50}…$/,
    );
  });

  it("rejects a fallback chain that loops", async () => {
    const locales =
      "- code: en\n  name: English\n  nativeName: English\n- code: vi\n  name: Vietnamese\n  nativeName: Tiếng Việt\n  fallback: xx\n- code: xx\n  name: X\n  nativeName: X\n  fallback: vi\n";
    const { messages } = await validateWith({ "locales.yaml": locales });
    expect(messages).toContainEqual(expect.stringContaining("fallback chain loops"));
  });

  it("requires locales.yaml and the English catalogue", async () => {
    const { messages } = await validateWith({ "locales.yaml": null, "messages/en.yaml": null });
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("needs a locales.yaml"),
        expect.stringContaining("English message catalogue is required"),
      ]),
    );
  });
});
