// Who is asking, over HTTP: 401 when a token is needed and missing or any sent token is unusable, 403
// when a valid token lacks the permission (RFC 9110 §15.5.2, §15.5.4; RFC 6750 §3), and the
// production limits on introspection and GraphiQL.
import SchemaBuilder from "@pothos/core";
import RelayPlugin, { encodeGlobalID } from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { createYoga } from "graphql-yoga";
import { beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../../src/auth/access.ts";
import type { Viewer } from "../../src/auth/roles.ts";
import { revokeToken } from "../../src/auth/store.ts";
import { scopesOf } from "../../src/builder.ts";
import { useMutationAuthorization } from "../../src/http/mutation-authorization.ts";
import { createTestServer, useSeededServer, type TestServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const seeded = useSeededServer();
let production: TestServer;
const tokens = {} as Record<"admin" | "translatorVi" | "translatorFr", string>;
beforeAll(async () => {
  production = createTestServer(seeded.db, { introspection: "admin", graphiql: "admin" });
  tokens.admin = await createToken(seeded.db, { role: "admin" });
  tokens.translatorVi = await createToken(seeded.db, { role: "translator", locales: ["vi"] });
  tokens.translatorFr = await createToken(seeded.db, { role: "translator", locales: ["fr"] });
  return () => production.close();
});

const PUBLIC = `{ statusCode(code: 404, locale: "en") { title } }`;
const TASKS = `{ translationTasks(locale: "vi", first: 1) { totalCount } }`;
const post = (query: string, headers: Record<string, string> = {}, server = () => seeded.server) =>
  server().yoga.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
const codeOf = async (response: Response) =>
  ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;

describe("a request without a token", () => {
  it("reads published content", async () => {
    const response = await post(PUBLIC);
    expect(response.status).toBe(200);
    expect(response.headers.get("www-authenticate")).toBeNull();
  });

  it("gets 401 where a token is needed, with a challenge naming the realm and no error code (RFC 6750 §3.1)", async () => {
    const response = await post(TASKS);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="status-atlas"');
    expect(await codeOf(response)).toBe("UNAUTHENTICATED");
  });
});

describe("a valid token", () => {
  it("is accepted whatever the case of the scheme", async () => {
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      const response = await post(TASKS, { authorization: `${scheme} ${tokens.translatorVi}` });
      expect(response.status, scheme).toBe(200);
    }
  });

  it("gets 403 naming the missing permission when its role or locales do not grant it", async () => {
    const response = await post(TASKS, bearer(tokens.translatorFr));
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer realm="status-atlas", error="insufficient_scope", scope="translate:vi"',
    );
    const body = (await response.json()) as any;
    expect(body.errors[0]).toMatchObject({
      extensions: { code: "FORBIDDEN" },
      message: expect.stringContaining("needs translate permission for locale vi"),
    });
    // The status and headers go to HTTP, not into the body.
    expect(body.errors[0].extensions.http).toBeUndefined();
  });

  it("costs one query on the token's hash, and is never answered from or stored in a shared cache", async () => {
    seeded.db.statements.length = 0;
    const response = await post(PUBLIC, bearer(tokens.admin));
    // One read of the token; its last use is recorded apart (an UPDATE at most once a minute, not awaited).
    expect(seeded.db.statements.filter((sql) => /ApiToken/i.test(sql) && /^\s*SELECT/i.test(sql))).toHaveLength(1);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("etag")).toBeNull();
  });
});

describe("an unusable token", () => {
  const invalid = (description: string) =>
    `Bearer realm="status-atlas", error="invalid_token", error_description="${description}"`;

  it("gets 401 invalid_token even on a public read: unknown, revoked, or not shaped like ours (RFC 6750 §3.1)", async () => {
    const unknown = await post(PUBLIC, bearer(`sa_${"A".repeat(43)}`));
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toBe(invalid("The token is unknown or revoked."));
    expect(unknown.headers.get("cache-control")).toBe("private, no-store");
    expect(await codeOf(unknown)).toBe("UNAUTHENTICATED");

    const foreign = await post(PUBLIC, bearer("ghp_not-one-of-ours"));
    expect(foreign.status).toBe(401);
    expect(foreign.headers.get("www-authenticate")).toBe(
      invalid("The token is malformed: Status Atlas tokens start with sa_."),
    );
  });

  it("stops working as soon as it is revoked", async () => {
    const token = await createToken(seeded.db, { role: "editor", name: "leaving-soon" });
    expect((await post(PUBLIC, bearer(token))).status).toBe(200);
    expect(await revokeToken(seeded.db.prisma, "leaving-soon", new Date())).toBe(true);
    const response = await post(PUBLIC, bearer(token));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("gets 401 for a Bearer header without exactly one token, without looking anything up", async () => {
    for (const authorization of [
      "Bearer",
      "Bearer ",
      `Bearer ${tokens.admin} ${tokens.admin}`,
      `Bearer ${tokens.admin}, Bearer ${tokens.admin}`,
    ]) {
      seeded.db.statements.length = 0;
      const response = await post(PUBLIC, { authorization });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
      expect(seeded.db.statements.filter((sql) => /ApiToken/i.test(sql))).toEqual([]);
    }
  });

  it("gets 401 for another scheme, with a plain Bearer challenge: it sent no Bearer credentials (RFC 6750 §3.1)", async () => {
    const response = await post(PUBLIC, { authorization: "Basic YWxhZGRpbjpvcGVuc2VzYW1l" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="status-atlas"');
    expect(await codeOf(response)).toBe("UNAUTHENTICATED");
  });
});

describe("introspection and GraphiQL in production", () => {
  const INTROSPECTION = `{ __schema { queryType { name } } }`;

  it("answer admins only: 401 anonymous, 403 for other roles", async () => {
    const anonymous = await post(INTROSPECTION, {}, () => production);
    expect(anonymous.status).toBe(401);
    expect(await codeOf(anonymous)).toBe("UNAUTHENTICATED");
    const translator = await post(`{ __type(name: "Query") { name } }`, bearer(tokens.translatorVi), () => production);
    expect(translator.status).toBe(403);
    expect(((await translator.json()) as any).errors[0].message).toContain("needs admin permission");
    const admin = await post(INTROSPECTION, bearer(tokens.admin), () => production);
    expect(((await admin.json()) as any).data.__schema.queryType.name).toBe("Query");
  });

  it("are decided per request, whatever was validated before for the same document", async () => {
    const document = `{ __schema { mutationType { name } } }`;
    for (const [headers, status] of [
      [bearer(tokens.admin), 200],
      [{}, 401],
      [bearer(tokens.admin), 200],
      [bearer(tokens.translatorVi), 403],
    ] as const) {
      expect((await post(document, headers, () => production)).status).toBe(status);
    }
  });

  it("still answer __typename, which clients add to every selection", async () => {
    const response = await post(`{ __typename }`, {}, () => production);
    expect(((await response.json()) as any).data).toEqual({ __typename: "Query" });
  });

  it("serve the GraphiQL page to an admin's token only", async () => {
    const page = (headers: Record<string, string>) =>
      production.yoga.fetch("http://localhost/graphql", { headers: { accept: "text/html", ...headers } });
    const admin = await page(bearer(tokens.admin));
    expect(admin.status).toBe(200);
    expect(admin.headers.get("content-type")).toContain("text/html");
    // The page answered a token: no cache may keep it (RFC 9111 §5.2.2.5, §5.2.2.7).
    expect(admin.headers.get("cache-control")).toBe("private, no-store");
    // Others get a short page saying an admin's token is needed, never GraphiQL (test/http/first-contact.test.ts).
    const anonymous = await page({});
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain("GraphiQL</title>");
    const translator = await page(bearer(tokens.translatorVi));
    expect(translator.status).toBe(403);
    expect(await translator.text()).toContain("GraphiQL needs an admin's token");
  });

  it("stay open in development", async () => {
    const response = await post(INTROSPECTION);
    expect(((await response.json()) as any).data.__schema.queryType.name).toBe("Query");
  });
});

describe("a mutation with several root fields", () => {
  // A schema of its own, declaring scopes as src/schema/ does, so this holds for every mutation to come.
  const writes: string[] = [];
  const builder = new SchemaBuilder<{
    Context: { viewer: Viewer | null };
    AuthScopes: { admin: boolean; edit: boolean; translate: string; review: string };
  }>({
    plugins: [ScopeAuthPlugin, RelayPlugin],
    scopeAuth: { authScopes: scopesOf, unauthorizedError: (_parent, context) => refusal(context.viewer, []) },
    relay: {},
  });
  builder.queryType({ fields: (t) => ({ ok: t.boolean({ resolve: () => true }) }) });
  builder.mutationType({
    fields: (t) => ({
      edit: t.string({ authScopes: { edit: true }, resolve: () => (writes.push("edit"), "edited") }),
      review: t.string({
        args: { locale: t.arg.string({ required: true }) },
        authScopes: (_root, args) => ({ review: args.locale }),
        resolve: (_root, args) => (writes.push(`review:${args.locale}`), "reviewed"),
      }),
      // The scope reads a decoded global id, as it would during execution: the check sees mapped arguments.
      publish: t.string({
        args: { unit: t.arg.globalID({ required: true }) },
        authScopes: (_root, args) => ({ review: args.unit.id.split("@")[1]! }),
        resolve: (_root, args) => (writes.push(`publish:${args.unit.id}`), "published"),
      }),
    }),
  });
  const viewers: Record<string, Viewer> = {
    editor: { tokenId: 1, name: "ed", role: "editor", locales: [] },
    reviewerVi: { tokenId: 2, name: "rv", role: "reviewer", locales: ["vi"] },
  };
  const yoga = createYoga({
    schema: builder.toSchema(),
    context: ({ request }) => ({ viewer: viewers[request.headers.get("x-viewer") ?? ""] ?? null }),
    plugins: [useMutationAuthorization(scopesOf)],
  });
  const run = async (query: string, viewer?: string, variables: object = {}) => {
    writes.length = 0;
    const response = await yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...(viewer ? { "x-viewer": viewer } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it("runs none of them when one is refused: 403, the refused field named at its path", async () => {
    const { status, body } = await run(`mutation { edit second: review(locale: "vi") }`, "editor");
    expect(status).toBe(403);
    expect(writes).toEqual([]);
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({
      path: ["second"],
      extensions: { code: "FORBIDDEN" },
      message: expect.stringContaining("review permission for locale vi"),
    });
  });

  it("reports every refused field, and 401 when there is no token", async () => {
    const { status, body } = await run(`mutation($locale: String!) { edit review(locale: $locale) }`, undefined, {
      locale: "vi",
    });
    expect(status).toBe(401);
    expect(writes).toEqual([]);
    expect(body.errors.map((e: any) => [e.path[0], e.extensions.code])).toEqual([
      ["edit", "UNAUTHENTICATED"],
      ["review", "UNAUTHENTICATED"],
    ]);
  });

  it("sees fields through fragments and honours @skip, as execution would", async () => {
    const refused = await run(
      `mutation { ...Both } fragment Both on Mutation { review(locale: "vi") ... on Mutation { edit } }`,
      "reviewerVi",
    );
    expect(refused.status).toBe(403);
    expect(writes).toEqual([]);
    const allowed = await run(`mutation { edit @skip(if: true) review(locale: "vi") }`, "reviewerVi");
    expect(allowed.status).toBe(200);
    expect(writes).toEqual(["review:vi"]);
  });

  it("decides on arguments as the resolver gets them (a Relay global id decoded)", async () => {
    const unit = (locale: string) => encodeGlobalID("Unit", `code.404@${locale}`);
    const refused = await run(`mutation($unit: ID!) { review(locale: "vi") publish(unit: $unit) }`, "reviewerVi", {
      unit: unit("fr"),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].message).toContain("review permission for locale fr");
    expect(writes).toEqual([]);
    const allowed = await run(`mutation($unit: ID!) { publish(unit: $unit) }`, "reviewerVi", { unit: unit("vi") });
    expect(allowed.status).toBe(200);
    expect(writes).toEqual(["publish:code.404@vi"]);
  });

  it("runs them all when every one is allowed", async () => {
    const { status } = await run(`mutation { edit }`, "editor");
    expect(status).toBe(200);
    expect(writes).toEqual(["edit"]);
  });
});
