// GraphiQL for an admin signed in to the workbench: how a browser opens GraphiQL in production, where the
// one at /graphql answers admins' bearer tokens only (src/http/graphiql.ts) and a browser cannot send one.
//
// Why under /workbench and not by widening the session cookie to /graphql: the cookie (Path=/workbench,
// HttpOnly, SameSite=Strict) keeps authenticating nothing but the workbench, so /graphql stays an API of
// bearer tokens, which a page of another site can never make a browser send. Here:
// - GET /workbench/graphiql (../routes.ts, ./routes.ts): a small page for admins (403 naming the role for
//   others, 401 with the sign-in form without a session). It carries the session's CSRF token, so it is
//   `private, no-store` like every workbench page;
// - GET /workbench/graphiql/graphiql.js and .css: GraphiQL's code from node_modules (no CDN), the same bytes
//   for everyone and no secret (it is the npm package), so compressed once and cacheable as /graphql's page is;
// - POST /workbench/graphql, GraphiQL's fetcher: the session cookie says who; a page of another origin is
//   refused (Fetch Metadata, then Origin, as the workbench's forms are), and so is a request without the
//   session's CSRF token in a header, which only the page above knows and a cross-origin page cannot set
//   without a preflight that CORS refuses. It then runs through the same Yoga at /graphql, as the admin's token
//   would: scopes, query limits, armor, rate limit, introspection for admins, and no response cache, since the
//   request carries credentials (`private, no-store`). Revoking the token ends the session, so this too.
import { createHmac, randomBytes } from "node:crypto";
import { forbiddenError } from "../../auth/access.ts";
import { isAdmin, type Viewer } from "../../auth/roles.ts";
import { hashToken, TOKEN_PREFIX } from "../../auth/tokens.ts";
import type { FindViewer } from "../../http/authentication.ts";
import { CREDENTIALED_CACHE_CONTROL } from "../../http/cache-control.ts";
import {
  createRepresentations,
  GRAPHIQL_MAX_AGE,
  readmeTabs,
  representationResponse,
  type Representations,
} from "../../http/graphiql.ts";
import { codedErrorContentType } from "../../http/rejections.ts";
import { html, trusted, type Html } from "../html.ts";
import type { UiLocale } from "../strings.ts";

export const GRAPHIQL_PAGE_PATH = "/workbench/graphiql";
export const GRAPHIQL_ASSET_PREFIX = `${GRAPHIQL_PAGE_PATH}/`;
export const ADMIN_GRAPHQL_PATH = "/workbench/graphql";
/** The header GraphiQL sends the session's CSRF token in (the forms send it as their `csrf` field). */
export const CSRF_HEADER = "x-workbench-csrf";

/**
 * The workbench's policy, widened only as far as GraphiQL needs: its code is a script of our own origin, its
 * editor (Monaco) starts its workers from blob: URLs made of code shipped in that script, and sets styles
 * inline as it lays itself out; its icon is a data: URL. It talks to our origin only (connect-src).
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** GraphiQL's pieces, as @graphql-yoga/render-graphiql inlines them in its page; imported on first use (about 9 MB). */
const graphiqlPieces = () => import("@graphql-yoga/render-graphiql/graphiql");

/**
 * The page's script: what render-graphiql inlines, made a file of our origin so that the page needs no inline
 * script (the CSP allows none), reading its options from the page's JSON (they hold the session's token).
 */
async function graphiqlScript(): Promise<string> {
  const { js, editorWorkerService, jsonWorker, graphqlWorker } = await graphiqlPieces();
  return `(function () {
  function prepareBlob(workerContent) {
    return URL.createObjectURL(new Blob([workerContent], { type: "application/javascript" }));
  }
  var workers = {
    editorWorkerService: prepareBlob(${JSON.stringify(editorWorkerService)}),
    json: prepareBlob(${JSON.stringify(jsonWorker)}),
    graphql: prepareBlob(${JSON.stringify(graphqlWorker)}),
  };
  self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: function (moduleId, label) { return workers[label]; } };
})();
${js};
YogaGraphiQL.renderYogaGraphiQL(
  document.querySelector("#root"),
  JSON.parse(document.getElementById("graphiql-options").textContent),
);
`;
}

export type GraphiQLAssets = {
  /** The asset a path under /workbench/graphiql/ names, as a response; null for any other name. */
  response(ResponseClass: typeof Response, request: Request, name: string): Promise<Response> | null;
};

export function createGraphiQLAssets(): GraphiQLAssets {
  const files: Record<string, { contentType: string; representations: Representations }> = {
    "graphiql.js": {
      contentType: "text/javascript; charset=utf-8",
      representations: createRepresentations(graphiqlScript),
    },
    "graphiql.css": {
      contentType: "text/css; charset=utf-8",
      representations: createRepresentations(async () => (await graphiqlPieces()).css),
    },
  };
  return {
    response(ResponseClass, request, name) {
      const file = Object.hasOwn(files, name) ? files[name] : undefined;
      if (!file || (request.method !== "GET" && request.method !== "HEAD")) return null;
      return representationResponse(ResponseClass, request, file.representations, {
        "content-type": file.contentType,
        // Not credential-specific: any cache may keep it, revalidated by its ETag once it is stale.
        "cache-control": `public, max-age=${GRAPHIQL_MAX_AGE}`,
        vary: "Accept-Encoding",
      }).then((response) => {
        response.headers.set("x-content-type-options", "nosniff");
        return request.method === "HEAD" ? new ResponseClass(null, response) : response;
      });
    },
  };
}

let tabs: { query: string }[] | undefined;

/** The page: GraphiQL's root and its options, posting to /workbench/graphql with the session's CSRF token. */
export function graphiqlPage(ui: UiLocale, csrf: string): Html {
  tabs ??= readmeTabs();
  const options = {
    title: "Status Atlas GraphiQL",
    endpoint: ADMIN_GRAPHQL_PATH,
    credentials: "same-origin",
    additionalHeaders: { [CSRF_HEADER]: csrf },
    ...(tabs.length ? { defaultTabs: tabs, defaultQuery: tabs[0]!.query } : {}),
  };
  // In a JSON script element, only "<" could end it early (</script>) or open a comment: written as \u003c.
  const json = trusted(JSON.stringify(options).replace(/</g, "\\u003c"));
  return html`<!doctype html>
<html lang="${ui}"><head><meta charset="utf-8"><title>Status Atlas GraphiQL (workbench)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${GRAPHIQL_ASSET_PREFIX}graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript. Without it, send queries to /graphql with an admin's token.</noscript>
<div id="root"></div>
<script type="application/json" id="graphiql-options">${json}</script>
<script src="${GRAPHIQL_ASSET_PREFIX}graphiql.js"></script>
</body></html>
`;
}

/**
 * Lets a workbench session run GraphQL through Yoga as its viewer: the request Yoga gets carries a bearer
 * credential made for the session (HMAC of its id under a key that never leaves the process), which the
 * authenticator resolves to the viewer the session was just found with, only while such a request is in
 * flight. So everything that treats a request with a token as that token's (rate limit bucket, response
 * cache bypass, `private, no-store`, introspection for admins) treats it as the admin's own token.
 */
export function createSessionGrants() {
  const key = randomBytes(32);
  const live = new Map<string, { viewer: Viewer; holders: number }>();
  return {
    /** The authenticator's lookup, knowing the grants in flight first. */
    findViewer:
      (inner: FindViewer): FindViewer =>
      (tokenHash) => {
        const granted = live.get(tokenHash);
        return granted ? Promise.resolve(granted.viewer) : inner(tokenHash);
      },
    /** Calls `send` with the Authorization header for the session, valid until `send` settles. */
    async run<T>(sessionId: string, viewer: Viewer, send: (authorization: string) => Promise<T>): Promise<T> {
      const token = TOKEN_PREFIX + createHmac("sha256", key).update(sessionId).digest("base64url");
      const hash = hashToken(token);
      const entry = live.get(hash) ?? { viewer, holders: 0 };
      entry.viewer = viewer;
      entry.holders += 1;
      live.set(hash, entry);
      try {
        return await send(`Bearer ${token}`);
      } finally {
        entry.holders -= 1;
        if (entry.holders === 0) live.delete(hash);
      }
    },
  };
}

export type SessionGrants = ReturnType<typeof createSessionGrants>;

/** Runs a GraphQL request (already checked here) through Yoga as the session's viewer; src/yoga.ts makes it. */
export type AdminGraphQL = (
  request: Request,
  viewer: Viewer,
  sessionId: string,
  serverContext: unknown,
) => Promise<Response>;

export type AdminGraphQLRequest = {
  request: Request;
  /** Posted by a page of another origin (../routes.ts's crossOrigin). */
  crossOrigin: boolean;
  /** The session the cookie names, with its id; null without one (or an ended one). */
  session: { id: string; viewer: Viewer; csrf: string } | null;
  csrfMatches(expected: string, submitted: string | null): boolean;
  run: (viewer: Viewer, sessionId: string) => Promise<Response>;
};

/** A refusal in the shape of a GraphQL response, so GraphiQL shows its message and code. */
function refused(
  request: Request,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: {
      "content-type": codedErrorContentType(request.headers.get("accept")),
      "cache-control": CREDENTIALED_CACHE_CONTROL,
      "x-content-type-options": "nosniff",
      ...headers,
    },
  });
}

/**
 * POST /workbench/graphql. Checked in this order, each refusal before the body is read: the method, the
 * origin, the session, its CSRF token, the body's type, the role.
 */
export async function answerAdminGraphQL(input: AdminGraphQLRequest): Promise<Response> {
  const { request, session } = input;
  // RFC 9110 §15.5.6: only POST; a GET could be a link followed from another site.
  if (request.method !== "POST")
    return refused(request, 405, "METHOD_NOT_ALLOWED", "POST a GraphQL request here.", { allow: "POST" });
  // RFC 9110 §15.5.4: a page of another origin may not use the session, whatever it sends.
  if (input.crossOrigin)
    return refused(
      request,
      403,
      "CSRF_CROSS_ORIGIN",
      "Refused: the workbench's GraphQL endpoint answers the workbench's own pages only.",
    );
  // RFC 9110 §15.5.2: who is asking is not known; a 401 carries a challenge, as the sign-in page's does.
  if (!session)
    return refused(
      request,
      401,
      "UNAUTHENTICATED",
      `No workbench session (or it ended): sign in at /workbench/sign-in with an admin's token, then open ${GRAPHIQL_PAGE_PATH}.`,
      { "www-authenticate": 'Bearer realm="status-atlas"' },
    );
  if (!input.csrfMatches(session.csrf, request.headers.get(CSRF_HEADER)))
    return refused(
      request,
      403,
      "CSRF_TOKEN_REQUIRED",
      `Refused: the ${CSRF_HEADER} header is missing or not this session's CSRF token. Reload ${GRAPHIQL_PAGE_PATH} and try again.`,
    );
  // RFC 9110 §15.5.16: GraphiQL posts JSON; nothing else is read.
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json")
    return refused(
      request,
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the GraphQL request as JSON (Content-Type: application/json).",
    );
  if (!isAdmin(session.viewer))
    return refused(request, 403, "FORBIDDEN", forbiddenError(session.viewer, ["admin"]).message);
  const response = await input.run(session.viewer, session.id);
  // Yoga's answer to a credentialed request is already private, no-store (src/http/authentication.ts); the
  // workbench says so again, as all its answers do.
  response.headers.set("cache-control", CREDENTIALED_CACHE_CONTROL);
  response.headers.set("x-content-type-options", "nosniff");
  return response;
}

/** The Yoga side (src/yoga.ts): the checked request re-sent to /graphql with the session's credential. */
export function forwardToGraphQL(
  grants: SessionGrants,
  handle: (request: Request, serverContext: unknown) => Promise<Response>,
): AdminGraphQL {
  return async (request, viewer, sessionId, serverContext) => {
    const body = await request.text();
    // A context of its own, so the request log and metrics see two requests, not one overwritten by the other;
    // with Node's request, so the rate limit counts the same client address.
    const { req, waitUntil } = (serverContext ?? {}) as { req?: unknown; waitUntil?: unknown };
    const innerContext = { ...(req ? { req } : {}), ...(waitUntil ? { waitUntil } : {}) };
    return grants.run(sessionId, viewer, (authorization) => {
      const headers = new Headers({ "content-type": "application/json", authorization });
      // What the operation's answer depends on (X-Preview, Accept-Language can be set in GraphiQL's headers
      // tab); never the cookie, nor an Authorization typed there: the session says who asks.
      for (const name of ["accept", "accept-language", "x-preview"]) {
        const value = request.headers.get(name);
        if (value !== null) headers.set(name, value);
      }
      // Declared, so the body limit checks this length rather than reading Node's request, which was read.
      headers.set("content-length", String(Buffer.byteLength(body)));
      return handle(new Request(new URL("/graphql", request.url), { method: "POST", headers, body }), innerContext);
    });
  };
}
