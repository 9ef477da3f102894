// `status-atlas import`: parse → validate → plan → apply the content folder in one transaction; a progress bar
// on a terminal, one summary line (the per-unit plan with --verbose).
import { setFlagsFromString } from "node:v8";
import { defineCommand } from "citty";
import { database } from "../database.ts";
import { runImport, type ImportReport } from "../pipeline/import.ts";
import { formatIssue } from "../pipeline/issues.ts";
import { formatPlan, type Plan } from "../pipeline/plan.ts";
import { contentArgs, contentOptions } from "./content-args.ts";
import { CliError } from "./errors.ts";
import { progressBar } from "./progress.ts";

/**
 * How far V8 lets the heap grow past what the last full collection kept: (1 + percent/100)×. An import's live
 * heap stays under ~100 MB at 101 locales, but it allocates gigabytes, and by its own heuristics V8 let the
 * heap reach 2–4× that before collecting (peak RSS 530–750 MB). At 40% the peak was 333–404 MB over four runs for ~0.6 s more CPU; at 30%, 306–406 MB over four runs for ~0.4 s more: the peak still moves with when the collector runs
 * (bench/README.md, "Imports at scale"). A growth factor, not a cap: a larger corpus still gets the heap it
 * needs. V8 reads it at each collection, so it can be set once the process runs; only this command's
 * process sets it (a server's imports run beside its read model, and keep V8's defaults).
 */
export const IMPORT_HEAP_GROWING_PERCENT = 30;

export function tuneHeapForImport(): void {
  setFlagsFromString(`--heap-growing-percent=${IMPORT_HEAP_GROWING_PERCENT}`);
}

/** The plan in one line: what a log or CI needs. The per-unit plan (hundreds of lines on a first import) is for --verbose. */
export function summarizePlan(plan: Plan): string {
  const c = plan.counts;
  return (
    `${c.created} created, ${c.updated} updated, ${c.deleted} deleted, ${c.unchanged} unchanged` +
    (c.keptWithoutPrune ? `, ${c.keptWithoutPrune} removed from the files but kept (use --prune to delete)` : "") +
    (c.keptFromApi ? `, ${c.keptFromApi} kept as changed through the API` : "") +
    (plan.newlyOutdated.length ? `; ${plan.newlyOutdated.length} translation(s) became outdated` : "")
  );
}

export function describeReport(report: ImportReport, dryRun: boolean, verbose = false): string {
  const warnings = report.warnings.map((w) => `warning: ${formatIssue(w)}`);
  if (!report.ok) {
    return [
      ...warnings,
      ...report.errors.map(formatIssue),
      `${report.errors.length} error(s); nothing was written.`,
    ].join("\n");
  }
  const c = report.plan.counts;
  const detail = verbose ? [formatPlan(report.plan)] : [];
  const more = verbose ? "" : " (--verbose lists every unit)";
  const head = dryRun
    ? [`Dry run — nothing written. The plan: ${summarizePlan(report.plan)}${more}.`, ...detail]
    : report.applied
      ? [...detail, `Imported as content version ${report.version}: ${summarizePlan(report.plan)}${more}.`]
      : report.unchangedSource
        ? [
            `Nothing to do: the files are byte for byte what the last import read (${c.unchanged} units); not parsed again.`,
          ]
        : [`Nothing to do: ${c.unchanged} units unchanged.`];
  return [...warnings, ...head].join("\n");
}

export default defineCommand({
  meta: { name: "import", description: "Import content files into the database" },
  args: {
    ...contentArgs,
    "dry-run": { type: "boolean", description: "print the plan and write nothing", default: false },
    prune: { type: "boolean", description: "delete what was removed from the files", default: false },
    force: {
      type: "boolean",
      description:
        "let the files win: over older-content refusals and over changes made through the API since the last import",
      default: false,
    },
    "keep-db": {
      type: "boolean",
      description:
        "where a unit changed both in its file and through the API since the last import, keep the database's",
      default: false,
    },
    verbose: { type: "boolean", description: "list every unit the plan creates, updates or deletes", default: false },
  },
  async run({ args }) {
    const dryRun = args["dry-run"];
    if (args.force && args["keep-db"])
      throw new CliError("--force and --keep-db contradict each other: pick which side wins.");
    tuneHeapForImport();
    const db = database();
    try {
      // On a terminal a bar shows the writes; elsewhere only the summary line is printed.
      const bar = progressBar(process.stdout, "Writing");
      const onProgress = bar && ((done: number, total: number) => bar.update(done, total));
      const report = await runImport(db, {
        dir: args.dir,
        dryRun,
        prune: args.prune,
        force: args.force,
        keepDb: args["keep-db"],
        ...contentOptions(args),
        onProgress,
      });
      bar?.end();
      const text = describeReport(report, dryRun, args.verbose);
      if (!report.ok) throw new CliError(text);
      console.log(text);
    } finally {
      await db.close();
    }
  },
});
