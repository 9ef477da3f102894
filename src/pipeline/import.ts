// An import run end to end: parse → validate → plan → apply, reporting every problem together.
import type { PrismaClient } from "@prisma/client";
import { applyPlan, type ApplyOptions } from "./apply.ts";
import { formatIssue, sortIssues, type ContentIssue } from "./issues.ts";
import { displayPath, parseContentDir, type ParseOptions } from "./parse.ts";
import { hasChanges, planImport, type Plan } from "./plan.ts";
import { loadStoredContent } from "./state.ts";
import { validateContent } from "./validate.ts";

export type ContentOptions = Pick<ParseOptions, "limits" | "allowUnknownFiles">;

export type ImportOptions = ContentOptions & {
  dir: string;
  dryRun?: boolean;
  prune?: boolean;
  beforeCommit?: ApplyOptions["beforeCommit"];
};

export type ImportReport =
  | { ok: false; errors: ContentIssue[]; warnings: ContentIssue[] }
  | { ok: true; plan: Plan; warnings: ContentIssue[]; applied: boolean; runId: number | null };

/**
 * Parses and validates the content folder. Records name files relative to the folder, so the same
 * content imports the same from anywhere; issues name them under `dir` as the user gave it.
 */
export async function checkContent(dir: string, options: ParseOptions = {}) {
  const parsed = await parseContentDir(dir, options);
  const validated = parsed.readable
    ? validateContent(parsed.files, parsed.failed)
    : { content: { locales: [], codes: [], codeTranslations: [], comparisons: [], comparisonTranslations: [], messages: [] }, errors: [], warnings: [] };
  const shown = (issues: ContentIssue[]) => sortIssues(issues.map((issue) => ({ ...issue, file: displayPath(dir, issue.file) })));
  return {
    content: validated.content,
    errors: shown([...parsed.errors, ...validated.errors]),
    warnings: shown([...parsed.warnings, ...validated.warnings]),
  };
}

export async function runImport(prisma: PrismaClient, options: ImportOptions): Promise<ImportReport> {
  const startedAt = new Date();
  const { content, errors, warnings } = await checkContent(options.dir, { limits: options.limits, allowUnknownFiles: options.allowUnknownFiles });
  // A refused run writes nothing at all, not even a log row: the errors go back to the caller, and the
  // database stays byte-identical (a row quoting a refused file would store what it refused).
  if (errors.length > 0) return { ok: false, errors, warnings };
  const stored = await loadStoredContent(prisma);
  const plan = planImport(stored, content, { prune: options.prune ?? false });
  if (options.dryRun || !hasChanges(plan)) return { ok: true, plan, warnings, applied: false, runId: null };
  const runId = await applyPlan(prisma, plan, { startedAt, warnings: warnings.map(formatIssue), beforeCommit: options.beforeCommit });
  return { ok: true, plan, warnings, applied: true, runId };
}
