// `status-atlas tokens create | list | revoke`, run as an admin would: the built CLI in a child process
// on the test's own database.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../src/auth/tokens.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";
import { createTestServer, type TestServer } from "../helpers/graphql.ts";
import { CLI } from "../helpers/processes.ts";

let db: TestDatabase;
let server: TestServer;
beforeAll(async () => {
  db = await createTestDatabase();
  expect((await runImport(db, { dir: SEEDS_DIR })).ok).toBe(true);
  server = createTestServer(db);
});
afterAll(async () => {
  await server.close();
  await db.close();
});

type Run = { code: number; stdout: string; stderr: string };
async function tokens(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, "tokens", ...args], {
      env: { ...process.env, DATABASE_URL: db.url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const TASKS = `{ translationTasks(locale: "vi", first: 1) { totalCount } }`;
const statusWith = async (token: string) =>
  (
    await server.yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: TASKS }),
    })
  ).status;

describe("tokens create", () => {
  it("prints the token once, alone on stdout, and stores only its hash", async () => {
    const run = await tokens("create", "--name", "ana", "--role", "translator", "--locale", "vi");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^sa_[A-Za-z0-9_-]{43}\n$/);
    expect(run.stderr).toContain('Created translator token "ana" for vi. It is shown this once');
    const token = run.stdout.trim();
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { name: "ana" } });
    expect(row).toMatchObject({
      hash: hashToken(token),
      role: "translator",
      locales: '["vi"]',
      prefix: token.slice(0, 9),
      revokedAt: null,
    });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await statusWith(token)).toBe(200);
  });

  it("refuses command-line mistakes with exit 2: an unknown role (suggesting the closest), locales missing or not applicable, a bad name, an unknown flag", async () => {
    const cases: [string[], string][] = [
      [
        ["--name", "x", "--role", "reviwer", "--locale", "vi"],
        '--role: unknown role "reviwer": did you mean reviewer? (roles: admin, editor, reviewer, translator)',
      ],
      [
        ["--name", "x", "--role", "translator"],
        "--locale: a translator works in the locales the token names; give at least one, e.g. --locale vi",
      ],
      [
        ["--name", "x", "--role", "editor", "--locale", "vi"],
        "--locale: an editor token is not limited to locales; leave --locale out",
      ],
      [["--name", "two words", "--role", "admin"], '--name: "two words" is not a token name'],
      [
        ["--name", "x", "--role", "admin", "--locales", "vi"],
        "Unknown option --locales for status-atlas tokens create: did you mean --locale?",
      ],
    ];
    for (const [args, message] of cases) {
      const run = await tokens("create", ...args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stdout).not.toMatch(/sa_/);
    }
    expect(await db.prisma.apiToken.count({ where: { name: "x" } })).toBe(0);
  });

  it("refuses a locale the database does not have, suggesting the closest, and the source locale, with exit 1", async () => {
    const unknown = await tokens("create", "--name", "bao", "--role", "reviewer", "--locale", "vn");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--locale: unknown locale "vn": did you mean vi? (locales in the database: vi)');
    const english = await tokens("create", "--name", "bao", "--role", "translator", "--locale", "vi,en");
    expect(english.code).toBe(1);
    expect(english.stderr).toContain('"en" is the source locale: English is changed with an editor token');
    expect(await db.prisma.apiToken.count({ where: { name: "bao" } })).toBe(0);
  });

  it("refuses a name already taken, with exit 1", async () => {
    expect((await tokens("create", "--name", "cam", "--role", "editor")).code).toBe(0);
    const again = await tokens("create", "--name", "cam", "--role", "admin");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('A token named "cam" already exists');
    expect(again.stdout).toBe("");
  });
});

describe("tokens list and revoke", () => {
  it("lists name, role, locales, prefix and dates, never a token or a hash", async () => {
    const token = (
      await tokens("create", "--name", "dung", "--role", "reviewer", "--locale", "vi", "--locale=vi")
    ).stdout.trim();
    const list = await tokens("list");
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout.trim().split("\n");
    expect(header!.split(/\s+/)).toEqual(["NAME", "ROLE", "LOCALES", "PREFIX", "CREATED", "REVOKED"]);
    const row = rows.find((line) => line.startsWith("dung "))!;
    expect(row.split(/\s+/)).toEqual([
      "dung",
      "reviewer",
      "vi",
      `${token.slice(0, 9)}…`,
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      "-",
    ]);
    expect(list.stdout).not.toContain(token);
    expect(list.stdout).not.toContain(hashToken(token));
  });

  it("revokes by name: the token gets 401 from the next request on, and stays listed with the time", async () => {
    const token = (await tokens("create", "--name", "em", "--role", "translator", "--locale", "vi")).stdout.trim();
    expect(await statusWith(token)).toBe(200);
    const revoke = await tokens("revoke", "--name", "em");
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toContain('Revoked token "em"');
    expect(await statusWith(token)).toBe(401);
    const row = (await tokens("list")).stdout.split("\n").find((line) => line.startsWith("em "))!;
    expect(row).toMatch(/Z\s+\d{4}-\d\d-\d\dT[\d:]+Z$/);
  });

  it("refuses to revoke an unknown name, suggesting the closest, with exit 1", async () => {
    const run = await tokens("revoke", "--name", "anna");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No token named "anna": did you mean ana?');
  });
});

describe("TRANSLATOR_TOKEN", () => {
  it("stops start-up with exit 2 (a bad environment), saying it is gone and how to create a token instead", async () => {
    const run = await promisify(execFile)(process.execPath, [CLI, "start"], {
      env: { ...process.env, DATABASE_URL: db.url, TRANSLATOR_TOKEN: "an-old-shared-secret-0123" },
    }).catch((error: Run) => error);
    expect(run).toMatchObject({ code: 2 });
    expect(run.stderr).toContain("TRANSLATOR_TOKEN: is no longer supported");
    expect(run.stderr).toContain("status-atlas tokens create --name <name> --role translator --locale <locale>");
  });
});
