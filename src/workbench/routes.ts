// /workbench/: the translation workbench, served by the same process as /graphql, as a Yoga plugin that
// answers its own paths before the response cache, the token authentication and GraphQL see them. Its
// cookie is scoped to Path=/workbench, and nothing else in the server reads it: the cookie never
// authenticates /graphql or /imports, and its pages are `private, no-store`, so no cache keeps them. An admin's
// GraphiQL posts to /workbench/graphql, answered here (admin/graphiql.ts checks it), which runs it through
// /graphql's server with a credential of its own, never the cookie.
//
// Sign-in, sessions and CSRF are here; every read and change of content is a GraphQL operation run in
// process as the session's viewer (api.ts), so the API's rules judge the workbench's requests too.
import type { Plugin } from "graphql-yoga";
import Negotiator from "negotiator";
import { forbiddenError } from "../auth/access.ts";
import { mayReview, mayTranslate } from "../auth/roles.ts";
import { SOURCE_LOCALE } from "../content/format.ts";
import { textUnitId } from "../content/units.ts";
import type { GlossaryRecord } from "../content/records.ts";
import type { Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { ContentStore } from "../read/store.ts";
import { createWorkbenchApi, type ApiError, type Executor, type Task, type TranslationAction } from "./api.ts";
import { ASSET_PREFIX, type WorkbenchAssets } from "./assets.ts";
import { COMMENT_MAX_CHARS } from "../editorial/comments.ts";
import type { Html } from "./html.ts";
import { pageShowingMessage } from "./message-page.ts";
import {
  historyPage,
  homePage,
  KINDS,
  localesPage,
  messagePage,
  previewPage,
  publishAllPage,
  reviewPage,
  signInPage,
  STATES,
  unitPage,
  unitPath,
  type PageFrame,
} from "./pages.ts";
import { createEditorApi } from "./editor/api.ts";
import { editorRoutes } from "./editor/routes.ts";
import { createSessionStore, csrfMatches, newCsrfSecret, SESSION_LIFETIME_MS } from "./sessions.ts";
import { STRINGS, UI_LOCALES, type UiLocale } from "./strings.ts";
import { createAdminRoutes, MULTIPART_PATHS } from "./admin/routes.ts";
import {
  ADMIN_GRAPHQL_PATH,
  answerAdminGraphQL,
  createGraphiQLAssets,
  GRAPHIQL_ASSET_PREFIX,
  type AdminGraphQL,
} from "./admin/graphiql.ts";

export type WorkbenchOptions = {
  store: ContentStore;
  /** Runs a GraphQL operation as a viewer against the server's schema (src/yoga.ts). */
  execute: Executor;
  glossaries: readonly GlossaryRecord[];
  assets: WorkbenchAssets;
  logger: Logger;
  now?: () => Date;
  /** Runs an admin's GraphiQL request through Yoga as the session's viewer (src/yoga.ts); absent, POST /workbench/graphql is 404. */
  graphql?: AdminGraphQL;
};

export const WORKBENCH_PATH = "/workbench";
const SESSION_COOKIE = "wb_session";
const LOGIN_COOKIE = "wb_login";
const UI_COOKIE = "wb_ui";

/** What every page sends: its own origin only, never framed, forms posted only back here. */
export const WORKBENCH_CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/** Pages show a signed-in user's work: neither a shared nor a private cache keeps them (RFC 9111 §5.2.2.5, §5.2.2.7). */
export const PAGE_CACHE_CONTROL = "private, no-store";
/** A hashed asset never changes: a year, and no revalidation on reload (RFC 9111 §5.2.2; RFC 8246). */
export const ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** A page (`body`), or for the island's autosave a JSON value (`json`); headers beside the defaults. */
type Answer = { status: number; body: Html | null; json?: unknown; headers?: [string, string][] };

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

function cookie(name: string, value: string, secure: boolean, maxAgeSeconds: number | null): string {
  const attributes = [`${name}=${value}`, `Path=${WORKBENCH_PATH}`, "HttpOnly", "SameSite=Strict"];
  if (maxAgeSeconds !== null) attributes.push(`Max-Age=${maxAgeSeconds}`);
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}

/** A POST made by a page of another origin: refused whatever it carries (Fetch Metadata, then Origin). */
function crossOrigin(request: Request, url: URL): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return true;
  const origin = request.headers.get("origin");
  return origin !== null && origin !== url.origin;
}

const redirect = (location: string, headers: [string, string][] = []): Answer => ({
  status: 303,
  body: null,
  headers: [["location", location], ...headers],
});

export function useWorkbench(options: WorkbenchOptions): Plugin {
  const { store, assets, logger } = options;
  const now = options.now ?? (() => new Date());
  const db: Database = store.database;
  const sessions = createSessionStore(db.prisma);
  const api = createWorkbenchApi(options.execute);
  const editorApi = createEditorApi(options.execute);
  const adminRoutes = createAdminRoutes(options.execute);
  const graphiqlAssets = createGraphiQLAssets();
  const glossaryOf = (locale: string) => options.glossaries.find((g) => g.locale === locale)?.entries ?? [];

  const uiOf = (request: Request, url: URL, cookies: Map<string, string>): { ui: UiLocale; set: boolean } => {
    const asked = url.searchParams.get("ui");
    if (asked && (UI_LOCALES as readonly string[]).includes(asked)) return { ui: asked as UiLocale, set: true };
    const saved = cookies.get(UI_COOKIE);
    if (saved && (UI_LOCALES as readonly string[]).includes(saved)) return { ui: saved as UiLocale, set: false };
    const negotiated = new Negotiator({
      headers: { "accept-language": request.headers.get("accept-language") ?? "" },
    }).language([...UI_LOCALES]);
    return { ui: (negotiated as UiLocale | undefined) ?? "en", set: false };
  };

  async function handle(request: Request, url: URL): Promise<Answer & { frame?: PageFrame }> {
    const path = url.pathname;
    const secure = url.protocol === "https:";
    const cookies = parseCookies(request.headers.get("cookie"));
    const { ui, set: setUi } = uiOf(request, url, cookies);
    const strings = STRINGS[ui];
    const extraHeaders: [string, string][] = setUi
      ? [["set-cookie", cookie(UI_COOKIE, ui, secure, 365 * 24 * 3600)]]
      : [];
    const frame: PageFrame = { ui, strings, path, assets };
    const withHeaders = (answer: Answer): Answer => ({
      ...answer,
      headers: [...(answer.headers ?? []), ...extraHeaders],
    });
    const isPost = request.method === "POST";
    if (!isPost && request.method !== "GET" && request.method !== "HEAD")
      return withHeaders({
        status: 405,
        body: messagePage(frame, strings.errorTitle, "GET or POST"),
        headers: [["allow", "GET, HEAD, POST"]],
      });

    // A multipart body (a release's archive) is read only once the session is known, below.
    const multipart = isPost && isMultipart(request) && MULTIPART_PATHS.includes(path);
    let form = isPost && !multipart ? await readForm(request) : null;
    if (isPost && ((form === null && !multipart) || crossOrigin(request, url))) {
      return withHeaders({
        status: 403,
        body: messagePage(
          frame,
          strings.forbiddenTitle,
          "Refused: a form of the workbench must be posted from the workbench itself, as a URL-encoded form.",
        ),
      });
    }

    // The sign-in form carries a CSRF token too (login CSRF): the same random value in a cookie and the form.
    const signIn = (status: number, message: string | null): Answer => {
      const loginCsrf = newCsrfSecret();
      return withHeaders({
        status,
        body: signInPage(frame, loginCsrf, message),
        headers: [
          ["set-cookie", cookie(LOGIN_COOKIE, loginCsrf, secure, 3600)],
          ...(status === 401 ? ([["www-authenticate", 'Bearer realm="status-atlas"']] as [string, string][]) : []),
        ],
      });
    };

    if (path === `${WORKBENCH_PATH}/sign-in`) {
      if (!isPost) return signIn(200, null);
      if (!csrfMatches(cookies.get(LOGIN_COOKIE) ?? "", form!.get("csrf")) || !cookies.get(LOGIN_COOKIE))
        return signIn(403, strings.sessionEnded);
      const opened = await sessions.open((form!.get("token") ?? "").trim(), now());
      if (!opened) return signIn(401, strings.badToken);
      return withHeaders(
        redirect(`${WORKBENCH_PATH}/`, [
          ["set-cookie", cookie(SESSION_COOKIE, opened.id, secure, Math.floor(SESSION_LIFETIME_MS / 1000))],
          ["set-cookie", cookie(LOGIN_COOKIE, "", secure, 0)],
        ]),
      );
    }

    const sessionId = cookies.get(SESSION_COOKIE) ?? "";
    const session = sessionId ? await sessions.find(sessionId, now()) : null;
    // 401 (RFC 9110 §15.5.2): the page asks who you are, with the sign-in form.
    if (!session) return signIn(401, sessionId ? strings.sessionEnded : null);
    const files = new Map<string, File>();
    if (multipart) form = await readMultipartForm(request, files);
    const signedIn: PageFrame = { ...frame, viewer: session.viewer, csrf: session.csrf };
    const viewer = session.viewer;
    if (isPost && !csrfMatches(session.csrf, form!.get("csrf"))) {
      return withHeaders({
        status: 403,
        body: messagePage(
          signedIn,
          strings.forbiddenTitle,
          "Refused: the form's CSRF token is missing or not this session's. Reload the page and try again.",
        ),
      });
    }
    const forbidden = (message: string): Answer =>
      withHeaders({ status: 403, body: messagePage(signedIn, strings.forbiddenTitle, message) });
    const apiFailure = (error: ApiError): Answer => {
      if (error.code === "FORBIDDEN") return forbidden(error.message);
      if (error.code === "UNAUTHENTICATED") return signIn(401, strings.sessionEnded);
      if (error.code === "UNKNOWN_LOCALE" || error.code === "NOT_FOUND")
        return withHeaders({ status: 404, body: messagePage(signedIn, strings.notFoundTitle, error.message) });
      if (error.code === "INTERNAL") {
        logger.error({ err: error }, "workbench: the API failed unexpectedly");
        return withHeaders({
          status: 500,
          body: messagePage(signedIn, strings.errorTitle, "Something went wrong on the server; it has been logged."),
        });
      }
      return withHeaders({
        status: error.code === "CONFLICT" ? 409 : 422,
        body: messagePage(signedIn, strings.errorTitle, error.message),
      });
    };

    if (path === `${WORKBENCH_PATH}/sign-out`) {
      if (!isPost)
        return withHeaders({
          status: 405,
          body: messagePage(signedIn, strings.errorTitle, "POST"),
          headers: [["allow", "POST"]],
        });
      await sessions.close(sessionId);
      return withHeaders(
        redirect(`${WORKBENCH_PATH}/sign-in`, [["set-cookie", cookie(SESSION_COOKIE, "", secure, 0)]]),
      );
    }

    const parts = path
      .slice(WORKBENCH_PATH.length + 1)
      .split("/")
      .filter(Boolean)
      .map(decodeURIComponent);
    // The editor's pages (codes, comparisons): editor/routes.ts answers its own paths, null for the rest.
    const editorAnswer = await editorRoutes({
      parts,
      url,
      isPost,
      form,
      viewer,
      frame: signedIn,
      store,
      api: editorApi,
    });
    if (editorAnswer) return withHeaders(editorAnswer);
    const admin = await adminRoutes({
      parts,
      url,
      isPost,
      form,
      files,
      viewer,
      frame: signedIn,
      accept: request.headers.get("accept"),
    });
    if (admin) return withHeaders(admin);
    if (parts.length === 0) {
      const locales =
        viewer.role === "admin" || viewer.role === "editor"
          ? [...(await store.snapshot()).model.locales.keys()].filter((l) => l !== SOURCE_LOCALE)
          : [...viewer.locales];
      if (locales.length === 1) return withHeaders(redirect(`${WORKBENCH_PATH}/${locales[0]}`));
      return withHeaders({ status: 200, body: localesPage(signedIn, locales) });
    }
    const locale = parts[0]!;
    const notice = (done: string | null) =>
      done === "saved"
        ? strings.saved
        : done === "approved"
          ? strings.approved
          : done === "published"
            ? strings.published
            : done === "sent-back"
              ? strings.sentBack
              : done === "commented"
                ? strings.commented
                : null;

    if (parts.length === 1 && !isPost) {
      const progress = await api.progress(viewer, locale);
      if (!progress.ok) return apiFailure(progress.error);
      const state = oneOf(url.searchParams.get("state"), STATES);
      const kind = oneOf(url.searchParams.get("kind"), KINDS);
      const text = (url.searchParams.get("q") ?? "").trim();
      const tasks = await api.tasks(viewer, locale, state);
      if (!tasks.ok) return apiFailure(tasks.error);
      const needle = text.toLocaleLowerCase();
      const shown = tasks.data.filter(
        (t) =>
          (!kind || t.kind === kind) &&
          (!needle ||
            t.unit.toLocaleLowerCase().includes(needle) ||
            t.fields.some(
              (f) =>
                f.source.toLocaleLowerCase().includes(needle) ||
                (f.translation ?? "").toLocaleLowerCase().includes(needle),
            )),
      );
      return withHeaders({
        status: 200,
        body: homePage(signedIn, locale, progress.data, shown, { state, kind, text }, mayReview(viewer, locale)),
      });
    }

    if (parts.length === 2 && parts[1] === "review") {
      // Reviewing is the API's review permission: the queue is not shown to whom its actions would be refused.
      if (!mayReview(viewer, locale)) return forbidden(forbiddenError(viewer, [`review:${locale}`]).message);
      const queue: { task: Task; revision: number }[] = [];
      for (const state of ["DRAFT", "REVIEWED"]) {
        const tasks = await api.tasks(viewer, locale, state);
        if (!tasks.ok) return apiFailure(tasks.error);
        for (const task of tasks.data) {
          const found = await api.task(viewer, locale, task.unit);
          if (!found.ok) return apiFailure(found.error);
          if (found.data) queue.push(found.data);
        }
      }
      if (!isPost) {
        const done = url.searchParams.get("done");
        const count = Number(url.searchParams.get("count"));
        const shown = done === "published-all" && Number.isInteger(count) ? strings.publishedAll(count) : notice(done);
        return withHeaders({ status: 200, body: reviewPage(signedIn, locale, queue, shown) });
      }
      const reviewAction = form!.get("action");
      if (reviewAction === "publish-all")
        return withHeaders({
          status: 200,
          body: publishAllPage(
            signedIn,
            locale,
            queue.filter((q) => q.task.state === "REVIEWED"),
          ),
        });
      if (reviewAction !== "publish-all-confirmed")
        return withHeaders({
          status: 400,
          body: messagePage(signedIn, strings.errorTitle, `action: unknown action "${reviewAction}".`),
        });
      // One publish per unit, each with the revision the reviewer confirmed; the first refusal stops the rest
      // and says how many were published before it.
      let published = 0;
      const revisions = form!.getAll("revision");
      for (const [i, unitId] of form!.getAll("unit").entries()) {
        const expectedRevision = Number(revisions[i]);
        if (!Number.isInteger(expectedRevision))
          return withHeaders({
            status: 400,
            body: messagePage(signedIn, strings.errorTitle, `revision: a whole number is required for ${unitId}.`),
          });
        const done = await api.change(viewer, "publish", { unitId, locale, expectedRevision });
        if (!done.ok) {
          const answer = apiFailure(done.error);
          return {
            ...answer,
            body: messagePage(
              signedIn,
              strings.errorTitle,
              `${strings.publishedAll(published)} ${unitId}: ${done.error.message}`,
            ),
          };
        }
        published++;
      }
      return withHeaders(redirect(`${WORKBENCH_PATH}/${locale}/review?done=published-all&count=${published}`));
    }

    const subpage = parts[2];
    if (
      parts.length > 3 ||
      (subpage !== undefined && subpage !== "preview" && subpage !== "history") ||
      parts.length < 2
    ) {
      return withHeaders({ status: 404, body: messagePage(signedIn, strings.notFoundTitle, strings.notFound) });
    }
    const unit = parts[1]!;
    // node(id:) answers a task of a locale the viewer may not translate as it answers no task at all (a null,
    // so ids cannot be probed); the page says why instead of "not found".
    if (!mayTranslate(viewer, locale)) return forbidden(forbiddenError(viewer, [`translate:${locale}`]).message);
    const found = await api.task(viewer, locale, unit);
    if (!found.ok) return apiFailure(found.error);
    if (!found.data)
      return withHeaders({ status: 404, body: messagePage(signedIn, strings.notFoundTitle, strings.notFound) });
    const { task, revision } = found.data;

    /**
     * The units before and after this one, in the order every list of units has (codes, comparisons,
     * messages): the nearest that still needs work, else the very next. Read from the snapshot's preview of
     * the locale, the model `translationTasks` lists from; the page itself was authorized by the API above.
     */
    const neighbours = async (): Promise<{ prev: string | null; next: string | null }> => {
      const units = [...(await store.preview(await store.snapshot(), [locale])).translationUnits(locale).values()];
      const at = units.findIndex((u) => u.id === unit);
      const before = units.slice(0, Math.max(at, 0)).reverse();
      const after = at < 0 ? units : units.slice(at + 1);
      const pick = (list: typeof units) => (list.find((u) => u.state !== "PUBLISHED") ?? list[0])?.id ?? null;
      return { prev: pick(before), next: pick(after) };
    };
    // The thread is read through the API as everything else is; the unit's page was authorized above by the
    // same permission, so a failure here is unexpected (a 500, logged).
    const comments = async () => {
      const thread = await api.comments(viewer, locale, unit);
      if (!thread.ok)
        throw new Error(
          `workbench: the comments of ${unit} (${locale}) could not be read: ${thread.error.code} ${thread.error.message}`,
        );
      return thread.data;
    };
    const view = async (extra: Partial<Parameters<typeof unitPage>[1]> = {}) => ({
      locale,
      task,
      revision,
      glossary: glossaryOf(locale),
      ...(await neighbours()),
      mayReview: mayReview(viewer, locale),
      notice: notice(url.searchParams.get("done")),
      comments: await comments(),
      ...extra,
    });

    if (subpage === "preview") {
      if (isPost)
        return withHeaders({
          status: 405,
          body: messagePage(signedIn, strings.errorTitle, "GET"),
          headers: [["allow", "GET, HEAD"]],
        });
      // A message is previewed on a page that shows it; with none (no page of today's codes says it), the
      // message itself beside its draft is all there is to show, and the page says so.
      const key = textUnitId.parse(unit);
      const shownOn = key?.kind === "message" ? pageShowingMessage(await store.snapshot(), key.key) : null;
      const preview = await api.preview(viewer, locale, unit, shownOn);
      if (!preview.ok) return apiFailure(preview.error);
      const shown = preview.data ?? {
        sections: task.fields.map((f) => ({ name: f.name, source: f.source, target: f.translation ?? "" })),
      };
      return withHeaders({ status: 200, body: previewPage(signedIn, locale, unit, shown, task.kind === "MESSAGE") });
    }
    if (subpage === "history") {
      if (isPost) {
        if (form!.get("action") !== "revert")
          return withHeaders({
            status: 400,
            body: messagePage(signedIn, strings.errorTitle, `action: unknown action "${form!.get("action")}".`),
          });
        const entryId = Number(form!.get("entryId"));
        const expected = Number(form!.get("expectedRevision"));
        if (!Number.isInteger(entryId) || !Number.isInteger(expected))
          return withHeaders({
            status: 400,
            body: messagePage(signedIn, strings.errorTitle, "entryId, expectedRevision: whole numbers are required."),
          });
        const reverted = await api.revert(viewer, entryId, expected);
        if (!reverted.ok) return apiFailure(reverted.error);
        return withHeaders(redirect(`${unitPath(locale, unit)}/history?done=reverted`));
      }
      const history = await api.history(viewer, locale, unit);
      if (!history.ok) return apiFailure(history.error);
      const shown = url.searchParams.get("done") === "reverted" ? strings.reverted : null;
      return withHeaders({
        status: 200,
        body: historyPage(
          signedIn,
          locale,
          unit,
          history.data,
          await comments(),
          mayReview(viewer, locale) ? { revision } : null,
          shown,
        ),
      });
    }

    if (!isPost) {
      if (!mayTranslate(viewer, locale)) return forbidden(forbiddenError(viewer, [`translate:${locale}`]).message);
      return withHeaders({ status: 200, body: unitPage(signedIn, await view()) });
    }

    const action = form!.get("action") ?? "";
    if (action === "comment") {
      // A comment changes no content, so it carries no revision. The island posts it for JSON and adds it to
      // the thread in place (the unit's typed text stays); without JavaScript the form is posted and the
      // page comes back with the thread.
      const typedComment = form!.get("comment") ?? "";
      const added = await api.addComment(viewer, locale, unit, typedComment.replace(/\r\n?/g, "\n"));
      if (acceptsJson(request)) {
        if (added.ok) return withHeaders({ status: 201, body: null, json: { added: true, comment: added.data } });
        return withHeaders({
          status: added.error.code === "FORBIDDEN" ? 403 : added.error.code === "UNAUTHENTICATED" ? 401 : 422,
          body: null,
          json: { added: false, code: added.error.code, message: added.error.message },
        });
      }
      if (added.ok) return withHeaders(redirect(`${unitPath(locale, unit)}?done=commented#comments`));
      if (added.error.code === "VALIDATION")
        return withHeaders({
          status: 422,
          body: unitPage(signedIn, await view({ commentError: added.error.message, typedComment, notice: null })),
        });
      return apiFailure(added.error);
    }
    const expectedRevision = Number(form!.get("expectedRevision"));
    if (!Number.isInteger(expectedRevision) || expectedRevision < 0)
      return withHeaders({
        status: 400,
        body: messagePage(signedIn, strings.errorTitle, "expectedRevision: a whole number is required."),
      });
    const back = form!.get("back") === "review" ? `${WORKBENCH_PATH}/${locale}/review` : unitPath(locale, unit);

    if (action === "save" || action === "save-next" || action === "autosave") {
      // Browsers send a textarea's line breaks as CRLF (HTML's form submission); content is stored with LF.
      const typed = Object.fromEntries(
        task.fields.map((f) => [f.name, (form!.get(`field.${f.name}`) ?? "").replace(/\r\n?/g, "\n")]),
      );
      const saved = await api.change(viewer, "save", {
        unitId: unit,
        locale,
        expectedRevision,
        text: translationInput(task, typed),
      });
      // The island's autosave: the same save with the revision the page holds, so a newer revision (someone
      // else's save) is refused with CONFLICT and never overwritten; the island then stops and says so.
      if (action === "autosave") {
        if (saved.ok)
          return withHeaders({
            status: 200,
            body: null,
            json: { saved: true, revision: saved.data.revision, state: saved.data.state },
          });
        return withHeaders({
          status: saved.error.code === "CONFLICT" ? 409 : saved.error.code === "FORBIDDEN" ? 403 : 422,
          body: null,
          json: { saved: false, code: saved.error.code, message: saved.error.message },
        });
      }
      if (saved.ok) {
        if (action === "save") return withHeaders(redirect(`${unitPath(locale, unit)}?done=saved`));
        const { next } = await neighbours();
        return withHeaders(redirect(`${next ? unitPath(locale, next) : unitPath(locale, unit)}?done=saved`));
      }
      if (saved.error.code === "CONFLICT") {
        // Nothing typed is lost: the page shows theirs (the unit as it is now) beside the typed text, and the
        // form now carries the current revision, so saving again is the user's choice to replace theirs.
        const theirs = Object.fromEntries(task.fields.map((f) => [f.name, f.translation]));
        return withHeaders({
          status: 409,
          body: unitPage(signedIn, await view({ typed, conflict: { theirs }, notice: null })),
        });
      }
      if (saved.error.code === "VALIDATION")
        return withHeaders({
          status: 422,
          body: unitPage(signedIn, await view({ typed, error: saved.error.message, notice: null })),
        });
      return apiFailure(saved.error);
    }

    if (action === "approve" || action === "publish") {
      const apiAction: TranslationAction = action === "approve" ? "review" : "publish";
      const done = await api.change(viewer, apiAction, { unitId: unit, locale, expectedRevision });
      if (!done.ok) return apiFailure(done.error);
      return withHeaders(redirect(`${back}?done=${action === "approve" ? "approved" : "published"}`));
    }

    if (action === "send-back") {
      if (!mayReview(viewer, locale)) return forbidden(forbiddenError(viewer, [`review:${locale}`]).message);
      const body = (form!.get("comment") ?? "").trim();
      // Checked before the draft is touched, so a refused comment sends nothing back (the API checks it again).
      if (!body || body.length > COMMENT_MAX_CHARS)
        return withHeaders({
          status: 422,
          body: messagePage(
            signedIn,
            strings.errorTitle,
            `comment: 1 to ${COMMENT_MAX_CHARS} characters are required.`,
          ),
        });
      // A reviewed draft goes back to DRAFT by saving its own text again (the API's rule: a change to a draft
      // makes it a draft); a draft stays one. Either way the comment tells the translator why.
      if (task.state === "REVIEWED") {
        const typed = Object.fromEntries(task.fields.map((f) => [f.name, f.translation ?? ""]));
        const resaved = await api.change(viewer, "save", {
          unitId: unit,
          locale,
          expectedRevision,
          text: translationInput(task, typed),
        });
        if (!resaved.ok) return apiFailure(resaved.error);
      }
      const commented = await api.addComment(viewer, locale, unit, body);
      if (!commented.ok) return apiFailure(commented.error);
      return withHeaders(redirect(`${back}?done=sent-back`));
    }
    return withHeaders({
      status: 400,
      body: messagePage(signedIn, strings.errorTitle, `action: unknown action "${action}".`),
    });
  }

  /** GraphiQL's POST (admin/graphiql.ts checks it): a JSON body with its CSRF token in a header, not a form. */
  async function graphql(request: Request, url: URL, serverContext: unknown): Promise<Response> {
    const { graphql: run } = options;
    if (!run) return new Response("Not found", { status: 404, headers: { "cache-control": "no-store" } });
    const sessionId = parseCookies(request.headers.get("cookie")).get(SESSION_COOKIE) ?? "";
    const session = sessionId ? await sessions.find(sessionId, now()) : null;
    return answerAdminGraphQL({
      request,
      crossOrigin: crossOrigin(request, url),
      session: session && { id: sessionId, viewer: session.viewer, csrf: session.csrf },
      csrfMatches,
      run: (viewer, id) => run(request, viewer, id, serverContext),
    });
  }

  return {
    onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== WORKBENCH_PATH && !url.pathname.startsWith(`${WORKBENCH_PATH}/`)) return;
      if (url.pathname === WORKBENCH_PATH)
        return endResponse(
          new fetchAPI.Response(null, {
            status: 308,
            headers: { location: `${WORKBENCH_PATH}/`, "cache-control": PAGE_CACHE_CONTROL },
          }),
        );
      if (url.pathname === ADMIN_GRAPHQL_PATH)
        return graphql(request, url, serverContext).then(endResponse, (error: unknown) => {
          logger.error({ err: error }, "workbench: GraphiQL's request failed");
          endResponse(
            new fetchAPI.Response("Internal error", { status: 500, headers: { "cache-control": "no-store" } }),
          );
        });
      const graphiqlAsset =
        url.pathname.startsWith(GRAPHIQL_ASSET_PREFIX) &&
        graphiqlAssets.response(fetchAPI.Response, request, url.pathname.slice(GRAPHIQL_ASSET_PREFIX.length));
      if (graphiqlAsset) return graphiqlAsset.then(endResponse);
      if (url.pathname.startsWith(ASSET_PREFIX))
        return endResponse(assetResponse(fetchAPI.Response, request, url.pathname.slice(ASSET_PREFIX.length), assets));
      return handle(request, url).then(
        (answer) => endResponse(pageResponse(fetchAPI.Response, request, answer)),
        (error: unknown) => {
          logger.error({ err: error }, "workbench: a page failed");
          return endResponse(pageResponse(fetchAPI.Response, request, { status: 500, body: null }));
        },
      );
    },
  };
}

function pageResponse(ResponseClass: typeof Response, request: Request, answer: Answer): Response {
  const headers = new Headers({
    "content-type": "text/html; charset=utf-8",
    "cache-control": PAGE_CACHE_CONTROL,
    "content-security-policy": WORKBENCH_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
  });
  // An answer's own policy replaces the default (two would both be enforced); other headers add up (Set-Cookie).
  for (const [name, value] of answer.headers ?? [])
    if (name === "content-security-policy") headers.set(name, value);
    else headers.append(name, value);
  if (answer.json !== undefined) headers.set("content-type", "application/json; charset=utf-8");
  const text = answer.json !== undefined ? JSON.stringify(answer.json) : answer.body?.text;
  const body = request.method === "HEAD" || text === undefined ? null : text;
  return new ResponseClass(body ?? (answer.status === 500 ? "Internal error" : null), {
    status: answer.status,
    headers,
  });
}

function assetResponse(
  ResponseClass: typeof Response,
  request: Request,
  name: string,
  assets: WorkbenchAssets,
): Response {
  const asset = assets.files.get(name);
  if (!asset || (request.method !== "GET" && request.method !== "HEAD")) {
    return new ResponseClass("Not found", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  return new ResponseClass(request.method === "HEAD" ? null : (asset.body as BodyInit), {
    status: 200,
    headers: {
      "content-type": asset.contentType,
      "cache-control": ASSET_CACHE_CONTROL,
      "x-content-type-options": "nosniff",
    },
  });
}

/** Whether the island asked for JSON (it sends `Accept: application/json`); a browser's own form post never does. */
function acceptsJson(request: Request): boolean {
  return (
    new Negotiator({ headers: { accept: request.headers.get("accept") ?? "" } }).mediaType([
      "text/html",
      "application/json",
    ]) === "application/json"
  );
}

/** A URL-encoded form body, or null for any other kind of body (the pages post nothing else). */
async function readForm(request: Request): Promise<URLSearchParams | null> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return null;
  return new URLSearchParams(await request.text());
}

const isMultipart = (request: Request) =>
  request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() === "multipart/form-data";

/** A multipart form's text fields, its files put in `files`; empty fields when the body is not a readable form. */
async function readMultipartForm(request: Request, files: Map<string, File>): Promise<URLSearchParams> {
  const fields = new URLSearchParams();
  const body = await request.formData().catch(() => null);
  for (const [name, value] of body ?? []) {
    if (typeof value === "string") fields.append(name, value);
    else files.set(name, value as File);
  }
  return fields;
}

function oneOf<T extends string>(value: string | null, values: readonly T[]): T | null {
  return value && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/**
 * The form's fields as saveTranslation's `text`: a field left empty is left out (it keeps what the draft
 * holds), and a list (differences, similarities) is sent whole or not at all, as the API takes lists whole.
 */
export function translationInput(task: Task, typed: Record<string, string>): Record<string, unknown> {
  const text: Record<string, unknown> = {};
  const lists = new Map<string, string[]>();
  for (const field of task.fields) {
    const value = (typed[field.name] ?? "").trim();
    const [name, index] = field.name.split(".");
    if (index !== undefined) {
      const list = lists.get(name!) ?? [];
      list.push(value);
      lists.set(name!, list);
    } else if (value) text[name!] = value;
  }
  for (const [name, items] of lists) if (items.every((item) => item)) text[name] = items;
  return text;
}
