// The editor's pages as template functions (data in, escaped HTML out), in the workbench's layout. The
// forms are rendered from form descriptions (form.ts), never from a list of fields written here; they work
// without JavaScript (lists grow and shrink by submit buttons, the preview by a Preview button), and the
// island (../islands/editor.ts) updates the rendered Markdown and the preview as the user types.
import { SOURCE_LOCALE } from "../../content/format.ts";
import { DRAFT_PREFIX } from "../../write/history.ts";
import { html, type Html } from "../html.ts";
import { renderMarkdown } from "../markdown.ts";
import { layout, type PageFrame } from "../pages.ts";
import { wordDiff } from "../word-diff.ts";
import type { CodeSummary, HistoryEntry } from "./api.ts";
import { controlName, leafFields, valueAt, type FormField, type FormProblem, type Values } from "./form.ts";
import { BODY } from "./records.ts";
import { labelOf, type EditorStrings } from "./strings.ts";

export type EditorFrame = PageFrame & { es: EditorStrings };

/** Field kinds held by one control, whose value "Use theirs" can set. */
const ONE_CONTROL = new Set<FormField["kind"]>(["text", "number", "markdown", "enum"]);

const controlId = (path: string) => `ed-${path.replace(/[^\w]/g, "-")}`;
const csrfField = (frame: PageFrame) => html`<input type="hidden" name="csrf" value="${frame.csrf ?? ""}">`;

export type FormView = {
  fields: readonly FormField[];
  /** What the controls show (shownValues, or what was typed). */
  shown: Values;
  problems: readonly FormProblem[];
  /** A keyed field's keys (a comparison's two codes). */
  keys: readonly string[];
  /** Shown beside a field: the generated text a curated field overrides. */
  beside?: ReadonlyMap<string, Html>;
  /** In a conflict: the record as it is now, to show beside what was typed where the two differ. */
  theirs?: Values | null;
};

/** The field a problem belongs to: its own, or the list or group it is in ("related.2" → related). */
function fieldOf(fields: readonly FormField[], path: string): FormField | undefined {
  const leaves = leafFields(fields);
  for (let p = path; p; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    const found = leaves.find((f) => f.path === p);
    if (found) return found;
  }
  return undefined;
}

/** Problems no field owns (the record as a whole): shown above the form. */
export function unplacedProblems(view: FormView): FormProblem[] {
  return view.problems.filter((p) => !fieldOf(view.fields, p.path));
}

const asText = (value: unknown): string =>
  Array.isArray(value)
    ? value.map(asText).join("\n")
    : value && typeof value === "object"
      ? Object.entries(value)
          .map(([k, v]) => `${k}: ${asText(v)}`)
          .join("\n")
      : String(value ?? "");

function fieldControl(frame: EditorFrame, view: FormView, field: FormField): Html {
  const { es } = frame;
  const id = controlId(field.path);
  const label = labelOf(es, field.path);
  const value = valueAt(view.shown, field.path);
  const problems = view.problems.filter((p) => fieldOf(view.fields, p.path)?.path === field.path);
  const problemId = `${id}-problem`;
  const described = problems.length ? html` aria-describedby="${problemId}" aria-invalid="true"` : "";
  const problemList = problems.length
    ? html`<ul class="problems" id="${problemId}">${problems.map((p) => html`<li>${p.path === field.path ? "" : `${p.path}: `}${p.message}</li>`)}</ul>`
    : "";
  const theirs = view.theirs ? valueAt(view.theirs, field.path) : undefined;
  const conflict =
    view.theirs && asText(theirs) !== asText(value)
      ? html`<div class="conflict-field"><p class="diff-label">${es.theirs}</p><div class="text theirs">${asText(theirs)}</div><p class="diff-label">${es.difference} (${es.theirs} → ${es.yours})</p><div class="text diff">${wordDiff(asText(theirs), asText(value))}</div>${
          // One value in one control: the island offers to put theirs in it (hidden without JavaScript).
          ONE_CONTROL.has(field.kind)
            ? html`<p><button type="button" class="editor-use-theirs" data-control="${id}" data-theirs="${asText(theirs)}" hidden>${es.useTheirs}<span class="visually-hidden">: ${label}</span></button></p>`
            : ""
        }</div>`
      : "";
  const beside = view.beside?.get(field.path);
  const besideBlock = beside
    ? html`<div class="generated"><p class="diff-label">${es.generated}</p>${beside}</div>`
    : "";
  const markdownArea = (areaId: string, name: string, text: string, areaLabel: string, extra: Html | "" = "") =>
    html`<label for="${areaId}">${areaLabel}</label>
<textarea id="${areaId}" name="${name}" rows="${Math.min(14, Math.max(3, Math.ceil(text.length / 80) + text.split("\n").length))}" class="markdown-source"${extra}>${text}</textarea>
<details class="rendered"><summary>${es.rendered}<span class="visually-hidden">: ${areaLabel}</span></summary><div class="markdown" id="${areaId}-rendered">${renderMarkdown(text)}</div></details>`;

  let control: Html;
  switch (field.kind) {
    case "fixed":
      control = html`<p><span class="label">${label}</span> <span id="${id}">${asText(value).replace(/\n/g, ", ")}</span> <span class="note">(${es.fixedNote})</span></p>`;
      break;
    // aria-required, not required: the browser would refuse the post with its own words, and the refusal is
    // the importer's to make, named by field, as it makes it for a file.
    case "text":
    case "number":
      control = html`<label for="${id}">${label}</label><input id="${id}" name="${controlName(field.path)}" value="${String(value ?? "")}"${field.kind === "number" ? html` inputmode="numeric"` : ""}${field.optional ? "" : html` aria-required="true"`}${described}>`;
      break;
    case "markdown":
      control = markdownArea(id, controlName(field.path), String(value ?? ""), label, described);
      break;
    case "boolean":
      control = html`<p class="check"><input type="checkbox" id="${id}" name="${controlName(field.path)}" value="true"${value === true ? html` checked` : ""}${described}> <label for="${id}">${label}</label></p>`;
      break;
    case "enum":
      control = html`<label for="${id}">${label}</label><select id="${id}" name="${controlName(field.path)}"${described}>${field.optional ? html`<option value=""></option>` : ""}${field.options.map(
        (o) => html`<option value="${o}"${o === value ? html` selected` : ""}>${o}</option>`,
      )}</select>`;
      break;
    case "list": {
      const rows = (value as string[] | undefined) ?? [];
      // A group is described by its problems; aria-invalid belongs on the controls a user fills in.
      control = html`<fieldset class="list" id="${id}"${problems.length ? html` aria-describedby="${problemId}"` : ""}><legend>${label} (${rows.length})</legend>
${rows.map((row, i) => {
  const rowId = `${id}-${i}`;
  const rowLabel = `${label} ${i + 1}`;
  const remove = html`<button type="submit" name="action" value="remove:${field.path}:${i}" formnovalidate>${es.remove}<span class="visually-hidden"> ${rowLabel}</span></button>`;
  return field.item === "markdown"
    ? html`<div class="row">${markdownArea(rowId, controlName(field.path), row, rowLabel)}${remove}</div>`
    : html`<div class="row"><label for="${rowId}">${rowLabel}</label> <input id="${rowId}" name="${controlName(field.path)}" value="${row}"${field.item === "number" ? html` inputmode="numeric"` : ""}> ${remove}</div>`;
})}
${field.max === null || rows.length < field.max ? html`<p><button type="submit" name="action" value="add:${field.path}" formnovalidate>${es.add}<span class="visually-hidden"> ${label}</span></button></p>` : ""}
</fieldset>`;
      break;
    }
    case "keyed":
      control = html`${view.keys.map((key) => {
        const keyPath = `${field.path}.${key}`;
        const keyLabel = `${label} ${key}`;
        const text = String(valueAt(view.shown, keyPath) ?? "");
        const keyBeside = view.beside?.get(keyPath);
        return html`<div class="keyed">${markdownArea(controlId(keyPath), `${controlName(field.path)}.${key}`, text, keyLabel)}${keyBeside ? html`<div class="generated"><p class="diff-label">${es.generated}</p>${keyBeside}</div>` : ""}</div>`;
      })}`;
      break;
    case "group":
      control = html`<fieldset class="group"><legend>${label}</legend>${field.fields.map((f) => fieldControl(frame, view, f))}</fieldset>`;
      return control;
  }
  return html`<div class="editor-field${beside ? " with-generated" : ""}"><div class="control">${control}${problemList}${conflict}</div>${besideBlock}</div>`;
}

/** The generated form: every field of the file, in the file's order. */
export function renderForm(frame: EditorFrame, view: FormView): Html {
  return html`${view.fields.map((f) => fieldControl(frame, view, f))}`;
}

function notices(
  frame: EditorFrame,
  notice: string | null,
  problems: readonly FormProblem[],
  error: string | null,
  conflict: { action: string } | null,
): Html {
  const { es } = frame;
  return html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
${error ? html`<div class="error" role="alert"><h2>${frame.strings.errorTitle}</h2><p>${error}</p></div>` : ""}
${problems.length ? html`<div class="error" role="alert"><h2>${es.problemsTitle}</h2><ul>${problems.map((p) => html`<li>${p.path ? `${labelOf(es, p.path)}: ` : ""}${p.message}</li>`)}</ul></div>` : ""}
${conflict ? html`<div class="error" role="alert"><h2>${es.conflictTitle}</h2><p>${es.conflictIntro}</p><p><a href="${conflict.action}">${es.startFromTheirs}</a></p></div>` : ""}`;
}

export type EditPageView = {
  title: string;
  /** Where the form posts, and the page's own address. */
  action: string;
  historyPath: string;
  form: FormView;
  revision: number;
  notice: string | null;
  error: string | null;
  conflict: boolean;
  /** Locales the preview may be shown in, and the one shown. */
  locales: readonly string[];
  previewLocale: string;
  preview: Html | null;
  /** Text above the form (the comparison's curated state). */
  intro?: Html;
  links?: Html;
};

/** A code's or a comparison's edit page: the generated form, the actions, and the preview. */
export function editPage(frame: EditorFrame, view: EditPageView): Html {
  const { es } = frame;
  const fieldsProblems = unplacedProblems(view.form);
  return layout(
    frame,
    view.title,
    html`<h1>${view.title}</h1>
<nav aria-label="${es.codes}" class="pager"><ul class="inline"><li><a href="/workbench/codes">${es.codes}</a></li><li><a href="/workbench/compare">${es.compare}</a></li><li><a href="${view.historyPath}">${es.history}</a></li>${view.links ?? ""}</ul></nav>
${notices(frame, view.notice, fieldsProblems, view.error, view.conflict ? { action: view.action } : null)}
${view.intro ?? ""}
<form method="post" action="${view.action}" id="editor-form" data-preview="${view.action}/preview">
${csrfField(frame)}
<input type="hidden" name="expectedRevision" value="${view.revision}">
<div class="editor-toolbar"><label for="preview-locale">${es.previewLocale}</label> <select id="preview-locale" name="previewLocale">${view.locales.map(
      (l) => html`<option value="${l}"${l === view.previewLocale ? html` selected` : ""}>${l}</option>`,
    )}</select> <button type="submit" name="action" value="preview">${es.preview}</button></div>
<div class="editor-columns">
<div class="editor-fields">${renderForm(frame, view.form)}
<p class="actions"><button type="submit" name="action" value="save-draft">${es.saveDraft}</button> <button type="submit" name="action" value="publish">${es.publish}</button> <button type="submit" name="action" value="revert" formnovalidate>${es.revert}</button></p>
</div>
<section class="editor-preview" aria-labelledby="live-preview-heading"><h2 id="live-preview-heading">${es.livePreview}</h2><p>${es.livePreviewIntro}</p><div id="live-preview">${view.preview ?? ""}</div></section>
</div>
</form>`,
  );
}

export function codesListPage(frame: EditorFrame, codes: readonly CodeSummary[], search: string): Html {
  const { es } = frame;
  return layout(
    frame,
    es.codes,
    html`<h1>${es.codes}</h1><p>${es.codesIntro}</p>
<form method="get" action="/workbench/codes" class="filter"><label for="codes-search">${es.search}</label> <input id="codes-search" name="q" type="search" value="${search}"> <button type="submit">${frame.strings.apply}</button></form>
${
  codes.length
    ? html`<table class="units"><caption class="visually-hidden">${es.codes}</caption><thead><tr><th scope="col">${es.labels.code}</th><th scope="col">${es.labels.title}</th><th scope="col">${es.labels.summary}</th><th scope="col">${es.state}</th></tr></thead>
<tbody>${codes.map(
        (c) =>
          html`<tr><td><a href="/workbench/codes/${c.code}">${c.code}</a></td><td>${c.title}</td><td>${c.summary}</td><td>${c.englishDraft ? html`<span class="state state-draft">${es.draftWaits}</span>` : ""}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${frame.strings.noUnits}</p>`
}`,
  );
}

/** The pair picker: two selects, posted by GET to /workbench/compare, which redirects to the pair's page. */
export function comparePicker(
  frame: EditorFrame,
  codes: readonly { code: number; title: string }[],
  a: number | null,
  b: number | null,
): Html {
  const { es } = frame;
  const select = (id: string, name: string, label: string, current: number | null) =>
    html`<label for="${id}">${label}</label> <select id="${id}" name="${name}">${codes.map((c) => html`<option value="${c.code}"${c.code === current ? html` selected` : ""}>${c.code} ${c.title}</option>`)}</select>`;
  return html`<form method="get" action="/workbench/compare" class="filter compare-picker"><fieldset><legend>${es.comparePick}</legend>${select("compare-a", "a", es.firstCode, a)} ${select("compare-b", "b", es.secondCode, b)} <button type="submit">${es.show}</button></fieldset></form>`;
}

export function comparePickPage(
  frame: EditorFrame,
  codes: readonly { code: number; title: string }[],
  error: string | null,
): Html {
  const { es } = frame;
  return layout(
    frame,
    es.compare,
    html`<h1>${es.compare}</h1><p>${es.compareIntro}</p>${error ? html`<p class="error" role="alert">${error}</p>` : ""}${comparePicker(frame, codes, null, null)}`,
  );
}

/** A value of a history change as text: lists one item a line, a nested value (spec) one "key: value" a line. */
function shownValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(shownValue).join("\n");
  if (typeof value === "object")
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${shownValue(v)}`)
      .join("\n");
  return String(value);
}

/**
 * A change as a word diff per field, each labelled. A whole record created or deleted (a draft saved or
 * published, a pair curated) has every field at once: folded, with what happened as its summary.
 */
function changeCell(es: EditorStrings, e: HistoryEntry): Html {
  const rows = html`<dl class="changes">${e.changes.map(
    (c) =>
      html`<dt>${labelOf(es, c.field === "body" ? BODY : c.field)}</dt><dd><div class="text diff">${wordDiff(shownValue(c.before), shownValue(c.after))}</div></dd>`,
  )}</dl>`;
  if (!e.field.endsWith("*")) return rows;
  const created = e.changes.every((c) => c.before === null);
  const deleted = e.changes.every((c) => c.after === null);
  return html`<details><summary>${created ? es.recordCreated : deleted ? es.recordDeleted : es.recordReplaced}</summary>${rows}</details>`;
}

/** A history entry's field by its label: "Summary", "Summary (draft)" for a draft's, the record for a whole one. */
function fieldName(es: EditorStrings, record: string, e: HistoryEntry): string {
  const field = e.field.startsWith(DRAFT_PREFIX) ? e.field.slice(DRAFT_PREFIX.length) : e.field;
  // A text's "body" is the Markdown body; the fact of the same name in the file is "hasBody" in the record.
  const label = field === "*" ? record : labelOf(es, field === "body" ? BODY : field);
  return `${label}${e.draft ? ` (${es.draft})` : ""}${e.locale && e.locale !== SOURCE_LOCALE ? ` (${e.locale})` : ""}`;
}

export function editorHistoryPage(
  frame: EditorFrame,
  view: {
    record: string;
    back: string;
    entries: readonly HistoryEntry[];
    revision: number;
    notice: string | null;
    error: string | null;
  },
): Html {
  const { es } = frame;
  const at = (iso: string) => iso.slice(0, 16).replace("T", " ");
  return layout(
    frame,
    es.historyOf(view.record),
    html`<h1>${es.historyOf(view.record)}</h1>
<nav aria-label="${es.history}"><ul class="inline"><li><a href="${view.back}">${es.back}</a></li></ul></nav>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ""}
${view.error ? html`<div class="error" role="alert"><h2>${frame.strings.errorTitle}</h2><p>${view.error}</p></div>` : ""}
${
  view.entries.length
    ? html`<table class="history"><caption class="visually-hidden">${es.history}</caption><thead><tr><th scope="col">${es.when}</th><th scope="col">${es.who}</th><th scope="col">${es.field}</th><th scope="col">${es.change}</th><th scope="col">${es.revert}</th></tr></thead><tbody>${view.entries.map(
        (e) =>
          html`<tr><td><time datetime="${e.at}">${at(e.at)}</time></td><td>${e.actor}</td><td>${fieldName(es, view.record, e)}</td><td>${changeCell(es, e)}${e.note ? html`<p>${e.note}</p>` : ""}</td><td><form method="post" action="${view.back}/history">${csrfField(frame)}<input type="hidden" name="entryId" value="${e.id}"><input type="hidden" name="expectedRevision" value="${view.revision}"><button type="submit" name="action" value="revert">${es.revert}<span class="visually-hidden"> ${e.field} ${at(e.at)}</span></button></form></td></tr>`,
      )}</tbody></table>`
    : html`<p>${es.noHistory}</p>`
}`,
  );
}
