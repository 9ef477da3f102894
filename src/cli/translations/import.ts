// `status-atlas translations import <file>`: a translated XLIFF/PO file into the database, all or nothing, in
// one transaction, through the path saveTranslation takes. A draft or reviewed file leaves what readers see
// as it is; `--state published` publishes. The content folder (--dir) gives the termbases the texts are
// held to; it is not written (`status-atlas export` writes content files from the database).
import { existsSync } from "node:fs";
import { defineCommand } from "citty";
import { EDITORIAL_STATES, type EditorialState } from "../../content/format.ts";
import { database } from "../../database.ts";
import { loadTermbases } from "../../pipeline/termbase.ts";
import { formatIssue } from "../../pipeline/issues.ts";
import { limitsWith } from "../../pipeline/limits.ts";
import { importIntoDatabase } from "../../translations/database.ts";
import { formatOfFile, readExchangeFile, type ExchangeFormat } from "../../translations/read.ts";
import { contentArgs, contentOptions } from "../content-args.ts";
import { CliError } from "../errors.ts";

export default defineCommand({
  meta: {
    name: "import",
    description: "Import a translated XLIFF 2.0 or PO file into the database (drafts unless --state published)",
  },
  args: {
    file: { type: "positional", required: true, description: "the .xlf/.xliff or .po file" },
    locale: { type: "string", description: "locale the file translates into (default: the file's target language)" },
    state: {
      type: "enum",
      options: [...EDITORIAL_STATES],
      default: "draft",
      description: "editorial state for imported translations",
    },
    format: { type: "enum", options: ["xliff", "po"], description: "override the format guessed from the file name" },
    ...contentArgs,
  },
  async run({ args }) {
    const format = (args.format as ExchangeFormat | undefined) ?? formatOfFile(args.file);
    if (!format)
      throw new CliError(
        `${formatIssue({ file: args.file, line: 0, field: "", message: "unknown format: use a .xlf/.xliff or .po file, or pass --format" })}\nNothing was written.`,
      );
    // The README's translator runs `translations export … --out vi.xlf`, which writes no file while nothing
    // needs work: the next step's missing file is named as that, not as a bare ENOENT.
    if (!existsSync(args.file))
      throw new CliError(
        `${formatIssue({ file: args.file, line: 0, field: "", message: "no such file (`translations export` writes none while nothing is in the states asked for, and says so)" })}\nNothing was written.`,
      );
    const limits = limitsWith(contentOptions(args).limits);
    const exchange = await readExchangeFile(args.file, format, limits);
    if ("errors" in exchange)
      throw new CliError(`${exchange.errors.map(formatIssue).join("\n")}\nNothing was written.`);
    const locale = args.locale ?? exchange.doc.targetLanguage;
    const { glossaries, problems } = await loadTermbases(args.dir, [locale]);
    for (const problem of problems) console.error(`warning: ${problem}`);
    const state = args.state as EditorialState;
    const db = database();
    try {
      const result = await importIntoDatabase(db, {
        doc: exchange.doc,
        lineOf: exchange.lineOf,
        locale,
        file: args.file,
        state,
        actor: "cli",
        glossaries,
        limits,
      });
      if (!result.ok) throw new CliError(`${result.errors.map(formatIssue).join("\n")}\nNothing was written.`);
      const where = !result.changed
        ? "nothing changed"
        : state === "published"
          ? `published as content version ${result.version}`
          : "saved as drafts; readers keep the published text";
      console.log(
        `Imported ${result.units} unit(s) as ${state} into the database (${where}); ${result.skipped} untranslated entries skipped.`,
      );
    } finally {
      await db.close();
    }
  },
});
