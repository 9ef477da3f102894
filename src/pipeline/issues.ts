// Import problems as values: every one names the file, the line and the field it is about.

export type ContentIssue = {
  file: string;
  line: number;
  field: string;
  message: string;
};

export function formatIssue(issue: ContentIssue): string {
  // Line 0: the issue is about the file or folder as a whole (missing, unreadable, a link).
  const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  return issue.field ? `${where} ${issue.field}: ${issue.message}` : `${where} ${issue.message}`;
}

export function sortIssues(issues: ContentIssue[]): ContentIssue[] {
  return [...issues].sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line || x.field.localeCompare(y.field));
}

/**
 * The first `max` issues and one more line counting the rest: a file with 294,000 bad units is
 * reported in a screenful, and the count says how far from done it is.
 */
export function capIssues(issues: ContentIssue[], max: number): ContentIssue[] {
  if (issues.length <= max) return issues;
  const rest = issues.length - max;
  const summary = {
    file: issues[0]!.file,
    line: 0,
    field: "",
    message: `… and ${rest.toLocaleString("en")} more error(s) not shown (${issues.length.toLocaleString("en")} in all)`,
  };
  return [...issues.slice(0, max), summary];
}

/** A failed step that carries every problem found, so callers report them together. */
export class ContentError extends Error {
  readonly code = "VALIDATION";
  constructor(readonly issues: ContentIssue[]) {
    super(`${issues.length} content error(s):\n${sortIssues(issues).map(formatIssue).join("\n")}`);
    this.name = "ContentError";
  }
}
