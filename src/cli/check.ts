// `status-atlas check`: validates the content folder without touching the database.
import { defineCommand } from "citty";
import { checkContent } from "../pipeline/import.ts";
import { formatIssue } from "../pipeline/issues.ts";
import { contentArgs, contentOptions } from "./content-args.ts";
import { CliError } from "./errors.ts";

export default defineCommand({
  meta: { name: "check", description: "Validate content files (no database writes)" },
  args: { ...contentArgs },
  async run({ args }) {
    const { content, errors, warnings } = await checkContent(args.dir, contentOptions(args));
    for (const warning of warnings) console.warn(`warning: ${formatIssue(warning)}`);
    if (errors.length)
      throw new CliError(`${errors.map(formatIssue).join("\n")}\n${errors.length} error(s); nothing was imported.`);
    console.log(
      `${args.dir}: ok — ${content.codes.length} codes, ${content.codeTranslations.length} code texts, ${content.comparisons.length} comparisons, ${content.messages.length} messages in ${content.locales.length} locales` +
        (warnings.length ? `, ${warnings.length} warning(s)` : ""),
    );
  },
});
