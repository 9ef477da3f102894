// The shell blocks of the docs the README sends each role to, run as written, in the docs' order, in a folder
// holding a copy of seeds/ as a fresh clone does, on a database of the test's provider: editing.md (the
// editor's), translators.md (the translator's, its curl lines against a running server), workbench.md's token
// lines and http-api.md's tokens and webhooks. Placeholders a reader fills in (`sa_…`, `whs_…`) get what the
// reader would put there. The README's own blocks are test/readme.test.ts's; the operator's docs/operations.md
// lines are the README's and test/deploy/compose.test.ts's.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "../src/pipeline/import.ts";
import { codeBlocks, readDoc, runAsWritten, section } from "./helpers/doc-blocks.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "./helpers/database.ts";
import { startServer } from "./helpers/processes.ts";
import { bearer, createToken } from "./helpers/tokens.ts";

/** A clone's folder (seeds/ copied in) and a database, for one role's walk; removed after the file. */
function useWalk(options: { imported: boolean }) {
  const walk = {} as { db: TestDatabase; dir: string };
  beforeAll(async () => {
    walk.db = await createTestDatabase();
    walk.dir = mkdtempSync(path.join(tmpdir(), "status-atlas-docs-walk-"));
    cpSync(SEEDS_DIR, path.join(walk.dir, "seeds"), { recursive: true });
    // As after the Quick start's `npm start`: the database holds seeds/.
    if (options.imported) expect((await runImport(walk.db, { dir: path.join(walk.dir, "seeds") })).ok).toBe(true);
  });
  afterAll(async () => {
    await walk.db?.close();
    if (walk.dir) rmSync(walk.dir, { recursive: true, force: true });
  });
  return walk;
}

const run = (walk: { db: TestDatabase; dir: string }, script: string) =>
  runAsWritten(script, { cwd: walk.dir, env: { DATABASE_URL: walk.db.url } });

/** The `sh` blocks under one heading of a doc. */
const blocksOf = (file: string, heading: string) => codeBlocks(section(readDoc(file), heading));

const [importer] = blocksOf("docs/editing.md", "## Files and the importer");
const [editorTokens] = blocksOf("docs/editing.md", "### An editor's session");
const [exports] = blocksOf("docs/editing.md", "## Export");
const [translatorTokens] = blocksOf("docs/translators.md", "## Your token");
const [exchangeCli, exchangeHttp] = blocksOf("docs/translators.md", "## XLIFF and PO files");
const [stamp] = blocksOf("docs/translators.md", "## When the English changes in `seeds/`");

describe("docs/editing.md, as an editor runs it", () => {
  const walk = useWalk({ imported: false });

  it("checks, imports every way the importer section shows, creates the session's tokens and exports", {
    timeout: 180_000,
  }, async () => {
    expect(importer).toMatch(/^npx status-atlas check/m);
    expect(editorTokens).toMatch(/^npx status-atlas tokens create --name edna --role editor$/m);
    expect(exports).toMatch(/^npx status-atlas export --dir out /m);

    // On a database that has never been imported into: the first import creates everything.
    const imported = await run(walk, importer!);
    expect(imported.stdout).toMatch(/^seeds: ok — \d+ codes/m);
    expect(imported.stdout).toMatch(/^Dry run — nothing written\./m);
    expect(imported.stdout).toMatch(/Imported as content version 1: \d+ created/);

    const created = await run(walk, editorTokens!);
    expect(created.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^sa_[\w-]{43}$/),
      expect.stringMatching(/^sa_[\w-]{43}$/),
    ]);

    const exported = await run(walk, exports!);
    expect(exported.stdout).toMatch(/^Exported content version 1 to out: \d+ files, \d+ written/m);
    // Exporting again writes nothing: the files already say what the database holds.
    expect(exported.stdout).toMatch(
      /^Exported content version 1 to out: (\d+) files, 0 written, \1 unchanged, 0 deleted\./m,
    );
    // And importing what it wrote changes nothing, as the section says.
    const again = await run(walk, "npx status-atlas import --dir out --dry-run");
    expect(again.stdout).toMatch(/The plan: 0 created, 0 updated, 0 deleted, \d+ unchanged/);
  });
});

describe("docs/translators.md, as a translator runs it", () => {
  const walk = useWalk({ imported: true });

  it("gets tokens, exchanges XLIFF and PO after an English change, over the CLI and HTTP, and stamps", {
    timeout: 240_000,
  }, async () => {
    expect(translatorTokens).toMatch(/^npx status-atlas tokens create --name ana --role translator --locale vi/m);
    const created = await run(walk, translatorTokens!);
    const [, rita] = created.stdout.trim().split("\n");
    expect(rita).toMatch(/^sa_[\w-]{43}$/);

    // What the last section describes: an English text changes in seeds/ and is imported; its Vietnamese is OUTDATED.
    const file = path.join(walk.dir, "seeds/codes/en/410.md");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^whenYouSeeIt: "When /m, 'whenYouSeeIt: "Typically when '));
    expect((await run(walk, "npx status-atlas import")).stdout).toMatch(/1 translation\(s\) became outdated/);

    const exchanged = await run(walk, exchangeCli!);
    expect(readFileSync(path.join(walk.dir, "vi.xlf"), "utf8")).toContain('<file id="code.410">');
    expect(exchanged.stdout).toMatch(/^msgctxt "code\.410#whenYouSeeIt"$/m);
    expect(exchanged.stdout).toMatch(/^Imported 1 unit\(s\) as draft into the database/m);
    expect(exchanged.stdout).toMatch(/^Imported 1 unit\(s\) as published into the database/m);

    // The same over HTTP, with the reviewer's token where the doc has its placeholder.
    expect(exchangeHttp).toMatch(/^TOKEN=sa_… /m);
    const server = await startServer(["--no-import"], { DATABASE_URL: walk.db.url });
    try {
      const overHttp = await run(
        walk,
        exchangeHttp!.replace(/^TOKEN=sa_….*$/m, `TOKEN=${rita}`).replaceAll("http://localhost:4000", server.url),
      );
      expect(readFileSync(path.join(walk.dir, "vi.xlf"), "utf8")).toMatch(/^<xliff [^>]*trgLang="vi"/);
      expect(JSON.parse(overHttp.stdout)).toMatchObject({ locale: "vi", state: "draft" });
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }

    const stamped = await run(walk, stamp!);
    expect(stamped.stdout).toMatch(/^Stamped \d+ translation\(s\) in the database\.$/m);
  });
});

describe("docs/workbench.md and docs/http-api.md's token and webhook lines", () => {
  const walk = useWalk({ imported: true });

  it("creates the workbench's tokens, each printed alone", { timeout: 120_000 }, async () => {
    const blocks = codeBlocks(readDoc("docs/workbench.md"));
    expect(blocks.length).toBe(2);
    const { stdout } = await run(walk, blocks.join("\n"));
    expect(stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^sa_[\w-]{43}$/),
      expect.stringMatching(/^sa_[\w-]{43}$/),
      expect.stringMatching(/^sa_[\w-]{43}$/),
    ]);
  });

  it("creates, lists and revokes tokens, and adds, lists and removes a webhook", { timeout: 120_000 }, async () => {
    const [tokens] = blocksOf("docs/http-api.md", "## Tokens and roles");
    const [webhooks] = blocksOf("docs/http-api.md", "## Webhooks");
    // Other names than workbench.md's: this database already holds its ana.
    const { stdout } = await run(walk, tokens!.replaceAll("--name ana", "--name ana2"));
    expect(stdout).toMatch(/^ana2 +translator +vi +sa_/m);
    expect(stdout).toMatch(/^lead +admin +- +sa_/m);

    // `whs_…` is the id `webhooks add` printed.
    const script = webhooks!.replace(
      /^(npx status-atlas webhooks remove )whs_…/m,
      "$1$(npx status-atlas webhooks list | grep -o '^whs_[A-Za-z0-9_-]*')",
    );
    const hooks = await run(walk, script);
    expect(hooks.stdout).toMatch(/^Added webhook whs_/m);
    expect(hooks.stdout).toMatch(/^whs_\S+ +https:\/\/ci\.example\.com\/hooks\/status-atlas +content\.published/m);
    expect(hooks.stdout).toMatch(/^Removed webhook whs_/m);
  });

  it("releases over HTTP: each POST of the block answers 202 with its job, sent once the last job finished", {
    timeout: 240_000,
  }, async () => {
    const [releases] = blocksOf("docs/http-api.md", "## Content releases over HTTP");
    // The block's alternatives, split where its comments say "... or", as the text before it says to send them.
    const parts = releases!.split(/^(?=# \.\.\. or )/m);
    expect(parts.length).toBe(3);
    const token = await createToken(walk.db, { role: "admin", name: "release-bot" });
    const server = await startServer(["--no-import"], { DATABASE_URL: walk.db.url });
    try {
      for (const part of parts) {
        const script = `TOKEN=${token}\n${part.replace(/^TOKEN=sa_….*$/m, "")}`.replaceAll(
          "http://localhost:4000",
          server.url,
        );
        const { stdout } = await run(walk, script);
        expect(stdout).toMatch(/^HTTP\/1\.1 202/);
        const location = /^location: (\/imports\/imp_\S+)/im.exec(stdout)?.[1];
        expect(location, stdout).toBeTruthy();
        const status = async () =>
          ((await (await fetch(`${server.url}${location}`, { headers: bearer(token) })).json()) as { status: string })
            .status;
        await expect.poll(status, { timeout: 60_000, interval: 200 }).toBe("SUCCEEDED");
      }
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });
});
