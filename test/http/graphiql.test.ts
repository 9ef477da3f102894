// GraphiQL in a real browser with no network: headless Chromium (Debian's package; nothing downloads a
// browser) loads the page through yoga.fetch, and every request to any other host is refused and recorded.
// The / page too, whose curl line a line of script fills with the address it was opened at.
import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { useSeededServer } from "../helpers/graphql.ts";

const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
  (p): p is string => Boolean(p),
);
const chromiumPath = CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
const ORIGIN = "http://status-atlas.test";

const seeded = useSeededServer({ graphiql: true });
let browser: Browser | undefined;
afterAll(async () => browser?.close());

/** Chromium, launched once for the file; the test is skipped without it, except in CI. */
async function launched(context: { skip(note: string): void }): Promise<Browser | undefined> {
  if (!chromiumPath) {
    // .ci/run installs Chromium (.ci/install-chromium.sh), so a CI run never gets here without failing.
    if (process.env.CI)
      throw new Error(`No Chromium at ${CHROMIUM_CANDIDATES.join(", ")} in CI: run .ci/install-chromium.sh.`);
    context.skip(
      `no Chromium found at ${CHROMIUM_CANDIDATES.join(", ")}: apt-get install chromium, or set CHROMIUM_PATH`,
    );
    return undefined;
  }
  const { chromium } = await import("playwright-core");
  // No sandbox: CI and this machine run as root, where Chromium's sandbox refuses to start.
  browser ??= await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  return browser;
}

describe("GraphiQL", () => {
  it("serves a page that runs a query with no network: everything comes from our own origin", {
    timeout: 240_000,
  }, async (context) => {
    const browser = await launched(context);
    if (!browser) return;
    const page = await browser.newPage();

    const offsite: string[] = [];
    await page.route("**/*", async (route) => {
      const request = route.request();
      if (!request.url().startsWith(`${ORIGIN}/`)) {
        offsite.push(request.url());
        return route.abort("internetdisconnected");
      }
      const response = await seeded.server.yoga.fetch(request.url(), {
        method: request.method(),
        headers: request.headers(),
        body: request.postDataBuffer() ?? undefined,
      });
      await route.fulfill({
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: Buffer.from(await response.arrayBuffer()),
      });
    });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));

    // GraphiQL takes the query from its URL, as a shared link to it would carry one.
    const query = "{ statusCode(code: 404) { code reasonPhrase } }";
    await page.goto(`${ORIGIN}/graphql?query=${encodeURIComponent(query)}`, { timeout: 180_000 });
    await page.waitForSelector(".graphiql-execute-button", { timeout: 180_000 });
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(
      () => document.querySelector(".graphiql-response")?.textContent?.includes("reasonPhrase"),
      null,
      { timeout: 60_000 },
    );

    // The result editor renders spaces as no-break spaces.
    const shown = JSON.parse((await page.textContent(".graphiql-response"))!.replace(/\u00a0/g, " ")) as unknown;
    expect(shown).toEqual({ data: { statusCode: { code: 404, reasonPhrase: "Not Found" } } });
    expect(offsite).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe("the / page in a browser", () => {
  it("shows a curl line with the address it was opened at, not a fixed port", { timeout: 120_000 }, async (context) => {
    const browser = await launched(context);
    if (!browser) return;
    const page = await browser.newPage();
    const origin = "http://atlas.example:4001";
    await page.route("**/*", async (route) => {
      const response = await seeded.server.yoga.fetch(route.request().url(), { headers: route.request().headers() });
      await route.fulfill({
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: Buffer.from(await response.arrayBuffer()),
      });
    });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/`);
    const tryLine = await page.textContent("main p:last-of-type");
    expect(tryLine).toContain(`curl -s ${origin}/graphql `);
    expect(tryLine).not.toContain("localhost:4000");
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
