// Which page shows a message: checked against the read model itself, by changing the message's English and
// looking for the change in the page the function names (and in no page, where it names none).
import { beforeAll, describe, expect, it } from "vitest";
import type { ContentSet } from "../../src/content/records.ts";
import { comparisonShowingMessage, type MessagePageSources } from "../../src/domain/message-pages.ts";
import { checkContent } from "../../src/pipeline/import.ts";
import { buildContentModel, type ContentModel } from "../../src/read/model.ts";
import { SEEDS_DIR } from "../helpers/database.ts";

let content: ContentSet;
let sources: MessagePageSources;
beforeAll(async () => {
  const checked = await checkContent(SEEDS_DIR);
  expect(checked.errors).toEqual([]);
  content = checked.content as ContentSet;
  const model = buildContentModel(content);
  sources = {
    codes: model.codeList.map((facts) => model.codeView(facts.code, "en")!),
    curated: content.comparisons.map((c) => ({
      a: c.codeA,
      b: c.codeB,
      view: model.curatedView(c.codeA, c.codeB, "en")!,
    })),
    messages: new Map(content.messages.filter((m) => m.locale === "en").map((m) => [m.key, m])),
  };
});

/** The model of the corpus with one English message reworded: what readers would get after the edit. */
function reworded(key: string, text: string): ContentModel {
  return buildContentModel({
    ...content,
    messages: content.messages.map((m) => (m.locale === "en" && m.key === key ? { ...m, text } : m)),
  });
}
const allPairs = () =>
  sources.codes.flatMap((a, i) => sources.codes.slice(i + 1).map((b) => [a.facts.code, b.facts.code] as const));

describe("the comparison page that shows a message", () => {
  it("is the first curated comparison for a heading every page has", () => {
    const first = sources.curated[0]!;
    expect(comparisonShowingMessage("heading.keyDifferences", sources)).toEqual({ a: first.a, b: first.b });
  });

  it("is a page whose codes call for the sentence, for one only some pairs say; rewording the message changes that page", () => {
    const pair = comparisonShowingMessage("difference.cacheability.neverStored", sources);
    expect(pair).not.toBeNull();
    const model = reworded("difference.cacheability.neverStored", "NEVER-STORED-MARK {forbidden} {other}");
    expect(model.compare(pair!.a, pair!.b, "en").markdown).toContain("NEVER-STORED-MARK");
    // Not a page that happens to exist first: the plain first pair does not say it.
    const [a, b] = allPairs()[0]!;
    expect(model.compare(a, b, "en").markdown).not.toContain("NEVER-STORED-MARK");
  });

  it("finds a label that reaches the page only inside another sentence (a class name in the intro)", () => {
    const pair = comparisonShowingMessage("class.5xx", sources);
    expect(pair).not.toBeNull();
    expect(reworded("class.5xx", "FIVE-XX-MARK").compare(pair!.a, pair!.b, "en").markdown).toContain("FIVE-XX-MARK");
  });

  it("is none for a message no page of today's codes shows, and for a key the catalogue lacks", () => {
    expect(comparisonShowingMessage("value.body.yes", sources)).toBeNull();
    const model = reworded("value.body.yes", "BODY-YES-MARK");
    expect(allPairs().filter(([a, b]) => model.compare(a, b, "en").markdown.includes("BODY-YES-MARK"))).toEqual([]);
    expect(comparisonShowingMessage("no.such.key", sources)).toBeNull();
  });
});
