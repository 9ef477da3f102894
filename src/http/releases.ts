// POST /imports starts a content import job and answers at once; GET /imports/{id} reports it, and
// POST /imports/{id}/cancel cancels it. A plain
// Yoga plugin answering in onRequest, like /health: these are not GraphQL, and an archive body is
// bigger than the GraphQL body limit, so this runs before that limit with its own cap.
import type { Plugin } from "graphql-yoga";
import type { Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { env } from "../env.ts";
import { isActive, noSuchJob, nothingToCancel } from "../releases/job.ts";
import { createImportRunner, type ImportRunner } from "../releases/runner.ts";
import { createImportService, type ImportService, type ImportUpload } from "../releases/service.ts";
import { ANONYMOUS, authorizeImport, type ViewerResolver } from "./authorize-release.ts";

/** The media types POST /imports takes (src/releases/archive.ts reads them). */
export const IMPORT_MEDIA_TYPES = [
  "application/gzip",
  "application/x-gzip",
  "application/zip",
  "application/x-zip-compressed",
  "multipart/form-data",
] as const;

/** Compressed bytes of one upload; the archive reader caps what they inflate to (32 MiB). seeds/ is well under 1 MiB as a tar.gz. */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

/** Seconds a client is asked to wait before polling a job again: an import of seeds/ takes one to a few. */
export const POLL_AFTER_SECONDS = 1;

export type ImportEndpointOptions = {
  db: Database;
  /** Starts and reads jobs; the server's own (shared with GraphQL, src/yoga.ts), else one over `runner`. */
  service?: ImportService;
  /** Runs accepted jobs in this process; one over `contentDir` when absent. */
  runner?: ImportRunner;
  /** The content folder a POST without a body imports. */
  contentDir?: string;
  /** Resolves a request's token (issue #9's authentication plugin); until it is wired in, everyone is anonymous. */
  resolveViewer?: ViewerResolver;
  maxUploadBytes?: number;
  /** Where a default runner reports jobs that fail unexpectedly. */
  logger?: Logger;
};

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

const error = (
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) => json(status, { error: { code, message, ...extra } }, headers);

/** `?dryRun=true`: "true" or "false" (or absent); anything else is a mistake worth saying, not a silent real import. */
function booleanParam(url: URL, name: string): boolean | Response {
  const value = url.searchParams.get(name);
  if (value === null || value === "false") return false;
  if (value === "true") return true;
  return error(400, "BAD_REQUEST", `?${name}= takes true or false, not "${value}".`);
}

/** The body, or null once it passes `maxBytes` (the rest is not read). */
export async function readBodyAtMost(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await request.body.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

const mediaTypeOf = (request: Request) =>
  (request.headers.get("content-type") ?? "").split(";", 1)[0]!.trim().toLowerCase();

async function startImport(
  request: Request,
  url: URL,
  options: { service: ImportService; maxUploadBytes: number; createdBy: string },
): Promise<Response> {
  const dryRun = booleanParam(url, "dryRun");
  if (dryRun instanceof Response) return dryRun;
  const prune = booleanParam(url, "prune");
  if (prune instanceof Response) return prune;
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = () => error(413, "CONTENT_TOO_LARGE", `An upload may be at most ${options.maxUploadBytes} bytes.`);
  // 413 (RFC 9110 §15.5.14) before reading a body that says it is too large.
  if (declared > options.maxUploadBytes) return tooLarge();
  const body = await readBodyAtMost(request, options.maxUploadBytes);
  if (!body) return tooLarge();
  let upload: ImportUpload | undefined;
  if (body.byteLength > 0) {
    const mediaType = mediaTypeOf(request);
    if (!(IMPORT_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
      // 415 (RFC 9110 §15.5.16). Accept-Post (W3C LDP §7.1) lists what would be taken; RFC 9110 defines no such field, so the body says it too.
      return error(
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        `"${mediaType || "(none)"}" is not a content archive. Send one of: ${IMPORT_MEDIA_TYPES.join(", ")}; or no body to import the server's content folder.`,
        { accepted: IMPORT_MEDIA_TYPES },
        { "accept-post": IMPORT_MEDIA_TYPES.join(", ") },
      );
    }
    upload = { contentType: request.headers.get("content-type")!, body };
  }
  const outcome = await options.service.start({ dryRun, prune, createdBy: options.createdBy, upload });
  if (!outcome.ok) {
    const status = outcome.code === "UNSUPPORTED_MEDIA_TYPE" ? 415 : outcome.code === "TOO_LARGE" ? 413 : 400;
    return error(status, outcome.code, `The archive was refused: ${outcome.errors.length} problem(s).`, {
      errors: outcome.errors,
    });
  }
  const { job } = outcome;
  if (!outcome.started) {
    // 409 (RFC 9110 §15.5.10): one import at a time, and this request's content was not taken. The body
    // names the job that holds the lease so the client can wait for it and try again.
    return json(
      409,
      {
        error: {
          code: "IMPORT_RUNNING",
          message: `Import ${job.id} is ${job.status.toLowerCase()}; one import runs at a time. Nothing was started: try again once it has finished.`,
        },
        job,
      },
      { "retry-after": String(POLL_AFTER_SECONDS) },
    );
  }
  // 202 (RFC 9110 §15.3.3): accepted, not done. Location names the job to poll; Retry-After says when.
  return json(202, job, { location: job.href, "retry-after": String(POLL_AFTER_SECONDS) });
}

async function showJob(id: string, service: ImportService, head: boolean): Promise<Response> {
  const job = await service.read(id);
  if (!job) return error(404, "NOT_FOUND", noSuchJob(id));
  // 200 with the job in every state: its outcome is part of it (contentVersion, runId), so a 303 to an
  // import-run resource would only add a round trip. While it runs, Retry-After paces the polling.
  const response = json(200, job, isActive(job.status) ? { "retry-after": String(POLL_AFTER_SECONDS) } : {});
  return head ? new Response(null, { status: 200, headers: response.headers }) : response;
}

async function cancelJob(id: string, service: ImportService, cancelledBy: string): Promise<Response> {
  const outcome = await service.cancel(id, cancelledBy);
  if (outcome.ok) return json(200, outcome.job);
  if (outcome.code === "NOT_FOUND") return error(404, "NOT_FOUND", noSuchJob(id));
  // 409 (RFC 9110 §15.5.10): the job's state conflicts with the request. The body shows how it ended.
  return json(409, { error: { code: "IMPORT_FINISHED", message: nothingToCancel(outcome.job) }, job: outcome.job });
}

/** What a path under /imports names: the jobs, one job, or one job's cancel action; null for anything else. */
type Route = { kind: "jobs" } | { kind: "job" | "cancel"; id: string };

function routeOf(pathname: string): Route | null {
  if (pathname === "/imports") return { kind: "jobs" };
  const [segment, action, ...rest] = pathname.slice("/imports/".length).split("/");
  if (!segment || rest.length || (action !== undefined && action !== "cancel")) return null;
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return { kind: action === undefined ? "job" : "cancel", id };
}

const ALLOWED_METHODS: Record<Route["kind"], readonly string[]> = {
  jobs: ["POST"],
  job: ["GET", "HEAD"],
  cancel: ["POST"],
};

export function useImportEndpoints(options: ImportEndpointOptions): Plugin {
  const service =
    options.service ??
    createImportService({
      db: options.db,
      runner:
        options.runner ??
        createImportRunner({ db: options.db, contentDir: options.contentDir ?? env.SEEDS_DIR, logger: options.logger }),
    });
  const resolveViewer = options.resolveViewer ?? ANONYMOUS;
  const maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const handle = async (request: Request, url: URL): Promise<Response> => {
    const route = routeOf(url.pathname);
    if (!route) return error(404, "NOT_FOUND", `Nothing at ${url.pathname}.`);
    const allowed = ALLOWED_METHODS[route.kind];
    // 405 with Allow (RFC 9110 §15.5.6) before anything else: a wrong method needs no token to be told so.
    if (!allowed.includes(request.method)) {
      return error(
        405,
        "METHOD_NOT_ALLOWED",
        `${url.pathname} takes ${allowed.join(" or ")}.`,
        {},
        { allow: allowed.join(", ") },
      );
    }
    const viewer = await authorizeImport(request, resolveViewer);
    if (viewer instanceof Response) return viewer;
    if (route.kind === "jobs") return startImport(request, url, { service, maxUploadBytes, createdBy: viewer.name });
    if (route.kind === "cancel") return cancelJob(route.id, service, viewer.name);
    return showJob(route.id, service, request.method === "HEAD");
  };
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== "/imports" && !url.pathname.startsWith("/imports/")) return;
      return handle(request, url).then(endResponse);
    },
  };
}
