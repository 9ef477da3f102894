// GraphiQL at GET /graphql for a browser (Accept: text/html), served by our own plugin instead of Yoga's:
// - the page comes from the installed @graphql-yoga/render-graphiql, not a CDN (Yoga's default page loads
//   its code from one and is blank offline). It inlines the editor, its workers and CSS: about 9 MB;
// - it opens with the README's example queries as tabs, so a newcomer starts from queries that work;
// - it is compressed (br or gzip, RFC 9110 §8.4, §12.5.3) and cacheable with an ETag (RFC 9111), once
//   rendered and compressed per process;
// - where it is for admins only (production), a browser without an admin's token gets a page saying how
//   to get in, with 401 or 403, instead of Yoga's empty 406: a browser cannot send a bearer token, so an
//   admin opens GraphiQL in the workbench instead (src/workbench/admin/graphiql.ts), signed in by its session.
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import { createHash } from "node:crypto";
import fresh from "fresh";
import type { GraphiQLOptions, Plugin } from "graphql-yoga";
import Negotiator from "negotiator";
import { bearerChallenge } from "../auth/access.ts";
import { isAdmin } from "../auth/roles.ts";
import { projectRoot } from "../paths.ts";
import type { Authentication } from "./authentication.ts";
import { CREDENTIALED_CACHE_CONTROL } from "./cache-control.ts";

/** The README's runnable examples: its ```graphql blocks (not the editor's session, which needs tokens). */
export function graphqlExamples(markdown: string): string[] {
  return [...markdown.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((match) => match[1]!.trim());
}

/** One GraphiQL tab per README example; none when the README is not there (an image built without it). */
export function readmeTabs(readmePath = path.join(projectRoot, "README.md")): { query: string }[] {
  try {
    return graphqlExamples(readFileSync(readmePath, "utf8")).map((query) => ({ query }));
  } catch {
    return [];
  }
}

/**
 * Yoga's `renderGraphiQL`, from node_modules. The package is imported on first use, not at start-up
 * (importing it takes about a second here).
 */
export async function renderLocalGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL } = await import("@graphql-yoga/render-graphiql");
  return renderGraphiQL(options);
}

type Encoding = "br" | "gzip" | "identity";
type Representation = { body: Buffer<ArrayBuffer>; etag: string };

/**
 * A large, unchanging text in each encoding, made once: brotli at a middle quality, since the highest takes
 * seconds for 9 MB. Used for this page and for the workbench's GraphiQL code (src/workbench/admin/graphiql.ts).
 */
export function createRepresentations(render: () => Promise<string>) {
  let page: Promise<Record<Encoding, Promise<Representation>>> | undefined;
  const represent = (body: Buffer<ArrayBuffer>, tag: string, encoding: Encoding): Representation => ({
    body,
    // A strong ETag per representation: each encoding's bytes differ (RFC 9110 §8.8.3).
    etag: `"${tag}${encoding === "identity" ? "" : `-${encoding}`}"`,
  });
  return (encoding: Encoding): Promise<Representation> => {
    page ??= render().then((html) => {
      const bytes = Buffer.from(html);
      const tag = createHash("sha256").update(bytes).digest("base64url").slice(0, 27);
      return {
        identity: Promise.resolve(represent(bytes, tag, "identity")),
        gzip: promisify(gzip)(bytes, { level: 6 }).then((body) => represent(body, tag, "gzip")),
        br: promisify(brotliCompress)(bytes, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
        }).then((body) => represent(body, tag, "br")),
      };
    });
    // A failed render is not remembered, so the next request tries again.
    page.catch(() => (page = undefined));
    return page.then((encodings) => encodings[encoding]);
  };
}

export type Representations = ReturnType<typeof createRepresentations>;

/**
 * The representation a request negotiates (RFC 9110 §12.5.3), or 304 with no body when its cached copy is
 * still it (RFC 9110 §13.1.2, §15.4.5). `vary` names every request header the answer depends on.
 */
export async function representationResponse(
  ResponseClass: typeof Response,
  request: Request,
  representations: Representations,
  headers: { "content-type": string; "cache-control": string; vary: string },
): Promise<Response> {
  const encoding = encodingFor(request.headers.get("accept-encoding"));
  const { body, etag } = await representations(encoding);
  const sent: Record<string, string> = { ...headers, etag };
  if (encoding !== "identity") sent["content-encoding"] = encoding;
  if (fresh({ "if-none-match": request.headers.get("if-none-match") ?? undefined }, { etag })) {
    const { "content-type": _type, "content-encoding": _encoding, ...kept } = sent;
    return new ResponseClass(null, { status: 304, headers: kept });
  }
  return new ResponseClass(body, { status: 200, headers: sent });
}

/** How long a browser may reuse the page without asking: it changes only with a new build or README. */
export const GRAPHIQL_MAX_AGE = 600;

export type GraphiQLPageOptions = {
  /** For everyone (development), or for admins' tokens only (production). */
  access: "open" | "admin";
  authenticationOf(request: Request): Promise<Authentication>;
  /** Tabs GraphiQL opens with when the browser has none saved; the README's examples by default. */
  tabs?: () => { query: string }[];
  /** The page's HTML; rendered from node_modules by default (tests pass a small one). */
  render?: (options: GraphiQLOptions) => Promise<string>;
};

const ENCODINGS: readonly Encoding[] = ["br", "gzip", "identity"];

/**
 * The content coding for an Accept-Encoding (RFC 9110 §12.5.3): among those the client rates equally, ours
 * in order (browsers send "gzip, deflate, br", all at q=1). negotiator takes that order as `preferred`,
 * which its type declarations leave out.
 */
function encodingFor(acceptEncoding: string | null): Encoding {
  const negotiator = new Negotiator({ headers: { "accept-encoding": acceptEncoding ?? undefined } }) as unknown as {
    encoding(available: readonly string[], options: { preferred: readonly string[] }): string | undefined;
  };
  return (negotiator.encoding(ENCODINGS, { preferred: ENCODINGS }) as Encoding | undefined) ?? "identity";
}

/** Yoga's own rule for "a browser asks for the page": a GET that accepts HTML. */
function wantsGraphiQL(request: Request, url: URL): boolean {
  return (
    request.method === "GET" &&
    (url.pathname === "/graphql" || url.pathname === "/graphql/") &&
    (request.headers.get("accept")?.includes("text/html") ?? false)
  );
}

export function useGraphiQLPage(options: GraphiQLPageOptions): Plugin {
  const render = options.render ?? renderLocalGraphiQL;
  const tabs = options.tabs ?? readmeTabs;
  const page = createRepresentations(() => {
    const defaultTabs = tabs();
    return render({
      title: "Status Atlas GraphiQL",
      ...(defaultTabs.length ? { defaultTabs, defaultQuery: defaultTabs[0]!.query } : {}),
    });
  });
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!wantsGraphiQL(request, url)) return;
      if (options.access === "admin") {
        const refusal = refusalFor(await options.authenticationOf(request));
        if (refusal)
          return endResponse(new fetchAPI.Response(refusal.html, { status: refusal.status, headers: refusal.headers }));
      }
      return endResponse(
        await representationResponse(fetchAPI.Response, request, page, {
          "content-type": "text/html; charset=utf-8",
          // The same URL answers JSON to other Accept values, and other encodings to other Accept-Encoding.
          vary: "Accept, Accept-Encoding",
          // An admin's page answers a token: the authentication plugin makes it private, no-store, as every such answer.
          "cache-control":
            options.access === "open" ? `public, max-age=${GRAPHIQL_MAX_AGE}` : CREDENTIALED_CACHE_CONTROL,
        }),
      );
    },
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Production's GraphiQL for someone who is not an admin: a page saying what is needed, with the status the
 * API would give (401 without a usable token, RFC 9110 §15.5.2; 403 for a valid token of another role, §15.5.4).
 */
function refusalFor(
  authentication: Authentication,
): { status: number; headers: Record<string, string>; html: string } | undefined {
  if (authentication.kind === "viewer" && isAdmin(authentication.viewer)) return undefined;
  const status = authentication.kind === "viewer" ? 403 : 401;
  const challenge =
    authentication.kind === "refused"
      ? authentication.challenge
      : authentication.kind === "viewer"
        ? bearerChallenge({ error: "insufficient_scope" })
        : bearerChallenge();
  const why =
    authentication.kind === "viewer"
      ? `The token sent is a ${escapeHtml(authentication.viewer.role)}'s. In production, GraphiQL and introspection are for admins.`
      : authentication.kind === "refused"
        ? `The token sent was refused: ${escapeHtml(authentication.message)}`
        : "In production, GraphiQL and introspection are for admins, and this request carried no token.";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphiQL needs an admin's token · Status Atlas</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<main>
<h1>GraphiQL needs an admin's token</h1>
<p>${why}</p>
<p>In a browser, <a href="/workbench/graphiql">sign in to the workbench with an admin's token and open GraphiQL there</a>:
it runs as you, with your session.</p>
<p>From a client, create a token with <code>npx status-atlas tokens create --name you --role admin</code> and send it as
<code>Authorization: Bearer sa_…</code>.</p>
<p>Reading published content needs no token: send queries to <code>/graphql</code> from your client or with curl.</p>
<ul><li><a href="/">Status Atlas</a></li><li><a href="/workbench/">Translation workbench</a></li><li><a href="/health">Health</a></li></ul>
</main>
</body></html>
`;
  return {
    status,
    html,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "www-authenticate": challenge,
      "cache-control": CREDENTIALED_CACHE_CONTROL,
    },
  };
}
