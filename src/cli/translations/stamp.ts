// `status-atlas translations stamp --locale vi`: mark translations in the database as made from today's English.
import { defineCommand } from "citty";
import { textUnitId } from "../../content/units.ts";
import { database } from "../../database.ts";
import { loadTermbases } from "../../pipeline/termbase.ts";
import { stampInDatabase } from "../../translations/database.ts";
import { contentArgs } from "../content-args.ts";
import { CliError } from "../errors.ts";

export default defineCommand({
  meta: {
    name: "stamp",
    description:
      "Record in the database that translations were made from today's English. By default only never-stamped translations; --id or --all after reviewing outdated ones.",
  },
  args: {
    locale: { type: "string", required: true, description: "locale to stamp, e.g. vi" },
    id: { type: "string", description: "comma-separated unit ids, e.g. code.404,message.heading.description" },
    all: {
      type: "boolean",
      default: false,
      description: "stamp every translation that is not up to date (you reviewed them all)",
    },
    ...contentArgs,
  },
  async run({ args }) {
    const ids = args.id
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const malformed = (ids ?? []).filter((id) => !textUnitId.parse(id));
    if (malformed.length)
      throw CliError.usage(
        `--id: not a unit id: ${malformed.join(", ")} (expected code.404, comparison.401-vs-403 or message.<key>)`,
      );
    const { glossaries } = await loadTermbases(args.dir, [args.locale]);
    const db = database();
    try {
      const result = await stampInDatabase(db, {
        locale: args.locale,
        selection: { ids, all: args.all },
        actor: "cli",
        glossaries,
      });
      if (!result.ok) throw new CliError(`--locale ${args.locale}: ${result.message}`);
      console.log(
        `Stamped ${result.units.length} translation(s) in the database${result.changed ? ` (content version ${result.version})` : ""}.`,
      );
    } finally {
      await db.close();
    }
  },
});
