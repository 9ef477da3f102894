// `status-atlas translations stamp --locale vi`: mark translations as made from today's English.
import { defineCommand } from "citty";
import { translatableLocaleProblem } from "../../domain/translation-units.ts";
import { checkContent } from "../../pipeline/import.ts";
import { formatIssue } from "../../pipeline/issues.ts";
import { stampFiles, unitsToStamp } from "../../translations/stamp.ts";
import { contentArgs, contentOptions } from "../content-args.ts";
import { CliError } from "../errors.ts";
import { textUnitId } from "../../content/units.ts";

export default defineCommand({
  meta: {
    name: "stamp",
    description: "Record the English source hash in translation files. By default only never-stamped translations; --id or --all after reviewing outdated ones.",
  },
  args: {
    locale: { type: "string", required: true, description: "locale to stamp, e.g. vi" },
    id: { type: "string", description: "comma-separated unit ids, e.g. code.404,message.heading.description" },
    all: { type: "boolean", default: false, description: "stamp every translation that is not up to date (you reviewed them all)" },
    ...contentArgs,
  },
  async run({ args }) {
    const { content, errors } = await checkContent(args.dir, contentOptions(args));
    if (errors.length) throw new CliError(`${errors.map(formatIssue).join("\n")}\nFix these before stamping.`);
    const problem = translatableLocaleProblem(content.locales.map((l) => l.code), args.locale);
    if (problem) throw new CliError(`--locale: ${problem}`);
    const ids = args.id?.split(",").map((s) => s.trim()).filter(Boolean);
    const units = unitsToStamp(content, args.locale, { ids, all: args.all });
    const malformed = (ids ?? []).filter((id) => !textUnitId.parse(id));
    if (malformed.length) throw new CliError(`Not a unit id: ${malformed.join(", ")} (expected code.404, comparison.401-vs-403 or message.<key>)`);
    const unknown = (ids ?? []).filter((id) => !units.some((u) => u.id === id));
    if (unknown.length) throw new CliError(`No ${args.locale} translation for: ${unknown.join(", ")}`);
    const written = await stampFiles(args.dir, units);
    console.log(`Stamped ${units.length} translation(s) in ${written.length} file(s).`);
  },
});
