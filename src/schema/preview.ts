// `preview: true` (or `X-Preview: true`): translators and reviewers read their locales' drafts in place of
// the published text. Such requests carry a token, so they are never cached or shared (src/http/).
import type { Context } from "../builder.ts";
import type { PreviewLocales } from "../read/preview.ts";
import { forbiddenError, unauthenticatedError } from "../auth/access.ts";

export const PREVIEW_ARG = "Serve drafts of your locales in place of published text (translators, reviewers and admins; needs a token). `X-Preview: true` does the same for a whole request.";

/** Switches the request to the preview of the viewer's locales when asked; anonymous readers never get one. */
export function applyPreview(context: Context, requested: boolean | null | undefined): void {
  if (!(requested ?? context.previewHeader)) return;
  const viewer = context.viewer;
  if (!viewer) throw unauthenticatedError("A preview shows unpublished drafts: send `Authorization: Bearer <token>` of a translator, reviewer or admin.");
  const locales: PreviewLocales | null = viewer.role === "admin" ? "all" : viewer.role === "translator" || viewer.role === "reviewer" ? viewer.locales : null;
  // "*": any locale; editors work on English, which has no drafts.
  if (!locales) throw forbiddenError(viewer, ["translate:*"]);
  context.model = context.snapshot.preview(locales);
}
