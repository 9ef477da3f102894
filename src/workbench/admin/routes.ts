// The admin pages' routes: /workbench/releases, /workbench/tokens, /workbench/webhooks, /workbench/versions,
// /workbench/graphiql (its assets and its GraphQL endpoint are answered before the session: ../routes.ts).
// Called by ../routes.ts once the session and the form's CSRF token are checked; answers null for any other
// path. A page the viewer's role may not open is a 403 naming the role and what it lacks, before any API call;
// every change then goes through the GraphQL API in process, whose scopes refuse it anyway.
import { forbiddenError } from "../../auth/access.ts";
import type { Viewer } from "../../auth/roles.ts";
import type { ApiError, Executor } from "../api.ts";
import type { Html } from "../html.ts";
import { messagePage, type PageFrame } from "../pages.ts";
import { createAdminApi, type AdminApi } from "./api.ts";
import { GRAPHIQL_CSP, graphiqlPage } from "./graphiql.ts";
import { ADMIN_PAGES, mayOpen, PAGE_PERMISSION, type AdminPage } from "./nav.ts";
import {
  deliveriesPage,
  jobPage,
  jobProgressJson,
  releasesPage,
  tokensPage,
  versionsPage,
  webhooksPage,
  type TokenForm,
} from "./pages.ts";
import { ADMIN_STRINGS, type AdminStrings } from "./strings.ts";

export type AdminAnswer = { status: number; body: Html | null; json?: unknown; headers?: [string, string][] };

export type AdminRequest = {
  /** The path's segments after /workbench/, decoded. */
  parts: readonly string[];
  url: URL;
  isPost: boolean;
  /** The form's fields (URL-encoded, or a multipart form's text parts); null for a GET. */
  form: URLSearchParams | null;
  /** A multipart form's files, by field name. */
  files: ReadonlyMap<string, File>;
  viewer: Viewer;
  frame: PageFrame;
  accept: string | null;
};

/** Only these take a multipart body (the archive upload); ../routes.ts refuses one anywhere else. */
export const MULTIPART_PATHS = ["/workbench/releases"];

export const isAdminPage = (segment: string | undefined): segment is AdminPage =>
  (ADMIN_PAGES as readonly string[]).includes(segment ?? "");

const redirect = (location: string): AdminAnswer => ({ status: 303, body: null, headers: [["location", location]] });
const wantsJson = (accept: string | null) => /\bapplication\/json\b/i.test(accept ?? "");

export function createAdminRoutes(execute: Executor) {
  const api: AdminApi = createAdminApi(execute);

  return async function adminRoutes(request: AdminRequest): Promise<AdminAnswer | null> {
    const [page, id, ...rest] = request.parts;
    if (!isAdminPage(page)) return null;
    const { viewer, frame, isPost, form } = request;
    const s = ADMIN_STRINGS[frame.ui];
    const message = (status: number, title: string, text: string): AdminAnswer => ({
      status,
      body: messagePage(frame, title, text),
    });
    const notFound = () => message(404, frame.strings.notFoundTitle, frame.strings.notFound);
    // 403 (RFC 9110 §15.5.4) naming the role and the permission it lacks, in the API's own words.
    if (!mayOpen(viewer, page))
      return message(403, frame.strings.forbiddenTitle, forbiddenError(viewer, [PAGE_PERMISSION[page]]).message);
    if (rest.length) return notFound();
    const failure = (error: ApiError): AdminAnswer => {
      const status =
        error.code === "FORBIDDEN"
          ? 403
          : error.code === "NOT_FOUND"
            ? 404
            : error.code === "CONFLICT"
              ? 409
              : error.code === "INTERNAL"
                ? 500
                : 422;
      return message(status, status === 403 ? frame.strings.forbiddenTitle : frame.strings.errorTitle, error.message);
    };
    const methodNotAllowed = (): AdminAnswer => ({
      ...message(405, frame.strings.errorTitle, "GET"),
      headers: [["allow", "GET, HEAD"]],
    });
    const done = request.url.searchParams.get("done");

    switch (page) {
      case "tokens":
        return id === undefined ? tokens(request, s, done) : notFound();
      case "webhooks":
        return id === undefined ? webhooks(s, done) : deliveries(request, s, id, done);
      case "releases":
        return id === undefined ? releases(request, s) : job(request, s, id, done);
      case "graphiql":
        if (id !== undefined) return notFound();
        if (isPost) return methodNotAllowed();
        // Its own policy: GraphiQL's editor needs blob: workers and inline styles (./graphiql.ts says why).
        return {
          status: 200,
          body: graphiqlPage(frame.ui, frame.csrf ?? ""),
          headers: [["content-security-policy", GRAPHIQL_CSP]],
        };
      case "versions": {
        if (id !== undefined) return notFound();
        if (isPost) return methodNotAllowed();
        const beforeParam = request.url.searchParams.get("before");
        const before = beforeParam === null ? null : Number(beforeParam);
        if (before !== null && !Number.isInteger(before))
          return message(400, frame.strings.errorTitle, `before: "${beforeParam}" is not a version number.`);
        const versions = await api.versions(viewer, before);
        return versions.ok
          ? { status: 200, body: versionsPage(frame, versions.data, before) }
          : failure(versions.error);
      }
    }

    async function tokens(request: AdminRequest, s: AdminStrings, done: string | null): Promise<AdminAnswer> {
      const list = async (status: number, view: Parameters<typeof tokensPage>[2]): Promise<AdminAnswer> => {
        const listed = await api.tokens(viewer);
        return listed.ok ? { status, body: tokensPage(frame, listed.data, view) } : failure(listed.error);
      };
      if (!isPost)
        return list(200, {
          notice: done === "revoked" ? s.revokedNotice(request.url.searchParams.get("name") ?? "") : null,
        });
      const action = form!.get("action");
      if (action === "create") {
        const typed: TokenForm = {
          name: (form!.get("name") ?? "").trim(),
          role: form!.get("role") ?? "",
          locales: form!.get("locales") ?? "",
        };
        const locales = typed.locales
          .split(",")
          .map((l) => l.trim())
          .filter(Boolean);
        // The API's enum values are the roles in capitals (ADMIN); the form sends them as the CLI spells them.
        const created = await api.createToken(viewer, { name: typed.name, role: typed.role.toUpperCase(), locales });
        // The token is in this answer only: not a redirect, which would have to keep it somewhere to show it.
        if (created.ok) return list(200, { created: { token: created.data.token, name: created.data.apiToken.name } });
        if (created.error.code === "FORBIDDEN") return failure(created.error);
        // A refusal is shown beside the form, with what was typed (VALIDATION names the field; CONFLICT the name).
        return list(created.error.code === "CONFLICT" ? 409 : 422, { error: created.error.message, form: typed });
      }
      if (action === "revoke") {
        const name = form!.get("name") ?? "";
        const revoked = await api.revokeToken(viewer, name);
        return revoked.ok
          ? redirect(`/workbench/tokens?done=revoked&name=${encodeURIComponent(name)}`)
          : failure(revoked.error);
      }
      return message(400, frame.strings.errorTitle, `action: unknown action "${action}".`);
    }

    async function webhooks(s: AdminStrings, done: string | null): Promise<AdminAnswer> {
      const list = async (status: number, view: Parameters<typeof webhooksPage>[2]): Promise<AdminAnswer> => {
        const listed = await api.webhooks(viewer);
        return listed.ok ? { status, body: webhooksPage(frame, listed.data, view) } : failure(listed.error);
      };
      if (!isPost) return list(200, { notice: done === "removed" ? s.removedNotice : null });
      const action = form!.get("action");
      if (action === "add") {
        const url = (form!.get("url") ?? "").trim();
        // The API's enum values name the events (content.published → CONTENT_PUBLISHED).
        const events = form!.getAll("events").map((e) => e.toUpperCase().replace(/[.-]/g, "_"));
        const added = await api.addWebhook(viewer, { url, events });
        if (added.ok) return list(200, { added: { secret: added.data.secret, url: added.data.webhook.url } });
        if (added.error.code === "FORBIDDEN") return failure(added.error);
        return list(422, { error: added.error.message, url });
      }
      if (action === "remove") {
        const removed = await api.removeWebhook(viewer, form!.get("id") ?? "");
        return removed.ok ? redirect("/workbench/webhooks?done=removed") : failure(removed.error);
      }
      return message(400, frame.strings.errorTitle, `action: unknown action "${action}".`);
    }

    async function deliveries(
      request: AdminRequest,
      s: AdminStrings,
      hookId: string,
      done: string | null,
    ): Promise<AdminAnswer> {
      const path = `/workbench/webhooks/${encodeURIComponent(hookId)}`;
      const show = async (status: number, notice: string | null, error: string | null): Promise<AdminAnswer> => {
        const [hooks, log] = await Promise.all([api.webhooks(viewer), api.deliveries(viewer, hookId)]);
        if (!hooks.ok) return failure(hooks.error);
        const hook = hooks.data.find((h) => h.id === hookId);
        if (!hook) return notFound();
        if (!log.ok) return failure(log.error);
        return { status, body: deliveriesPage(frame, hook, log.data, notice, error) };
      };
      if (!isPost)
        return show(
          200,
          done === "redelivered" ? s.redeliveredNotice(request.url.searchParams.get("delivery") ?? "") : null,
          null,
        );
      if (form!.get("action") !== "redeliver")
        return message(400, frame.strings.errorTitle, `action: unknown action "${form!.get("action")}".`);
      const deliveryId = form!.get("delivery") ?? "";
      const again = await api.redeliver(viewer, deliveryId);
      if (again.ok) return redirect(`${path}?done=redelivered&delivery=${encodeURIComponent(deliveryId)}`);
      if (again.error.code === "CONFLICT") return show(409, null, again.error.message);
      return failure(again.error);
    }

    async function releases(request: AdminRequest, s: AdminStrings): Promise<AdminAnswer> {
      const list = async (status: number, error: string | null): Promise<AdminAnswer> => {
        const jobs = await api.jobs(viewer);
        return jobs.ok ? { status, body: releasesPage(frame, jobs.data, null, error) } : failure(jobs.error);
      };
      if (!isPost) return list(200, null);
      const action = form!.get("action");
      if (action !== "upload" && action !== "folder")
        return message(400, frame.strings.errorTitle, `action: unknown action "${action}".`);
      const archive = request.files.get("archive");
      // A file input left empty still sends a part, with no name and no bytes.
      if (action === "upload" && (!archive || archive.size === 0)) return list(422, s.noArchive);
      // Always a dry run first: the page shows the plan, and applying it is a second, deliberate step.
      const started = await api.startImport(viewer, {
        dryRun: true,
        ...(action === "upload" ? { upload: archive } : {}),
      });
      // A refused archive (BAD_ARCHIVE, UNSUPPORTED_MEDIA_TYPE, TOO_LARGE) names its entries; no job exists for it.
      if (!started.ok)
        return started.error.code === "FORBIDDEN" ? failure(started.error) : list(422, started.error.message);
      const jobId = started.data.job.id;
      return redirect(
        `/workbench/releases/${encodeURIComponent(jobId)}${started.data.started ? "" : "?done=already-running"}`,
      );
    }

    async function job(
      request: AdminRequest,
      s: AdminStrings,
      jobId: string,
      done: string | null,
    ): Promise<AdminAnswer> {
      const path = `/workbench/releases/${encodeURIComponent(jobId)}`;
      if (isPost) {
        const action = form!.get("action");
        if (action === "cancel") {
          const cancelled = await api.cancelImport(viewer, jobId);
          // A job that ended meanwhile: the page shows how (409, RFC 9110 §15.5.10).
          if (!cancelled.ok && cancelled.error.code === "CONFLICT") {
            const shown = await api.job(viewer, jobId);
            if (shown.ok && shown.data)
              return { status: 409, body: jobPage(frame, shown.data, cancelled.error.message) };
          }
          return cancelled.ok ? redirect(path) : failure(cancelled.error);
        }
        if (action === "apply") {
          const started = await api.startImport(viewer, { dryRun: false, fromJob: jobId });
          if (!started.ok) return failure(started.error);
          return redirect(
            `/workbench/releases/${encodeURIComponent(started.data.job.id)}${started.data.started ? "" : "?done=already-running"}`,
          );
        }
        return message(400, frame.strings.errorTitle, `action: unknown action "${action}".`);
      }
      const found = await api.job(viewer, jobId);
      if (!found.ok) return failure(found.error);
      if (!found.data) return notFound();
      // The island polls the same URL for JSON; the page and the JSON differ by Accept, hence Vary (RFC 9110 §12.5.5).
      if (wantsJson(request.accept))
        return { status: 200, body: null, json: jobProgressJson(found.data), headers: [["vary", "accept"]] };
      return {
        status: 200,
        body: jobPage(frame, found.data, done === "already-running" ? s.alreadyRunning(found.data.id) : null),
        headers: [["vary", "accept"]],
      };
    }
  };
}
