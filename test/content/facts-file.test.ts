import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { checkContent } from "../../src/pipeline/import.ts";
import { FACTS_FILE, renderFacts } from "../../scripts/facts.ts";
import { SEEDS_DIR } from "../helpers/database.ts";

it("keeps docs/facts.md current: every code by every facet, each value with its section (`npx tsx scripts/facts.ts`)", async () => {
  const { content, errors } = await checkContent(SEEDS_DIR);
  expect(errors).toEqual([]);
  const page = renderFacts(content.codes);
  expect(readFileSync(FACTS_FILE, "utf8")).toBe(page);
  // One row per code, and a section in every cell: nothing is stated without what it rests on.
  const rows = page.split("\n").filter((line) => /^\| \*\*\d{3}\*\*/.test(line));
  expect(rows.length).toBe(content.codes.length);
  for (const row of rows)
    for (const cell of row.split(" | ").slice(1))
      expect(cell, row.slice(0, 40)).toMatch(
        /<br>((RFC \d+|draft-[\w-]+) §[\d.]+|IANA HTTP Status Code Registry|\S.*(documentation|source \(.+\)): .+)/,
      );
  // RFC 6585's codes rest their "never stored" on their own sections.
  expect(rows.find((r) => r.startsWith("| **429**"))).toContain("`never-stored`<br>RFC 6585 §4");
});
