// The workbench's pages as template functions: data in, escaped HTML out (html.ts). Every page works
// without JavaScript (forms post to the server); the island (islands/workbench.ts) only adds shortcuts and
// live checks, and finds what it needs in data- attributes, so no inline script or style is needed under
// the page's `default-src 'self'`.
import type { Viewer } from "../auth/roles.ts";
import type { GlossaryEntry } from "../content/format.ts";
import { termOccurrences, termsIn } from "../content/glossary.ts";
import type { Comment, HistoryEntry, Preview, Progress, Task, TaskField } from "./api.ts";
import { checkField } from "./checks.ts";
import { editorNav } from "./editor/nav.ts";
import { html, type Html } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";
import { fieldLabel, UI_LOCALES, type UiLocale, type UiStrings } from "./strings.ts";
import { wordDiff } from "./word-diff.ts";
import { adminNav } from "./admin/nav.ts";

export type PageFrame = {
  ui: UiLocale;
  strings: UiStrings;
  /** The path of this page, for the interface language links. */
  path: string;
  assets: { script: string | null; style: string | null };
  viewer?: Viewer;
  csrf?: string;
};

export const STATES = ["MISSING", "OUTDATED", "DRAFT", "REVIEWED", "PUBLISHED"] as const;
export const KINDS = ["CODE", "COMPARISON", "MESSAGE"] as const;

const csrfField = (frame: PageFrame) => html`<input type="hidden" name="csrf" value="${frame.csrf ?? ""}">`;
const stateName = (s: UiStrings, state: string) => (s.stateNames as Record<string, string>)[state] ?? state;
const kindName = (s: UiStrings, kind: string) => (s.kindNames as Record<string, string>)[kind] ?? kind;
export const unitPath = (locale: string, unit: string) =>
  `/workbench/${encodeURIComponent(locale)}/${encodeURIComponent(unit)}`;

export function layout(frame: PageFrame, title: string, body: Html): Html {
  const s = frame.strings;
  const { viewer } = frame;
  return html`<!doctype html>
<html lang="${frame.ui}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${s.appName}</title>
${frame.assets.style ? html`<link rel="stylesheet" href="${frame.assets.style}">` : ""}
${frame.assets.script ? html`<script type="module" src="${frame.assets.script}"></script>` : ""}
</head>
<body>
<a class="skip" href="#main">${s.skipToContent}</a>
<header>
<p class="brand"><a href="/workbench/">${s.appName}</a></p>
${editorNav(frame.ui, viewer)}
<nav aria-label="${s.interfaceLanguage}"><ul class="inline">${UI_LOCALES.map(
    (l) =>
      html`<li><a href="${frame.path}?ui=${l}" lang="${l}"${l === frame.ui ? html` aria-current="true"` : ""}>${l === "en" ? "English" : "Tiếng Việt"}</a></li>`,
  )}</ul></nav>
${
  viewer
    ? html`<form method="post" action="/workbench/sign-out" class="sign-out">${csrfField(frame)}<span>${s.signedInAs} <strong>${viewer.name}</strong> (${viewer.role}${viewer.locales.length ? `: ${viewer.locales.join(", ")}` : ""})</span> <button type="submit">${s.signOut}</button></form>`
    : ""
}
${adminNav(frame.ui, viewer, frame.path)}
</header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

export function signInPage(frame: PageFrame, loginCsrf: string, message: string | null): Html {
  const s = frame.strings;
  return layout(
    frame,
    s.signInTitle,
    html`<h1>${s.signInTitle}</h1>
<p>${s.signInIntro}</p>
${message ? html`<p class="error" role="alert">${message}</p>` : ""}
<form method="post" action="/workbench/sign-in">
<input type="hidden" name="csrf" value="${loginCsrf}">
<p><label for="token">${s.token}</label><br><input id="token" name="token" type="password" autocomplete="off" required size="60"></p>
<p><button type="submit">${s.signIn}</button></p>
</form>`,
  );
}

export function messagePage(frame: PageFrame, title: string, message: string): Html {
  return layout(
    frame,
    title,
    html`<h1>${title}</h1><p role="alert">${message}</p><p><a href="/workbench/">${frame.strings.home}</a></p>`,
  );
}

export function localesPage(frame: PageFrame, locales: readonly string[]): Html {
  const s = frame.strings;
  return layout(
    frame,
    s.locales,
    html`<h1>${s.locales}</h1><p>${s.chooseLocale}</p><ul>${locales.map((l) => html`<li><a href="/workbench/${l}">${l}</a></li>`)}</ul>`,
  );
}

export type HomeFilter = { state: string | null; kind: string | null; text: string };

function countsRow(s: UiStrings, label: string, p: Progress | Progress["byKind"][number]): Html {
  const counts = p.counts as Record<string, number>;
  return html`<tr><th scope="row">${label}</th>${STATES.map((state) => html`<td>${counts[state.toLowerCase()] ?? 0}</td>`)}<td>${p.total}</td><td><meter min="0" max="100" value="${p.percent.toFixed(1)}" aria-label="${s.percentDone} ${label}">${p.percent.toFixed(1)} %</meter> ${p.percent.toFixed(1)} %</td></tr>`;
}

export function homePage(
  frame: PageFrame,
  locale: string,
  progress: Progress,
  tasks: readonly Task[],
  filter: HomeFilter,
  mayReview: boolean,
): Html {
  const s = frame.strings;
  const select = (
    name: string,
    label: string,
    values: readonly string[],
    current: string | null,
    nameOf: (v: string) => string,
  ) =>
    html`<label for="filter-${name}">${label}</label> <select id="filter-${name}" name="${name}"><option value="">${s.any}</option>${values.map(
      (v) => html`<option value="${v}"${v === current ? html` selected` : ""}>${nameOf(v)}</option>`,
    )}</select>`;
  return layout(
    frame,
    `${locale}`,
    html`<h1>${locale}</h1>
${mayReview ? html`<p><a href="/workbench/${locale}/review">${s.reviewQueue}</a></p>` : ""}
<h2>${s.progress}</h2>
<table>
<caption>${s.progress}: ${locale}</caption>
<thead><tr><th scope="col">${s.kind}</th>${STATES.map((state) => html`<th scope="col">${stateName(s, state)}</th>`)}<th scope="col">${s.total}</th><th scope="col">${s.percentDone}</th></tr></thead>
<tbody>${progress.byKind.map((k) => countsRow(s, kindName(s, k.kind), k))}${countsRow(s, s.total, progress)}</tbody>
</table>
<h2>${s.units}</h2>
<form method="get" action="/workbench/${locale}" class="filter">
${select("state", s.state, STATES, filter.state, (v) => stateName(s, v))}
${select("kind", s.kind, KINDS, filter.kind, (v) => kindName(s, v))}
<label for="filter-text">${s.text}</label> <input id="filter-text" name="q" type="search" value="${filter.text}">
<button type="submit">${s.apply}</button>
</form>
${
  tasks.length
    ? html`<table class="units"><caption class="visually-hidden">${s.units}</caption><thead><tr><th scope="col">${s.unit}</th><th scope="col">${s.kind}</th><th scope="col">${s.state}</th><th scope="col">${s.source}</th></tr></thead><tbody>${tasks.map(
        (t) =>
          html`<tr><td><a href="${unitPath(locale, t.unit)}">${t.unit}</a></td><td>${kindName(s, t.kind)}</td><td><span class="state state-${t.state.toLowerCase()}">${stateName(s, t.state)}</span></td><td>${excerpt(t.fields[0]?.source ?? "")}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${s.noUnits}</p>`
}`,
  );
}

const excerpt = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max)}…` : text);

export type UnitView = {
  locale: string;
  task: Task;
  revision: number;
  glossary: readonly GlossaryEntry[];
  prev: string | null;
  next: string | null;
  mayReview: boolean;
  /** What the last action did ("saved", …), shown once after its redirect. */
  notice: string | null;
  /** Text the user typed that the server did not store (a refused save, or a conflict): shown again, never lost. */
  typed?: Record<string, string>;
  error?: string | null;
  /** A CONFLICT: what the unit holds now, to show beside the typed text. */
  conflict?: { theirs: Record<string, string | null> } | null;
  /** The unit's comment thread in this locale, oldest first. */
  comments: readonly Comment[];
  /** A comment the API refused, and why: shown again in its box, never lost. */
  typedComment?: string;
  commentError?: string | null;
};

function shortcutHelp(s: UiStrings): Html {
  const row = (keys: string, what: string) => html`<dt><kbd>${keys}</kbd></dt><dd>${what}</dd>`;
  return html`<details id="shortcuts" class="shortcuts"><summary>${s.shortcuts}</summary><dl>
${row("Ctrl+Enter", s.shortcutSave)}${row("Alt+PageDown", s.shortcutSaveNext)}${row("Alt+PageUp / Alt+Shift+PageDown", s.shortcutPrevNext)}${row("?", s.shortcutHelp)}
</dl></details>`;
}

export function unitPage(frame: PageFrame, view: UnitView): Html {
  const s = frame.strings;
  const { task, locale } = view;
  const sources = task.fields.map((f) => f.source).join("\n");
  const terms = termsIn(sources, view.glossary);
  const action = unitPath(locale, task.unit);
  const changed = task.fields.filter((f) => f.previousSource);
  const fieldRow = (f: TaskField) => {
    const id = `field-${f.name.replace(/\./g, "-")}`;
    const value = view.typed?.[f.name] ?? f.translation ?? "";
    const problems = checkField({ kind: task.kind, source: f.source, target: value }, view.glossary);
    // In a conflict, theirs and the difference are shown where theirs and yours differ: elsewhere there is nothing to choose.
    const theirs = view.conflict?.theirs[f.name] ?? null;
    return html`<div class="field">
<div class="source"><h3 id="${id}-source-label">${fieldLabel(s, f.name)} · ${s.source}</h3><div class="text" id="${id}-source">${markTerms(f.source, view.glossary, s)}</div>${rendered(s, task.kind, f.source, `${id}-source-rendered`)}</div>
<div class="target">
${
  view.conflict && (theirs ?? "") !== value
    ? html`<h3>${fieldLabel(s, f.name)} · ${s.theirs}</h3><div class="text theirs" id="${id}-theirs">${theirs ?? ""}</div><p class="diff-label">${s.difference} (${s.theirs} → ${s.yours})</p><div class="text diff">${wordDiff(theirs ?? "", value)}</div>
<p><button type="button" class="use-theirs" data-field="${id}" hidden>${s.useTheirs}</button></p>`
    : ""
}
<label for="${id}">${fieldLabel(s, f.name)}</label>
<textarea id="${id}" name="field.${f.name}" rows="${Math.min(12, Math.max(2, Math.ceil(f.source.length / 70)))}" data-source="${f.source}" aria-describedby="${id}-checks"${problems.length ? html` aria-invalid="true"` : ""}>${value}</textarea>
<ul class="problems" id="${id}-checks" aria-live="polite">${problems.map((p) => html`<li>${p.message}</li>`)}</ul>
${rendered(s, task.kind, value, `${id}-rendered`, f.source)}
</div>
</div>`;
  };
  return layout(
    frame,
    `${task.unit} (${locale})`,
    html`<h1>${task.unit} <span class="state state-${task.state.toLowerCase()}">${stateName(s, task.state)}</span></h1>
<nav aria-label="${s.units}" class="pager"><ul class="inline">
<li><a href="/workbench/${locale}">${s.home}</a></li>
${view.prev ? html`<li><a rel="prev" id="prev-unit" href="${unitPath(locale, view.prev)}">${s.previous}: ${view.prev}</a></li>` : ""}
${view.next ? html`<li><a rel="next" id="next-unit" href="${unitPath(locale, view.next)}">${s.next}: ${view.next}</a></li>` : ""}
<li><a href="${unitPath(locale, task.unit)}/preview">${s.preview}</a></li>
<li><a href="${unitPath(locale, task.unit)}/history">${s.history}</a></li>
</ul></nav>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ""}
${view.error ? html`<div class="error" role="alert"><h2>${s.errorTitle}</h2><p>${view.error}</p></div>` : ""}
${view.conflict ? html`<div class="error" role="alert"><h2>${s.conflictTitle}</h2><p>${s.conflictIntro}</p><p><a href="${action}">${s.reload}</a></p></div>` : ""}
${shortcutHelp(s)}
${
  changed.length
    ? html`<section aria-labelledby="changed-heading" class="changed"><h2 id="changed-heading">${s.englishChanged}</h2>${changed.map(
        (f) =>
          html`<h3>${fieldLabel(s, f.name)}</h3><div class="text diff">${wordDiff(f.previousSource ?? "", f.source)}</div>`,
      )}</section>`
    : ""
}
${
  terms.length
    ? html`<section aria-labelledby="glossary-heading" class="glossary"><h2 id="glossary-heading">${s.glossary}</h2><ul>${terms.map(
        (t) =>
          html`<li><strong lang="en">${t.term}</strong> → ${s.glossaryUse} <strong>${t.use}</strong>${t.avoid.length ? html` (${s.glossaryAvoid}: ${t.avoid.join(", ")})` : ""}</li>`,
      )}</ul></section>`
    : ""
}
<form method="post" action="${action}" id="unit-form" data-kind="${task.kind}" data-glossary="${JSON.stringify(view.glossary)}" data-unsaved-warning="${s.unsavedWarning}">
${csrfField(frame)}
<input type="hidden" name="expectedRevision" value="${view.revision}">
${task.fields.map(fieldRow)}
<p class="actions"><button type="submit" name="action" value="save" id="save">${s.saveDraft}</button> <button type="submit" name="action" value="save-next" id="save-next">${s.saveAndNext}</button>
<span class="autosave" hidden><input type="checkbox" id="autosave"> <label for="autosave">${s.autosave}</label></span></p>
<p id="autosave-status" role="status" data-saved="${s.autosaved}" data-conflict="${s.autosaveConflict}" data-failed="${s.autosaveFailed}"></p>
</form>
${view.mayReview ? reviewActions(frame, locale, task, view.revision, "unit") : ""}
${commentThread(frame, action, view)}`,
  );
}

/** When something happened, as the pages show it: minutes in UTC, the exact time in `datetime`. */
const shownTime = (iso: string) => html`<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")}</time>`;

/** One comment as a thread lists it (the island builds the same markup for one it has just added). */
export const commentItem = (c: Comment) =>
  html`<li><strong>${c.author}</strong> ${shownTime(c.at)}: <span class="comment-body">${c.body}</span></li>`;

/**
 * The unit's comment thread in this locale, with a form to add to it. Without JavaScript the form is posted
 * and the page comes back with the thread; the island posts it in place, so text typed in the unit's
 * fields stays where it is.
 */
function commentThread(frame: PageFrame, action: string, view: UnitView): Html {
  const s = frame.strings;
  return html`<section aria-labelledby="comments-heading" id="comments" class="thread"><h2 id="comments-heading">${s.comments}</h2>
<ul class="comments" id="comment-list">${view.comments.map(commentItem)}</ul>
${view.comments.length ? "" : html`<p id="no-comments">${s.noComments}</p>`}
${view.commentError ? html`<p class="error" role="alert" id="comment-error">${view.commentError}</p>` : ""}
<form method="post" action="${action}" id="comment-form">${csrfField(frame)}
<p><label for="new-comment">${s.addComment}</label><br><textarea id="new-comment" name="comment" rows="2" required>${view.typedComment ?? ""}</textarea></p>
<p><button type="submit" name="action" value="comment">${s.postComment}</button></p>
<p id="comment-status" role="status" data-added="${s.commented}" data-failed="${s.commentFailed}"></p>
</form>
</section>`;
}

/** The English with the termbase's terms marked where they occur, each saying the term to write. */
function markTerms(source: string, glossary: readonly GlossaryEntry[], s: UiStrings): Html {
  const parts: Html[] = [];
  let at = 0;
  for (const hit of termOccurrences(source, glossary)) {
    parts.push(
      html`${source.slice(at, hit.start)}<mark class="term" title="${s.glossaryUse} ${hit.entry.use}">${source.slice(hit.start, hit.end)}</mark>`,
    );
    at = hit.end;
  }
  parts.push(html`${source.slice(at)}`);
  return html`${parts}`;
}

/**
 * A field's Markdown rendered, shown on demand (a closed <details>, so it works without JavaScript): only for
 * prose (a message is an ICU template, not Markdown) and only where rendering changes something. The
 * target's is offered when its source's is, and the island keeps it up to date as the user types.
 */
function rendered(s: UiStrings, kind: string, markdown: string, id: string, source = markdown): Html | "" {
  if (kind === "MESSAGE" || !hasMarkdown(source)) return "";
  return html`<details class="rendered"><summary>${s.rendered}</summary><div class="markdown" id="${id}">${renderMarkdown(markdown)}</div></details>`;
}

/** Whether rendering would show more than the text itself: a line break, or a Markdown marker. */
const hasMarkdown = (text: string) => /\n|[`*_#|[]/.test(text);

/** Approve, publish and send back: offered to the locale's reviewers only, and refused by the API to anyone else. */
function reviewActions(frame: PageFrame, locale: string, task: Task, revision: number, back: "unit" | "review"): Html {
  const s = frame.strings;
  const action = unitPath(locale, task.unit);
  const hidden = html`${csrfField(frame)}<input type="hidden" name="expectedRevision" value="${revision}"><input type="hidden" name="back" value="${back}">`;
  const commentId = `comment-${task.unit.replace(/\W/g, "-")}`;
  return html`<div class="review-actions">
${task.state === "DRAFT" ? html`<form method="post" action="${action}">${hidden}<button type="submit" name="action" value="approve">${s.approve}</button></form>` : ""}
${task.state === "DRAFT" || task.state === "REVIEWED" ? html`<form method="post" action="${action}">${hidden}<button type="submit" name="action" value="publish">${s.publish}</button></form>` : ""}
${
  task.state === "DRAFT" || task.state === "REVIEWED"
    ? html`<form method="post" action="${action}" class="send-back">${hidden}<label for="${commentId}">${s.comment}</label> <input id="${commentId}" name="comment" required> <button type="submit" name="action" value="send-back">${s.sendBack}</button></form>`
    : ""
}
</div>`;
}

export function reviewPage(
  frame: PageFrame,
  locale: string,
  queue: readonly { task: Task; revision: number }[],
  notice: string | null,
): Html {
  const s = frame.strings;
  const reviewed = queue.filter((q) => q.task.state === "REVIEWED");
  return layout(
    frame,
    `${s.reviewQueue} (${locale})`,
    html`<h1>${s.reviewQueue}: ${locale}</h1>
<p><a href="/workbench/${locale}">${s.home}</a></p>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
${
  reviewed.length
    ? html`<form method="post" action="/workbench/${locale}/review">${csrfField(frame)}<button type="submit" name="action" value="publish-all">${s.publishAllReviewed(reviewed.length)}</button></form>`
    : ""
}
${
  queue.length
    ? queue.map(
        ({ task, revision }) => html`<section class="queue-item" aria-labelledby="q-${task.unit.replace(/\W/g, "-")}">
<h2 id="q-${task.unit.replace(/\W/g, "-")}"><a href="${unitPath(locale, task.unit)}">${task.unit}</a> <span class="state state-${task.state.toLowerCase()}">${stateName(s, task.state)}</span></h2>
<table><caption class="visually-hidden">${task.unit}</caption><thead><tr><th scope="col">${s.source}</th><th scope="col">${s.translation}</th></tr></thead><tbody>${task.fields.map(
          (f) => html`<tr><td lang="en">${f.source}</td><td lang="${locale}">${f.translation ?? ""}</td></tr>`,
        )}</tbody></table>
${reviewActions(frame, locale, task, revision, "review")}
</section>`,
      )
    : html`<p>${s.reviewQueueEmpty}</p>`
}`,
  );
}

/**
 * Publishing every reviewed unit of a locale, confirmed on a page of its own (so it works without
 * JavaScript): the units and the revisions the reviewer saw are posted back, so a unit changed since is
 * refused with CONFLICT rather than published unseen.
 */
export function publishAllPage(
  frame: PageFrame,
  locale: string,
  reviewed: readonly { task: Task; revision: number }[],
): Html {
  const s = frame.strings;
  return layout(
    frame,
    s.publishAllReviewed(reviewed.length),
    html`<h1>${s.publishAllReviewed(reviewed.length)}</h1>
<p>${s.publishAllConfirm(reviewed.length, locale)}</p>
<ul>${reviewed.map(({ task }) => html`<li>${task.unit}</li>`)}</ul>
<form method="post" action="/workbench/${locale}/review">${csrfField(frame)}
${reviewed.map(({ task, revision }) => html`<input type="hidden" name="unit" value="${task.unit}"><input type="hidden" name="revision" value="${revision}">`)}
<button type="submit" name="action" value="publish-all-confirmed">${s.confirmPublish}</button> <a href="/workbench/${locale}/review">${s.cancel}</a>
</form>`,
  );
}

const unitNav = (frame: PageFrame, locale: string, unit: string) =>
  html`<nav aria-label="${frame.strings.units}"><ul class="inline"><li><a href="/workbench/${locale}">${frame.strings.home}</a></li><li><a href="${unitPath(locale, unit)}">${unit}</a></li></ul></nav>`;

/** The unit's page as readers would get it, English beside the locale with the drafts applied. */
export function previewPage(frame: PageFrame, locale: string, unit: string, preview: Preview, isMessage = false): Html {
  const s = frame.strings;
  return layout(
    frame,
    `${s.preview}: ${unit} (${locale})`,
    html`<h1>${s.preview}: ${unit}</h1>
${unitNav(frame, locale, unit)}
<p>${s.previewIntro}</p>
${preview.shownOn ? html`<p class="shown-on">${s.previewMessageOn(preview.shownOn.a, preview.shownOn.b)}</p>` : isMessage ? html`<p class="shown-on">${s.previewMessageNowhere}</p>` : ""}
<table class="preview"><caption class="visually-hidden">${s.preview}</caption>
<thead><tr><th scope="col">${s.field}</th><th scope="col">English</th><th scope="col">${locale}</th></tr></thead>
<tbody>${preview.sections.map(
      (section) =>
        html`<tr><th scope="row">${fieldLabel(s, section.name)}</th><td lang="en"><div class="markdown">${renderMarkdown(section.source)}</div></td><td lang="${locale}"><div class="markdown">${renderMarkdown(section.target)}</div></td></tr>`,
    )}</tbody></table>`,
  );
}

/** Every change to the unit in this locale, newest first, with who, when and a word diff; reviewers may revert one. */
export function historyPage(
  frame: PageFrame,
  locale: string,
  unit: string,
  entries: readonly HistoryEntry[],
  comments: readonly Comment[],
  revert: { revision: number } | null,
  notice: string | null,
): Html {
  const s = frame.strings;
  // A whole record's value is shown as one "field: text" line per field, so its diff reads like the fields'.
  const lines = (value: unknown, prefix = ""): string[] =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? Object.entries(value).flatMap(([k, v]) => lines(v, prefix ? `${prefix}.${k}` : k))
      : [`${prefix ? `${prefix}: ` : ""}${typeof value === "string" ? value : JSON.stringify(value)}`];
  const shown = (json: string | null) => (json === null ? "" : lines(JSON.parse(json) as unknown).join("\n"));
  // The thread's comments take their place among the changes, newest first, as the changes are listed.
  const timeline: ({ entry: HistoryEntry } | { comment: Comment })[] = [
    ...entries.map((entry) => ({ entry })),
    ...comments.map((comment) => ({ comment })),
  ].sort((x, y) => ("entry" in y ? y.entry.at : y.comment.at).localeCompare("entry" in x ? x.entry.at : x.comment.at));
  return layout(
    frame,
    `${s.history}: ${unit} (${locale})`,
    html`<h1>${s.history}: ${unit}</h1>
${unitNav(frame, locale, unit)}
${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
<h2>${s.changes}</h2>
${
  timeline.length
    ? html`<table class="history"><caption class="visually-hidden">${s.changes}</caption><thead><tr><th scope="col">${s.when}</th><th scope="col">${s.who}</th><th scope="col">${s.field}</th><th scope="col">${s.difference}</th>${revert ? html`<th scope="col">${s.revert}</th>` : ""}</tr></thead><tbody>${timeline.map(
        (item) =>
          "comment" in item
            ? html`<tr class="comment"><td>${shownTime(item.comment.at)}</td><td>${item.comment.author}</td><td>${s.comment}</td><td><p class="comment-body">${item.comment.body}</p></td>${revert ? html`<td></td>` : ""}</tr>`
            : html`<tr><td>${shownTime(item.entry.at)}</td><td>${item.entry.actor}</td><td>${item.entry.field}</td><td><div class="text diff">${wordDiff(shown(item.entry.before), shown(item.entry.after))}</div>${item.entry.note ? html`<p>${item.entry.note}</p>` : ""}</td>${
                revert
                  ? html`<td><form method="post" action="${unitPath(locale, unit)}/history">${csrfField(frame)}<input type="hidden" name="entryId" value="${item.entry.id}"><input type="hidden" name="expectedRevision" value="${revert.revision}"><button type="submit" name="action" value="revert" aria-label="${s.revert} ${item.entry.field} ${item.entry.at.slice(0, 16).replace("T", " ")}">${s.revert}</button></form></td>`
                  : ""
              }</tr>`,
      )}</tbody></table>`
    : html`<p>${s.noChanges}</p>`
}`,
  );
}
