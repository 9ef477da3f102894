// `status-atlas import`: parse → validate → plan → apply the content folder in one transaction.
import { defineCommand } from "citty";
import { prisma } from "../db.ts";
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
  },
  async run({ args }) {
    const dryRun = args["dry-run"];
    try {
      const report = await runImport(prisma, { dir: args.dir, dryRun, prune: args.prune, ...contentOptions(args) });
      const text = describeReport(report, dryRun);
      if (!report.ok) throw new CliError(text);
      console.log(text);
    } finally {
      await prisma.$disconnect();
    }
  },
});
