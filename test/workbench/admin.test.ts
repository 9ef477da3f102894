// The workbench's admin pages in real Chromium (Debian's package, driven by playwright-core), against the
// server on 127.0.0.1, as browser.test.ts drives the translator's: a route guard fails the test on any request
// leaving 127.0.0.1, axe-core checks every admin page in both interface languages (WCAG 2 A and AA), and the
// screenshots for docs/workbench.md's admin section are taken here.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImportRunner, type ImportRunner } from "../../src/releases/runner.ts";
import { createWebhookWorker, type WebhookWorker } from "../../src/webhooks/worker.ts";
import type { YogaOptions } from "../../src/yoga.ts";
import { tarGzOfFolder } from "../helpers/archives.ts";
import { copyContent, SEEDS_DIR } from "../helpers/database.ts";
import { useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";
import { listenOnLoopback, type LoopbackServer } from "../helpers/loopback.ts";
import { chromiumPath, DOCS, useChromium } from "./chromium.ts";
import { useServedWorkbench } from "./served.ts";
import { workbenchServerOptions } from "./setup.ts";

/** Receivers on loopback are refused outside development; this test's receiver is one. */
const LOOPBACK = { allowLoopback: true };

/**
 * The server's import runner behind a gate the test opens: a job stays ACCEPTED until then, so the page is seen
 * following it live from before it runs to SUCCEEDED, and a job can be cancelled while it waits.
 */
let gate: Promise<void> = Promise.resolve();
let openGate = () => {};
const closeGate = () => (gate = new Promise<void>((resolve) => (openGate = resolve)));
let realRunner: ImportRunner | undefined;
const runner = (): ImportRunner => (realRunner ??= createImportRunner({ db: seeded.db, contentDir: SEEDS_DIR }));
const gatedRunner: ImportRunner = {
  get owner() {
    return runner().owner;
  },
  run: (jobId) => gate.then(() => runner().run(jobId)),
  progressOf: (jobId) => runner().progressOf(jobId),
  running: () => runner().running(),
  idle: () => runner().idle(),
};

const options: Partial<YogaOptions> = workbenchServerOptions();
const seeded = useSeededServer(Object.assign(options, { imports: { runner: gatedRunner }, webhookPolicy: LOOPBACK }));
const app = useServedWorkbench(seeded, { crossSite: true });
let receiver: LoopbackServer | undefined;
let worker: WebhookWorker | undefined;
let receiverUrl = "";
const received: { headers: IncomingMessage["headers"]; body: string }[] = [];
const { needsChromium, newPage, expectAccessible } = useChromium();
const folders: string[] = [];

beforeAll(async () => {
  if (!chromiumPath) return;
  // A webhook receiver on loopback: it records what it is sent and answers 204.
  receiver = await listenOnLoopback((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  receiverUrl = `${receiver.origin}/hook`;
  worker = createWebhookWorker({ db: seeded.db, policy: LOOPBACK, intervalMs: 100 });
  worker.start();
}, 120_000);
afterAll(async () => {
  openGate();
  await worker?.stop();
  await receiver?.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** An admin signed in; names are fixed (one per test), so screenshots of an unchanged page stay alike. */
async function signedInAdmin(name = "ada", options: BrowserContextOptions = {}): Promise<Page> {
  const page = await newPage(options);
  await app.signInAs(page, { role: "admin", name });
  return page;
}

/** The status /graphql answers a request sending this token. */
const statusWith = async (token: string) =>
  (
    await fetch(`${app.origin}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(token) },
      body: JSON.stringify({ query: "{ contentVersion }" }),
    })
  ).status;
const contentVersion = async () =>
  (await seeded.server.query<{ contentVersion: number }>("{ contentVersion }")).data!.contentVersion;

async function seedsArchive(file: string, edit: (text: string) => string): Promise<Buffer> {
  const dir = copyContent();
  folders.push(dir);
  const at = path.join(dir, file);
  writeFileSync(at, edit(readFileSync(at, "utf8")));
  return Buffer.from(await tarGzOfFolder(dir));
}

/** An archive uploaded through the releases page, as a person does it, for a dry run: on its job's page after. */
async function planRelease(admin: Page, name: string, archive: Buffer): Promise<void> {
  await admin
    .getByLabel("Archive (.tar.gz or .zip)")
    .setInputFiles({ name, mimeType: "application/gzip", buffer: archive });
  await admin.getByRole("button", { name: "Upload and plan (dry run)" }).click();
  await admin.waitForURL(/\/workbench\/releases\/imp_/);
}

/** seeds/ with 404's English summary changed: the release the first tests apply. */
const release404 = () =>
  seedsArchive("codes/en/404.md", (text) =>
    text.replace(/^summary: .*$/m, "summary: The server has nothing at this address, and says so."),
  );

describe("the admin pages in Chromium", () => {
  it("a release: the dry run's diff, then the real run followed live to SUCCEEDED without a reload; a broken file named with its line, nothing written", {
    timeout: 240_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const admin = await signedInAdmin();
    await admin.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Releases" }).click();
    await admin.waitForURL(`${app.origin}/workbench/releases`);
    await expectAccessible(admin);
    await admin.screenshot({ path: path.join(DOCS, "workbench-admin-releases.png"), fullPage: true });

    const before = await contentVersion();
    await planRelease(admin, "release.tar.gz", await release404());
    await expect.poll(() => admin.locator("#job-status").textContent(), { timeout: 30_000 }).toBe("Succeeded");
    const change = admin.getByRole("region", { name: /code\.404:en/ });
    await expect.poll(() => change.count()).toBe(1);
    expect(await change.locator("ins").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining("address")]),
    );
    expect(await change.locator("del").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining("URL")]),
    );
    expect(await contentVersion()).toBe(before);
    await expectAccessible(admin);
    await admin.screenshot({ path: path.join(DOCS, "workbench-admin-dry-run.png"), fullPage: true });

    // The real run waits at the gate until the page is up, so the page follows it from ACCEPTED.
    closeGate();
    await admin.getByRole("button", { name: "Apply this release" }).click();
    await admin.waitForURL(/\/workbench\/releases\/imp_/);
    expect(await admin.locator("#job-status").textContent()).toBe("Accepted");
    // A mark on this document: a reload or a navigation would lose it.
    await admin.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const url = admin.url();
    openGate();
    await expect.poll(() => admin.locator("#job-status").textContent(), { timeout: 60_000 }).toBe("Succeeded");
    expect(await admin.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(admin.url()).toBe(url);
    expect(await contentVersion()).toBe(before + 1);
    expect(
      (
        await seeded.server.query<{ statusCode: { summary: string } }>(
          '{ statusCode(code: 404, locale: "en") { summary } }',
        )
      ).data!.statusCode.summary,
    ).toBe("The server has nothing at this address, and says so.");
    await admin.screenshot({ path: path.join(DOCS, "workbench-admin-release-done.png"), fullPage: true });

    // A broken file: the dry run fails, naming the file and the line; nothing is written.
    const broken = await seedsArchive("codes/en/410.md", (text) =>
      text.replace("cacheable: true", "cacheable: sometimes"),
    );
    await admin.goto(`${app.origin}/workbench/releases`);
    await planRelease(admin, "broken.tar.gz", broken);
    await expect.poll(() => admin.locator("#job-status").textContent(), { timeout: 30_000 }).toBe("Failed");
    // The status is polled first; the outcome's section replaces the live one right after.
    const problem = admin.getByRole("table", { name: "Problems" }).getByRole("row").nth(1);
    await problem.waitFor();
    expect(await problem.getByRole("cell").allTextContents()).toEqual([
      "codes/en/410.md",
      expect.stringMatching(/^\d+$/),
      "cacheable",
      expect.any(String),
    ]);
    expect(await admin.getByRole("button", { name: "Apply this release" }).count()).toBe(0);
    expect(await contentVersion()).toBe(before + 1);
    await expectAccessible(admin);
    await admin.screenshot({ path: path.join(DOCS, "workbench-admin-failed.png"), fullPage: true });

    // A job waiting to run can be cancelled, and writes nothing.
    closeGate();
    await admin.goto(`${app.origin}/workbench/releases`);
    await admin.getByRole("button", { name: "Plan the content folder (dry run)" }).click();
    await admin.waitForURL(/\/workbench\/releases\/imp_/);
    await admin.getByRole("button", { name: "Cancel this release" }).click();
    await expect.poll(() => admin.locator("#job-status").textContent()).toBe("Cancelled");
    openGate();
    expect(await contentVersion()).toBe(before + 1);
  });

  it("a release without JavaScript: the job page has a refresh link, which reaches the outcome", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const admin = await signedInAdmin("noscript", { javaScriptEnabled: false });
    closeGate();
    await admin.goto(`${app.origin}/workbench/releases`);
    // The first test's release as it was applied: the plan succeeds whether or not that test ran first.
    await planRelease(admin, "release.tar.gz", await release404());
    expect(await admin.locator("#job-status").textContent()).toBe("Accepted");
    openGate();
    await expect
      .poll(
        async () => {
          await admin.getByRole("link", { name: "Refresh" }).click();
          await admin.waitForLoadState();
          return admin.locator("#job-status").textContent();
        },
        { timeout: 30_000 },
      )
      .toBe("Succeeded");
    expect(await admin.getByRole("link", { name: "Refresh" }).count()).toBe(0);
    expect(await admin.getByRole("heading", { name: "What changes" }).count()).toBe(1);
  });

  it("a token: created and shown once, copied with the button, working as a Bearer token, then revoked and refused with 401", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const admin = await signedInAdmin("bao");
    await admin.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.origin });
    await admin.goto(`${app.origin}/workbench/tokens`);
    await expectAccessible(admin);
    await admin.getByLabel("Name").fill("kim");
    await admin.getByLabel("Role").selectOption("translator");
    await admin.getByLabel("Locales").fill("vi");
    await admin.getByRole("button", { name: "Create" }).click();
    await admin.getByRole("heading", { name: "The new token: kim" }).waitFor();
    await admin.getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => admin.getByRole("status").filter({ hasText: "Copied." }).count()).toBe(1);
    const copied = await admin.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^sa_[A-Za-z0-9_-]{43}$/);
    expect(await statusWith(copied)).toBe(200);
    await expectAccessible(admin);
    await admin.screenshot({ path: path.join(DOCS, "workbench-admin-tokens.png"), fullPage: true });

    // Shown once: the list never shows it again. It does show the use just made, recorded without the request waiting.
    await expect
      .poll(async () => (await seeded.db.prisma.apiToken.findUnique({ where: { name: "kim" } }))!.lastUsedAt)
      .not.toBeNull();
    await admin.goto(`${app.origin}/workbench/tokens`);
    expect(await admin.content()).not.toContain(copied);
    const row = admin.getByRole("row").filter({ has: admin.getByRole("cell", { name: "kim", exact: true }) });
    expect(await row.getByRole("cell").nth(5).textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    await admin.getByRole("button", { name: "Revoke kim" }).click();
    await admin.getByRole("status").filter({ hasText: "Revoked kim" }).waitFor();
    expect(await statusWith(copied)).toBe(401);
  });

  it("a webhook: added to a local receiver, its secret shown once, its delivery in the log, redelivered", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const admin = await signedInAdmin("chi");
    await admin.goto(`${app.origin}/workbench/webhooks`);
    await expectAccessible(admin);
    await admin.getByLabel("URL").fill(receiverUrl);
    await admin.getByRole("button", { name: "Add" }).click();
    await admin.getByRole("heading", { name: `The signing secret: ${receiverUrl}` }).waitFor();
    expect(await admin.locator("#new-secret").textContent()).toMatch(/^whsec_/);
    await expectAccessible(admin);
    await admin.screenshot({ path: path.join(DOCS, "workbench-admin-webhooks.png"), fullPage: true });

    // An editor's change publishes content: the worker sends content.published to the receiver.
    const editor = await createToken(seeded.db, { role: "editor", name: "eli" });
    const { revision } = (
      await seeded.server.query<{ message: { revision: number } }>(
        '{ message(key: "difference.meaning") { revision } }',
      )
    ).data!.message;
    const changed = await seeded.server.query(
      "mutation ($input: UpdateMessageInput!) { updateMessage(input: $input) { revision } }",
      { input: { key: "difference.meaning", expectedRevision: revision, text: "HTTP status {code}: {description}" } },
      bearer(editor),
    );
    expect(changed.errors).toBeUndefined();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: "content.published" });

    // The worker records the outcome once the receiver has answered.
    await expect
      .poll(async () => (await seeded.db.prisma.webhookDelivery.findMany({ where: { status: "DELIVERED" } })).length, {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    await admin.getByRole("link", { name: `Deliveries to ${receiverUrl}` }).click();
    const log = admin.getByRole("table", { name: "Deliveries" });
    await log.waitFor();
    const delivery = log.getByRole("row").nth(1);
    const cells = await delivery.getByRole("cell").allTextContents();
    expect(cells[0]).toContain("content.published");
    expect(cells[1]).toMatch(/^Delivered/);
    expect(cells[2]).toBe("1");
    expect(cells[4]).toBe("204");
    await expectAccessible(admin);
    await admin.screenshot({ path: path.join(DOCS, "workbench-admin-deliveries.png"), fullPage: true });

    const id = received[0]!.headers["webhook-id"] as string;
    const sent = received.length;
    await admin.getByRole("button", { name: `Redeliver ${id}` }).click();
    await admin
      .getByRole("status")
      .filter({ hasText: `Delivery ${id} is queued to be sent again now.` })
      .waitFor();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(sent + 1);
    expect(received.at(-1)!.headers["webhook-id"]).toBe(id);
  });

  it("access and safety: versions page; an editor gets 403 on tokens and no link to them; a forged cross-site POST changes nothing", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const admin = await signedInAdmin("dung");
    await admin.goto(`${app.origin}/workbench/versions`);
    await expectAccessible(admin);
    expect(await admin.getByRole("table", { name: "Content versions" }).getByRole("row").count()).toBeGreaterThan(1);
    await admin.screenshot({ path: path.join(DOCS, "workbench-admin-versions.png"), fullPage: true });

    const editor = await newPage();
    await app.signInAs(editor, { role: "editor", name: "em" });
    const nav = editor.getByRole("navigation", { name: "Administration" });
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Releases", "Content versions"]);
    const refused = await editor.goto(`${app.origin}/workbench/tokens`);
    expect(refused!.status()).toBe(403);
    expect(await editor.getByRole("alert").textContent()).toBe(
      "Forbidden: this needs admin permission, which an editor token does not have.",
    );
    await expectAccessible(editor);

    // A page of another origin posts the token form with the admin's cookie: refused, and no token is made.
    await admin.goto(`${app.origin}/workbench/tokens`);
    const csrf = await admin.locator('input[name="csrf"]').first().inputValue();
    for (const host of ["127.0.0.1", "localhost"]) {
      app.showCrossSite(
        `<!doctype html><form method="post" action="${app.origin}/workbench/tokens"><input name="csrf" value="${csrf}"><input name="action" value="create"><input name="name" value="mallory"><input name="role" value="admin"></form><script>document.forms[0].submit()</script>`,
      );
      const page = await admin.context().newPage();
      const answer = page.waitForResponse((r) => r.url() === `${app.origin}/workbench/tokens`);
      await page.goto(`http://${host}:${app.crossSitePort}/`);
      expect([401, 403]).toContain((await answer).status());
      await page.close();
    }
    expect(await seeded.db.prisma.apiToken.count({ where: { name: "mallory" } })).toBe(0);
  });
});

describe("GraphiQL in the workbench, in Chromium", () => {
  it("an admin opens it from the admin menu and runs a query and a mutation: its CSP holds, nothing leaves our origin", {
    timeout: 300_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const admin = await signedInAdmin("grace");
    await admin.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "GraphiQL" }).click();
    await admin.waitForURL(`${app.origin}/workbench/graphiql`);
    await admin.waitForSelector(".graphiql-execute-button", { timeout: 180_000 });

    /** Opens GraphiQL with `query` (it takes one from its URL, as a shared link carries it), runs it, reads the result. */
    const run = async (query: string, expected: string): Promise<unknown> => {
      await admin.goto(`${app.origin}/workbench/graphiql?query=${encodeURIComponent(query)}`);
      await admin.waitForSelector(".graphiql-execute-button", { timeout: 180_000 });
      await admin.click(".graphiql-execute-button");
      await admin.waitForFunction(
        (text) => document.querySelector(".graphiql-response")?.textContent?.includes(text),
        expected,
        { timeout: 60_000 },
      );
      // The result editor renders spaces as no-break spaces.
      return JSON.parse((await admin.textContent(".graphiql-response"))!.replace(/\u00a0/g, " ")) as unknown;
    };
    expect(await run("{ statusCode(code: 404) { code reasonPhrase } }", "reasonPhrase")).toEqual({
      data: { statusCode: { code: 404, reasonPhrase: "Not Found" } },
    });
    await admin.screenshot({ path: path.join(DOCS, "workbench-admin-graphiql.png") });
    expect(
      await run(
        'mutation { createToken(input: { name: "from-graphiql", role: EDITOR }) { apiToken { name } } }',
        "apiToken",
      ),
    ).toEqual({ data: { createToken: { apiToken: { name: "from-graphiql" } } } });
    expect(await seeded.db.prisma.apiToken.count({ where: { name: "from-graphiql" } })).toBe(1);
  });
});
