// The admin pages as template functions (releases, tokens, webhooks, versions): data in, escaped HTML out,
// inside the workbench's own layout. Each works without JavaScript; the admin island (../islands/admin.ts)
// adds the copy buttons and a release's live progress, finding what it needs in data- attributes.
import { ROLES } from "../../auth/roles.ts";
import { WEBHOOK_EVENTS } from "../../webhooks/events.ts";
import { html, type Html } from "../html.ts";
import { layout, type PageFrame } from "../pages.ts";
import { wordDiff } from "../word-diff.ts";
import type { DeliveryRow, JobIssue, JobView, TokenRow, VersionRow, WebhookRow } from "./api.ts";
import { ADMIN_STRINGS, type AdminStrings } from "./strings.ts";

/** An event as the API's enum names it (CONTENT_PUBLISHED), shown as receivers see its type (content.published). */
const eventName = (value: string) =>
  WEBHOOK_EVENTS.find((e) => e.toUpperCase().replace(/[.-]/g, "_") === value) ?? value;
const stringsOf = (frame: PageFrame): AdminStrings => ADMIN_STRINGS[frame.ui];
const csrfField = (frame: PageFrame) => html`<input type="hidden" name="csrf" value="${frame.csrf ?? ""}">`;
const time = (iso: string | null, never = "") =>
  iso ? html`<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")}</time>` : never;
const notices = (notice: string | null, error: string | null) =>
  html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}${error ? html`<div class="error" role="alert"><p>${error}</p></div>` : ""}`;

/** A value shown once (a new token, a webhook's secret): selectable text, and a copy button the island reveals. */
function shownOnce(s: AdminStrings, id: string, label: string, intro: string, value: string): Html {
  return html`<section class="shown-once" aria-labelledby="${id}-heading">
<h2 id="${id}-heading">${label}</h2>
<p>${intro}</p>
<p><code class="secret" id="${id}">${value}</code> <button type="button" class="copy" data-copy="${id}" data-copied="${s.copied}" data-failed="${s.copyFailed}" hidden>${s.copy}</button></p>
<p class="copy-status" id="${id}-status" role="status"></p>
</section>`;
}

// ---------------------------------------------------------------------------------------------------------
// Releases

export const ACTIVE_JOB_STATUSES = ["ACCEPTED", "RUNNING"];
const statusName = (s: AdminStrings, status: string) => s.statusNames[status] ?? status;

export function releasesPage(
  frame: PageFrame,
  jobs: readonly JobView[],
  notice: string | null,
  error: string | null,
): Html {
  const s = stringsOf(frame);
  return layout(
    frame,
    s.releases,
    html`<h1>${s.releases}</h1>
<p>${s.releasesIntro}</p>
${notices(notice, error)}
<form method="post" action="/workbench/releases" enctype="multipart/form-data" class="upload">
${csrfField(frame)}
<p><label for="archive">${s.archive}</label> <input id="archive" name="archive" type="file" accept=".tar.gz,.tgz,.zip,application/gzip,application/zip" required></p>
<p><button type="submit" name="action" value="upload">${s.uploadAndPlan}</button></p>
</form>
<form method="post" action="/workbench/releases">${csrfField(frame)}<button type="submit" name="action" value="folder">${s.planFolder}</button></form>
<h2>${s.recentJobs}</h2>
${
  jobs.length
    ? html`<table><caption class="visually-hidden">${s.recentJobs}</caption><thead><tr><th scope="col">${s.job}</th><th scope="col">${s.kindOfRun}</th><th scope="col">${s.status}</th><th scope="col">${s.source}</th><th scope="col">${s.startedBy}</th><th scope="col">${s.started}</th><th scope="col">${s.contentVersion}</th></tr></thead><tbody>${jobs.map(
        (j) =>
          html`<tr><td><a href="/workbench/releases/${encodeURIComponent(j.id)}">${j.id}</a></td><td>${j.dryRun ? s.dryRun : s.realRun}</td><td>${statusName(s, j.status)}</td><td>${j.source.toLowerCase() === "upload" ? s.uploadedArchive : s.contentFolder}</td><td>${j.createdBy}</td><td>${time(j.createdAt)}</td><td>${j.contentVersion ?? ""}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${s.noJobs}</p>`
}`,
  );
}

function issuesTable(s: AdminStrings, caption: string, issues: readonly JobIssue[]): Html {
  return html`<table class="issues"><caption>${caption}</caption><thead><tr><th scope="col">${s.file}</th><th scope="col">${s.line}</th><th scope="col">${s.field}</th><th scope="col">${s.message}</th></tr></thead><tbody>${issues.map(
    (i) =>
      html`<tr><td><code>${i.file}</code></td><td>${i.line || ""}</td><td>${i.field}</td><td>${i.message}</td></tr>`,
  )}</tbody></table>`;
}

/** The plan, unit by unit, each changed field as a word diff of its text before and after. */
function planView(s: AdminStrings, plan: NonNullable<JobView["plan"]>): Html {
  const changes = plan.changes;
  return html`<h2>${s.plan}</h2>
<p>${s.planCounts(plan)}</p>
${changes.length === 0 ? html`<p>${s.nothingChanges}</p>` : ""}
${changes.map((c, i) => {
  const id = `change-${i}`;
  return html`<section class="change" aria-labelledby="${id}">
<h3 id="${id}"><code>${c.unit}</code> · ${s.actionNames[c.action] ?? c.action} · <span class="file">${c.file}</span></h3>
${
  c.fields
    ? html`<table class="plan-diff"><caption class="visually-hidden">${c.unit}</caption><thead><tr><th scope="col">${s.field}</th><th scope="col">${s.before} → ${s.after}</th></tr></thead><tbody>${c.fields.map(
        (f) =>
          html`<tr><th scope="row">${f.field === "*" ? s.wholeUnit : f.field}</th><td><div class="text diff">${wordDiff(f.before ?? "", f.after ?? "")}</div></td></tr>`,
      )}</tbody></table>`
    : c.action === "keep"
      ? ""
      : html`<p>${s.fieldsNotKept}</p>`
}
</section>`;
})}`;
}

/**
 * One release: its status and progress (live with the island, which polls this page's JSON and, once the job
 * has ended, swaps in the section as the server renders it then), then its plan, or its problems by file and line.
 */
export function jobSection(frame: PageFrame, job: JobView): Html {
  const s = stringsOf(frame);
  const active = ACTIVE_JOB_STATUSES.includes(job.status);
  const path = `/workbench/releases/${encodeURIComponent(job.id)}`;
  const total = job.progress.unitsTotal;
  return html`<section id="job" data-poll="${active ? path : ""}" data-status-names="${JSON.stringify(s.statusNames)}">
<dl class="facts">
<dt>${s.kindOfRun}</dt><dd>${job.dryRun ? s.dryRun : s.realRun}</dd>
<dt>${s.source}</dt><dd>${job.source.toLowerCase() === "upload" ? s.uploadedArchive : s.contentFolder}</dd>
<dt>${s.startedBy}</dt><dd>${job.createdBy}, ${time(job.createdAt)}</dd>
${job.finishedAt ? html`<dt>${s.finished}</dt><dd>${time(job.finishedAt)}</dd>` : ""}
${job.contentVersion !== null && !job.dryRun ? html`<dt>${s.contentVersion}</dt><dd>${job.contentVersion}</dd>` : ""}
</dl>
<p>${s.status}: <strong id="job-status" class="job-status job-${job.status.toLowerCase()}" role="status">${statusName(s, job.status)}</strong></p>
${
  active || (total ?? 0) > 0
    ? html`<p><label for="job-progress">${s.progress}</label> <progress id="job-progress" max="${total ?? 1}" value="${total === null ? 0 : job.progress.unitsDone}">${job.progress.unitsDone}</progress> <span id="job-count">${job.progress.unitsDone}${total === null ? "" : ` / ${total}`}</span> ${s.units}</p>`
    : ""
}
${
  active
    ? html`<p class="no-script-refresh"><a href="${path}">${s.refresh}</a></p>
<form method="post" action="${path}">${csrfField(frame)}<button type="submit" name="action" value="cancel">${s.cancelJob}</button></form>`
    : ""
}
${job.failureReason ? html`<div class="error" role="alert"><p>${job.failureReason}</p></div>` : ""}
${job.errors.length ? issuesTable(s, s.problems, job.errors) : ""}
${
  job.status === "SUCCEEDED" && job.dryRun && job.plan && job.plan.created + job.plan.updated + job.plan.deleted > 0
    ? html`<form method="post" action="${path}" class="apply">${csrfField(frame)}<p>${s.applyIntro}</p><button type="submit" name="action" value="apply">${s.applyPlan}</button></form>`
    : ""
}
${job.plan ? planView(s, job.plan) : ""}
${job.warnings.length ? issuesTable(s, s.warnings, job.warnings) : ""}
</section>`;
}

export function jobPage(frame: PageFrame, job: JobView, notice: string | null): Html {
  const s = stringsOf(frame);
  return layout(
    frame,
    `${s.job} ${job.id}`,
    html`<h1>${s.job} ${job.id}</h1>
<p><a href="/workbench/releases">${s.releases}</a></p>
${notices(notice, null)}
${jobSection(frame, job)}`,
  );
}

/** What the island polls while a release runs. */
export const jobProgressJson = (job: JobView) => ({
  id: job.id,
  status: job.status,
  active: ACTIVE_JOB_STATUSES.includes(job.status),
  unitsDone: job.progress.unitsDone,
  unitsTotal: job.progress.unitsTotal,
});

// ---------------------------------------------------------------------------------------------------------
// Tokens

export type TokenForm = { name: string; role: string; locales: string };

export function tokensPage(
  frame: PageFrame,
  tokens: readonly TokenRow[],
  view: {
    created?: { token: string; name: string } | null;
    notice?: string | null;
    error?: string | null;
    form?: TokenForm;
  },
): Html {
  const s = stringsOf(frame);
  const form = view.form ?? { name: "", role: "translator", locales: "" };
  return layout(
    frame,
    s.tokens,
    html`<h1>${s.tokens}</h1>
<p>${s.tokensIntro}</p>
${notices(view.notice ?? null, view.error ?? null)}
${view.created ? shownOnce(s, "new-token", `${s.newToken}: ${view.created.name}`, s.newTokenIntro, view.created.token) : ""}
<h2>${s.createToken}</h2>
<form method="post" action="/workbench/tokens" class="create-token">
${csrfField(frame)}
<p><label for="token-name">${s.name}</label> <input id="token-name" name="name" required maxlength="64" value="${form.name}" aria-describedby="token-name-hint"> <span id="token-name-hint" class="hint">${s.nameHint}</span></p>
<p><label for="token-role">${s.role}</label> <select id="token-role" name="role">${ROLES.map((r) => html`<option value="${r}"${r === form.role ? html` selected` : ""}>${s.roleNames[r] ?? r}</option>`)}</select></p>
<p><label for="token-locales">${s.locales}</label> <input id="token-locales" name="locales" value="${form.locales}" aria-describedby="token-locales-hint"> <span id="token-locales-hint" class="hint">${s.localesHint}</span></p>
<p><button type="submit" name="action" value="create">${s.create}</button></p>
</form>
<h2>${s.tokens}</h2>
${
  tokens.length
    ? html`<table class="tokens"><caption class="visually-hidden">${s.tokens}</caption><thead><tr><th scope="col">${s.name}</th><th scope="col">${s.role}</th><th scope="col">${s.locales}</th><th scope="col">${s.prefix}</th><th scope="col">${s.created}</th><th scope="col">${s.lastUsed}</th><th scope="col">${s.revoked}</th></tr></thead><tbody>${tokens.map(
        (t) =>
          html`<tr><td>${t.name}</td><td>${s.roleNames[t.role.toLowerCase()] ?? t.role}</td><td>${t.locales.join(", ")}</td><td><code>${t.prefix}…</code></td><td>${time(t.createdAt)}</td><td>${time(t.lastUsedAt, s.never)}</td><td>${
            t.revokedAt
              ? time(t.revokedAt)
              : html`<form method="post" action="/workbench/tokens">${csrfField(frame)}<input type="hidden" name="name" value="${t.name}"><button type="submit" name="action" value="revoke" aria-label="${s.revokeLabel(t.name)}">${s.revoke}</button></form>`
          }</td></tr>`,
      )}</tbody></table>`
    : html`<p>${s.noTokens}</p>`
}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Webhooks

export function webhooksPage(
  frame: PageFrame,
  hooks: readonly WebhookRow[],
  view: { added?: { secret: string; url: string } | null; notice?: string | null; error?: string | null; url?: string },
): Html {
  const s = stringsOf(frame);
  return layout(
    frame,
    s.webhooks,
    html`<h1>${s.webhooks}</h1>
<p>${s.webhooksIntro}</p>
${notices(view.notice ?? null, view.error ?? null)}
${view.added ? shownOnce(s, "new-secret", `${s.newSecret}: ${view.added.url}`, s.newSecretIntro, view.added.secret) : ""}
<h2>${s.addWebhook}</h2>
<form method="post" action="/workbench/webhooks" class="add-webhook">
${csrfField(frame)}
<p><label for="webhook-url">${s.url}</label> <input id="webhook-url" name="url" type="url" required size="60" value="${view.url ?? ""}"></p>
<fieldset><legend>${s.events}</legend>${WEBHOOK_EVENTS.map(
      (e, i) =>
        html`<span class="check"><input type="checkbox" id="event-${i}" name="events" value="${e}" checked> <label for="event-${i}">${e}</label></span> `,
    )}</fieldset>
<p><button type="submit" name="action" value="add">${s.add}</button></p>
</form>
<h2>${s.webhooks}</h2>
${
  hooks.length
    ? html`<table class="webhooks"><caption class="visually-hidden">${s.webhooks}</caption><thead><tr><th scope="col">${s.url}</th><th scope="col">${s.events}</th><th scope="col">${s.status}</th><th scope="col">${s.pending}</th><th scope="col">${s.failuresInRow}</th><th scope="col">${s.deliveries}</th><th scope="col">${s.remove}</th></tr></thead><tbody>${hooks.map(
        (h) =>
          html`<tr><td><code>${h.url}</code></td><td>${h.events.map(eventName).join(", ")}</td><td>${h.disabledAt ? html`${s.disabled} (${time(h.disabledAt)}): ${h.disabledReason ?? ""}` : s.enabled}</td><td>${h.pending}</td><td>${h.consecutiveFailures}</td><td><a href="/workbench/webhooks/${encodeURIComponent(h.id)}">${s.deliveriesOf(h.url)}</a></td><td><form method="post" action="/workbench/webhooks">${csrfField(frame)}<input type="hidden" name="id" value="${h.id}"><button type="submit" name="action" value="remove" aria-label="${s.removeLabel(h.url)}">${s.remove}</button></form></td></tr>`,
      )}</tbody></table>`
    : html`<p>${s.noWebhooks}</p>`
}`,
  );
}

/** A webhook's delivery log: each event's status, attempts, next retry and the receiver's last response code. */
export function deliveriesPage(
  frame: PageFrame,
  hook: WebhookRow,
  deliveries: readonly DeliveryRow[],
  notice: string | null,
  error: string | null,
): Html {
  const s = stringsOf(frame);
  const path = `/workbench/webhooks/${encodeURIComponent(hook.id)}`;
  return layout(
    frame,
    s.deliveriesOf(hook.url),
    html`<h1>${s.deliveriesOf(hook.url)}</h1>
<p><a href="/workbench/webhooks">${s.webhooks}</a> · <a href="${path}">${s.refresh}</a></p>
${notices(notice, error)}
${
  deliveries.length
    ? html`<table class="deliveries"><caption class="visually-hidden">${s.deliveries}</caption><thead><tr><th scope="col">${s.event}</th><th scope="col">${s.status}</th><th scope="col">${s.attempts}</th><th scope="col">${s.nextRetry}</th><th scope="col">${s.responseCode}</th><th scope="col">${s.lastError}</th><th scope="col">${s.created}</th><th scope="col">${s.redeliver}</th></tr></thead><tbody>${deliveries.map(
        (d) =>
          html`<tr><td>${eventName(d.event)}<br><code class="small">${d.id}</code></td><td>${s.deliveryStatusNames[d.status] ?? d.status}${d.deliveredAt ? html` ${time(d.deliveredAt)}` : ""}</td><td>${d.attempts}</td><td>${d.status === "PENDING" ? time(d.nextAttemptAt) : ""}</td><td>${d.lastStatus ?? ""}</td><td>${d.lastError ?? ""}</td><td>${time(d.createdAt)}</td><td><form method="post" action="${path}">${csrfField(frame)}<input type="hidden" name="delivery" value="${d.id}"><button type="submit" name="action" value="redeliver" aria-label="${s.redeliverLabel(d.id)}">${s.redeliver}</button></form></td></tr>`,
      )}</tbody></table>`
    : html`<p>${s.noDeliveries}</p>`
}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Versions

/** Units a row lists before "and n more": a first import changes every unit. */
const UNITS_SHOWN = 12;

export function versionsPage(frame: PageFrame, versions: readonly VersionRow[], before: number | null): Html {
  const s = stringsOf(frame);
  const oldest = versions.at(-1)?.version ?? null;
  // A full page may have older versions behind it (the change log's window keeps up to 10,000).
  const more = oldest !== null && oldest > 1 && versions.length >= 20;
  return layout(
    frame,
    s.versions,
    html`<h1>${s.versions}</h1>
<p>${s.versionsIntro}</p>
${
  versions.length
    ? html`<table class="versions"><caption class="visually-hidden">${s.versions}</caption><thead><tr><th scope="col">${s.version}</th><th scope="col">${s.when}</th><th scope="col">${s.who}</th><th scope="col">${s.changedUnits}</th><th scope="col">${s.purgeKeys}</th></tr></thead><tbody>${versions.map(
        (v) =>
          html`<tr><th scope="row">${v.version}</th><td>${time(v.at)}</td><td>${v.actors.join(", ")}${v.importRunId !== null ? html` (${s.importRun(v.importRunId)})` : ""}</td><td>${v.units.slice(0, UNITS_SHOWN).map((u) => html`<code>${u}</code> `)}${v.units.length > UNITS_SHOWN ? s.andMore(v.units.length - UNITS_SHOWN) : ""}</td><td>${v.purgeKeys.map((k) => html`<code>${k}</code> `)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${s.noVersions}</p>`
}
${before !== null || more ? html`<nav aria-label="${s.versions}"><ul class="inline">${before !== null ? html`<li><a href="/workbench/versions">${s.newest}</a></li>` : ""}${more ? html`<li><a href="/workbench/versions?before=${oldest}">${s.older}</a></li>` : ""}</ul></nav>` : ""}`,
  );
}
