// `status-atlas translations import <file>`: apply a translated XLIFF/PO file, all or nothing.
import { defineCommand } from "citty";
import { EDITORIAL_STATES, type EditorialState } from "../../content/format.ts";
import { database } from "../../db/index.ts";
import { formatIssue } from "../../pipeline/issues.ts";
import { importTranslations, type ExchangeFormat } from "../../translations/import.ts";
import { contentArgs, contentOptions } from "../content-args.ts";
import { CliError } from "../errors.ts";

export default defineCommand({
  meta: { name: "import", description: "Import a translated XLIFF 2.0 or PO file into the content files and the database" },
  args: {
    file: { type: "positional", required: true, description: "the .xlf/.xliff or .po file" },
    locale: { type: "string", description: "locale the file translates into (default: the file's target language)" },
    state: { type: "enum", options: [...EDITORIAL_STATES], default: "draft", description: "editorial state for imported translations" },
    format: { type: "enum", options: ["xliff", "po"], description: "override the format guessed from the file name" },
    ...contentArgs,
  },
  async run({ args }) {
    const db = database();
    try {
      const result = await importTranslations(db, {
        dir: args.dir,
        file: args.file,
        locale: args.locale,
        state: args.state as EditorialState,
        format: args.format as ExchangeFormat | undefined,
        ...contentOptions(args),
      });
      if (!result.ok) throw new CliError(`${result.errors.map(formatIssue).join("\n")}\nNothing was written.`);
      console.log(`Imported ${result.units} unit(s) as ${args.state} into ${result.files.length} file(s); ${result.skipped} untranslated entries skipped.`);
      if (!result.report.ok) throw new CliError(result.report.errors.map(formatIssue).join("\n"));
    } finally {
      await db.close();
    }
  },
});
