// The admin pages' links in the workbench's header, by role: what a viewer sees follows what the API lets
// them do (tokens, webhooks and GraphiQL are admins'; releases and versions editors' too; translators see none).
// The pages answer 403 anyway (routes.ts), and the API refuses beneath them.
import { isAdmin, mayEdit, type Viewer } from "../../auth/roles.ts";
import { html, type Html } from "../html.ts";
import type { UiLocale } from "../strings.ts";
import { ADMIN_STRINGS } from "./strings.ts";

export const ADMIN_PAGES = ["releases", "tokens", "webhooks", "versions", "graphiql"] as const;
export type AdminPage = (typeof ADMIN_PAGES)[number];

/** What the page needs of the viewer: "admin" or "edit", the API's own permission names (src/auth/roles.ts). */
export const PAGE_PERMISSION: Record<AdminPage, "admin" | "edit"> = {
  releases: "edit",
  tokens: "admin",
  webhooks: "admin",
  versions: "edit",
  // The whole API, introspection included, as an admin's token has it in production (src/workbench/admin/graphiql.ts).
  graphiql: "admin",
};

export function mayOpen(viewer: Viewer, page: AdminPage): boolean {
  return PAGE_PERMISSION[page] === "admin" ? isAdmin(viewer) : mayEdit(viewer);
}

export function adminNav(ui: UiLocale, viewer: Viewer | undefined, path: string): Html | "" {
  if (!viewer) return "";
  const pages = ADMIN_PAGES.filter((page) => mayOpen(viewer, page));
  if (!pages.length) return "";
  const s = ADMIN_STRINGS[ui];
  return html`<nav aria-label="${s.adminNav}" class="admin-nav"><ul class="inline">${pages.map((page) => {
    const href = `/workbench/${page}`;
    const current = path === href || path.startsWith(`${href}/`);
    return html`<li><a href="${href}"${current ? html` aria-current="page"` : ""}>${s[page]}</a></li>`;
  })}</ul></nav>`;
}
