// The checks a translation field must pass, run by the server on the unit page and by the browser as the
// translator types (islands/unit.ts bundles this very module). Each one is the importer's own function:
// ICU placeholders (content/icu.ts, messages only, as validate.ts and the XLIFF/PO import check them),
// forbidden termbase variants (content/glossary.ts) and the per-field length cap (pipeline/limits.ts).
// Pure: no I/O, nothing Node-only, so it runs in a browser unchanged.
import type { GlossaryEntry } from "../content/format.ts";
import { forbiddenVariants } from "../content/glossary.ts";
import { placeholderMismatch } from "../content/icu.ts";
import { DEFAULT_LIMITS, fieldTooLong } from "../pipeline/limits.ts";

export type FieldProblem = { check: "placeholders" | "variant" | "length"; message: string };

export type FieldToCheck = {
  /** "MESSAGE" fields are ICU MessageFormat templates; the others are Markdown prose. */
  kind: string;
  source: string;
  target: string;
};

/** Every problem of one typed field; empty when it may be saved as it is. */
export function checkField(
  field: FieldToCheck,
  glossary: readonly GlossaryEntry[],
  maxChars = DEFAULT_LIMITS.fieldChars,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (field.target.length > maxChars)
    problems.push({
      check: "length",
      message: fieldTooLong(field.target.length, { ...DEFAULT_LIMITS, fieldChars: maxChars }),
    });
  if (!field.target.trim()) return problems;
  if (field.kind === "MESSAGE") {
    const mismatch = placeholderMismatch(field.source, field.target);
    if (mismatch) problems.push({ check: "placeholders", message: mismatch });
  }
  for (const hit of forbiddenVariants(field.target, glossary)) {
    problems.push({
      check: "variant",
      message: `"${hit.variant}" is a variant the termbase rules out: write "${hit.use}" (term "${hit.term}")`,
    });
  }
  return problems;
}
