// API tokens over GraphQL (issue #23): created once with the CLI's own checks, listed with their last use,
// revoked to 401. Who may call these is test/schema/access-matrix.test.ts's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAST_USED_RESOLUTION_MS, lastUseRecorded } from "../../src/auth/store.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createTestServer, type TestServer } from "../helpers/graphql.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { SEEDS_DIR } from "../helpers/database.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const CREATE = `mutation($input: CreateTokenInput!) { createToken(input: $input) { token apiToken { name role locales prefix createdAt lastUsedAt revokedAt } } }`;
const LIST = `{ tokens { name role locales prefix lastUsedAt revokedAt } }`;
const REVOKE = `mutation($name: String!) { revokeToken(input: { name: $name }) { apiToken { name revokedAt } } }`;

let db: TestDatabase;
let server: TestServer;
let admin: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  const report = await runImport(db, { dir: SEEDS_DIR });
  if (!report.ok) throw new Error("seed import failed");
  server = createTestServer(db);
  admin = bearer(await createToken(db, { role: "admin" }));
});
afterAll(async () => {
  await server.close();
  await db.close();
});

const status = async (token: string) =>
  (
    await server.yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(token) },
      body: JSON.stringify({ query: "{ contentVersion }" }),
    })
  ).status;

describe("createToken", () => {
  it("answers with the token once; tokens lists it without the token, and records its last use", async () => {
    const created = await server.query<{
      createToken: {
        token: string;
        apiToken: { name: string; role: string; locales: string[]; prefix: string; lastUsedAt: string | null };
      };
    }>(CREATE, { input: { name: "an", role: "REVIEWER", locales: ["vi"] } }, admin);
    expect(created.errors).toBeUndefined();
    const { token, apiToken } = created.data!.createToken;
    expect(token).toMatch(/^sa_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({
      name: "an",
      role: "REVIEWER",
      locales: ["vi"],
      prefix: token.slice(0, 9),
      lastUsedAt: null,
    });
    expect(await status(token)).toBe(200);
    await lastUseRecorded();
    expect((await db.prisma.apiToken.findUnique({ where: { name: "an" } }))!.lastUsedAt).not.toBeNull();
    const listed = await server.query<{ tokens: { name: string; lastUsedAt: string | null }[] }>(LIST, {}, admin);
    expect(JSON.stringify(listed.data)).not.toContain(token);
    expect(listed.data!.tokens.find((t) => t.name === "an")!.lastUsedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("records a use at most once a minute, so a busy token is not a write per request", async () => {
    const created = await server.query<{ createToken: { token: string } }>(
      CREATE,
      { input: { name: "binh", role: "EDITOR" } },
      admin,
    );
    const { token } = created.data!.createToken;
    await status(token);
    await lastUseRecorded();
    const first = (await db.prisma.apiToken.findUnique({ where: { name: "binh" } }))!.lastUsedAt!;
    expect(first).not.toBeNull();
    await status(token);
    await lastUseRecorded();
    expect((await db.prisma.apiToken.findUnique({ where: { name: "binh" } }))!.lastUsedAt).toEqual(first);
    // Once the stored time is older than the resolution, the next use moves it.
    await db.prisma.apiToken.update({
      where: { name: "binh" },
      data: { lastUsedAt: new Date(Date.now() - LAST_USED_RESOLUTION_MS - 1000) },
    });
    await status(token);
    await lastUseRecorded();
    expect(
      (await db.prisma.apiToken.findUnique({ where: { name: "binh" } }))!.lastUsedAt!.getTime(),
    ).toBeGreaterThanOrEqual(first.getTime());
  });

  it.each([
    [{ name: "two words", role: "ADMIN" }, "name", /is not a token name/],
    [{ name: "cuong", role: "TRANSLATOR" }, "locales", /give at least one, e\.g\. \["vi"\]/],
    [{ name: "cuong", role: "EDITOR", locales: ["vi"] }, "locales", /not limited to locales; give none/],
    [{ name: "cuong", role: "TRANSLATOR", locales: ["vn"] }, "locales", /unknown locale "vn": did you mean vi\?/],
    [{ name: "cuong", role: "TRANSLATOR", locales: ["en"] }, "locales", /"en" is the source locale/],
  ])(
    "refuses %j with VALIDATION naming the field %s, as the CLI does, and stores nothing",
    async (input, field, message) => {
      const refused = await server.query(CREATE, { input }, admin);
      expect(refused.errors?.[0]).toMatchObject({
        message: expect.stringMatching(message),
        extensions: { code: "VALIDATION", field },
      });
      expect(await db.prisma.apiToken.count({ where: { name: input.name } })).toBe(0);
    },
  );

  it("refuses a name already taken with CONFLICT", async () => {
    await server.query(CREATE, { input: { name: "dao", role: "EDITOR" } }, admin);
    const again = await server.query(CREATE, { input: { name: "dao", role: "ADMIN" } }, admin);
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: "CONFLICT", field: "name" } });
    expect((await db.prisma.apiToken.findUnique({ where: { name: "dao" } }))!.role).toBe("editor");
  });
});

describe("revokeToken", () => {
  it("revokes by name: the token gets 401 from the next request on, and stays listed with the time", async () => {
    const { token } = (
      await server.query<{ createToken: { token: string } }>(CREATE, { input: { name: "em", role: "EDITOR" } }, admin)
    ).data!.createToken;
    expect(await status(token)).toBe(200);
    const revoked = await server.query<{ revokeToken: { apiToken: { name: string; revokedAt: string } } }>(
      REVOKE,
      { name: "em" },
      admin,
    );
    expect(revoked.data!.revokeToken.apiToken.revokedAt).toMatch(/^\d{4}-/);
    expect(await status(token)).toBe(401);
  });

  it("answers NOT_FOUND for an unknown name, suggesting the closest", async () => {
    const refused = await server.query(REVOKE, { name: "emm" }, admin);
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringContaining("did you mean em?"),
      extensions: { code: "NOT_FOUND", field: "name" },
    });
  });
});
