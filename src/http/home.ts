// GET / : a small page for whoever opens the server's address in a browser, pointing at what is there
// (GraphiQL, the workbench, health, metrics) and at the documentation, instead of an empty 404. The page is
// the same for every address (one ETag); its curl line shows the address it was opened at (PORT=4001, a
// proxy's host) by a line of script, and the default address without one.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import fresh from "fresh";
import type { Plugin } from "graphql-yoga";
import { projectRoot } from "../paths.ts";

export type HomePageOptions = {
  /** Whether GraphiQL answers browsers here, and for whom: the page says so rather than linking a refusal. */
  graphiql: "open" | "admin" | "off";
  /** package.json's version when absent. */
  version?: string;
};

export function homePage({ graphiql, version = packageVersion() }: HomePageOptions): string {
  const graphiqlItem =
    graphiql === "off"
      ? ""
      : graphiql === "admin"
        ? // A browser cannot send the bearer token /graphql's page needs in production: admins open it in the workbench.
          `<li><a href="/workbench/graphiql">GraphiQL</a>: run queries in the browser (admins, signed in to the workbench)</li>`
        : `<li><a href="/graphql">GraphiQL</a>: run queries in the browser, starting from the README's examples</li>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Status Atlas</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}</style>
</head>
<body>
<main>
<h1>Status Atlas</h1>
<p>A GraphQL content service for an HTTP status code reference, in English and Vietnamese. Version ${version}.</p>
<ul>
${graphiqlItem}
<li><a href="/workbench/">Workbench</a>: translators and reviewers translate, editors edit codes and comparisons, admins release content; signed in with a token</li>
<li><code>POST /graphql</code> or <code>GET /graphql?query=…</code>: the API; <code>GET /graphql?id=…</code> runs a persisted operation</li>
<li><a href="/health">/health</a> (alive), <a href="/ready">/ready</a> (can serve), <a href="/metrics">/metrics</a> (Prometheus)</li>
</ul>
<h2>Documentation</h2>
<p>In the repository: <code>README.md</code> (start here, by role), <code>docs/http-api.md</code> (caching, persisted operations,
releases, webhooks), <code>docs/operations.md</code> (PostgreSQL, containers, logs, signals), <code>docs/translators.md</code>,
<code>docs/content-format.md</code> (for editors) and <code>docs/architecture.md</code>. The schema is <code>schema.graphql</code>.</p>
<p>Try: <code>curl -s <span data-origin>http://localhost:4000</span>/graphql -H 'content-type: application/json' -d '{"query":"{ statusCode(code: 404) { title summary } }"}'</code></p>
</main>
<script>for (const origin of document.querySelectorAll("[data-origin]")) origin.textContent = location.origin;</script>
</body></html>
`;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string }).version;
}

/** Answers GET and HEAD of `/` with the page; a strong ETag and a short public lifetime (RFC 9111 §5.2.2.1). */
export function useHomePage(options: HomePageOptions): Plugin {
  const html = homePage(options);
  const etag = `"${createHash("sha256").update(html).digest("base64url").slice(0, 27)}"`;
  const headers = { "content-type": "text/html; charset=utf-8", etag, "cache-control": "public, max-age=300" };
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== "/" || (request.method !== "GET" && request.method !== "HEAD")) return;
      // RFC 9110 §13.1.2: a copy that is still current gets 304 without a body.
      if (fresh({ "if-none-match": request.headers.get("if-none-match") ?? undefined }, { etag }))
        return endResponse(
          new fetchAPI.Response(null, { status: 304, headers: { etag, "cache-control": headers["cache-control"] } }),
        );
      // RFC 9110 §9.3.2: HEAD gets the GET's header fields and no content.
      return endResponse(new fetchAPI.Response(request.method === "HEAD" ? null : html, { status: 200, headers }));
    },
  };
}
