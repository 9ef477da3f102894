// The workbench's browser harness, shared by every Chromium test file: Debian's Chromium driven by
// playwright-core (no browser download), launched once per file; a route guard that fails the test when any
// request leaves 127.0.0.1; Content-Security-Policy violations and page errors collected and asserted empty
// after each test; axe-core's WCAG 2 A and AA rules.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";

export const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
  (p): p is string => Boolean(p),
);
export const chromiumPath = CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
export const DOCS = path.resolve(import.meta.dirname, "../../docs");
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const ALLOWED_HOSTS = new Set(["127.0.0.1", "localhost"]);

export type ChromiumHarness = {
  /** False (and the test skipped) without Chromium; in CI, where .ci/run installs it, a missing one is an error. */
  needsChromium(context: { skip: (note: string) => void }): boolean;
  /** A page in a context of its own, guarded and watched; closed after the test. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** axe-core's WCAG 2 A and AA violations on the page as it is now, by rule and target. */
  axeViolations(page: Page): Promise<string[]>;
  /**
   * None on the page as it is, nor on the same URL in the other interface language, opened beside it (the
   * language link sets a cookie, so it is set back before the test goes on).
   */
  expectAccessible(page: Page): Promise<void>;
  /** What the guard stopped and what the pages reported, for a test that expects some (it empties them). */
  readonly offsite: string[];
  readonly pageErrors: string[];
};

/** Registers the file's hooks: Chromium is launched before its tests and closed after them. */
export function useChromium(): ChromiumHarness {
  let browser: Browser | undefined;
  const offsite: string[] = [];
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!chromiumPath) return;
    const { chromium } = await import("playwright-core");
    // No sandbox: CI and this machine run as root, where Chromium's sandbox refuses to start.
    browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    expect(offsite.splice(0), "requests that left 127.0.0.1").toEqual([]);
    expect(pageErrors.splice(0), "Content-Security-Policy violations and page errors").toEqual([]);
  });

  const axeViolations = async (page: Page): Promise<string[]> => {
    // Evaluated through the DevTools protocol, which the page's CSP does not govern; the page itself loads nothing inline.
    await page.evaluate(AXE_SOURCE);
    type AxeResult = { violations: { id: string; nodes: { target: unknown[] }[] }[]; passes: unknown[] };
    const result = await page.evaluate(() =>
      (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe.run(
        document,
        {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
        },
      ),
    );
    // A run that checked nothing would report no violations too.
    expect(result.passes.length).toBeGreaterThan(5);
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
  };

  return {
    offsite,
    pageErrors,
    needsChromium(context) {
      if (chromiumPath) return true;
      if (process.env.CI)
        throw new Error(`No Chromium at ${CHROMIUM_CANDIDATES.join(", ")} in CI: run .ci/install-chromium.sh.`);
      context.skip(
        `no Chromium found at ${CHROMIUM_CANDIDATES.join(", ")}: apt-get install chromium, or set CHROMIUM_PATH`,
      );
      return false;
    },
    async newPage(options = {}) {
      const context = await browser!.newContext({ locale: "en-US", ...options });
      contexts.push(context);
      await context.route("**/*", (route) => {
        const url = new URL(route.request().url());
        if (ALLOWED_HOSTS.has(url.hostname)) return route.continue();
        offsite.push(url.href);
        return route.abort("internetdisconnected");
      });
      const page = await context.newPage();
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
      });
      page.on("pageerror", (error) => pageErrors.push(`page error: ${error.message}`));
      return page;
    },
    axeViolations,
    async expectAccessible(page) {
      expect(await axeViolations(page), page.url()).toEqual([]);
      const url = new URL(page.url());
      const current = (await page.getAttribute("html", "lang")) ?? "en";
      const other = current === "vi" ? "en" : "vi";
      const probe = await page.context().newPage();
      await probe.goto(`${url.origin}${url.pathname}?ui=${other}`);
      expect(await probe.getAttribute("html", "lang")).toBe(other);
      expect(await axeViolations(probe), probe.url()).toEqual([]);
      await probe.goto(`${url.origin}${url.pathname}?ui=${current}`);
      await probe.close();
    },
  };
}
