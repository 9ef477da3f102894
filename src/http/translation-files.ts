// Translation files over HTTP, for translators' tools without a shell on the server:
//   GET  /translations/{locale}.xlf | .po   the locale's units as the database holds them (?state=MISSING,OUTDATED)
//   POST /translations/{locale}             a translated XLIFF 2.0 or PO file, written into the database
// Both go through src/translations/database.ts, as the CLI does. A plain Yoga plugin answering in onRequest,
// like /imports: a translation file may be larger than the GraphQL body limit, so this runs before that limit.
import type { Plugin } from "graphql-yoga";
import { mayReview, mayTranslate, type Viewer } from "../auth/roles.ts";
import { EDITORIAL_STATES, type EditorialState } from "../content/format.ts";
import type { GlossaryRecord } from "../content/records.ts";
import type { Database } from "../db/database.ts";
import { TRANSLATION_STATES, type TranslationState } from "../domain/translation-state.ts";
import { DEFAULT_LIMITS, formatBytes } from "../pipeline/limits.ts";
import { exportFromDatabase, importIntoDatabase } from "../translations/database.ts";
import { toPo } from "../translations/po.ts";
import { readExchangeBytes, type ExchangeFormat } from "../translations/read.ts";
import { toXliff } from "../translations/xliff.ts";
import type { ViewerResolver } from "./authorize-release.ts";
import { readBodyAtMost } from "./releases.ts";

export const TRANSLATIONS_PATH = "/translations";

/** The media types of each format, the first the one answers are sent with. */
const MEDIA_TYPES: Record<ExchangeFormat, readonly string[]> = {
  xliff: ["application/xliff+xml", "application/x-xliff+xml", "application/xml", "text/xml"],
  po: ["text/x-gettext-translation", "text/x-po", "application/x-po"],
};
const EXTENSIONS: Record<string, ExchangeFormat> = { xlf: "xliff", xliff: "xliff", po: "po" };

export type TranslationFileOptions = {
  db: Database;
  resolveViewer: ViewerResolver;
  /** Termbases the texts are held to (they live in the content folder). */
  glossaries?: GlossaryRecord[];
};

// Every answer concerns one token's view of unpublished work: never stored by a shared cache (RFC 9111 §5.2.2.7).
const PRIVATE = { "cache-control": "private, no-store" };
const REALM = 'Bearer realm="status-atlas"';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...PRIVATE, ...headers },
  });
const error = (
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) => json(status, { error: { code, message, ...extra } }, headers);

/** The viewer, or a 401 with a Bearer challenge (RFC 9110 §15.5.2, §11.6.1) / a 403 naming what is missing (§15.5.4). */
async function authorize(
  request: Request,
  resolveViewer: ViewerResolver,
  locale: string,
  review: boolean,
): Promise<Viewer | Response> {
  const viewer = await resolveViewer(request);
  if (!viewer)
    return error(
      401,
      "UNAUTHENTICATED",
      "Send the API token of a translator, reviewer or admin of the locale: Authorization: Bearer <token>.",
      {},
      { "www-authenticate": REALM },
    );
  const allowed = review ? mayReview(viewer, locale) : mayTranslate(viewer, locale);
  if (allowed) return viewer;
  const needs = review
    ? `review:${locale} (marking reviewed or publishing needs a reviewer of the locale, as the API's mutations do)`
    : `translate:${locale}`;
  return error(
    403,
    "FORBIDDEN",
    `The token "${viewer.name}" (${viewer.role}) may not do this: it needs ${needs}.`,
    {},
    { "www-authenticate": `${REALM}, error="insufficient_scope"` },
  );
}

function formatOfMediaType(request: Request): ExchangeFormat | null {
  const mediaType = (request.headers.get("content-type") ?? "").split(";", 1)[0]!.trim().toLowerCase();
  return (
    (Object.keys(MEDIA_TYPES) as ExchangeFormat[]).find((format) => MEDIA_TYPES[format].includes(mediaType)) ?? null
  );
}

async function exportFile(
  url: URL,
  locale: string,
  format: ExchangeFormat,
  options: TranslationFileOptions,
  head: boolean,
): Promise<Response> {
  const asked = (url.searchParams.get("state") ?? "MISSING,OUTDATED")
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const unknown = asked.filter((s) => !(TRANSLATION_STATES as readonly string[]).includes(s));
  if (unknown.length)
    return error(
      400,
      "BAD_REQUEST",
      `?state=: unknown state ${unknown.join(", ")}; use ${TRANSLATION_STATES.join(", ")}.`,
    );
  const exported = await exportFromDatabase(options.db, {
    locale,
    states: asked as TranslationState[],
    glossaries: options.glossaries,
  });
  if (!exported.ok) return error(404, "NOT_FOUND", exported.message);
  const text = format === "po" ? toPo(exported.doc) : await toXliff(exported.doc);
  const name = `${locale}.${format === "po" ? "po" : "xlf"}`;
  return new Response(head ? null : text, {
    status: 200,
    headers: {
      "content-type": `${MEDIA_TYPES[format][0]}; charset=utf-8`,
      "content-disposition": `attachment; filename="${name}"`,
      ...PRIVATE,
    },
  });
}

async function importFile(
  request: Request,
  url: URL,
  locale: string,
  viewer: Viewer,
  options: TranslationFileOptions,
): Promise<Response> {
  const state = (url.searchParams.get("state") ?? "draft") as EditorialState;
  const maxBytes = DEFAULT_LIMITS.exchangeFileBytes;
  const tooLarge = () => error(413, "CONTENT_TOO_LARGE", `A translation file may be at most ${formatBytes(maxBytes)}.`);
  // 413 (RFC 9110 §15.5.14) before reading a body that says it is too large.
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) return tooLarge();
  const format = formatOfMediaType(request);
  if (!format) {
    const accepted = [...MEDIA_TYPES.xliff, ...MEDIA_TYPES.po];
    // 415 (RFC 9110 §15.5.16); Accept-Post (W3C LDP §7.1) lists what would be taken, as /imports does.
    return error(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      `Send an XLIFF 2.0 file (${MEDIA_TYPES.xliff[0]}) or a PO file (${MEDIA_TYPES.po[0]}).`,
      { accepted },
      { "accept-post": accepted.join(", ") },
    );
  }
  const body = await readBodyAtMost(request, maxBytes);
  if (!body) return tooLarge();
  const file = `${locale}.${format === "po" ? "po" : "xlf"}`;
  const read = await readExchangeBytes(file, body, format);
  if ("errors" in read)
    return error(422, "VALIDATION", `The file was refused: ${read.errors.length} problem(s). Nothing was written.`, {
      errors: read.errors,
    });
  const result = await importIntoDatabase(options.db, {
    doc: read.doc,
    lineOf: read.lineOf,
    locale,
    file,
    state,
    actor: viewer.name,
    glossaries: options.glossaries,
  });
  // 422 (RFC 9110 §15.5.21): the file is well-formed, and what it says cannot be taken (stale English, unknown units, checks).
  if (!result.ok)
    return error(422, "VALIDATION", `The file was refused: ${result.errors.length} problem(s). Nothing was written.`, {
      errors: result.errors,
    });
  return json(200, {
    locale,
    state,
    units: result.units,
    skipped: result.skipped,
    changed: result.changed,
    contentVersion: state === "published" && result.changed ? result.version : null,
  });
}

/** `/translations/vi` (POST) or `/translations/vi.xlf` (GET): the locale and, for a download, the format. */
function routeOf(pathname: string): { locale: string; format: ExchangeFormat | null } | null {
  const match = /^\/translations\/([A-Za-z0-9-]+)(?:\.([a-z]+))?$/.exec(pathname);
  if (!match) return null;
  const extension = match[2];
  if (extension !== undefined && !EXTENSIONS[extension]) return null;
  return { locale: match[1]!, format: extension ? EXTENSIONS[extension]! : null };
}

export function useTranslationFiles(options: TranslationFileOptions): Plugin {
  const handle = async (request: Request, url: URL): Promise<Response> => {
    const route = routeOf(url.pathname);
    if (!route)
      return error(
        404,
        "NOT_FOUND",
        `Nothing at ${url.pathname}: GET ${TRANSLATIONS_PATH}/{locale}.xlf or .po, POST ${TRANSLATIONS_PATH}/{locale}.`,
      );
    const allowed = route.format ? ["GET", "HEAD"] : ["POST"];
    // 405 with Allow (RFC 9110 §15.5.6) before anything else: a wrong method needs no token to be told so.
    if (!allowed.includes(request.method))
      return error(
        405,
        "METHOD_NOT_ALLOWED",
        `${url.pathname} takes ${allowed.join(" or ")}.`,
        {},
        { allow: allowed.join(", ") },
      );
    const state = url.searchParams.get("state");
    if (!route.format && state !== null && !(EDITORIAL_STATES as readonly string[]).includes(state)) {
      return error(400, "BAD_REQUEST", `?state= takes ${EDITORIAL_STATES.join(", ")}, not "${state}".`);
    }
    const viewer = await authorize(
      request,
      options.resolveViewer,
      route.locale,
      !route.format && (state === "published" || state === "reviewed"),
    );
    if (viewer instanceof Response) return viewer;
    if (route.format) return exportFile(url, route.locale, route.format, options, request.method === "HEAD");
    return importFile(request, url, route.locale, viewer, options);
  };
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== TRANSLATIONS_PATH && !url.pathname.startsWith(`${TRANSLATIONS_PATH}/`)) return;
      return handle(request, url).then(endResponse);
    },
  };
}
