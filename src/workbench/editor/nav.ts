// The editor's links in the workbench's header: shown only to roles that may use the pages (the server
// refuses the others anyway, with a 403 naming the permission).
import { mayEdit, type Viewer } from "../../auth/roles.ts";
import { html, type Html } from "../html.ts";
import type { UiLocale } from "../strings.ts";
import { EDITOR_STRINGS } from "./strings.ts";

export function editorNav(ui: UiLocale, viewer: Viewer | undefined): Html | "" {
  if (!viewer || !mayEdit(viewer)) return "";
  const es = EDITOR_STRINGS[ui];
  return html`<nav aria-label="${es.editorNav}"><ul class="inline"><li><a href="/workbench/codes">${es.codes}</a></li><li><a href="/workbench/compare">${es.compare}</a></li></ul></nav>`;
}
