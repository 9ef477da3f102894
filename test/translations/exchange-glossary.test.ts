import { describe, expect, it } from "vitest";
import { checkContent } from "../../src/pipeline/import.ts";
import { exportEntries } from "../../src/translations/exchange.ts";
import { fromPo, toPo } from "../../src/translations/po.ts";
import { fromXliff, toXliff } from "../../src/translations/xliff.ts";
import { SEEDS_DIR } from "../helpers/database.ts";

describe("exported units carry the termbase entries they mention", () => {
  it("notes, per field, the glossary entries whose English term occurs in the source", async () => {
    const { content } = await checkContent(SEEDS_DIR);
    const doc = exportEntries(content, "vi", ["PUBLISHED"]);
    const description = doc.entries.find((e) => e.unitId === "code.401" && e.field === "description")!;
    expect(description.source).toMatch(/credentials/);
    expect(description.note).toMatch(
      / — glossary: .*credentials → thông tin xác thực \(not: credentials, credential\)/,
    );
    const title = doc.entries.find((e) => e.unitId === "code.401" && e.field === "title")!;
    expect(title.note).not.toContain("glossary");

    // The notes survive both formats, and the source hash is still read back from them.
    const xliff = await fromXliff(await toXliff(doc));
    const po = fromPo(toPo(doc));
    for (const back of [xliff, po]) {
      const entry = back.entries.find((e) => e.unitId === "code.401" && e.field === "description")!;
      expect(entry.note).toContain("credentials → thông tin xác thực");
      expect(entry.sourceHash).toBe(description.sourceHash);
    }
  });
});
