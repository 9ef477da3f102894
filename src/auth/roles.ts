// Who may do what: the roles a token can carry and the permissions each grants. Pure; the GraphQL
// schema declares which permission each field needs (Pothos scope-auth, src/builder.ts).
import { SOURCE_LOCALE } from "../content/format.ts";

export const ROLES = ["admin", "editor", "reviewer", "translator"] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose permissions are limited to the locales the token names. */
export const LOCALE_SCOPED_ROLES: readonly Role[] = ["reviewer", "translator"];

/** The caller a request's token identifies; null for anonymous requests. */
export type Viewer = {
  readonly tokenId: number;
  readonly name: string;
  readonly role: Role;
  readonly locales: readonly string[];
};

/**
 * The permissions, as scope-auth scopes. `edit`: English text, facts, curated comparisons, message templates.
 * `translate`/`review` take a locale: drafts in it, and reviewing and publishing them. `admin`: everything.
 */
export type Permission = "admin" | "edit" | `translate:${string}` | `review:${string}`;

export function isAdmin(viewer: Viewer | null): boolean {
  return viewer?.role === "admin";
}

export function mayEdit(viewer: Viewer | null): boolean {
  return viewer?.role === "admin" || viewer?.role === "editor";
}

export function mayTranslate(viewer: Viewer | null, locale: string): boolean {
  if (!viewer) return false;
  if (viewer.role === "admin") return true;
  return (viewer.role === "translator" || viewer.role === "reviewer") && viewer.locales.includes(locale);
}

export function mayReview(viewer: Viewer | null, locale: string): boolean {
  if (!viewer) return false;
  if (viewer.role === "admin") return true;
  return viewer.role === "reviewer" && viewer.locales.includes(locale);
}

/**
 * The one rule for unpublished drafts, wherever drafts show (a preview, a unit's history, a task): a
 * locale's drafts are read by whoever may translate it (its translators and reviewers, and admins); English
 * drafts by whoever may edit English (editors and admins). Translators work from the published English.
 */
export function mayReadDrafts(viewer: Viewer | null, locale: string): boolean {
  return locale === SOURCE_LOCALE ? mayEdit(viewer) : mayTranslate(viewer, locale);
}

/** The locales whose drafts `viewer` may read (mayReadDrafts): "all" for an admin, else a list, empty for readers. */
export function draftLocalesOf(viewer: Viewer | null): "all" | readonly string[] {
  if (viewer?.role === "admin") return "all";
  return viewer
    ? [...new Set([SOURCE_LOCALE, ...viewer.locales])].filter((locale) => mayReadDrafts(viewer, locale))
    : [];
}
