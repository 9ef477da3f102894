// An import run end to end: parse → validate → plan → apply, reporting every problem together.
import type { PrismaClient } from "@prisma/client";
import { applyPlan, type ApplyOptions } from "./apply.ts";
import { formatIssue, sortIssues, type ContentIssue } from "./issues.ts";
import { parseContentDir } from "./parse.ts";
import { hasChanges, planImport, type Plan } from "./plan.ts";
import { loadStoredContent } from "./state.ts";
import { validateContent } from "./validate.ts";

export type ImportOptions = {
  dir: string;
  dryRun?: boolean;
  prune?: boolean;
  beforeCommit?: ApplyOptions["beforeCommit"];
};

export type ImportReport =
  | { ok: false; errors: ContentIssue[]; warnings: ContentIssue[] }
  | { ok: true; plan: Plan; warnings: ContentIssue[]; applied: boolean; runId: number | null };

export async function checkContent(dir: string, overrides?: ReadonlyMap<string, string>) {
  const parsed = await parseContentDir(dir, overrides);
  const validated = validateContent(parsed.files);
  return {
    content: validated.content,
    errors: sortIssues([...parsed.errors, ...validated.errors]),
    warnings: sortIssues([...parsed.warnings, ...validated.warnings]),
  };
}

export async function runImport(prisma: PrismaClient, options: ImportOptions): Promise<ImportReport> {
  const startedAt = new Date();
  const { content, errors, warnings } = await checkContent(options.dir);
  if (errors.length > 0) {
    if (!options.dryRun) {
      // The failure is logged; the content tables are not touched.
      await prisma.importRun.create({
        data: {
          startedAt,
          finishedAt: new Date(),
          status: "failed",
          errors: JSON.stringify(errors.map(formatIssue)),
          warnings: JSON.stringify(warnings.map(formatIssue)),
        },
      });
    }
    return { ok: false, errors, warnings };
  }
  const stored = await loadStoredContent(prisma);
  const plan = planImport(stored, content, { prune: options.prune ?? false });
  if (options.dryRun || !hasChanges(plan)) return { ok: true, plan, warnings, applied: false, runId: null };
  const runId = await applyPlan(prisma, plan, { startedAt, warnings: warnings.map(formatIssue), beforeCommit: options.beforeCommit });
  return { ok: true, plan, warnings, applied: true, runId };
}
