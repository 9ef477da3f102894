// `status-atlas translations export --locale vi --format xliff`: what needs translating, for translators' tools.
import { writeFile } from "node:fs/promises";
import { defineCommand } from "citty";
import { TRANSLATION_STATES, type TranslationState } from "../../domain/translation-state.ts";
import { translatableLocaleProblem } from "../../domain/translation-units.ts";
import { checkContent } from "../../pipeline/import.ts";
import { formatIssue } from "../../pipeline/issues.ts";
import { exportEntries } from "../../translations/exchange.ts";
import { toPo } from "../../translations/po.ts";
import { toXliff } from "../../translations/xliff.ts";
import { contentArgs, contentOptions } from "../content-args.ts";
import { CliError } from "../errors.ts";

export default defineCommand({
  meta: { name: "export", description: "Export translation units as XLIFF 2.0 or gettext PO" },
  args: {
    locale: { type: "string", required: true, description: "target locale, e.g. vi" },
    state: { type: "string", default: "MISSING,OUTDATED", description: `comma-separated states to include (${TRANSLATION_STATES.join(", ")})` },
    format: { type: "enum", options: ["xliff", "po"], default: "xliff", description: "file format" },
    out: { type: "string", description: "file to write (default: standard output)" },
    ...contentArgs,
  },
  async run({ args }) {
    const states = args.state.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean);
    const unknown = states.filter((s) => !(TRANSLATION_STATES as readonly string[]).includes(s));
    if (unknown.length) throw CliError.usage(`--state: unknown state ${unknown.join(", ")}; use ${TRANSLATION_STATES.join(", ")}`);
    const { content, errors } = await checkContent(args.dir, contentOptions(args));
    if (errors.length) throw new CliError(`${errors.map(formatIssue).join("\n")}\nFix the content before exporting.`);
    const problem = translatableLocaleProblem(content.locales.map((l) => l.code), args.locale);
    if (problem) throw new CliError(`--locale: ${problem}`);
    const doc = exportEntries(content, args.locale, states as TranslationState[]);
    if (doc.entries.length === 0) {
      // An empty document looks like a successful export to a translator's tool; say why it is empty instead.
      const others = TRANSLATION_STATES.filter((s) => !states.includes(s));
      console.error(`Nothing to translate in state ${states.join(",")}; nothing written. Use --state ${others.join(",")} to export those units for review.`);
      return;
    }
    const text = args.format === "po" ? toPo(doc) : await toXliff(doc);
    if (args.out) {
      await writeFile(args.out, text);
      console.error(`Wrote ${doc.entries.length} entries (${new Set(doc.entries.map((e) => e.unitId)).size} units) to ${args.out}`);
    } else {
      process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    }
  },
});
