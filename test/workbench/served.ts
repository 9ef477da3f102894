// The seeded server on a real port for the Chromium test files (a browser needs one), a page of another
// origin for the cross-site tests, and signing in as a person does: the Token field, then Enter.
import type { Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { RequestListener } from "node:http";
import type { TestDatabase } from "../helpers/database.ts";
import { listenOnLoopback, type LoopbackServer } from "../helpers/loopback.ts";
import { createToken } from "../helpers/tokens.ts";
import { chromiumPath } from "./chromium.ts";

type Seeded = { db: TestDatabase; server: { yoga: RequestListener } };
type Holder = Parameters<typeof createToken>[1];

/**
 * Registers the file's hooks: the servers listen before its tests (when Chromium is there) and close after.
 * `landing` is where a sign-in is expected to land unless a call says otherwise.
 */
export function useServedWorkbench(
  seeded: Seeded,
  { crossSite = false, landing: home = /\/workbench\/(vi)?$/ }: { crossSite?: boolean; landing?: RegExp } = {},
) {
  const servers: LoopbackServer[] = [];
  let origin = "";
  let crossSitePort = 0;
  let crossSiteMarkup = "";
  beforeAll(async () => {
    if (!chromiumPath) return;
    const app = await listenOnLoopback(seeded.server.yoga);
    servers.push(app);
    origin = app.origin;
    if (crossSite) {
      // Another origin (another port) whose page is set per test, as a cross-site attacker's would be.
      const other = await listenOnLoopback((_req, res) =>
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(crossSiteMarkup),
      );
      servers.push(other);
      crossSitePort = other.port;
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  /** Signs `page` in with `token` and waits until it has landed on `landing`. */
  async function signIn(page: Page, token: string, landing: RegExp = home): Promise<void> {
    await page.goto(`${origin}/workbench/sign-in`);
    await page.getByLabel("Token").fill(token);
    await page.getByLabel("Token").press("Enter");
    await page.waitForURL(landing);
  }

  /** Signs `page` in with a new token of `holder`, and returns the token. */
  async function signInAs(page: Page, holder: Holder, landing?: RegExp): Promise<string> {
    const token = await createToken(seeded.db, holder);
    await signIn(page, token, landing);
    return token;
  }

  return {
    /** http://127.0.0.1:port of the workbench's server. */
    get origin() {
      return origin;
    },
    /** The port of the cross-site page (with `crossSite: true`). */
    get crossSitePort() {
      return crossSitePort;
    },
    /** What the cross-site page serves from now on. */
    showCrossSite(markup: string) {
      crossSiteMarkup = markup;
    },
    signIn,
    signInAs,
    /** Signs `page` in with a new token of `holder` and opens `path` (from /workbench/) there. */
    async openAs(page: Page, holder: Holder, path: string): Promise<Page> {
      await signInAs(page, holder);
      await page.goto(`${origin}${path}`);
      return page;
    },
  };
}
