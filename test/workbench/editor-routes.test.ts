// The editor's pages over HTTP without a browser: roles, the generated form posted as a browser posts it,
// the importer's errors by field, lists without JavaScript, conflicts, the live preview's endpoint and
// history with revert, each checked against what the API then serves.
import { describe, expect, it } from "vitest";
import { useSeededServer } from "../helpers/graphql.ts";
import { type Page, type Role, signedInClient } from "./client.ts";
import { workbenchServerOptions } from "./setup.ts";

const seeded = useSeededServer(workbenchServerOptions());

const signedIn = async (role: Role, name?: string) => (await signedInClient(seeded, role, name)).c;

/** Every control of the page's editor form as a browser would post it (the submit button apart). */
function formOf(page: Page): Record<string, string>[] {
  const form = /<form method="post" action="[^"]*" id="editor-form"[\s\S]*?<\/form>/.exec(page.text)?.[0] ?? "";
  const decode = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  const pairs: Record<string, string>[] = [];
  for (const m of form.matchAll(
    /<input([^>]*)>|<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>|<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g,
  )) {
    if (m[1] !== undefined) {
      const attrs = m[1];
      const name = /name="([^"]*)"/.exec(attrs)?.[1];
      if (!name) continue;
      if (/type="checkbox"/.test(attrs) && !/ checked/.test(attrs)) continue;
      pairs.push({ [name]: decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? "") });
    } else if (m[2] !== undefined) pairs.push({ [m[2]]: decode(m[3]!) });
    else if (m[4] !== undefined)
      pairs.push({
        [m[4]]: decode(
          /<option value="([^"]*)" selected>/.exec(m[5]!)?.[1] ?? /<option value="([^"]*)"/.exec(m[5]!)?.[1] ?? "",
        ),
      });
  }
  return pairs;
}

/** The form's pairs as a URL-encoded body, with some controls changed and the pressed button's action. */
function post(pairs: Record<string, string>[], changes: Record<string, string>, action: string): URLSearchParams {
  const body = new URLSearchParams();
  for (const pair of pairs) for (const [k, v] of Object.entries(pair)) body.append(k, k in changes ? changes[k]! : v);
  body.append("action", action);
  return body;
}

const englishSummary = async (code: number) =>
  (
    await seeded.server.query<{ statusCode: { summary: string; revision: number } }>(
      `{ statusCode(code: ${code}, locale: "en") { summary revision } }`,
    )
  ).data!.statusCode;

describe("roles", () => {
  it("shows a translator 403 naming the role and the permission it lacks, and no editor links", async () => {
    const c = await signedIn("translator");
    for (const path of ["/workbench/codes", "/workbench/codes/404", "/workbench/compare/302-vs-303"]) {
      const page = await c.get(path);
      expect(page.status, path).toBe(403);
      expect(page.text).toContain("which a translator token for vi does not have");
    }
    const home = await c.get("/workbench/vi");
    expect(home.text).not.toContain('href="/workbench/codes"');
  });

  it("lets editors and admins in, with the links in the header", async () => {
    for (const role of ["editor", "admin"] as const) {
      const c = await signedIn(role);
      const page = await c.get("/workbench/codes");
      expect(page.status).toBe(200);
      expect(page.text).toContain('<a href="/workbench/codes/404">404</a>');
      expect(page.text).toContain('<nav aria-label="Editing">');
    }
  });
});

describe("cross-site requests", () => {
  it("refuses a forged cross-site publish with the session cookie and the right CSRF token: nothing changes", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/codes/409");
    const before = await englishSummary(409);
    const forged = await seeded.server.yoga.fetch("http://workbench.test/workbench/codes/409", {
      method: "POST",
      headers: {
        cookie: [...c.jar].map(([k, v]) => `${k}=${v}`).join("; "),
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://evil.test",
        "sec-fetch-site": "cross-site",
      },
      body: post(formOf(page), { "f.summary": "Forged." }, "publish").toString(),
    });
    expect(forged.status).toBe(403);
    expect(await englishSummary(409)).toEqual(before);
  });
});

describe("the code page", () => {
  it("generates its controls from the content format: selects for enums, lists of rows, Markdown with a rendering", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/codes/404");
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      /<label for="ed-retry">Retry<\/label><select id="ed-retry" name="f.retry">.*<option value="after-delay">after-delay<\/option>/s,
    );
    expect(page.text).toMatch(/<option value="no" selected>no<\/option>/);
    expect(page.text).toContain(
      '<label for="ed-related-0">Related code 1</label> <input id="ed-related-0" name="f.related" value="410"',
    );
    expect(page.text).toMatch(/<label for="ed-summary">Summary<\/label>\s*<textarea id="ed-summary" name="f.summary"/);
    expect(page.text).toContain('<div class="markdown" id="ed-summary-rendered">');
    expect(page.text).toMatch(/<legend>Registry<\/legend>/);
    for (const button of ["Save draft", "Publish", "Revert"]) expect(page.text).toContain(`>${button}</button>`);
  });

  it("publishes an edit through the API, which then serves it", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/codes/404");
    const answer = await c.post(
      "/workbench/codes/404",
      post(formOf(page), { "f.summary": "Nothing lives at this address." }, "publish"),
    );
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe("/workbench/codes/404?done=published");
    expect((await englishSummary(404)).summary).toBe("Nothing lives at this address.");
  });

  it("saves a draft readers do not get, shows it beside the published page, then publishes it: vi becomes OUTDATED", async () => {
    const c = await signedIn("editor");
    const vi = async () =>
      (
        await seeded.server.query<{ statusCode: { translationState: string } }>(
          `{ statusCode(code: 401, locale: "vi") { translationState } }`,
        )
      ).data!.statusCode.translationState;
    expect(await vi()).toBe("PUBLISHED");
    const before = await englishSummary(401);
    const page = await c.get("/workbench/codes/401");
    const saved = await c.post(
      "/workbench/codes/401",
      post(formOf(page), { "f.summary": "Who are you? Send credentials." }, "save-draft"),
    );
    expect(saved.headers.get("location")).toBe("/workbench/codes/401?done=saved");
    expect(await englishSummary(401)).toMatchObject({ summary: before.summary });
    expect(await vi()).toBe("PUBLISHED");
    const drafted = await c.get("/workbench/codes/401");
    expect(drafted.text).toContain(">Who are you? Send credentials.</textarea>");
    const panes = /<h3 id="preview-published">[\s\S]*<h3 id="preview-edited">[\s\S]*/.exec(drafted.text)![0];
    expect(panes.split('<h3 id="preview-edited">')[0]).toContain(before.summary);
    expect(panes.split('<h3 id="preview-edited">')[1]).toContain("Who are you? Send credentials.");
    // A fact drafted with the text: the form shows it, readers keep the published one until it is published.
    const retry = async () =>
      (
        await seeded.server.query<{ statusCode: { retry: string } }>(
          `{ statusCode(code: 401, locale: "en") { retry } }`,
        )
      ).data!.statusCode.retry;
    const publishedRetry = await retry();
    const fact = await c.post(
      "/workbench/codes/401",
      post(formOf(drafted), { "f.retry": "after-delay" }, "save-draft"),
    );
    expect(fact.headers.get("location")).toBe("/workbench/codes/401?done=saved");
    expect(await retry()).toBe(publishedRetry);
    const withFact = await c.get("/workbench/codes/401");
    expect(withFact.text).toContain('<option value="after-delay" selected>');
    const published = await c.post("/workbench/codes/401", post(formOf(withFact), {}, "publish"));
    expect(published.headers.get("location")).toBe("/workbench/codes/401?done=published");
    expect((await englishSummary(401)).summary).toBe("Who are you? Send credentials.");
    expect(await retry()).toBe("AFTER_DELAY");
    expect(await vi()).toBe("OUTDATED");
  });

  it("sends back a drafted fact the form puts back, and keeps one it leaves alone", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/codes/414");
    const original = /<select id="ed-retry" name="f.retry">.*?<option value="([^"]+)" selected>/s.exec(page.text)![1]!;
    const other = original === "yes" ? "no" : "yes";
    await c.post("/workbench/codes/414", post(formOf(page), { "f.retry": other, "f.cacheable": "" }, "save-draft"));
    const drafted = await c.get("/workbench/codes/414");
    expect(drafted.text).toContain(`<option value="${other}" selected>`);
    expect(page.text).toContain('<input type="checkbox" id="ed-cacheable" name="f.cacheable" value="true" checked>');
    // Retry put back, cacheable left as drafted.
    await c.post("/workbench/codes/414", post(formOf(drafted), { "f.retry": original }, "save-draft"));
    const again = await c.get("/workbench/codes/414");
    expect(again.text).toContain(`<option value="${original}" selected>`);
    expect(again.text).toContain('<input type="checkbox" id="ed-cacheable" name="f.cacheable" value="true">');
  });

  it("drafts a new title, whose reason phrase follows it when published", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/codes/407");
    const drafted = await c.post(
      "/workbench/codes/407",
      post(formOf(page), { "f.title": "Proxy Login Required" }, "save-draft"),
    );
    expect(drafted.headers.get("location")).toBe("/workbench/codes/407?done=saved");
    const reason = async () =>
      (
        await seeded.server.query<{ statusCode: { title: string; reasonPhrase: string } }>(
          `{ statusCode(code: 407, locale: "en") { title reasonPhrase } }`,
        )
      ).data!.statusCode;
    expect(await reason()).toEqual({
      title: "Proxy Authentication Required",
      reasonPhrase: "Proxy Authentication Required",
    });
    const published = await c.post(
      "/workbench/codes/407",
      post(formOf(await c.get("/workbench/codes/407")), {}, "publish"),
    );
    expect(published.headers.get("location")).toBe("/workbench/codes/407?done=published");
    expect(await reason()).toEqual({ title: "Proxy Login Required", reasonPhrase: "Proxy Login Required" });
  });

  it("knows a draft that holds the published text is a draft, and publishes it", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/codes/408");
    const saved = await c.post("/workbench/codes/408", post(formOf(page), {}, "save-draft"));
    expect(saved.headers.get("location")).toBe("/workbench/codes/408?done=saved");
    const drafted = await c.get("/workbench/codes/408");
    const published = await c.post("/workbench/codes/408", post(formOf(drafted), {}, "publish"));
    expect(published.headers.get("location")).toBe("/workbench/codes/408?done=published");
    expect((await c.get("/workbench/codes/408")).text).not.toContain("A draft of this record is saved");
  });

  it("lists codes with the API's search, and marks the ones whose draft waits", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/codes/411");
    await c.post("/workbench/codes/411", post(formOf(page), { "f.summary": "A length is needed." }, "save-draft"));
    const list = await c.get("/workbench/codes");
    expect(list.text).toMatch(
      /<a href="\/workbench\/codes\/411">411<\/a><\/td>(?:(?!<\/tr>).)*<span class="state state-draft">Draft<\/span>/s,
    );
    expect(list.text).not.toMatch(/<a href="\/workbench\/codes\/410">410<\/a><\/td>(?:(?!<\/tr>).)*state-draft/s);
    const found = await c.get("/workbench/codes?q=teapot");
    expect(found.text).toContain('<a href="/workbench/codes/418">418</a>');
    expect(found.text).not.toContain('<a href="/workbench/codes/404">404</a>');
  });

  it("discards a draft with Revert", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/codes/406");
    await c.post("/workbench/codes/406", post(formOf(page), { "f.summary": "A draft to drop." }, "save-draft"));
    const drafted = await c.get("/workbench/codes/406");
    expect(drafted.text).toContain("A draft to drop.");
    const reverted = await c.post("/workbench/codes/406", post(formOf(drafted), {}, "revert"));
    expect(reverted.headers.get("location")).toBe("/workbench/codes/406?done=discarded");
    expect((await c.get("/workbench/codes/406")).text).not.toContain("A draft to drop.");
  });

  it("refuses what the importer refuses, next to the field, keeping what was typed", async () => {
    const c = await signedIn("editor");
    const before = await englishSummary(410);
    const page = await c.get("/workbench/codes/410");
    const answer = await c.post(
      "/workbench/codes/410",
      post(formOf(page), { "f.registry.status": "temporary", "f.title": "Gone for now" }, "publish"),
    );
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('id="ed-registry-expires-problem"');
    expect(answer.text).toContain("a temporary registration needs registry.expires");
    expect(answer.text).toContain('value="Gone for now"');
    expect(await englishSummary(410)).toEqual(before);
  });

  it("refuses a change to a field the API cannot make, by the field, rather than drop it", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/codes/402");
    const answer = await c.post(
      "/workbench/codes/402",
      post(formOf(page), { "f.storage": "forbidden", "f.cacheable": "" }, "publish"),
    );
    expect(answer.status).toBe(422);
    expect(answer.text).toMatch(/id="ed-storage-problem"><li>the API cannot change this field/);
  });

  it("adds and removes list rows with buttons, without saving", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/codes/404");
    const added = await c.post("/workbench/codes/404", post(formOf(page), {}, "add:related"));
    expect(added.status).toBe(200);
    expect(added.text).toContain('<label for="ed-related-4">Related code 5</label>');
    const removed = await c.post("/workbench/codes/404", post(formOf(page), {}, "remove:related:0"));
    expect(removed.text).not.toContain('value="410"');
    expect(removed.text).toContain('<input id="ed-related-0" name="f.related" value="403"');
  });

  it("shows theirs beside yours on a CONFLICT and keeps the typed text; sending again replaces theirs", async () => {
    const mine = await signedIn("editor", "mine");
    const theirs = await signedIn("editor", "theirs");
    const myPage = await mine.get("/workbench/codes/403");
    const theirPage = await theirs.get("/workbench/codes/403");
    expect(
      (await theirs.post("/workbench/codes/403", post(formOf(theirPage), { "f.summary": "Their summary." }, "publish")))
        .status,
    ).toBe(303);
    const conflict = await mine.post(
      "/workbench/codes/403",
      post(formOf(myPage), { "f.summary": "My summary." }, "publish"),
    );
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain("Someone else changed this record");
    expect(conflict.text).toContain("Their summary.");
    expect(conflict.text).toContain("My summary.");
    expect((await englishSummary(403)).summary).toBe("Their summary.");
    const again = await mine.post("/workbench/codes/403", post(formOf(conflict), {}, "publish"));
    expect(again.status).toBe(303);
    expect((await englishSummary(403)).summary).toBe("My summary.");
  });

  it("renders the typed values in the live preview's endpoint, published beside edited, in a locale's fallback", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/codes/418");
    const preview = await c.post(
      "/workbench/codes/418/preview",
      post(formOf(page), { "f.summary": "A **teapot** preview." }, "preview"),
    );
    expect(preview.status).toBe(200);
    expect(preview.text).toContain("A <strong>teapot</strong> preview.");
    expect(preview.text).toMatch(/<h3 id="preview-published">Published<\/h3>/);
    const forged = await seeded.server.yoga.fetch("http://workbench.test/workbench/codes/418/preview", {
      method: "POST",
      headers: {
        cookie: [...c.jar].map(([k, v]) => `${k}=${v}`).join("; "),
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://evil.test",
        "sec-fetch-site": "cross-site",
      },
      body: post(formOf(page), {}, "preview").toString(),
    });
    expect(forged.status).toBe(403);
  });
});

describe("history", () => {
  it("lists field-by-field changes with who, and reverts through the API's revision check", async () => {
    const c = await signedIn("editor", "historian");
    const page = await c.get("/workbench/codes/405");
    expect(
      (await c.post("/workbench/codes/405", post(formOf(page), { "f.summary": "Changed for history." }, "publish")))
        .status,
    ).toBe(303);
    const history = await c.get("/workbench/codes/405/history");
    expect(history.status).toBe(200);
    expect(history.text).toContain("<td>historian</td><td>Summary</td>");
    // Field by field, readable: the label and a word diff, not a JSON string.
    expect(history.text).toContain('<dt>Summary</dt><dd><div class="text diff">');
    expect(history.text).toContain('[added: </span>Changed<span class="visually-hidden">]</span></ins>');
    expect(history.text).not.toContain("&quot;Changed for history.&quot;");
    const entryId = /name="entryId" value="(\d+)"/.exec(history.text)![1]!;
    const stale = await c.post("/workbench/codes/405/history", {
      csrf: c.csrf(),
      entryId,
      expectedRevision: "1",
      action: "revert",
    });
    expect(stale.status).toBe(409);
    expect((await englishSummary(405)).summary).toBe("Changed for history.");
    const revision = /name="expectedRevision" value="(\d+)"/.exec(stale.text)![1]!;
    const reverted = await c.post("/workbench/codes/405/history", {
      csrf: c.csrf(),
      entryId,
      expectedRevision: revision,
      action: "revert",
    });
    expect(reverted.status).toBe(303);
    expect((await englishSummary(405)).summary).not.toBe("Changed for history.");
  });
});

describe("the comparison page", () => {
  it("starts an uncurated pair from the generated page and curates it", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/compare/302-vs-303");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="ed-whenToUse-302">When to use 302</label>');
    // An empty difference to write: the curated ones are added to the generated, which are shown beside.
    expect(page.text).toContain('<textarea id="ed-differences-0" name="f.differences"');
    expect(page.text).toContain("Yours are added after these.");
    const empty = await c.post(
      "/workbench/compare/302-vs-303",
      post(formOf(page), { "f.summary": "A summary." }, "publish"),
    );
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('id="ed-differences-problem"');
    const curated = await c.post(
      "/workbench/compare/302-vs-303",
      post(
        formOf(page),
        {
          "f.summary": "302 keeps the method in theory; 303 always switches to GET.",
          "f.differences": "Only 303 says the result lives elsewhere.",
          "f.whenToUse.303": "After a POST, to send the client to a result page.",
        },
        "publish",
      ),
    );
    expect(curated.status, curated.text).toBe(303);
    const served = await seeded.server.query<{
      compare: { curated: boolean; whenToUse: { code: { code: number }; curated: string | null }[] };
    }>(`{ compare(a: 302, b: 303, locale: "en") { curated whenToUse { code { code } curated } } }`);
    expect(served.data!.compare.curated).toBe(true);
    expect(served.data!.compare.whenToUse.find((w) => w.code.code === 303)!.curated).toBe(
      "After a POST, to send the client to a result page.",
    );
  });

  it("previews the typed English in a locale that falls back to it, and says which fields do", async () => {
    const c = await signedIn("editor");
    const page = await c.get("/workbench/compare/307-vs-308");
    const body = post(
      formOf(page),
      {
        "f.summary": "Both keep the method; only their permanence differs.",
        "f.differences": "One is for good.",
        previewLocale: "vi",
      },
      "preview",
    );
    const preview = await c.post("/workbench/compare/307-vs-308/preview", body);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('<div class="markdown" lang="vi">');
    expect(preview.text).toContain("Both keep the method; only their permanence differs.");
    expect(preview.text).toMatch(
      /In vi, these fields are served from the fallback: Summary, Difference, [^.]*When to use 307, When to use 308/,
    );
    // A code every field of which vi has translated: the English edit does not reach vi, and the note says so.
    const code = await c.get("/workbench/codes/500");
    const vi = await c.post(
      "/workbench/codes/500/preview",
      post(formOf(code), { "f.summary": "An English-only change.", previewLocale: "vi" }, "preview"),
    );
    expect(vi.text).not.toContain("An English-only change.");
    expect(vi.text).toContain("Every field has a published vi text");
  });

  it("drafts an edit of a curated pair, which readers get only once it is published", async () => {
    const c = await signedIn("editor");
    const served = async () =>
      (
        await seeded.server.query<{ compare: { summary: string } }>(
          `{ compare(a: 200, b: 204, locale: "en") { summary } }`,
        )
      ).data!.compare.summary;
    const before = await served();
    const page = await c.get("/workbench/compare/200-vs-204");
    expect(page.text).toContain("This pair is curated");
    const saved = await c.post(
      "/workbench/compare/200-vs-204",
      post(formOf(page), { "f.summary": "A drafted pair summary." }, "save-draft"),
    );
    expect(saved.headers.get("location")).toBe("/workbench/compare/200-vs-204?done=saved");
    expect(await served()).toBe(before);
    const drafted = await c.get("/workbench/compare/200-vs-204");
    expect(drafted.text).toContain(">A drafted pair summary.</textarea>");
    const published = await c.post("/workbench/compare/200-vs-204", post(formOf(drafted), {}, "publish"));
    expect(published.headers.get("location")).toBe("/workbench/compare/200-vs-204?done=published");
    expect(await served()).toContain("A drafted pair summary.");
  });

  it("redirects a pair written the other way round, and the picker to the pair's page", async () => {
    const c = await signedIn("editor");
    expect((await c.get("/workbench/compare/303-vs-302")).headers.get("location")).toBe(
      "/workbench/compare/302-vs-303",
    );
    expect((await c.get("/workbench/compare?a=404&b=401")).headers.get("location")).toBe(
      "/workbench/compare/401-vs-404",
    );
  });
});
