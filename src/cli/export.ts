// `status-atlas export --dir out`: the database's content written back as the content folder's files.
import { defineCommand } from "citty";
import { database } from "../database.ts";
import { runExport } from "../export/export.ts";
import { formatIssue } from "../pipeline/issues.ts";
import { CliError } from "./errors.ts";

/**
 * Every value of a flag that may be repeated or comma-separated (`--locale vi --locale en,fr`): citty
 * keeps only the last occurrence of a string flag.
 */
export function repeatedFlag(rawArgs: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") break;
    if (arg === `--${name}`) values.push(rawArgs[++i] ?? "");
    else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
  }
  return values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

export default defineCommand({
  meta: { name: "export", description: "Write the database's content as content files (the format import reads)" },
  args: {
    // No default: the configured content folder holds editors' files, comments and all, which an export
    // would overwrite without them; exporting there is a choice to make by name.
    dir: { type: "string", required: true, description: "folder to write into (created when missing)" },
    locale: {
      type: "string",
      description: "only these locales' files; repeat or comma-separate (locales.yaml is always written)",
    },
    prune: {
      type: "boolean",
      description: "delete content files of the exported locales that the database no longer holds",
      default: false,
    },
  },
  async run({ args, rawArgs }) {
    const locales = repeatedFlag(rawArgs, "locale");
    if (args.locale !== undefined && locales.length === 0)
      throw CliError.usage("--locale: give a locale code, e.g. --locale vi");
    const db = database();
    try {
      const report = await runExport(db, { dir: args.dir, locales, prune: args.prune });
      if (!report.ok)
        throw new CliError(
          "errors" in report ? [...report.errors.map(formatIssue), report.message].join("\n") : report.message,
        );
      const lines = [...report.written.map((f) => `wrote ${f}`), ...report.deleted.map((f) => `deleted ${f}`)];
      const deleted = args.prune ? `, ${report.deleted.length} deleted` : "";
      lines.push(
        `Exported content version ${report.version} to ${args.dir}: ${report.files} files, ${report.written.length} written, ${report.unchanged.length} unchanged${deleted}.`,
      );
      console.log(lines.join("\n"));
    } finally {
      await db.close();
    }
  },
});
