import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useSeededServer } from "../helpers/graphql.ts";
import { DOCS, useChromium } from "./chromium.ts";
import { useServedWorkbench } from "./served.ts";
import { workbenchServerOptions } from "./setup.ts";

const seeded = useSeededServer(workbenchServerOptions());
const app = useServedWorkbench(seeded);
const { signInAs } = app;
const { needsChromium, newPage: newGuardedPage, axeViolations, expectAccessible } = useChromium();

/** The editor's pages are wide: a window that shows the form beside its preview. */
function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  return newGuardedPage({ viewport: { width: 1400, height: 1000 }, ...options });
}

const ask = <T>(document: string) => seeded.server.query<T>(document).then((r) => r.data!);
const summaryOf = async (locale: string) =>
  (
    await ask<{ statusCode: { summary: string; translationState: string } }>(
      `{ statusCode(code: 404, locale: "${locale}") { summary translationState } }`,
    )
  ).statusCode;

describe("the editor's pages in Chromium", () => {
  it("an editor, keyboard only, drafts 404's summary, previews it beside the published page and publishes it", {
    timeout: 240_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const published = (await summaryOf("en")).summary;
    expect((await summaryOf("vi")).translationState).toBe("PUBLISHED");
    const editor = await newPage();
    await signInAs(editor, { role: "editor", name: "emma" });

    // From the header's link to the list, and from the list to 404, by keyboard.
    await editor.getByRole("link", { name: "Codes", exact: true }).first().focus();
    await editor.keyboard.press("Enter");
    await editor.waitForURL(/\/workbench\/codes$/);
    await expectAccessible(editor);
    await editor.getByRole("link", { name: "404", exact: true }).focus();
    await editor.keyboard.press("Enter");
    await editor.waitForURL(/\/workbench\/codes\/404$/);
    await expectAccessible(editor);

    // Type a new summary: the live preview renders it beside the published page as it is typed.
    const summary = editor.getByLabel("Summary", { exact: true });
    await summary.focus();
    await editor.keyboard.press("Control+A");
    await editor.keyboard.type("Nothing is here: check the **address**.");
    const edited = editor.locator("#live-preview section", { has: editor.locator("#preview-edited") });
    const readers = editor.locator("#live-preview section", { has: editor.locator("#preview-published") });
    await expect
      .poll(() => edited.innerHTML(), { timeout: 10_000 })
      .toContain("Nothing is here: check the <strong>address</strong>.");
    expect(await readers.innerText()).toContain(published);

    // Save draft, from the keyboard: readers and the API still get the published text.
    await editor.getByRole("button", { name: "Save draft" }).focus();
    await editor.keyboard.press("Enter");
    await editor.waitForURL(/\/workbench\/codes\/404\?done=saved$/);
    expect(await editor.locator(".notice").innerText()).toContain("Saved as a draft");
    expect((await summaryOf("en")).summary).toBe(published);
    expect((await summaryOf("vi")).translationState).toBe("PUBLISHED");
    // The page shows the draft beside the published page, in English and in vi's fallback.
    expect(await edited.innerText()).toContain("Nothing is here: check the address.");
    expect(await readers.innerText()).toContain(published);
    await expectAccessible(editor);
    await editor.screenshot({ path: path.join(DOCS, "workbench-editor-code.png") });

    // Publish: readers get the new text, and the vi translation made from the old English is OUTDATED.
    await editor.getByRole("button", { name: "Publish" }).focus();
    await editor.keyboard.press("Enter");
    await editor.waitForURL(/\/workbench\/codes\/404\?done=published$/);
    expect((await summaryOf("en")).summary).toBe("Nothing is here: check the **address**.");
    expect((await summaryOf("vi")).translationState).toBe("OUTDATED");

    // History: the change field by field, with who.
    await editor.getByRole("link", { name: "History" }).focus();
    await editor.keyboard.press("Enter");
    await editor.waitForURL(/\/workbench\/codes\/404\/history$/);
    expect(await editor.locator("table.history").innerText()).toContain("emma");
    await expectAccessible(editor);
    await editor.screenshot({ path: path.join(DOCS, "workbench-editor-history.png"), fullPage: true });
  });

  it("an editor curates 302 vs 303, overriding When to use which, and the API serves the curated text", {
    timeout: 240_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const editor = await app.openAs(await newPage(), { role: "editor", name: "eli" }, "/workbench/compare");
    await expectAccessible(editor);
    await editor.getByLabel("First code").selectOption("302");
    await editor.getByLabel("Second code").selectOption("303");
    await editor.getByRole("button", { name: "Show" }).click();
    await editor.waitForURL(/\/workbench\/compare\/302-vs-303$/);
    // The generated page is shown beside the fields it would override.
    expect(await editor.locator(".generated").first().innerText()).toContain("Generated");
    await editor
      .getByLabel("Summary", { exact: true })
      .fill("302 may keep the method; 303 always retrieves the result with GET.");
    // Publishing with the difference still to write is the importer's refusal, by the list; that page passes axe too.
    await editor.getByRole("button", { name: "Publish" }).click();
    expect(await editor.locator("#ed-differences-problem").innerText()).toContain("must not be empty");
    expect(await axeViolations(editor)).toEqual([]);
    await editor
      .getByLabel("Difference 1", { exact: true })
      .fill("Only a 303 says the result is another resource, fetched with GET.");
    await editor
      .getByLabel("When to use 303")
      .fill("After a form POST, to send the client to a page showing the outcome.");
    await expect
      .poll(() => editor.locator("#live-preview").innerText(), { timeout: 10_000 })
      .toContain("After a form POST, to send the client to a page showing the outcome.");
    await expectAccessible(editor);
    await editor.screenshot({ path: path.join(DOCS, "workbench-editor-compare.png") });
    await editor.getByRole("button", { name: "Publish" }).click();
    await editor.waitForURL(/\/workbench\/compare\/302-vs-303\?done=published$/);
    const served = await ask<{
      compare: { curated: boolean; markdown: string; whenToUse: { code: { code: number }; curated: string | null }[] };
    }>('{ compare(a: 302, b: 303, locale: "en") { curated markdown whenToUse { code { code } curated } } }');
    expect(served.compare.curated).toBe(true);
    expect(served.compare.whenToUse.find((w) => w.code.code === 303)!.curated).toBe(
      "After a form POST, to send the client to a page showing the outcome.",
    );
    expect(served.compare.markdown).toContain("After a form POST, to send the client to a page showing the outcome.");
  });

  it("shows theirs beside yours when someone published first, keeps what was typed, and takes theirs field by field", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const mine = await app.openAs(await newPage(), { role: "editor", name: "mine" }, "/workbench/codes/425");
    // Someone else publishes 425's summary and title meanwhile, through the API.
    const theirs = await app.openAs(await newPage(), { role: "editor", name: "theirs" }, "/workbench/codes/425");
    await theirs.getByLabel("Summary", { exact: true }).fill("Their summary of 425.");
    await theirs.getByRole("button", { name: "Publish" }).click();
    await theirs.waitForURL(/done=published$/);

    await mine.getByLabel("Summary", { exact: true }).fill("My summary of 425.");
    await mine.getByLabel("Description", { exact: true }).fill("My description of 425.");
    await mine.getByRole("button", { name: "Publish" }).click();
    await expect
      .poll(() => mine.getByRole("heading", { name: "Someone else changed this record" }).isVisible())
      .toBe(true);
    expect(await mine.locator(".conflict-field .theirs").first().innerText()).toBe("Their summary of 425.");
    expect(await mine.getByLabel("Description", { exact: true }).inputValue()).toBe("My description of 425.");
    await expectAccessible(mine);
    await mine.getByRole("button", { name: /^Use theirs in this field\s*:\s*Summary$/ }).click();
    expect(await mine.getByLabel("Summary", { exact: true }).inputValue()).toBe("Their summary of 425.");
    await mine.getByRole("button", { name: "Publish" }).click();
    await mine.waitForURL(/done=published$/);
    const served = await ask<{ statusCode: { summary: string; description: string } }>(
      '{ statusCode(code: 425, locale: "en") { summary description } }',
    );
    expect(served.statusCode).toEqual({ summary: "Their summary of 425.", description: "My description of 425." });
  });

  it("works without JavaScript: a list row added by its button, the preview by Preview, and Publish", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const editor = await app.openAs(
      await newPage({ javaScriptEnabled: false }),
      { role: "editor", name: "noscript" },
      "/workbench/codes/500",
    );
    const rows = await editor.locator('input[name="f.related"]').count();
    await editor.getByRole("button", { name: "Add Related code" }).click();
    const added = editor.getByLabel(`Related code ${rows + 1}`, { exact: true });
    await editor.getByLabel("Summary", { exact: true }).fill("The server failed; nothing more is known.");
    await added.fill("505");
    // Enter in a field presses the form's first button, Preview (not a list's Remove): nothing is saved,
    // what was typed stays, and the preview shows it.
    await Promise.all([editor.waitForNavigation(), added.press("Enter")]);
    expect(
      await editor.locator("#live-preview section", { has: editor.locator("#preview-edited") }).innerText(),
    ).toContain("The server failed; nothing more is known.");
    expect(await editor.getByLabel(`Related code ${rows + 1}`, { exact: true }).inputValue()).toBe("505");
    // An empty title is the importer's refusal, by the field (the browser does not refuse it first).
    const title = await editor.getByLabel("Title", { exact: true }).inputValue();
    await editor.getByLabel("Title", { exact: true }).fill("");
    await editor.getByLabel(`Related code ${rows + 1}`, { exact: true }).fill("five-oh-five");
    await editor.getByRole("button", { name: "Publish" }).click();
    expect(await editor.locator("#ed-related-problem").innerText()).toContain(
      'must be a whole number, got "five-oh-five"',
    );
    await editor.getByLabel(`Related code ${rows + 1}`, { exact: true }).fill("505");
    await editor.getByRole("button", { name: "Publish" }).click();
    expect(await editor.locator("#ed-title-problem").innerText()).toContain("must not be empty");
    await editor.getByLabel("Title", { exact: true }).fill(title);
    await editor.getByRole("button", { name: "Publish" }).click();
    await editor.waitForURL(/\/workbench\/codes\/500\?done=published$/);
    const served = await ask<{ statusCode: { summary: string; related: { code: number }[] } }>(
      '{ statusCode(code: 500, locale: "en") { summary related { code } } }',
    );
    expect(served.statusCode.summary).toBe("The server failed; nothing more is known.");
    expect(served.statusCode.related.map((r) => r.code)).toContain(505);
  });

  it("shows a translator 403 naming the role, accessibly, and no editor links", {
    timeout: 120_000,
  }, async (context) => {
    if (!needsChromium(context)) return;
    const translator = await newPage();
    await signInAs(translator, { role: "translator" });
    expect(await translator.getByRole("link", { name: "Codes", exact: true }).count()).toBe(0);
    const answer = await translator.goto(`${app.origin}/workbench/codes/404`);
    expect(answer!.status()).toBe(403);
    expect(await translator.locator("main").innerText()).toContain("which a translator token for vi does not have");
    await expectAccessible(translator);
  });
});
