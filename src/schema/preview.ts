// `preview: true` (or `X-Preview: true`): translators and reviewers read their locales' drafts in place of
// the published text, editors the English drafts (every locale's fallback to English included). Such requests carry a token, so they are never cached or shared (src/http/).
import type { Context } from "../builder.ts";
import type { PreviewLocales } from "../read/preview.ts";
import type { ContentModel } from "../read/model.ts";
import { SOURCE_LOCALE } from "../content/format.ts";
import { draftLocalesOf, mayReadDrafts } from "../auth/roles.ts";
import { forbiddenError, unauthenticatedError } from "../auth/access.ts";

export const PREVIEW_ARG =
  "Serve drafts in place of published text: your locales' for translators and reviewers, English drafts (and every locale's fallback to them) for editors, all for admins; needs a token. `X-Preview: true` does the same for a whole request.";

/**
 * Switches the request to the preview of the viewer's locales when asked; anonymous readers never get one.
 * Then runs `resolve`: at once when no preview is asked (readers' requests stay synchronous), after the
 * preview is read otherwise.
 */
export function withPreview<T>(
  context: Context,
  requested: boolean | null | undefined,
  resolve: () => T,
): T | Promise<T> {
  if (!(requested ?? context.previewHeader)) return resolve();
  const viewer = context.viewer;
  if (!viewer)
    throw unauthenticatedError(
      "A preview shows unpublished drafts: send `Authorization: Bearer <token>` of a translator, reviewer or admin.",
    );
  // The one rule for drafts (src/auth/roles.ts), as for history and tasks: every role that writes has some.
  const locales: PreviewLocales = draftLocalesOf(viewer);
  if (locales !== "all" && locales.length === 0) throw forbiddenError(viewer, ["translate:*"]);
  return context.preview(context.snapshot, locales).then((model) => {
    context.model = model;
    return resolve();
  });
}

/** Per request: each locale's working model is read once, however many fields ask. */
const workingModels = new WeakMap<Context, Map<string, Promise<ContentModel>>>();

/** After a change in this request: the next working model is read again (the draft just saved shows). */
export function forgetWorkingModels(context: Context): void {
  workingModels.delete(context);
  englishDraftsRead.delete(context);
}

/**
 * The request's model switched to the viewer's preview (as `preview: true` does), for the payload of a draft
 * edit: the draft just saved is what its author reads back.
 */
export async function switchToPreview(context: Context): Promise<void> {
  context.model = await context.preview(context.snapshot, draftLocalesOf(context.viewer));
}

/** A locale's working model: the published snapshot with that locale's drafts, read once per request. */
export function workingModel(locale: string, context: Context): Promise<ContentModel> {
  let models = workingModels.get(context);
  if (!models) workingModels.set(context, (models = new Map()));
  let model = models.get(locale);
  if (!model) models.set(locale, (model = context.preview(context.snapshot, [locale])));
  return model;
}

/**
 * A record's revision ("code.404:vi", or "code.404" for English), as `expectedRevision` wants it. Drafts move
 * it without a content version, so whoever may read the locale's drafts gets it from the working model;
 * readers get the published snapshot's, which stays as it is while drafts are saved.
 */
export function translationRevision(context: Context, record: string, locale: string): number | Promise<number> {
  if (!mayReadDrafts(context.viewer, locale)) return context.model.revision(record);
  return workingModel(locale, context).then((model) => model.revision(record));
}

/** Per request: the units with an English draft, read once however many codes and comparisons ask. */
const englishDraftsRead = new WeakMap<Context, Promise<ReadonlySet<string>>>();

/**
 * Whether a unit ("code.404") has an English draft, for whoever may read English drafts (editors, admins);
 * null for everyone else, answered at once so readers' requests stay as they were.
 */
export function hasEnglishDraft(context: Context, unit: string): null | Promise<boolean> {
  if (!mayReadDrafts(context.viewer, SOURCE_LOCALE)) return null;
  let drafts = englishDraftsRead.get(context);
  if (!drafts) englishDraftsRead.set(context, (drafts = context.editorial.englishDrafts()));
  return drafts.then((units) => units.has(unit));
}
