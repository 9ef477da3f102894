// `status-atlas import`: parse → validate → plan → apply the content folder in one transaction.
import { defineCommand } from "citty";
import { database } from "../db/index.ts";
import { runImport, type ImportReport } from "../pipeline/import.ts";
import { formatIssue } from "../pipeline/issues.ts";
import { formatPlan } from "../pipeline/plan.ts";
import { contentArgs, contentOptions } from "./content-args.ts";
import { CliError } from "./errors.ts";

export function describeReport(report: ImportReport, dryRun: boolean): string {
  const warnings = report.warnings.map((w) => `warning: ${formatIssue(w)}`);
  if (!report.ok) {
    return [...warnings, ...report.errors.map(formatIssue), `${report.errors.length} error(s); nothing was written.`].join("\n");
  }
  const c = report.plan.counts;
  const head = dryRun ? ["Dry run — nothing written. The plan:", formatPlan(report.plan)] : report.applied ? [formatPlan(report.plan)] : [`Nothing to do: ${c.unchanged} units unchanged.`];
  return [...warnings, ...head].join("\n");
}

export default defineCommand({
  meta: { name: "import", description: "Import content files into the database" },
  args: {
    ...contentArgs,
    "dry-run": { type: "boolean", description: "print the plan and write nothing", default: false },
    prune: { type: "boolean", description: "delete what was removed from the files", default: false },
    force: { type: "boolean", description: "let the files win: over older-content refusals and over changes made through the API since the last import", default: false },
    "keep-db": { type: "boolean", description: "where a unit changed both in its file and through the API since the last import, keep the database's", default: false },
  },
  async run({ args }) {
    const dryRun = args["dry-run"];
    if (args.force && args["keep-db"]) throw new CliError("--force and --keep-db contradict each other: pick which side wins.");
    const db = database();
    try {
      const report = await runImport(db, { dir: args.dir, dryRun, prune: args.prune, force: args.force, keepDb: args["keep-db"], ...contentOptions(args) });
      const text = describeReport(report, dryRun);
      if (!report.ok) throw new CliError(text);
      console.log(text);
    } finally {
      await db.close();
    }
  },
});
