// What every mutation shares: running one edit (src/editorial/edits.ts) as the request's token holder, the
// permission a record's change needs, and the words the schema uses for revisions and content versions.
import type { GraphQLSchema } from "graphql";
import { unauthenticatedError } from "../auth/access.ts";
import type { Context } from "../builder.ts";
import { SOURCE_LOCALE, type CodeTextField } from "../content/format.ts";
import type { Edit } from "../editorial/edits.ts";
import type { EditOutcome } from "../editorial/write.ts";
import { conflictExtensions } from "./conflict.ts";
import { expectedError } from "./errors.ts";
import { forgetWorkingModels } from "./preview.ts";

export const EXPECTED_REVISION =
  "The `revision` you last read. A stale one is refused with CONFLICT, whose extensions carry `currentRevision`, `current` (the record as it is now, in this input's fields and enum values; `draft` says whether its text is a draft) and `diff` (each field you sent whose value differs: `field`, `current`, `yours`): nothing is overwritten unseen.";
export const CONTENT_VERSION =
  "The content version readers are on after this change: a new one when it changed published content; unchanged for a draft saved, reviewed, sent back or discarded, and when nothing changed.";
/**
 * Runs an edit as the request's token holder; a refused edit is a coded error with what the client needs
 * to retry. The payload is read from the version the edit wrote: mutations run one after another, so the
 * request's later fields see what its earlier mutations did, as GraphQL's serial execution promises.
 */
export async function run(
  context: Context,
  edit: Edit,
  expectedRevision: number | null,
  schema: GraphQLSchema,
): Promise<Extract<EditOutcome, { ok: true }>> {
  const viewer = context.viewer;
  // scope-auth has already refused anonymous callers; this keeps the type honest.
  if (!viewer) throw unauthenticatedError();
  const outcome = await context.editorial.run(edit, viewer.name, expectedRevision);
  if (outcome.ok) {
    const { snapshot } = outcome;
    if (snapshot) Object.assign(context, { snapshot, version: snapshot.version, model: snapshot.model });
    if (outcome.changed) forgetWorkingModels(context);
    return outcome;
  }
  if (outcome.code === "CONFLICT") {
    // The record in the API's own shape and what differs from the input: a client merges from these alone.
    const { current, diff } = conflictExtensions(schema, outcome.current, outcome.sent);
    throw expectedError("CONFLICT", outcome.message, {
      record: outcome.record,
      currentRevision: outcome.currentRevision,
      current,
      diff,
    });
  }
  throw expectedError(outcome.code, outcome.message, { field: outcome.field, issues: outcome.issues });
}

export type Done = Extract<EditOutcome, { ok: true }>;

export const TEXT_DESCRIPTIONS: Record<CodeTextField, string> = {
  title: "English title.",
  summary: "One sentence.",
  description: "What the code means.",
  whenYouSeeIt: "The situations in which the code shows up.",
  howToFix: "What the receiver should do.",
  useWhen: "When a server should send this code.",
  body: "Longer Markdown.",
};

/** The permission changing a record needs: editors for English and facts, reviewers for a locale's translation. */
export function permissionFor(locale: string | null): { edit: true } | { review: string } {
  return locale === null || locale === SOURCE_LOCALE ? { edit: true } : { review: locale };
}
