// The fast formatter (src/tuning/icu-interpolator.ts) for literal/argument/select messages must say exactly
// what intl-messageformat says, for every message of every locale we ship and every option of every select.
import { readFileSync } from "node:fs";
import path from "node:path";
import { TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { interpolator } from "../../src/tuning/icu-interpolator.ts";
import { SEEDS_DIR } from "../helpers/database.ts";

type Values = Record<string, string | number>;

/** Every combination of select options (and one value for every plain argument), capped for long messages. */
function valueSets(elements: readonly MessageFormatElement[], base: Values = {}): Values[] {
  let sets: Values[] = [base];
  for (const element of elements) {
    if (element.type === TYPE.argument)
      sets = sets.map((values) => ({ [element.value]: `‹${element.value}›`, ...values }));
    if (element.type === TYPE.select) {
      sets = sets.flatMap((values) =>
        Object.entries(element.options).flatMap(([option, { value }]) =>
          valueSets(value, { ...values, [element.value]: option === "other" ? "something-else" : option }),
        ),
      );
    }
  }
  return sets.slice(0, 200);
}

describe("the catalogue's interpolator", () => {
  for (const locale of ["en", "vi"]) {
    it(`formats every ${locale} message as intl-messageformat does`, () => {
      // English holds templates; a translation holds { text, source }.
      const messages = parse(readFileSync(path.join(SEEDS_DIR, "messages", `${locale}.yaml`), "utf8")) as Record<
        string,
        string | { text: string }
      >;
      let checked = 0;
      for (const [key, entry] of Object.entries(messages)) {
        const template = typeof entry === "string" ? entry : entry.text;
        const message = new IntlMessageFormat(template, locale, undefined, { ignoreTag: true });
        const format = interpolator(message.getAst());
        if (!format) continue;
        for (const values of valueSets(message.getAst())) {
          expect(format(values), `${locale} ${key} ${JSON.stringify(values)}`).toBe(String(message.format(values)));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(100);
    });
  }

  it("leaves to the library what it does not handle, and a missing value for it to report", () => {
    expect(interpolator(new IntlMessageFormat("{n, plural, one {# day} other {# days}}", "en").getAst())).toBeNull();
    const format = interpolator(new IntlMessageFormat("HTTP {code} {reason}", "en").getAst())!;
    expect(format({ code: 404, reason: "Not Found" })).toBe("HTTP 404 Not Found");
    expect(format({ code: 404 })).toBeUndefined();
  });
});
