// The workbench's admin pages over HTTP without a browser: which roles may open which page (403 naming the
// role and what it lacks), tokens created once and revoked, webhooks, a release's dry run and its diff, its
// failures by file and line, and forged posts that change nothing. Chromium drives the same pages in admin.test.ts.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lastUseRecorded } from "../../src/auth/store.ts";
import { copyContent } from "../helpers/database.ts";
import { tarGzOfFolder } from "../helpers/archives.ts";
import { useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";
import { type Role, signedInClient, type WorkbenchClient, workbenchClient } from "./client.ts";
import { workbenchServerOptions } from "./setup.ts";

const seeded = useSeededServer(workbenchServerOptions());
const client = () => workbenchClient(seeded.server.yoga);
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const signedIn = async (role: Role) => (await signedInClient(seeded, role)).c;

/** seeds/ as a tar.gz, with `edit` applied to one file first. */
async function seedsArchive(file: string, edit: (text: string) => string): Promise<Uint8Array<ArrayBuffer>> {
  const dir = copyContent();
  folders.push(dir);
  const at = path.join(dir, file);
  writeFileSync(at, edit(readFileSync(at, "utf8")));
  return tarGzOfFolder(dir);
}

/** The release form posted as a browser posts it: multipart, with the session cookie and the page's CSRF token. */
async function upload(c: WorkbenchClient, archive: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  await c.get("/workbench/releases");
  const body = new FormData();
  body.set("csrf", c.csrf());
  body.set("action", "upload");
  body.set("archive", new File([archive], "release.tar.gz", { type: "application/gzip" }));
  return c.post("/workbench/releases", body, headers);
}

async function untilFinished(c: WorkbenchClient, location: string) {
  for (let i = 0; i < 200; i++) {
    const json = JSON.parse((await c.get(location, { accept: "application/json" })).text) as {
      status: string;
      active: boolean;
    };
    if (!json.active) return json;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${location} did not finish`);
}

/** The status /graphql answers a request sending `token`: 200, or 401 once it is revoked. */
const statusWith = async (token: string) =>
  (
    await seeded.server.yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(token) },
      body: JSON.stringify({ query: "{ contentVersion }" }),
    })
  ).status;

const version = async () =>
  (await seeded.server.query<{ contentVersion: number }>("{ contentVersion }")).data!.contentVersion;

describe("roles", () => {
  it("answers an editor 403 on tokens and webhooks, naming the role and the admin permission it lacks, and shows no link to them", async () => {
    const editor = await signedIn("editor");
    for (const page of ["/workbench/tokens", "/workbench/webhooks"]) {
      const answer = await editor.get(page);
      expect(answer.status, page).toBe(403);
      expect(answer.text).toContain("Forbidden: this needs admin permission, which an editor token does not have.");
    }
    const releases = await editor.get("/workbench/releases");
    expect(releases.status).toBe(200);
    expect(releases.text).toContain('href="/workbench/versions"');
    expect(releases.text).not.toContain('href="/workbench/tokens"');
    expect(releases.text).not.toContain('href="/workbench/webhooks"');
  });

  it("shows a translator only the translation workbench: no admin links, and 403 on every admin page", async () => {
    const translator = await signedIn("translator");
    const home = await translator.get("/workbench/vi");
    expect(home.status).toBe(200);
    expect(home.text).not.toMatch(/href="\/workbench\/(releases|tokens|webhooks|versions)"/);
    for (const page of ["releases", "tokens", "webhooks", "versions"]) {
      const answer = await translator.get(`/workbench/${page}`);
      expect(answer.status, page).toBe(403);
      expect(answer.text).toMatch(
        /Forbidden: this needs (edit|admin) permission, which a translator token for vi does not have\./,
      );
    }
  });

  it("refuses an editor's forged token form with 403, and creates nothing (the API's scope refuses it too)", async () => {
    const editor = await signedIn("editor");
    await editor.get("/workbench/releases");
    const forged = await editor.post("/workbench/tokens", {
      csrf: editor.csrf(),
      action: "create",
      name: "sneaky",
      role: "admin",
      locales: "",
    });
    expect(forged.status).toBe(403);
    expect(await seeded.db.prisma.apiToken.count({ where: { name: "sneaky" } })).toBe(0);
  });
});

describe("tokens", () => {
  it("creates a token shown once, which then works as a Bearer token; lists it with its last use; revoking it makes it 401", async () => {
    const admin = await signedIn("admin");
    const created = await admin.post("/workbench/tokens", {
      csrf: (await admin.get("/workbench/tokens"), admin.csrf()),
      action: "create",
      name: "lan",
      role: "translator",
      locales: "vi",
    });
    expect(created.status).toBe(200);
    const token = /<code class="secret" id="new-token">(sa_[A-Za-z0-9_-]{43})<\/code>/.exec(created.text)?.[1];
    expect(token).toBeDefined();
    expect(await statusWith(token!)).toBe(200);
    // Its use is recorded without the request waiting for it: wait on that write itself, not on a timer.
    await lastUseRecorded();
    expect((await seeded.db.prisma.apiToken.findUnique({ where: { name: "lan" } }))!.lastUsedAt).not.toBeNull();
    // Shown once: the list never carries it again.
    const listed = await admin.get("/workbench/tokens");
    expect(listed.text).not.toContain(token!);
    // The prefix is the token's first 6 random characters, base64url: "-" and "_" as often as letters.
    expect(listed.text).toMatch(
      /<td>lan<\/td><td>Translator<\/td><td>vi<\/td><td><code>sa_[A-Za-z0-9_-]{6}…<\/code><\/td><td><time[^>]*>[^<]+<\/time><\/td><td><time/,
    );
    const revoked = await admin.post("/workbench/tokens", { csrf: admin.csrf(), action: "revoke", name: "lan" });
    expect(revoked.status).toBe(303);
    expect(await statusWith(token!)).toBe(401);
  });

  it("ends the workbench sessions of a token revoked on the page: its holder's next page is the sign-in form (401)", async () => {
    const token = await createToken(seeded.db, { role: "translator", name: "tuan" });
    const holder = client();
    expect((await holder.signIn(token)).status).toBe(303);
    expect((await holder.get("/workbench/vi")).status).toBe(200);
    const admin = await signedIn("admin");
    await admin.get("/workbench/tokens");
    expect((await admin.post("/workbench/tokens", { csrf: admin.csrf(), action: "revoke", name: "tuan" })).status).toBe(
      303,
    );
    const after = await holder.get("/workbench/vi");
    expect(after.status).toBe(401);
    expect(after.text).toContain("Your session has ended. Sign in again.");
  });

  it("refuses a token request the API refuses, keeping what was typed and saying which field", async () => {
    const admin = await signedIn("admin");
    await admin.get("/workbench/tokens");
    const refused = await admin.post("/workbench/tokens", {
      csrf: admin.csrf(),
      action: "create",
      name: "minh",
      role: "translator",
      locales: "vn",
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("locales: unknown locale &quot;vn&quot;: did you mean vi?");
    expect(refused.text).toContain('id="token-name" name="name" required maxlength="64" value="minh"');
    expect(await seeded.db.prisma.apiToken.count({ where: { name: "minh" } })).toBe(0);
  });

  it("changes nothing for a cross-site POST or one without the session's CSRF token", async () => {
    const admin = await signedIn("admin");
    await admin.get("/workbench/tokens");
    const crossSite = await admin.post(
      "/workbench/tokens",
      { csrf: admin.csrf(), action: "create", name: "mallory", role: "admin", locales: "" },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(crossSite.status).toBe(403);
    const noCsrf = await admin.post("/workbench/tokens", {
      csrf: "guess",
      action: "create",
      name: "mallory",
      role: "admin",
      locales: "",
    });
    expect(noCsrf.status).toBe(403);
    expect(await seeded.db.prisma.apiToken.count({ where: { name: "mallory" } })).toBe(0);
  });
});

describe("webhooks", () => {
  it("adds a webhook showing its secret once, lists it, and removes it", async () => {
    const admin = await signedIn("admin");
    await admin.get("/workbench/webhooks");
    // A public address: the destination policy refuses loopback outside tests that allow it.
    const added = await admin.post("/workbench/webhooks", {
      csrf: admin.csrf(),
      action: "add",
      url: "https://hooks.example.com/status-atlas",
      events: "content.published",
    });
    expect(added.status).toBe(200);
    expect(added.text).toMatch(/<code class="secret" id="new-secret">whsec_[^<]+<\/code>/);
    const [hook] = await seeded.db.prisma.webhookSubscription.findMany({
      where: { url: "https://hooks.example.com/status-atlas" },
    });
    expect(JSON.parse(hook!.events)).toEqual(["content.published"]);
    const listed = await admin.get("/workbench/webhooks");
    expect(listed.text).not.toContain(hook!.secret);
    expect((await admin.get(`/workbench/webhooks/${hook!.id}`)).text).toContain("No deliveries yet.");
    const removed = await admin.post("/workbench/webhooks", { csrf: admin.csrf(), action: "remove", id: hook!.id });
    expect(removed.status).toBe(303);
    expect(await seeded.db.prisma.webhookSubscription.count({ where: { id: hook!.id } })).toBe(0);
  });

  it("refuses a URL the destination policy refuses, saying why, and adds nothing", async () => {
    const admin = await signedIn("admin");
    await admin.get("/workbench/webhooks");
    const refused = await admin.post("/workbench/webhooks", {
      csrf: admin.csrf(),
      action: "add",
      url: "http://10.0.0.1/hook",
      events: "content.published",
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('class="error" role="alert"');
    expect(await seeded.db.prisma.webhookSubscription.count({ where: { url: "http://10.0.0.1/hook" } })).toBe(0);
  });
});

describe("releases", () => {
  it("plans an uploaded archive as a dry run with a field diff, writes nothing, and applies it on request", {
    timeout: 60_000,
  }, async () => {
    const admin = await signedIn("admin");
    const before = await version();
    const archive = await seedsArchive("codes/en/404.md", (text) =>
      text.replace(/^summary: .*$/m, "summary: The server has nothing at this address, and says so."),
    );
    const uploaded = await upload(admin, archive);
    expect(uploaded.status).toBe(303);
    const location = uploaded.headers.get("location")!;
    expect(location).toMatch(/^\/workbench\/releases\/imp_/);
    expect(await untilFinished(admin, location)).toMatchObject({ status: "SUCCEEDED" });
    const plan = await admin.get(location);
    expect(plan.text).toContain(
      '<h3 id="change-0"><code>code.404:en</code> · updated · <span class="file">codes/en/404.md</span></h3>',
    );
    expect(plan.text).toMatch(
      /<th scope="row">summary<\/th><td><div class="text diff">The server has nothing at this <del><span class="visually-hidden">\[removed: <\/span>URL<span class="visually-hidden">\]<\/span><\/del><ins><span class="visually-hidden">\[added: <\/span>address</,
    );
    // One unit changes, and nothing else is listed.
    expect(plan.text.match(/<section class="change"/g)).toHaveLength(1);
    expect(await version()).toBe(before);

    const applied = await admin.post(location, { csrf: admin.csrf(), action: "apply" });
    expect(applied.status).toBe(303);
    const real = applied.headers.get("location")!;
    expect(real).not.toBe(location);
    expect(await untilFinished(admin, real)).toMatchObject({ status: "SUCCEEDED" });
    expect(await version()).toBe(before + 1);
    const served = await seeded.server.query<{ statusCode: { summary: string } }>(
      '{ statusCode(code: 404, locale: "en") { summary } }',
    );
    expect(served.data!.statusCode.summary).toBe("The server has nothing at this address, and says so.");

    // The same archive again: its plan changes nothing, so there is nothing to apply.
    const again = (await upload(admin, archive)).headers.get("location")!;
    expect(await untilFinished(admin, again)).toMatchObject({ status: "SUCCEEDED" });
    const nothing = await admin.get(again);
    expect(nothing.text).toContain("Nothing changes: the content already is what the files say.");
    expect(nothing.text).not.toContain("Apply this release");
  });

  it("shows a broken file's name and line and writes nothing", { timeout: 60_000 }, async () => {
    const admin = await signedIn("admin");
    const before = await version();
    const archive = await seedsArchive("codes/en/410.md", (text) =>
      text.replace("cacheable: true", "cacheable: sometimes"),
    );
    const location = (await upload(admin, archive)).headers.get("location")!;
    expect(await untilFinished(admin, location)).toMatchObject({ status: "FAILED" });
    const page = await admin.get(location);
    expect(page.text).toMatch(/<tr><td><code>codes\/en\/410\.md<\/code><\/td><td>\d+<\/td><td>cacheable<\/td>/);
    expect(page.text).not.toContain("Apply this release");
    expect(await version()).toBe(before);
  });

  it("answers a release's page as HTML or, asked with Accept, its progress as JSON, varying on Accept (RFC 9110 §12.5.5) and kept by no cache (RFC 9111 §5.2.2.5); a started release is a 303 to its page (RFC 9110 §15.4.4)", async () => {
    const admin = await signedIn("admin");
    await admin.get("/workbench/releases");
    const started = await admin.post("/workbench/releases", { csrf: admin.csrf(), action: "folder" });
    expect(started.status).toBe(303);
    const location = started.headers.get("location")!;
    expect(location).toMatch(/^\/workbench\/releases\/imp_/);
    const json = await admin.get(location, { accept: "application/json" });
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(json.text)).toMatchObject({
      id: location.split("/").at(-1),
      status: expect.any(String),
      active: expect.any(Boolean),
    });
    const page = await admin.get(location);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    for (const answer of [json, page]) {
      expect(answer.headers.get("vary")).toMatch(/accept/i);
      expect(answer.headers.get("cache-control")).toBe("private, no-store");
    }
    await untilFinished(admin, location);
  });

  it("refuses a multipart post anywhere but the release form, and an upload without the session's CSRF token", async () => {
    const admin = await signedIn("admin");
    // The session's own CSRF token, for the post below that carries a valid one and is refused all the same.
    const csrf = (await admin.get("/workbench/tokens"), admin.csrf());
    expect(csrf).not.toBe("");
    const jobs = await seeded.db.prisma.importJob.count();
    const archive = await seedsArchive("codes/en/404.md", (text) => text);
    const crossSite = await upload(admin, archive, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    const body = new FormData();
    body.set("csrf", "guess");
    body.set("action", "upload");
    body.set("archive", new File([archive], "release.tar.gz"));
    const noCsrf = await admin.post("/workbench/releases", body);
    expect(noCsrf.status).toBe(403);
    // Elsewhere a multipart body is held to the ordinary limit (413, RFC 9110 §15.5.14), and any that fits is refused (403).
    const elsewhere = await admin.post("/workbench/tokens", body);
    expect(elsewhere.status).toBe(413);
    const small = new FormData();
    small.set("csrf", csrf);
    small.set("action", "create");
    small.set("name", "via-multipart");
    small.set("role", "admin");
    const smallElsewhere = await admin.post("/workbench/tokens", small);
    expect(smallElsewhere.status).toBe(403);
    expect(await seeded.db.prisma.apiToken.count({ where: { name: "via-multipart" } })).toBe(0);
    expect(await seeded.db.prisma.importJob.count()).toBe(jobs);
  });
});

describe("versions", () => {
  it("lists each version with who made it, the units it changed and their purge keys", async () => {
    const editor = await signedIn("editor");
    const page = await editor.get("/workbench/versions");
    expect(page.status).toBe(200);
    // The releases test above applied 404's summary as a version of its own.
    expect(page.text).toMatch(
      /<td>import \(import run \d+\)<\/td><td><code>code\.404:en<\/code> <\/td><td><code>code-404<\/code> <code>code-list<\/code> <code>translation-progress<\/code> <\/td>/,
    );
  });
});
