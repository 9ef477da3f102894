import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useSeededServer } from "../helpers/graphql.ts";
import { revokeToken } from "../../src/auth/store.ts";
import { bearer, createToken } from "../helpers/tokens.ts";
import { DOCS, useChromium } from "./chromium.ts";
import { useServedWorkbench } from "./served.ts";
import { workbenchServerOptions } from "./setup.ts";

const seeded = useSeededServer(workbenchServerOptions());
// Tokens here are of vi alone, so a sign-in lands on vi's home; a page of another origin posts forms cross-site.
const app = useServedWorkbench(seeded, { crossSite: true, landing: /\/workbench\/vi$/ });
const { signIn, signInAs } = app;
const { needsChromium, newPage, axeViolations, expectAccessible } = useChromium();

const query: typeof seeded.server.query = (...args) => seeded.server.query(...args);
const ask = <T>(document: string, headers: Record<string, string> = {}) =>
  seeded.server.query<T>(document, {}, headers).then((r) => r.data!);

describe("the translation workbench in Chromium", () => {
  it("a keyboard-only flow: a translator fixes an OUTDATED message and moves on, a reviewer approves and publishes it", {
    timeout: 240_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    // An editor changes the English of a message: its Vietnamese translation becomes OUTDATED.
    const editor = await createToken(seeded.db, { role: "editor" });
    const { revision } = (
      await ask<{ message: { revision: number } }>('{ message(key: "difference.meaning") { revision } }')
    ).message;
    const changed = await query(
      "mutation ($input: UpdateMessageInput!) { updateMessage(input: $input) { revision } }",
      { input: { key: "difference.meaning", expectedRevision: revision, text: "HTTP status {code}: {description}" } },
      bearer(editor),
    );
    expect(changed.errors).toBeUndefined();

    const translator = await newPage();
    await translator.goto(`${app.origin}/workbench/sign-in`);
    await expectAccessible(translator);
    await translator.screenshot({ path: path.join(DOCS, "workbench-sign-in.png") });
    await signInAs(translator, { role: "translator", name: "ana" });

    // Find it: filter the list by state, submitted from the keyboard.
    await translator.getByLabel("State").selectOption("OUTDATED");
    await translator.getByLabel("Text").fill("status");
    await translator.getByLabel("Text").press("Enter");
    await translator.waitForURL(/state=OUTDATED/);
    await expectAccessible(translator);
    await translator.screenshot({ path: path.join(DOCS, "workbench-home.png"), fullPage: true });
    await translator.getByRole("link", { name: "message.difference.meaning" }).focus();
    await translator.keyboard.press("Enter");
    await translator.waitForURL(/\/workbench\/vi\/message\.difference\.meaning$/);

    // The English change, word by word.
    await expect
      .poll(() =>
        translator.getByRole("heading", { name: "The English changed since the last translation" }).isVisible(),
      )
      .toBe(true);
    expect(await translator.locator(".changed ins").innerText()).toContain("status");

    // Type a translation that drops a placeholder: the live check says so; fix it, and the check clears.
    const field = translator.getByLabel("Text", { exact: true });
    await field.focus();
    await translator.keyboard.press("Control+A");
    await translator.keyboard.type("Mã trạng thái HTTP {code}: {descriptio}");
    const checks = translator.locator("#field-text-checks");
    await expect
      .poll(() => checks.innerText())
      .toContain("placeholders must match the English template: missing {description}; unknown {descriptio}");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(translator);
    await translator.screenshot({ path: path.join(DOCS, "workbench-unit.png"), fullPage: true });
    await field.focus();
    await translator.keyboard.press("End");
    await translator.keyboard.press("ArrowLeft");
    await translator.keyboard.type("n");
    await expect.poll(() => checks.innerText()).toBe("");

    // `?` shows the shortcuts (outside a text field).
    await translator.locator("h1").click();
    await translator.keyboard.press("?");
    expect(await translator.locator("#shortcuts").getAttribute("open")).not.toBeNull();
    expect(await translator.getByText("Ctrl+Enter").isVisible()).toBe(true);

    // Ctrl+Enter saves the draft and stays; Alt+PageDown then moves on (nothing typed, so nothing to save).
    await field.focus();
    await translator.keyboard.press("Control+Enter");
    await translator.waitForURL(/message\.difference\.meaning\?done=saved$/);
    expect(await translator.locator(".notice").innerText()).toBe("Saved as a draft.");
    expect(await translator.getByLabel("Text", { exact: true }).inputValue()).toBe(
      "Mã trạng thái HTTP {code}: {description}",
    );
    const next = await translator.locator('a[rel="next"]').getAttribute("href");
    await translator.keyboard.press("Alt+PageDown");
    await translator.waitForURL((url) => url.pathname === next);

    // The reviewer: the queue, Approve, then Publish, all from the keyboard.
    const reviewer = await app.openAs(await newPage(), { role: "reviewer", name: "binh" }, "/workbench/vi/review");
    await expectAccessible(reviewer);
    const item = reviewer.locator("section.queue-item", {
      has: reviewer.getByRole("link", { name: "message.difference.meaning" }),
    });
    await item.getByRole("button", { name: "Approve" }).focus();
    await reviewer.keyboard.press("Enter");
    await reviewer.waitForURL(/review\?done=approved$/);
    await reviewer.screenshot({ path: path.join(DOCS, "workbench-review.png"), fullPage: true });
    await item.getByRole("button", { name: "Publish" }).focus();
    await reviewer.keyboard.press("Enter");
    await reviewer.waitForURL(/review\?done=published$/);

    // Anonymous readers now get the text.
    const message = await ask<{ message: { text: string; translation: { state: string } } }>(
      '{ message(key: "difference.meaning", locale: "vi") { text translation { state } } }',
    );
    expect(message.message).toEqual({
      text: "Mã trạng thái HTTP {code}: {description}",
      translation: { state: "PUBLISHED" },
    });
  });

  it("saves and publishes with JavaScript disabled", { timeout: 120_000 }, async (context) => {
    if (!needsChromium(context)) return;
    const translator = await newPage({ javaScriptEnabled: false });
    await signInAs(translator, { role: "translator" });
    // Find the unit with the filter form (a GET form: the server filters).
    await translator.getByLabel("State").selectOption("PUBLISHED");
    await translator.getByLabel("Kind").selectOption("CODE");
    await translator.getByLabel("Text").fill("teapot");
    await translator.locator("form.filter").getByRole("button").click();
    await translator.waitForURL(/kind=CODE/);
    await translator.getByRole("link", { name: "code.418" }).click();
    await translator.waitForURL(/\/workbench\/vi\/code\.418$/);
    await translator.getByLabel("Summary").fill("Ấm trà từ chối pha cà phê, không cần JavaScript.");
    await translator.getByRole("button", { name: "Save draft" }).click();
    await translator.waitForURL(/code\.418\?done=saved$/);

    // The reviewer approves it from the queue, then publishes it from the unit's page.
    const reviewer = await app.openAs(
      await newPage({ javaScriptEnabled: false }),
      { role: "reviewer" },
      "/workbench/vi/review",
    );
    const item = reviewer.locator("section.queue-item", { has: reviewer.getByRole("link", { name: "code.418" }) });
    await item.getByRole("button", { name: "Approve" }).click();
    await reviewer.waitForURL(/review\?done=approved$/);
    await reviewer.goto(`${app.origin}/workbench/vi/code.418`);
    expect(await reviewer.locator("h1 .state").innerText()).toBe("Reviewed");
    await reviewer.getByRole("button", { name: "Publish" }).click();
    await reviewer.waitForURL(/code\.418\?done=published$/);
    const { statusCode } = await ask<{ statusCode: { summary: string } }>(
      '{ statusCode(code: 418, locale: "vi") { summary } }',
    );
    expect(statusCode.summary).toBe("Ấm trà từ chối pha cà phê, không cần JavaScript.");
  });

  it("two contexts edit one unit: the second gets theirs and yours with a diff, and both texts survive", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const [first, second] = [await newPage(), await newPage()];
    await signInAs(first, { role: "translator" });
    await signInAs(second, { role: "translator", name: "chi" });
    await first.goto(`${app.origin}/workbench/vi/code.451`);
    await second.goto(`${app.origin}/workbench/vi/code.451`);
    await first.getByLabel("Summary").fill("Bản của người thứ nhất.");
    await first.getByRole("button", { name: "Save draft" }).click();
    await first.waitForURL(/done=saved$/);
    await second.getByLabel("Summary").fill("Bản của người thứ hai.");
    await second.getByRole("button", { name: "Save draft" }).click();
    await expect
      .poll(() => second.getByRole("heading", { name: "Someone else changed this unit" }).isVisible())
      .toBe(true);
    expect(await second.getByLabel("Summary").inputValue()).toBe("Bản của người thứ hai.");
    // Theirs is shown only where it differs from yours (a browser posts every field): here the summary alone.
    expect(await second.locator(".theirs").count()).toBe(1);
    expect(
      await second
        .locator(".field", { has: second.getByLabel("Summary") })
        .locator(".theirs")
        .innerText(),
    ).toBe("Bản của người thứ nhất.");
    expect(
      await second
        .locator(".field", { has: second.getByLabel("Summary") })
        .locator(".diff ins")
        .innerText(),
    ).toContain("hai");
    await expectAccessible(second);
    await second.locator(".field", { has: second.getByLabel("Summary") }).scrollIntoViewIfNeeded();
    await second.screenshot({ path: path.join(DOCS, "workbench-conflict.png") });
    const token = await createToken(seeded.db, { role: "translator" });
    const held = await ask<{ statusCode: { summary: string } }>(
      '{ statusCode(code: 451, locale: "vi", preview: true) { summary } }',
      bearer(token),
    );
    expect(held.statusCode.summary).toBe("Bản của người thứ nhất.");
    // The user chooses per field: "Use theirs" puts their text in the field, and nothing is saved until asked.
    await second.getByRole("button", { name: "Use theirs in this field" }).click();
    expect(await second.getByLabel("Summary").inputValue()).toBe("Bản của người thứ nhất.");
    await second.getByRole("button", { name: "Save draft" }).click();
    await second.waitForURL(/done=saved$/);
    const kept = await ask<{ statusCode: { summary: string; description: string } }>(
      '{ statusCode(code: 451, locale: "vi", preview: true) { summary description } }',
      bearer(token),
    );
    expect(kept.statusCode.summary).toBe("Bản của người thứ nhất.");
  });

  it("a cross-site form POST that carries the session cookie changes nothing", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const translator = await newPage();
    const token = await createToken(seeded.db, { role: "translator" });
    await signIn(translator, token);
    await translator.goto(`${app.origin}/workbench/vi/code.410`);
    const revision = await translator.locator('input[name="expectedRevision"]').first().inputValue();
    const before = await ask<{ statusCode: { summary: string } }>(
      '{ statusCode(code: 410, locale: "vi", preview: true) { summary translation { revision } } }',
      bearer(token),
    );
    // 127.0.0.1 on another port is the same site, so SameSite=Strict still sends the cookie: the CSRF token and
    // the Origin check are what refuse it. From "localhost" the browser sends no cookie at all.
    for (const host of ["127.0.0.1", "localhost"]) {
      app.showCrossSite(
        `<!doctype html><form method="post" action="${app.origin}/workbench/vi/code.410"><input name="action" value="save"><input name="expectedRevision" value="${revision}"><input name="field.summary" value="Forged"></form><script>document.forms[0].submit()</script>`,
      );
      const page = await translator.context().newPage();
      const answer = page.waitForResponse((r) => r.url().startsWith(`${app.origin}/workbench/vi/code.410`));
      await page.goto(`http://${host}:${app.crossSitePort}/`);
      expect([401, 403]).toContain((await answer).status());
      await page.close();
    }
    expect(
      await ask(
        '{ statusCode(code: 410, locale: "vi", preview: true) { summary translation { revision } } }',
        bearer(token),
      ),
    ).toEqual(before);
  });

  it("gives a translator no publish control, and a forged publish POST gets 403", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const translator = await app.openAs(await newPage(), { role: "translator" }, "/workbench/vi/code.410");
    expect(await translator.getByRole("button", { name: "Publish" }).count()).toBe(0);
    expect(await translator.getByRole("button", { name: "Approve" }).count()).toBe(0);
    const csrf = await translator.locator('input[name="csrf"]').first().inputValue();
    const expectedRevision = await translator.locator('input[name="expectedRevision"]').first().inputValue();
    const forged = await translator.context().request.post(`${app.origin}/workbench/vi/code.410`, {
      form: { csrf, expectedRevision, action: "publish" },
      headers: { origin: app.origin },
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain("review permission for locale vi");
    await translator.goto(`${app.origin}/workbench/vi/review`);
    expect(await translator.getByRole("heading", { name: "Not allowed" }).isVisible()).toBe(true);
    await expectAccessible(translator);
  });

  it("the other pages (previews of a code and a message, history, publish-all confirmation, not found) pass axe in both languages", {
    timeout: 180_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const translator = await app.openAs(await newPage(), { role: "translator" }, "/workbench/vi/code.408");
    await translator.getByLabel("Summary").fill("Hết thời gian chờ request, bản nháp.");
    await translator.getByRole("button", { name: "Save draft" }).click();
    await translator.waitForURL(/done=saved$/);
    const reviewer = await app.openAs(await newPage(), { role: "reviewer", name: "dung" }, "/workbench/vi/code.408");
    await reviewer.getByRole("button", { name: "Approve" }).click();
    await reviewer.waitForURL(/done=approved$/);
    for (const path of [
      "/workbench/vi/code.408/preview",
      "/workbench/vi/message.difference.meaning/preview",
      "/workbench/vi/code.408/history",
      "/workbench/vi/no.such.unit",
    ]) {
      await reviewer.goto(`${app.origin}${path}`);
      await expectAccessible(reviewer);
      if (path.endsWith("/preview")) await reviewer.screenshot({ path: `${DOCS}/workbench-preview.png` });
    }
    await reviewer.goto(`${app.origin}/workbench/vi/review`);
    await reviewer.getByRole("button", { name: /Publish all reviewed/ }).click();
    await expect.poll(() => reviewer.getByRole("button", { name: "Yes, publish them" }).isVisible()).toBe(true);
    expect(await axeViolations(reviewer)).toEqual([]);
    // The confirmation is the answer to a POST, so the other language is reached by posting again in it.
    await reviewer.goto(`${app.origin}/workbench/vi/review?ui=vi`);
    await reviewer.locator('button[value="publish-all"]').click();
    await expect.poll(() => reviewer.getByRole("button", { name: "Đồng ý, xuất bản" }).isVisible()).toBe(true);
    expect(await reviewer.getAttribute("html", "lang")).toBe("vi");
    expect(await axeViolations(reviewer)).toEqual([]);
  });

  it("autosave saves with the revision the page holds, and stops rather than overwrite a newer one", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const token = await createToken(seeded.db, { role: "translator" });
    const held = async () =>
      (
        await ask<{ statusCode: { summary: string } }>(
          '{ statusCode(code: 414, locale: "vi", preview: true) { summary } }',
          bearer(token),
        )
      ).statusCode.summary;
    const [mine, theirs] = [await newPage(), await newPage()];
    await signIn(mine, token);
    await signInAs(theirs, { role: "translator" });
    await mine.goto(`${app.origin}/workbench/vi/code.414`);
    await mine.getByLabel("Save drafts automatically").check();
    await mine.getByLabel("Summary").fill("URI quá dài, tự động lưu.");
    const status = mine.locator("#autosave-status");
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toBe("Draft saved automatically.");
    expect(await held()).toBe("URI quá dài, tự động lưu.");

    // Someone else saves a newer revision; my next autosave is refused, and nothing of theirs or mine is lost.
    await theirs.goto(`${app.origin}/workbench/vi/code.414`);
    await theirs.getByLabel("Summary").fill("Bản của người khác.");
    await theirs.getByRole("button", { name: "Save draft" }).click();
    await theirs.waitForURL(/done=saved$/);
    await mine.getByLabel("Summary").fill("URI quá dài, tự động lưu lần hai.");
    await expect
      .poll(() => status.innerText(), { timeout: 15_000 })
      .toContain("autosave stopped and overwrote nothing");
    expect(await held()).toBe("Bản của người khác.");
    expect(await mine.getByLabel("Summary").inputValue()).toBe("URI quá dài, tự động lưu lần hai.");
  });

  /**
   * Holds the page's autosave requests at the browser until released, in one of two ways: the request not
   * yet sent ("request"), or sent and saved by the server with its answer held back ("response", a slow
   * network). Returns what each autosave carried and a way to let the held ones through.
   */
  async function holdAutosaves(page: Page, where: "request" | "response") {
    const sent: { revision: string; summary: string }[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/workbench/vi/**", async (route) => {
      const form = new URLSearchParams(route.request().postData() ?? "");
      if (route.request().method() !== "POST" || form.get("action") !== "autosave") return route.fallback();
      sent.push({ revision: form.get("expectedRevision")!, summary: form.get("field.summary")! });
      if (where === "request") {
        await released;
        return route.fallback();
      }
      const response = await route.fetch();
      await released;
      return route.fulfill({ response });
    });
    return { sent, release };
  }
  const revisionOf = async (code: number, token: string) =>
    (
      await ask<{ statusCode: { summary: string; translation: { revision: number } } }>(
        `{ statusCode(code: ${code}, locale: "vi", preview: true) { summary translation { revision } } }`,
        bearer(token),
      )
    ).statusCode;

  it("autosave never races itself: text typed while a save is in flight is saved after it, with the revision it returned", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const token = await createToken(seeded.db, { role: "translator" });
    const page = await newPage();
    await signIn(page, token);
    await page.goto(`${app.origin}/workbench/vi/code.416`);
    const start = await revisionOf(416, token);
    const held = await holdAutosaves(page, "response");
    await page.getByLabel("Save drafts automatically").check();
    await page.getByLabel("Summary").fill("Range không thỏa được, lần một.");
    await expect.poll(() => held.sent.length, { timeout: 15_000 }).toBe(1);
    // The server has saved the first; its answer is slow. The user types on, and waits past the autosave delay.
    await expect
      .poll(async () => (await revisionOf(416, token)).translation.revision)
      .toBe(start.translation.revision + 1);
    await page.getByLabel("Summary").fill("Range không thỏa được, lần hai.");
    await page.waitForTimeout(4_500);
    // No second autosave while the first is out: it would carry the old revision and be refused as a conflict.
    expect(held.sent).toHaveLength(1);
    held.release();
    const status = page.locator("#autosave-status");
    await expect.poll(() => held.sent.length, { timeout: 15_000 }).toBe(2);
    await expect
      .poll(async () => (await revisionOf(416, token)).summary, { timeout: 15_000 })
      .toBe("Range không thỏa được, lần hai.");
    expect(held.sent.map((s) => Number(s.revision))).toEqual([
      start.translation.revision,
      start.translation.revision + 1,
    ]);
    await expect.poll(() => status.innerText()).toBe("Draft saved automatically.");
    expect((await revisionOf(416, token)).translation.revision).toBe(start.translation.revision + 2);
  });

  it("Save draft while an autosave is in flight waits for it, then saves the text on screen without a conflict", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const token = await createToken(seeded.db, { role: "translator" });
    const page = await newPage();
    await signIn(page, token);
    await page.goto(`${app.origin}/workbench/vi/code.417`);
    const held = await holdAutosaves(page, "response");
    await page.getByLabel("Save drafts automatically").check();
    await page.getByLabel("Summary").fill("Kỳ vọng thất bại, tự động lưu.");
    await expect.poll(() => held.sent.length, { timeout: 15_000 }).toBe(1);
    await page.getByLabel("Summary").fill("Kỳ vọng thất bại, lưu bằng tay.");
    await page.keyboard.press("Control+Enter");
    // The form is not posted with the revision the autosave is about to replace.
    await page.waitForTimeout(500);
    expect(new URL(page.url()).search).toBe("");
    held.release();
    await page.waitForURL(/code\.417\?done=saved$/);
    expect(await page.getByRole("heading", { name: "Someone else changed this unit" }).count()).toBe(0);
    expect((await revisionOf(417, token)).summary).toBe("Kỳ vọng thất bại, lưu bằng tay.");
  });

  it("a newer revision saved by someone else while my autosave is in flight: refused, then the conflict view with both texts", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const token = await createToken(seeded.db, { role: "translator" });
    const [mine, theirs] = [await newPage(), await newPage()];
    await signIn(mine, token);
    await signInAs(theirs, { role: "translator", name: "khanh" });
    await mine.goto(`${app.origin}/workbench/vi/code.421`);
    await theirs.goto(`${app.origin}/workbench/vi/code.421`);
    const held = await holdAutosaves(mine, "request");
    await mine.getByLabel("Save drafts automatically").check();
    await mine.getByLabel("Summary").fill("Nhầm đích, bản của tôi.");
    await expect.poll(() => held.sent.length, { timeout: 15_000 }).toBe(1);
    await theirs.getByLabel("Summary").fill("Nhầm đích, bản của họ.");
    await theirs.getByRole("button", { name: "Save draft" }).click();
    await theirs.waitForURL(/done=saved$/);
    held.release();
    await expect
      .poll(() => mine.locator("#autosave-status").innerText(), { timeout: 15_000 })
      .toContain("autosave stopped and overwrote nothing");
    expect((await revisionOf(421, token)).summary).toBe("Nhầm đích, bản của họ.");
    // Typing on saves nothing more; Save draft shows theirs and mine, and keeps mine in the field.
    await mine.getByLabel("Summary").fill("Nhầm đích, bản của tôi, sửa thêm.");
    await mine.waitForTimeout(4_000);
    expect(held.sent).toHaveLength(1);
    await mine.getByRole("button", { name: "Save draft" }).click();
    await expect
      .poll(() => mine.getByRole("heading", { name: "Someone else changed this unit" }).isVisible())
      .toBe(true);
    expect(
      await mine
        .locator(".field", { has: mine.getByLabel("Summary") })
        .locator(".theirs")
        .innerText(),
    ).toBe("Nhầm đích, bản của họ.");
    expect(await mine.getByLabel("Summary").inputValue()).toBe("Nhầm đích, bản của tôi, sửa thêm.");
    expect((await revisionOf(421, token)).summary).toBe("Nhầm đích, bản của họ.");
  });

  it("autosave stops and says so when the session has ended, keeping the text, with no error in the page", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const page = await app.openAs(
      await newPage(),
      { role: "translator", name: "revoked-while-typing" },
      "/workbench/vi/code.415",
    );
    await page.getByLabel("Save drafts automatically").check();
    // The token is revoked while the page is open: the autosave is answered by the sign-in page (401), not JSON.
    await revokeToken(seeded.db.prisma, "revoked-while-typing", new Date());
    await page.getByLabel("Summary").fill("Kiểu media không được hỗ trợ.");
    await expect
      .poll(() => page.locator("#autosave-status").innerText(), { timeout: 15_000 })
      .toBe("Autosave stopped: the draft could not be saved. Your text is still here; use Save draft.");
    expect(await page.getByLabel("Summary").inputValue()).toBe("Kiểu media không được hỗ trợ.");
  });

  it("previous and next without saving warn before typed text is left, and stay when the user says no", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const translator = await app.openAs(await newPage(), { role: "translator" }, "/workbench/vi/code.429");
    const prev = new URL((await translator.locator('a[rel="prev"]').getAttribute("href"))!, app.origin).pathname;
    const next = new URL((await translator.locator('a[rel="next"]').getAttribute("href"))!, app.origin).pathname;
    const dialogs: string[] = [];
    let accept = false;
    translator.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void (accept ? dialog.accept() : dialog.dismiss());
    });

    // Nothing typed: Alt+PageUp moves at once, with no question.
    await translator.getByLabel("Summary").focus();
    await translator.keyboard.press("Alt+PageUp");
    await translator.waitForURL((url) => url.pathname === prev);
    expect(dialogs).toEqual([]);

    // Typed: Alt+Shift+PageDown (next without saving) asks; "no" keeps the page and the text.
    await translator.goto(`${app.origin}/workbench/vi/code.429`);
    await translator.getByLabel("Summary").fill("Chưa lưu.");
    await translator.keyboard.press("Alt+Shift+PageDown");
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toBe("You have typed text that is not saved. Leave this unit anyway?");
    expect(new URL(translator.url()).pathname).toBe("/workbench/vi/code.429");
    expect(await translator.getByLabel("Summary").inputValue()).toBe("Chưa lưu.");
    // "Yes" leaves without saving.
    accept = true;
    await translator.keyboard.press("Alt+Shift+PageDown");
    await translator.waitForURL((url) => url.pathname === next);
    expect(dialogs).toHaveLength(2);
    const token = await createToken(seeded.db, { role: "translator" });
    const held = await ask<{ statusCode: { summary: string } }>(
      '{ statusCode(code: 429, locale: "vi", preview: true) { summary } }',
      bearer(token),
    );
    expect(held.statusCode.summary).not.toBe("Chưa lưu.");
  });

  it("posts a comment in place: the thread grows, the unit's typed text stays, and the history lists it", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const translator = await newPage();
    const token = await createToken(seeded.db, { role: "translator", name: "em" });
    await signIn(translator, token);
    await translator.goto(`${app.origin}/workbench/vi/code.426`);
    await translator.getByLabel("Summary").fill("Cần nâng cấp giao thức, chưa lưu.");
    const thread = translator.locator("#comment-list li");
    expect(await thread.count()).toBe(0);
    // From the keyboard: Ctrl+Enter in the comment box posts the comment, not the draft.
    await translator.getByLabel("Add a comment").fill("Upgrade nên dịch là “nâng cấp”?");
    await translator.getByLabel("Add a comment").press("Control+Enter");
    await expect.poll(() => thread.count()).toBe(1);
    expect(await thread.first().innerText()).toMatch(
      /^em \d{4}-\d\d-\d\d \d\d:\d\d: Upgrade nên dịch là “nâng cấp”\?$/,
    );
    expect(await translator.locator("#comment-status").innerText()).toBe("Comment added.");
    expect(await translator.getByLabel("Add a comment").inputValue()).toBe("");
    // Still this page, with the typed draft unsaved and untouched.
    expect(new URL(translator.url()).pathname).toBe("/workbench/vi/code.426");
    expect(await translator.getByLabel("Summary").inputValue()).toBe("Cần nâng cấp giao thức, chưa lưu.");
    expect(
      (
        await ask<{ statusCode: { summary: string } }>(
          '{ statusCode(code: 426, locale: "vi", preview: true) { summary } }',
          bearer(token),
        )
      ).statusCode.summary,
    ).not.toBe("Cần nâng cấp giao thức, chưa lưu.");
    await expectAccessible(translator);
    // An empty comment is refused by the browser's own check before anything is sent.
    await translator.getByRole("button", { name: "Post comment" }).click();
    expect(await thread.count()).toBe(1);

    // Stored: a reviewer opening the unit sees it, answers, and both are rows of the history.
    const reviewer = await app.openAs(await newPage(), { role: "reviewer", name: "giang" }, "/workbench/vi/code.426");
    expect(await reviewer.locator("#comment-list li").allInnerTexts()).toEqual([
      expect.stringContaining("Upgrade nên dịch là “nâng cấp”?"),
    ]);
    await reviewer.getByLabel("Add a comment").fill("Đúng, theo bảng thuật ngữ.");
    await reviewer.getByRole("button", { name: "Post comment" }).click();
    await expect.poll(() => reviewer.locator("#comment-list li").count()).toBe(2);
    await reviewer.goto(`${app.origin}/workbench/vi/code.426/history`);
    expect(await reviewer.locator("tr.comment .comment-body").allInnerTexts()).toEqual([
      "Đúng, theo bảng thuật ngữ.",
      "Upgrade nên dịch là “nâng cấp”?",
    ]);
    await expectAccessible(reviewer);
  });

  it("posts a comment without JavaScript as a form, and the page comes back with the thread", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const translator = await app.openAs(
      await newPage({ javaScriptEnabled: false }),
      { role: "translator", name: "hoa" },
      "/workbench/vi/code.428",
    );
    await translator.getByLabel("Add a comment").fill("Không cần JavaScript để hỏi.");
    await translator.getByRole("button", { name: "Post comment" }).click();
    await translator.waitForURL(/code\.428\?done=commented#comments$/);
    expect(await translator.locator(".notice").innerText()).toBe("Comment added.");
    expect(await translator.locator("#comment-list li").allInnerTexts()).toEqual([
      expect.stringMatching(/^hoa .*: Không cần JavaScript để hỏi\.$/),
    ]);
  });

  it("lists the locales of a token that has several, and the page passes axe in both languages", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const translator = await newPage();
    await signInAs(translator, { role: "translator", locales: ["vi", "fr"] }, /\/workbench\/$/);
    expect(await translator.getByRole("link", { name: "vi", exact: true }).getAttribute("href")).toBe("/workbench/vi");
    expect(await translator.getByRole("link", { name: "fr", exact: true }).getAttribute("href")).toBe("/workbench/fr");
    await expectAccessible(translator);
  });

  it("shows a field's Markdown rendered on demand, the target's following what is typed, and checks variants and length as the user types", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const translator = await app.openAs(await newPage(), { role: "translator" }, "/workbench/vi/code.500");
    const body = translator.locator(".field", { has: translator.getByLabel("Body", { exact: true }) });
    const [sourceRendered, targetRendered] = [
      body.locator(".source details.rendered"),
      body.locator(".target details.rendered"),
    ];
    expect(await sourceRendered.locator(".markdown").isVisible()).toBe(false);
    await sourceRendered.locator("summary").focus();
    await translator.keyboard.press("Enter");
    expect(await sourceRendered.locator(".markdown h5").first().isVisible()).toBe(true);
    await targetRendered.locator("summary").click();
    await translator
      .getByLabel("Body", { exact: true })
      .fill("## Lỗi máy chủ\n\nDùng **`500`** khi <b>không</b> còn cách nào khác.");
    await expect
      .poll(() => targetRendered.locator(".markdown").innerHTML())
      .toBe(
        "<h5>Lỗi máy chủ</h5>\n<p>Dùng <strong><code>500</code></strong> khi &lt;b&gt;không&lt;/b&gt; còn cách nào khác.</p>\n",
      );
    await expectAccessible(translator);

    // The other live checks, as the importer words them: a variant the termbase rules out, and the length cap.
    const summary = translator.getByLabel("Summary");
    const problems = translator.locator("#field-summary-checks");
    await summary.fill("Máy chủ gặp lỗi.");
    await expect
      .poll(() => problems.innerText())
      .toBe('"Máy chủ" is a variant the termbase rules out: write "server" (term "server")');
    await summary.fill("x".repeat(20_001));
    await expect
      .poll(() => problems.innerText())
      .toBe("20,001 characters, over the limit of 20,000 per field (--max-field-chars)");
    await summary.fill("Server gặp lỗi.");
    await expect.poll(() => problems.innerText()).toBe("");
    expect(await summary.getAttribute("aria-invalid")).toBeNull();
  });
});
