// The workbench over HTTP without a browser: sign-in and sessions, CSRF, what the cookie does not unlock,
// caching headers, and the translator's and reviewer's forms, each checked against what the API then serves.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { revokeToken } from "../../src/auth/store.ts";
import { useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";
import { bundleWorkbenchAssets } from "../../scripts/bundle.ts";
import { type Role, signedInClient, workbenchClient } from "./client.ts";
import { workbenchServerOptions } from "./setup.ts";

const clock = { now: new Date() };
const seeded = useSeededServer(workbenchServerOptions(clock));
const client = () => workbenchClient(seeded.server.yoga);
const summaryOf = async (headers: Record<string, string> = {}, preview = false, code = 410) =>
  (
    await seeded.server.query<{ statusCode: { summary: string; translation: { state: string; revision: number } } }>(
      `{ statusCode(code: ${code}, locale: "vi"${preview ? ", preview: true" : ""}) { summary translation { state revision } } }`,
      {},
      headers,
    )
  ).data!.statusCode;

const signedIn = (role: Role, name?: string) => signedInClient(seeded, role, name);

describe("sign-in", () => {
  it("answers a page without a session with 401 and the sign-in form, whose field is labelled Token (RFC 9110 §15.5.2)", async () => {
    const page = await client().get("/workbench/vi/code.404");
    expect(page.status).toBe(401);
    expect(page.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
    expect(page.text).toMatch(/<label for="token">Token<\/label>/);
    expect(page.text).toContain('<input id="token" name="token" type="password"');
  });

  it("opens a session with an HttpOnly, SameSite=Strict cookie scoped to /workbench, Secure over HTTPS only", async () => {
    const token = await createToken(seeded.db, { role: "translator" });
    const overHttp = await client().signIn(token);
    const httpCookie = overHttp.headers.getSetCookie().find((c) => c.startsWith("wb_session="))!;
    expect(httpCookie).toMatch(/; Path=\/workbench; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const overHttps = await workbenchClient(seeded.server.yoga, "https://workbench.test").signIn(token);
    expect(overHttps.headers.getSetCookie().find((c) => c.startsWith("wb_session="))).toMatch(/; Secure$/);
    // Only a hash of the session id is stored.
    const id = httpCookie.split(";")[0]!.split("=")[1]!;
    const rows = await seeded.db.prisma.workbenchSession.findMany();
    expect(rows.some((r) => r.hash === id)).toBe(false);
  });

  it("refuses an unknown token with 401 and no session, and a sign-in form posted without its CSRF token", async () => {
    const c = client();
    const bad = await c.signIn(`sa_${"x".repeat(43)}`);
    expect(bad.status).toBe(401);
    expect(bad.text).toContain("That token is unknown or revoked.");
    expect(c.jar.has("wb_session")).toBe(false);
    const token = await createToken(seeded.db, { role: "translator" });
    const forged = await client().post("/workbench/sign-in", { token, csrf: "guess" });
    expect(forged.status).toBe(403);
  });

  it("ends the session on sign-out, on expiry and when the token is revoked", async () => {
    const a = await signedIn("translator");
    expect((await a.c.get("/workbench/vi")).status).toBe(200);
    expect((await a.c.post("/workbench/sign-out", { csrf: a.c.csrf() })).status).toBe(303);
    expect((await a.c.get("/workbench/vi")).status).toBe(401);

    const b = await signedIn("translator", `revoked-${process.pid}`);
    const cookie = b.c.jar.get("wb_session")!;
    expect((await b.c.get("/workbench/vi")).status).toBe(200);
    await revokeToken(seeded.db.prisma, `revoked-${process.pid}`, new Date());
    const afterRevoke = await b.c.get("/workbench/vi");
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.text).toContain("Your session has ended.");
    b.c.jar.set("wb_session", cookie);
    expect((await b.c.get("/workbench/vi")).status).toBe(401);

    const d = await signedIn("translator");
    const saved = clock.now;
    clock.now = new Date(saved.getTime() + 9 * 3600 * 1000);
    try {
      expect((await d.c.get("/workbench/vi")).status).toBe(401);
    } finally {
      clock.now = saved;
    }
  });
});

describe("roles shape the pages", () => {
  it("gives an admin every locale with the reviewer's controls, and an editor a 403 that names the role and what it lacks", async () => {
    const admin = await signedIn("admin");
    const home = await admin.c.get("/workbench/");
    // Every locale but English, which is the source: with one, the list is skipped for it.
    expect(home.status).toBe(303);
    expect(home.headers.get("location")).toBe("/workbench/vi");
    const unit = await admin.c.get("/workbench/vi/code.404");
    expect(unit.status).toBe(200);
    expect(unit.text).toContain('<div class="review-actions">');
    expect((await admin.c.get("/workbench/vi/review")).status).toBe(200);

    const editor = await signedIn("editor");
    const editorHome = await editor.c.get("/workbench/vi");
    // The API gives an editor no translation permission (progress, tasks, drafts): the workbench says so, as the API does.
    expect(editorHome.status).toBe(403);
    const refused = await editor.c.get("/workbench/vi/code.404");
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(
      /Forbidden: this needs translate permission for locale vi, which an editor token does not have\./,
    );
    expect(refused.text).not.toContain("<textarea");
    const queue = await editor.c.get("/workbench/vi/review");
    expect(queue.status).toBe(403);
    expect(queue.text).toMatch(
      /Forbidden: this needs review permission for locale vi, which an editor token does not have\./,
    );
  });
});

describe("what the cookie does not unlock", () => {
  it("never authenticates /graphql or /imports: a request with only the cookie is anonymous there", async () => {
    const { c } = await signedIn("admin");
    const cookie = `wb_session=${c.jar.get("wb_session")}`;
    const preview = await seeded.server.yoga.fetch("http://workbench.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ query: '{ statusCode(code: 404, locale: "vi", preview: true) { summary } }' }),
    });
    expect(preview.status).toBe(401);
    const job = await seeded.server.yoga.fetch("http://workbench.test/imports/1", { headers: { cookie } });
    expect(job.status).toBe(401);
  });

  it("bundles the island from the server's own check modules, not a copy of them", async () => {
    const { inputs } = await bundleWorkbenchAssets(null);
    // The very files the importer checks with (validate.ts, termbase.ts, parse.ts import them too).
    for (const module of [
      "src/workbench/checks.ts",
      "src/content/icu.ts",
      "src/content/glossary.ts",
      "src/pipeline/limits.ts",
      "src/workbench/markdown.ts",
    ])
      expect(inputs).toContain(module);
    // And nothing that only a server has.
    expect(inputs.filter((input) => /prisma|node_modules\/pg\/|better-sqlite3|src\/db\//.test(input))).toEqual([]);
  });

  it("sends every page as private, no-store under a CSP of default-src 'self'", async () => {
    const { c } = await signedIn("reviewer");
    for (const path of ["/workbench/vi", "/workbench/vi/code.404", "/workbench/vi/review", "/workbench/sign-in"]) {
      const page = await c.get(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get("cache-control")).toBe("private, no-store");
      expect(page.headers.get("content-security-policy")).toMatch(/^default-src 'self'/);
      expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(page.text).not.toMatch(/\sstyle=/);
    }
  });
});

describe("assets", () => {
  it("serves the island and style sheet under hashed names, immutable for a year (RFC 9111 §5.2.2), within 60 kB of gzip JavaScript", async () => {
    const { c } = await signedIn("translator");
    const page = await c.get("/workbench/vi");
    const urls = [...page.text.matchAll(/(?:src|href)="(\/workbench\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(2);
    let gzipped = 0;
    for (const url of urls) {
      expect(url).toMatch(/\/workbench-[A-Z0-9]{8}\.(js|css)$/);
      const asset = await seeded.server.yoga.fetch(`http://workbench.test${url}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const body = new Uint8Array(await asset.arrayBuffer());
      if (url.endsWith(".js")) gzipped += gzipSync(body).length;
    }
    expect(gzipped).toBeGreaterThan(0);
    expect(gzipped).toBeLessThanOrEqual(60 * 1024);
    expect((await seeded.server.yoga.fetch("http://workbench.test/workbench/assets/workbench-NOPE.js")).status).toBe(
      404,
    );
  });
});

describe("interface language", () => {
  it("speaks Vietnamese when asked by ?ui=vi, keeps it in a cookie, and follows Accept-Language otherwise", async () => {
    const { c } = await signedIn("translator");
    const asked = await c.get("/workbench/vi/code.404?ui=vi");
    expect(asked.text).toContain('<html lang="vi">');
    expect(asked.text).toContain("Lưu bản nháp");
    expect((await c.get("/workbench/vi/code.404")).text).toContain('<html lang="vi">');
    const negotiated = await client().get("/workbench/sign-in", { "accept-language": "vi-VN, en;q=0.5" });
    expect(negotiated.text).toContain('<html lang="vi">');
  });
});

describe("translating and reviewing through forms", () => {
  it("saves a draft from the form, which the API then holds as DRAFT while readers keep the published text", async () => {
    const published = await summaryOf();
    const { c, token } = await signedIn("translator");
    await c.get("/workbench/vi/code.410");
    const saved = await c.post("/workbench/vi/code.410", {
      csrf: c.csrf(),
      expectedRevision: c.hidden("expectedRevision"),
      action: "save",
      "field.summary": "Bản nháp 410\r\ntừ bàn dịch",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/workbench/vi/code.410?done=saved");
    expect(await summaryOf(bearer(token), true)).toMatchObject({
      summary: "Bản nháp 410\ntừ bàn dịch",
      translation: { state: "DRAFT" },
    });
    expect((await summaryOf()).summary).toBe(published.summary);
    expect((await c.get("/workbench/vi/code.410?done=saved")).text).toContain("Saved as a draft.");
  });

  it("changes nothing for a form posted without the session's CSRF token, or from another origin", async () => {
    const { c, token } = await signedIn("translator");
    await c.get("/workbench/vi/code.410");
    const before = await summaryOf(bearer(token), true);
    const form = { expectedRevision: c.hidden("expectedRevision"), action: "save", "field.summary": "Giả mạo" };
    expect((await c.post("/workbench/vi/code.410", form)).status).toBe(403);
    expect((await c.post("/workbench/vi/code.410", { ...form, csrf: "x".repeat(43) })).status).toBe(403);
    const crossSite = await c.post(
      "/workbench/vi/code.410",
      { ...form, csrf: c.csrf() },
      { origin: "http://evil.test", "sec-fetch-site": "cross-site" },
    );
    expect(crossSite.status).toBe(403);
    expect(await summaryOf(bearer(token), true)).toEqual(before);
  });

  it("shows theirs and yours with a diff on a conflict, keeps the typed text, and lets the user save it over theirs", async () => {
    const first = await signedIn("translator");
    const second = await signedIn("translator");
    await first.c.get("/workbench/vi/code.410");
    const firstForm = { csrf: first.c.csrf(), expectedRevision: first.c.hidden("expectedRevision") };
    await second.c.get("/workbench/vi/code.410");
    const secondForm = { csrf: second.c.csrf(), expectedRevision: second.c.hidden("expectedRevision") };
    expect(
      (
        await first.c.post("/workbench/vi/code.410", {
          ...firstForm,
          action: "save",
          "field.summary": "Bản của người thứ nhất",
        })
      ).status,
    ).toBe(303);
    const conflict = await second.c.post("/workbench/vi/code.410", {
      ...secondForm,
      action: "save",
      "field.summary": "Bản của người thứ hai",
    });
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain("Someone else changed this unit");
    expect(conflict.text).toMatch(/<div class="text theirs" id="field-summary-theirs">Bản của người thứ nhất<\/div>/);
    expect(conflict.text).toMatch(/<textarea id="field-summary"[^>]*>Bản của người thứ hai<\/textarea>/);
    expect(conflict.text).toMatch(/<ins>.*thứ hai/s);
    // Theirs is still what the API holds; yours is on the page, and saving it again is the user's choice.
    expect((await summaryOf(bearer(first.token), true)).summary).toBe("Bản của người thứ nhất");
    const again = await second.c.post("/workbench/vi/code.410", {
      csrf: second.c.csrf(),
      expectedRevision: second.c.hidden("expectedRevision"),
      action: "save",
      "field.summary": "Bản của người thứ hai",
    });
    expect(again.status).toBe(303);
    expect((await summaryOf(bearer(first.token), true)).summary).toBe("Bản của người thứ hai");
  });

  it("answers the island's autosave in JSON, and refuses one made with an old revision with 409 without overwriting (RFC 9110 §15.5.10)", async () => {
    const { c, token } = await signedIn("translator");
    await c.get("/workbench/vi/code.413");
    const form = { csrf: c.csrf(), expectedRevision: c.hidden("expectedRevision"), action: "autosave" };
    const first = await c.post("/workbench/vi/code.413", { ...form, "field.summary": "Tự động lưu 413" });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/^application\/json/);
    expect(first.headers.get("cache-control")).toBe("private, no-store");
    const answer = JSON.parse(first.text) as { saved: boolean; revision: number };
    expect(answer).toMatchObject({ saved: true, state: "DRAFT" });
    expect(answer.revision).toBe((await summaryOf(bearer(token), true, 413)).translation.revision);
    // The same revision again is now stale: refused, and the first autosave's text is what the API holds.
    const stale = await c.post("/workbench/vi/code.413", { ...form, "field.summary": "Ghi đè" });
    expect(stale.status).toBe(409);
    expect(JSON.parse(stale.text)).toMatchObject({ saved: false, code: "CONFLICT" });
    expect((await summaryOf(bearer(token), true, 413)).summary).toBe("Tự động lưu 413");
    const next = await c.post("/workbench/vi/code.413", {
      ...form,
      expectedRevision: String(answer.revision),
      "field.summary": "Tự động lưu lần hai",
    });
    expect(next.status).toBe(200);
    expect((await summaryOf(bearer(token), true, 413)).summary).toBe("Tự động lưu lần hai");
  });

  it("offers a translator no publish control, refuses a forged publish with 403 naming the role, and the review queue too", async () => {
    const { c, token } = await signedIn("translator");
    const page = await c.get("/workbench/vi/code.410");
    expect(page.text).not.toMatch(/value="publish"|value="approve"/);
    const before = await summaryOf(bearer(token), true);
    const forged = await c.post("/workbench/vi/code.410", {
      csrf: c.csrf(),
      expectedRevision: c.hidden("expectedRevision"),
      action: "publish",
    });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain("review permission for locale vi, which a translator token for vi does not have");
    expect(await summaryOf(bearer(token), true)).toEqual(before);
    const queue = await c.get("/workbench/vi/review");
    expect(queue.status).toBe(403);
    expect(queue.text).toContain("a translator token for vi does not have");
  });

  it("lets a reviewer approve and publish from the queue, after which anonymous readers get the text", async () => {
    const { c } = await signedIn("reviewer");
    const queue = await c.get("/workbench/vi/review");
    expect(queue.text).toContain('href="/workbench/vi/code.410"');
    const section = queue.text.slice(queue.text.indexOf('id="q-code-410"'));
    const revision = /name="expectedRevision" value="(\d+)"/.exec(section)![1]!;
    const approved = await c.post("/workbench/vi/code.410", {
      csrf: c.csrf(),
      expectedRevision: revision,
      back: "review",
      action: "approve",
    });
    expect(approved.status).toBe(303);
    expect(approved.headers.get("location")).toBe("/workbench/vi/review?done=approved");
    const reviewed = await c.get("/workbench/vi/code.410");
    expect(reviewed.text).toMatch(/state-reviewed/);
    const published = await c.post("/workbench/vi/code.410", {
      csrf: c.csrf(),
      expectedRevision: c.hidden("expectedRevision"),
      action: "publish",
    });
    expect(published.status).toBe(303);
    expect(await summaryOf()).toMatchObject({ summary: "Bản của người thứ hai", translation: { state: "PUBLISHED" } });
  });

  it("shows an OUTDATED unit's English change word by word", async () => {
    const editor = await createToken(seeded.db, { role: "editor" });
    const { revision } = (
      await seeded.server.query<{ message: { revision: number } }>(
        '{ message(key: "difference.meaning") { revision } }',
      )
    ).data!.message;
    const updated = await seeded.server.query(
      "mutation ($input: UpdateMessageInput!) { updateMessage(input: $input) { revision } }",
      { input: { key: "difference.meaning", expectedRevision: revision, text: "HTTP status {code}: {description}" } },
      bearer(editor),
    );
    expect(updated.errors).toBeUndefined();
    const { c } = await signedIn("translator");
    const home = await c.get("/workbench/vi?state=OUTDATED&kind=MESSAGE&q=status");
    expect(home.text).toContain('href="/workbench/vi/message.difference.meaning"');
    const page = await c.get("/workbench/vi/message.difference.meaning");
    expect(page.text).toContain("The English changed since the last translation");
    expect(page.text).toMatch(/<ins><span class="visually-hidden">\[added: <\/span>status/);
  });

  it("offers each prose field's Markdown rendered on demand, source and target, but not a message's ICU template", async () => {
    const { c } = await signedIn("translator");
    const page = (await c.get("/workbench/vi/code.501")).text;
    // Closed <details>: shown when asked for, without JavaScript.
    const source =
      /<details class="rendered"><summary>Rendered<\/summary><div class="markdown" id="field-body-source-rendered">([\s\S]*?)<\/div><\/details>/.exec(
        page,
      )?.[1];
    expect(source).toMatch(/<h5>[^<]+<\/h5>/);
    expect(source).toMatch(/<table><thead><tr><th scope="col">/);
    const target = /<div class="markdown" id="field-body-rendered">([\s\S]*?)<\/div><\/details>/.exec(page)?.[1];
    expect(target).toMatch(/<table><thead>/);
    // A one-line plain summary renders as itself: nothing is offered for it.
    expect(page).not.toContain('id="field-title-source-rendered"');
    const message = (await c.get("/workbench/vi/message.difference.meaning")).text;
    expect(message).not.toContain('class="rendered"');
  });
});

describe("the reviewer's batch and send-back", () => {
  const stateOf = async (code: number, token: string) =>
    (
      await seeded.server.query<{ statusCode: { summary: string; translation: { state: string } } }>(
        `{ statusCode(code: ${code}, locale: "vi", preview: true) { summary translation { state } } }`,
        {},
        bearer(token),
      )
    ).data!.statusCode;

  async function draftAndApprove(
    translator: ReturnType<typeof client>,
    reviewer: ReturnType<typeof client>,
    code: number,
    summary: string,
  ) {
    await translator.get(`/workbench/vi/code.${code}`);
    expect(
      (
        await translator.post(`/workbench/vi/code.${code}`, {
          csrf: translator.csrf(),
          expectedRevision: translator.hidden("expectedRevision"),
          action: "save",
          "field.summary": summary,
        })
      ).status,
    ).toBe(303);
    await reviewer.get(`/workbench/vi/code.${code}`);
    const approveForm = (await reviewer.get(`/workbench/vi/code.${code}`)).text;
    const revision = /<div class="review-actions">[\s\S]*?name="expectedRevision" value="(\d+)"/.exec(approveForm)![1]!;
    expect(
      (
        await reviewer.post(`/workbench/vi/code.${code}`, {
          csrf: reviewer.csrf(),
          expectedRevision: revision,
          action: "approve",
        })
      ).status,
    ).toBe(303);
  }

  it("publishes every reviewed unit after a confirmation page that names them and their count", async () => {
    const { c: translator } = await signedIn("translator");
    const { c: reviewer, token } = await signedIn("reviewer");
    await draftAndApprove(translator, reviewer, 500, "Lỗi phía server, bản duyệt");
    await draftAndApprove(translator, reviewer, 502, "Cổng hỏng, bản duyệt");
    const queue = await reviewer.get("/workbench/vi/review");
    expect(queue.text).toContain("Publish all reviewed (2)");
    const confirm = await reviewer.post("/workbench/vi/review", { csrf: reviewer.csrf(), action: "publish-all" });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain("Publish these 2 reviewed units of vi?");
    // Nothing is published until the confirmation is posted.
    expect((await stateOf(500, token)).translation.state).toBe("REVIEWED");
    const units = [
      ...confirm.text.matchAll(/name="unit" value="([^"]+)"><input type="hidden" name="revision" value="(\d+)"/g),
    ];
    expect(units.map((m) => m[1])).toEqual(["code.500", "code.502"]);
    const body = new URLSearchParams({ csrf: reviewer.csrf(), action: "publish-all-confirmed" });
    for (const m of units) body.append("unit", m[1]!), body.append("revision", m[2]!);
    const done = await seeded.server.yoga.fetch("http://workbench.test/workbench/vi/review", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://workbench.test",
        cookie: `wb_session=${reviewer.jar.get("wb_session")}`,
      },
      body: body.toString(),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/workbench/vi/review?done=published-all&count=2");
    expect(
      (
        await seeded.server.query<{ statusCode: { summary: string } }>(
          '{ statusCode(code: 502, locale: "vi") { summary } }',
        )
      ).data!.statusCode.summary,
    ).toBe("Cổng hỏng, bản duyệt");
    expect((await stateOf(500, token)).translation.state).toBe("PUBLISHED");
  });

  it("sends a reviewed draft back to DRAFT with a comment the translator then sees on the unit", async () => {
    const { c: translator } = await signedIn("translator");
    const { c: reviewer, token } = await signedIn("reviewer");
    await draftAndApprove(translator, reviewer, 503, "Dịch vụ không sẵn sàng, cần sửa");
    await reviewer.get("/workbench/vi/code.503");
    const sent = await reviewer.post("/workbench/vi/code.503", {
      csrf: reviewer.csrf(),
      expectedRevision: reviewer.hidden("expectedRevision"),
      action: "send-back",
      comment: "Hãy dùng thuật ngữ trong bảng thuật ngữ.",
    });
    expect(sent.status).toBe(303);
    expect(await stateOf(503, token)).toEqual({
      summary: "Dịch vụ không sẵn sàng, cần sửa",
      translation: { state: "DRAFT" },
    });
    const page = await translator.get("/workbench/vi/code.503");
    expect(page.text).toContain("Hãy dùng thuật ngữ trong bảng thuật ngữ.");
    // A translator cannot send back.
    expect(
      (
        await translator.post("/workbench/vi/code.503", {
          csrf: translator.csrf(),
          expectedRevision: translator.hidden("expectedRevision"),
          action: "send-back",
          comment: "x",
        })
      ).status,
    ).toBe(403);
  });
});

describe("glossary", () => {
  it("shows the termbase entries the English mentions, and lists a forbidden variant under the field that holds it", async () => {
    const { c } = await signedIn("translator");
    const page = await c.get("/workbench/vi/code.404");
    expect(page.text).toMatch(
      /<section aria-labelledby="glossary-heading"[\s\S]*<strong lang="en">server<\/strong> → write <strong>server<\/strong> \(not: máy chủ\)/,
    );
    // And marked where they occur in the English beside the field.
    expect(page.text).toContain(
      '<div class="text" id="field-summary-source">The <mark class="term" title="write server">server</mark> has nothing at this URL',
    );
    // A draft may hold a variant (the importer warns about drafts, and refuses only published text); the page says so.
    const saved = await c.post("/workbench/vi/code.404", {
      csrf: c.csrf(),
      expectedRevision: c.hidden("expectedRevision"),
      action: "save",
      "field.summary": "Máy chủ không có gì ở URL này.",
    });
    expect(saved.status).toBe(303);
    const after = await c.get("/workbench/vi/code.404");
    expect(after.text).toMatch(/<textarea id="field-summary"[^>]*aria-invalid="true"/);
    expect(after.text).toMatch(
      /<ul class="problems" id="field-summary-checks" aria-live="polite"><li>&quot;Máy chủ&quot; is a variant the termbase rules out: write &quot;server&quot;/,
    );
  });
});

describe("preview and history", () => {
  it("previews the code's page in English beside the locale with the draft applied", async () => {
    const { c } = await signedIn("translator");
    await c.get("/workbench/vi/code.429");
    await c.post("/workbench/vi/code.429", {
      csrf: c.csrf(),
      expectedRevision: c.hidden("expectedRevision"),
      action: "save",
      "field.summary": "Quá nhiều request, bản nháp xem trước.",
    });
    const page = await c.get("/workbench/vi/code.429/preview");
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      /<th scope="row">Summary<\/th><td lang="en"><div class="markdown"><p>[^<]+<\/p>\n<\/div><\/td><td lang="vi"><div class="markdown"><p>Quá nhiều request, bản nháp xem trước.<\/p>\n<\/div>/,
    );
    // As readers would see it: the body's Markdown rendered, on both sides.
    expect(page.text).toMatch(/<td lang="en"><div class="markdown">[\s\S]*?<h5>/);
    expect(page.text).toMatch(/<td lang="vi"><div class="markdown">[\s\S]*?<h5>/);
    // Readers still get the published text.
    const published = await seeded.server.query<{ statusCode: { summary: string } }>(
      '{ statusCode(code: 429, locale: "vi") { summary } }',
    );
    expect(published.data!.statusCode.summary).not.toContain("bản nháp");
  });

  it("previews a message on a real page that shows it, English beside the locale with the message's draft applied", async () => {
    const { c, token } = await signedIn("translator");
    await c.get("/workbench/vi/message.difference.cacheability.neverStored");
    const draft =
      "BẢN NHÁP: cache không lưu {forbidden} ({forbiddenRule}); {other} {otherPolicy, select, heuristic {được cache mặc định} other {được cache khi header cho phép}}.";
    const saved = await c.post("/workbench/vi/message.difference.cacheability.neverStored", {
      csrf: c.csrf(),
      expectedRevision: c.hidden("expectedRevision"),
      action: "save",
      "field.text": draft,
    });
    expect(saved.status).toBe(303);
    const page = await c.get("/workbench/vi/message.difference.cacheability.neverStored/preview");
    expect(page.status).toBe(200);
    const [, a, b] =
      /<p class="shown-on">This message is shown on pages such as the comparison of (\d{3}) and (\d{3}), previewed here\.<\/p>/.exec(
        page.text,
      )!;
    // The page is that comparison as the API renders it: in English, and in vi with the draft, formatted.
    const english = /<td lang="en"><div class="markdown">([\s\S]*?)<\/div><\/td>/.exec(page.text)![1]!;
    const vietnamese = /<td lang="vi"><div class="markdown">([\s\S]*?)<\/div><\/td>/.exec(page.text)![1]!;
    expect(english).toMatch(/A cache must not store \d{3}, whatever its headers say/);
    expect(vietnamese).toMatch(/BẢN NHÁP: cache không lưu \d{3} \(RFC 6585 §\d\);/);
    const preview = await seeded.server.query<{ compare: { markdown: string } }>(
      `{ compare(a: ${a}, b: ${b}, locale: "vi", preview: true) { markdown } }`,
      {},
      bearer(token),
    );
    expect(preview.data!.compare.markdown).toContain("BẢN NHÁP: cache không lưu");
    // Readers' page of that pair keeps the published message.
    expect(
      (
        await seeded.server.query<{ compare: { markdown: string } }>(
          `{ compare(a: ${a}, b: ${b}, locale: "vi") { markdown } }`,
        )
      ).data!.compare.markdown,
    ).not.toContain("BẢN NHÁP");
  });

  it("previews a message no page shows as itself beside its draft, and says so", async () => {
    const { c } = await signedIn("translator");
    const page = await c.get("/workbench/vi/message.value.body.yes/preview");
    expect(page.status).toBe(200);
    expect(page.text).toContain("No page of today&#39;s codes shows this message: here it is beside its draft.");
    expect(page.text).toMatch(/<th scope="row">Text<\/th><td lang="en"><div class="markdown"><p>[^<]+<\/p>/);
  });

  it("lists every change with who, when and a diff, and lets a reviewer (only) revert one", async () => {
    const { c: translator } = await signedIn("translator", `history-translator-${process.pid}`);
    await translator.get("/workbench/vi/code.431");
    await translator.post("/workbench/vi/code.431", {
      csrf: translator.csrf(),
      expectedRevision: translator.hidden("expectedRevision"),
      action: "save",
      "field.summary": "Header quá lớn, bản nháp lịch sử.",
    });
    const seen = await translator.get("/workbench/vi/code.431/history");
    expect(seen.status).toBe(200);
    expect(seen.text).toContain(`<td>history-translator-${process.pid}</td><td>draft.*</td>`);
    expect(seen.text).toMatch(
      /<ins><span class="visually-hidden">\[added: <\/span>[^<]*text.summary: Header quá lớn, bản nháp lịch sử./,
    );
    expect(seen.text).not.toContain('value="revert"');

    const { c: reviewer, token } = await signedIn("reviewer");
    const page = await reviewer.get("/workbench/vi/code.431/history");
    const entry = /name="entryId" value="(\d+)"><input type="hidden" name="expectedRevision" value="(\d+)">/.exec(
      page.text,
    )!;
    const reverted = await reviewer.post("/workbench/vi/code.431/history", {
      csrf: reviewer.csrf(),
      entryId: entry[1]!,
      expectedRevision: entry[2]!,
      action: "revert",
    });
    expect(reverted.status).toBe(303);
    const now = await seeded.server.query<{ statusCode: { summary: string } }>(
      '{ statusCode(code: 431, locale: "vi", preview: true) { summary } }',
      {},
      bearer(token),
    );
    expect(now.data!.statusCode.summary).not.toContain("bản nháp lịch sử");
  });
});

describe("comments", () => {
  const threadOf = async (unit: string, token: string) =>
    (
      await seeded.server.query<{ translationComments: { author: string; body: string }[] }>(
        `{ translationComments(unitId: "${unit}", locale: "vi") { author body } }`,
        {},
        bearer(token),
      )
    ).data!.translationComments;

  it("adds a comment to the unit's thread from the posted form, stored through the API and shown on the unit and among its history's changes", async () => {
    const { c: translator, token } = await signedIn("translator", `thread-translator-${process.pid}`);
    const { c: reviewer } = await signedIn("reviewer", `thread-reviewer-${process.pid}`);
    const empty = await translator.get("/workbench/vi/code.505");
    expect(empty.text).toContain("No comments yet.");
    expect(empty.text).toMatch(
      /<label for="new-comment">Add a comment<\/label><br><textarea id="new-comment" name="comment"/,
    );
    const posted = await translator.post("/workbench/vi/code.505", {
      csrf: translator.csrf(),
      action: "comment",
      comment: 'Nên dịch "HTTP version" thế nào?',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe("/workbench/vi/code.505?done=commented#comments");
    await reviewer.get("/workbench/vi/code.505");
    expect(
      (
        await reviewer.post("/workbench/vi/code.505", {
          csrf: reviewer.csrf(),
          action: "comment",
          comment: 'Giữ nguyên "HTTP".\r\nXem bảng thuật ngữ.',
        })
      ).status,
    ).toBe(303);
    expect(await threadOf("code.505", token)).toEqual([
      { author: `thread-translator-${process.pid}`, body: 'Nên dịch "HTTP version" thế nào?' },
      { author: `thread-reviewer-${process.pid}`, body: 'Giữ nguyên "HTTP".\nXem bảng thuật ngữ.' },
    ]);
    const page = await translator.get("/workbench/vi/code.505?done=commented");
    expect(page.text).toContain("Comment added.");
    const list = /<ul class="comments" id="comment-list">([\s\S]*?)<\/ul>/.exec(page.text)![1]!;
    expect([...list.matchAll(/<strong>([^<]+)<\/strong>/g)].map((m) => m[1])).toEqual([
      `thread-translator-${process.pid}`,
      `thread-reviewer-${process.pid}`,
    ]);
    expect(list).toContain("Nên dịch &quot;HTTP version&quot; thế nào?");
    expect(page.text).not.toContain("No comments yet.");
    // In the history, each comment is a row among the changes, newest first.
    const history = await translator.get("/workbench/vi/code.505/history");
    const rows = [
      ...history.text.matchAll(
        /<tr class="comment"><td><time datetime="[^"]+">[^<]+<\/time><\/td><td>([^<]+)<\/td><td>Comment<\/td><td><p class="comment-body">([^<]+)<\/p>/g,
      ),
    ].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      [`thread-reviewer-${process.pid}`, "Giữ nguyên &quot;HTTP&quot;.\nXem bảng thuật ngữ."],
      [`thread-translator-${process.pid}`, "Nên dịch &quot;HTTP version&quot; thế nào?"],
    ]);
  });

  it("refuses an empty comment with 422 and the reason, keeps what was typed, and stores nothing", async () => {
    const { c, token } = await signedIn("translator");
    await c.get("/workbench/vi/code.506");
    const refused = await c.post("/workbench/vi/code.506", { csrf: c.csrf(), action: "comment", comment: "   " });
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(
      /<p class="error" role="alert" id="comment-error">body: 1 to 2000 characters are required/,
    );
    expect(refused.text).toMatch(/<textarea id="new-comment" name="comment" rows="2" required> {3}<\/textarea>/);
    const tooLong = await c.post("/workbench/vi/code.506", {
      csrf: c.csrf(),
      action: "comment",
      comment: "x".repeat(2001),
    });
    expect(tooLong.status).toBe(422);
    expect(await threadOf("code.506", token)).toEqual([]);
    // The island asks for JSON: the same rules, answered in JSON.
    const json = await c.post(
      "/workbench/vi/code.506",
      { csrf: c.csrf(), action: "comment", comment: "" },
      { accept: "application/json" },
    );
    expect(json.status).toBe(422);
    expect(JSON.parse(json.text)).toMatchObject({ added: false, code: "VALIDATION" });
    const added = await c.post(
      "/workbench/vi/code.506",
      { csrf: c.csrf(), action: "comment", comment: "Đã rõ." },
      { accept: "application/json" },
    );
    expect(added.status).toBe(201);
    expect(JSON.parse(added.text)).toMatchObject({ added: true, comment: { body: "Đã rõ." } });
    expect(await threadOf("code.506", token)).toHaveLength(1);
  });

  it("keeps each locale's thread to itself, and refuses a comment without the session's CSRF token or outside the token's locales", async () => {
    const { c, token } = await signedIn("translator");
    await c.get("/workbench/vi/code.507");
    expect((await c.post("/workbench/vi/code.507", { action: "comment", comment: "Giả mạo" })).status).toBe(403);
    const fr = await createToken(seeded.db, { role: "translator", locales: ["fr"] });
    const other = client();
    expect((await other.signIn(fr)).status).toBe(303);
    expect(
      (await other.post("/workbench/vi/code.507", { csrf: other.csrf(), action: "comment", comment: "Pas ma langue" }))
        .status,
    ).toBe(403);
    const api = await seeded.server.query(
      'mutation { addTranslationComment(input: { unitId: "code.507", locale: "vi", body: "x" }) { comment { id } } }',
      {},
      bearer(fr),
    );
    expect(api.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await threadOf("code.507", token)).toEqual([]);
    const unknownUnit = await seeded.server.query(
      'mutation { addTranslationComment(input: { unitId: "code.999", locale: "vi", body: "x" }) { comment { id } } }',
      {},
      bearer(token),
    );
    expect(unknownUnit.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "unitId" });
  });
});
