// `status-atlas translations export --locale vi --format xliff`: what needs translating, for translators'
// tools, as the database holds it: the units translationTasks lists, drafts included. The content folder
// (--dir) gives the termbase notes only.
import { writeFile } from "node:fs/promises";
import { defineCommand } from "citty";
import { TRANSLATION_STATES, type TranslationState } from "../../domain/translation-state.ts";
import { database } from "../../database.ts";
import { loadTermbases } from "../../pipeline/termbase.ts";
import { exportFromDatabase } from "../../translations/database.ts";
import { toPo } from "../../translations/po.ts";
import { toXliff } from "../../translations/xliff.ts";
import { contentArgs } from "../content-args.ts";
import { CliError } from "../errors.ts";

export default defineCommand({
  meta: { name: "export", description: "Export translation units as XLIFF 2.0 or gettext PO" },
  args: {
    locale: { type: "string", required: true, description: "target locale, e.g. vi" },
    state: {
      type: "string",
      default: "MISSING,OUTDATED",
      description: `comma-separated states to include (${TRANSLATION_STATES.join(", ")})`,
    },
    format: { type: "enum", options: ["xliff", "po"], default: "xliff", description: "file format" },
    out: { type: "string", description: "file to write (default: standard output)" },
    ...contentArgs,
  },
  async run({ args }) {
    const states = args.state
      .split(",")
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const unknown = states.filter((s) => !(TRANSLATION_STATES as readonly string[]).includes(s));
    if (unknown.length)
      throw CliError.usage(`--state: unknown state ${unknown.join(", ")}; use ${TRANSLATION_STATES.join(", ")}`);
    const { glossaries, problems } = await loadTermbases(args.dir, [args.locale]);
    for (const problem of problems) console.error(`warning: ${problem}`);
    const db = database();
    let exported: Awaited<ReturnType<typeof exportFromDatabase>>;
    try {
      exported = await exportFromDatabase(db, {
        locale: args.locale,
        states: states as TranslationState[],
        glossaries,
      });
    } finally {
      await db.close();
    }
    if (!exported.ok) throw new CliError(`--locale: ${exported.message}`);
    const doc = exported.doc;
    if (doc.entries.length === 0) {
      // An empty document looks like a successful export to a translator's tool; say why it is empty instead.
      const others = TRANSLATION_STATES.filter((s) => !states.includes(s));
      console.error(
        `Nothing to translate in state ${states.join(",")}; nothing written. Use --state ${others.join(",")} to export those units for review.`,
      );
      return;
    }
    const text = args.format === "po" ? toPo(doc) : await toXliff(doc);
    if (args.out) {
      await writeFile(args.out, text);
      console.error(
        `Wrote ${doc.entries.length} entries (${new Set(doc.entries.map((e) => e.unitId)).size} units) to ${args.out}`,
      );
    } else {
      process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    }
  },
});
