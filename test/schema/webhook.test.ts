import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImportRunner, type ImportRunner } from "../../src/releases/runner.ts";
import { schema } from "../../src/schema/index.ts";
import { createTestDatabase, FIXTURES_DIR, type TestDatabase } from "../helpers/database.ts";
import { createTestServer, type TestServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

const WEBHOOK_FIELDS = "id url events createdAt disabledAt disabledReason consecutiveFailures pending";
const ADD = `mutation($input: AddWebhookInput!) { addWebhook(input: $input) { secret webhook { ${WEBHOOK_FIELDS} } } }`;
const LIST = `{ webhooks { ${WEBHOOK_FIELDS} } }`;
const REMOVE = `mutation($id: ID!) { removeWebhook(input: { id: $id }) { removedId } }`;
const DELIVERIES = `query($id: ID!, $first: Int, $after: String) {
  webhookDeliveries(subscriptionId: $id, first: $first, after: $after) {
    edges { cursor node { id event status attempts lastStatus lastError createdAt nextAttemptAt deliveredAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type Added = {
  addWebhook: { secret: string; webhook: { id: string; url: string; events: string[]; pending: number } };
};

let db: TestDatabase;
let runner: ImportRunner;
let server: TestServer;
let admin: Record<string, string>;
let editor: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  runner = createImportRunner({ db, contentDir: path.join(FIXTURES_DIR, "content-min") });
  server = createTestServer(db, { imports: { runner } });
  admin = bearer(await createToken(db, { role: "admin" }));
  editor = bearer(await createToken(db, { role: "editor" }));
});
afterAll(async () => {
  await server.close();
  await db.close();
});

const add = (url: string, events: string[], headers = admin) =>
  server.query<Added>(ADD, { input: { url, events } }, headers);

describe("addWebhook and webhooks", () => {
  it("shows the signing secret once, in addWebhook's answer; webhooks never shows it", async () => {
    const { data, errors } = await add("https://hooks.example.com/status-atlas", [
      "CONTENT_PUBLISHED",
      "IMPORT_FAILED",
    ]);
    expect(errors).toBeUndefined();
    const { secret, webhook } = data!.addWebhook;
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({
      id: expect.stringMatching(/^whs_/),
      url: "https://hooks.example.com/status-atlas",
      events: ["CONTENT_PUBLISHED", "IMPORT_FAILED"],
      pending: 0,
      consecutiveFailures: 0,
      disabledAt: null,
    });

    const listed = await server.query(LIST, {}, admin);
    expect(listed.data!.webhooks).toContainEqual(webhook);
    expect(JSON.stringify(listed)).not.toContain(secret);
    // Not selectable at all: the type has no field that could ever return it.
    expect(Object.keys((schema.getType("Webhook") as { getFields(): object }).getFields())).not.toContain("secret");
    await server.query(REMOVE, { id: webhook.id }, admin);
  });

  it("refuses a URL that is not http(s) with BAD_URL and a private address with FORBIDDEN_DESTINATION, storing nothing", async () => {
    const before = await db.prisma.webhookSubscription.count();
    expect((await add("ftp://hooks.example.com/", ["CONTENT_PUBLISHED"])).errors?.[0]?.extensions).toMatchObject({
      code: "BAD_URL",
      field: "url",
    });
    expect((await add("http://10.0.0.7/hook", ["CONTENT_PUBLISHED"])).errors?.[0]?.extensions).toMatchObject({
      code: "FORBIDDEN_DESTINATION",
      field: "url",
    });
    expect((await add("https://hooks.example.com/", [])).errors?.[0]?.extensions).toMatchObject({
      code: "VALIDATION",
      field: "events",
    });
    expect(await db.prisma.webhookSubscription.count()).toBe(before);
  });

  it("refuses an editor, who may import but not subscribe receivers, with 403 FORBIDDEN", async () => {
    const response = await server.yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...editor },
      body: JSON.stringify({
        query: ADD,
        variables: { input: { url: "https://hooks.example.com/", events: ["CONTENT_PUBLISHED"] } },
      }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      "FORBIDDEN",
    );
    expect((await server.query(LIST, {}, editor)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("removeWebhook", () => {
  it("removes a subscription, and answers NOT_FOUND when it is already gone", async () => {
    const { data } = await add("https://hooks.example.com/gone", ["IMPORT_SUCCEEDED"]);
    const id = data!.addWebhook.webhook.id;
    expect((await server.query(REMOVE, { id }, admin)).data).toEqual({ removeWebhook: { removedId: id } });
    expect(
      (await server.query<{ webhooks: { id: string }[] }>(LIST, {}, admin)).data!.webhooks.map((w) => w.id),
    ).not.toContain(id);
    expect((await server.query(REMOVE, { id }, admin)).errors?.[0]?.extensions).toMatchObject({
      code: "NOT_FOUND",
      field: "id",
    });
  });
});

describe("webhookDeliveries", () => {
  it("lists the deliveries an import queued, newest first, a page at a time, whether or not they were sent", async () => {
    const { data } = await add("https://hooks.example.com/log", ["CONTENT_PUBLISHED", "IMPORT_SUCCEEDED"]);
    const id = data!.addWebhook.webhook.id;

    const started = await server.query<{ startImport: { job: { id: string } } }>(
      `mutation { startImport(input: {}) { job { id } } }`,
      {},
      editor,
    );
    expect(started.errors).toBeUndefined();
    await runner.idle();

    type Page = {
      webhookDeliveries: {
        edges: { cursor: string; node: Record<string, unknown> }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const all = await server.query<Page>(DELIVERIES, { id }, admin);
    expect(all.errors).toBeUndefined();
    // The import's transaction queued content.published with the content and import.succeeded with the job's outcome.
    expect(all.data!.webhookDeliveries.edges.map((e) => e.node.event).sort()).toEqual([
      "CONTENT_PUBLISHED",
      "IMPORT_SUCCEEDED",
    ]);
    for (const { node } of all.data!.webhookDeliveries.edges) {
      // No delivery worker runs here: the rows are the outbox, waiting.
      expect(node).toMatchObject({
        id: expect.stringMatching(/^msg_/),
        status: "PENDING",
        attempts: 0,
        lastStatus: null,
        lastError: null,
        deliveredAt: null,
        nextAttemptAt: expect.any(String),
      });
    }
    const times = all.data!.webhookDeliveries.edges.map((e) => e.node.createdAt as string);
    expect(times).toEqual([...times].sort().reverse());
    const listed = await server.query<{ webhooks: { id: string; pending: number }[] }>(LIST, {}, admin);
    expect(listed.data!.webhooks.find((w) => w.id === id)?.pending).toBe(2);

    const first = await server.query<Page>(DELIVERIES, { id, first: 1 }, admin);
    expect(first.data!.webhookDeliveries.pageInfo.hasNextPage).toBe(true);
    const second = await server.query<Page>(
      DELIVERIES,
      { id, first: 1, after: first.data!.webhookDeliveries.pageInfo.endCursor },
      admin,
    );
    expect(second.data!.webhookDeliveries.pageInfo.hasNextPage).toBe(false);
    expect(
      [...first.data!.webhookDeliveries.edges, ...second.data!.webhookDeliveries.edges].map((e) => e.node.id),
    ).toEqual(all.data!.webhookDeliveries.edges.map((e) => e.node.id));
  });

  it("refuses a cursor that is not one of the subscription's deliveries with VALIDATION, and an editor with FORBIDDEN", async () => {
    const { data } = await add("https://hooks.example.com/other", ["IMPORT_FAILED"]);
    const id = data!.addWebhook.webhook.id;
    expect((await server.query(DELIVERIES, { id, after: "msg_nothing" }, admin)).errors?.[0]?.extensions).toMatchObject(
      { code: "VALIDATION", field: "after" },
    );
    expect((await server.query(DELIVERIES, { id }, editor)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("redeliverWebhook", () => {
  const REDELIVER = `mutation($id: ID!) { redeliverWebhook(input: { deliveryId: $id }) { delivery { id status attempts nextAttemptAt deliveredAt } } }`;
  /** A delivery as the worker leaves it once the receiver took it. */
  async function delivered(url: string): Promise<{ subscriptionId: string; deliveryId: string }> {
    const subscriptionId = (await add(url, ["CONTENT_PUBLISHED"])).data!.addWebhook.webhook.id;
    const deliveryId = `msg_redeliver_${subscriptionId}`;
    await db.prisma.webhookDelivery.create({
      data: {
        id: deliveryId,
        subscriptionId,
        event: "content.published",
        payload: "{}",
        attempts: 1,
        status: "DELIVERED",
        lastStatus: 204,
        deliveredAt: new Date(),
        nextAttemptAt: new Date(0),
      },
    });
    return { subscriptionId, deliveryId };
  }

  it("queues a delivered event to be sent again now, keeping its id and its attempts", async () => {
    const { deliveryId } = await delivered("https://hooks.example.com/again");
    const before = Date.now();
    const again = await server.query<{
      redeliverWebhook: {
        delivery: { id: string; status: string; attempts: number; nextAttemptAt: string; deliveredAt: string | null };
      };
    }>(REDELIVER, { id: deliveryId }, admin);
    expect(again.errors).toBeUndefined();
    expect(again.data!.redeliverWebhook.delivery).toMatchObject({
      id: deliveryId,
      status: "PENDING",
      attempts: 1,
      deliveredAt: null,
    });
    expect(Date.parse(again.data!.redeliverWebhook.delivery.nextAttemptAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("refuses an unknown delivery with NOT_FOUND, one whose webhook was removed with CONFLICT, and an editor with FORBIDDEN", async () => {
    expect((await server.query(REDELIVER, { id: "msg_nothing" }, admin)).errors?.[0]?.extensions).toMatchObject({
      code: "NOT_FOUND",
      field: "deliveryId",
    });
    const { subscriptionId, deliveryId } = await delivered("https://hooks.example.com/gone");
    expect((await server.query(REDELIVER, { id: deliveryId }, editor)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    await server.query(REMOVE, { id: subscriptionId }, admin);
    expect((await server.query(REDELIVER, { id: deliveryId }, admin)).errors?.[0]?.extensions).toMatchObject({
      code: "CONFLICT",
    });
    expect((await db.prisma.webhookDelivery.findUnique({ where: { id: deliveryId } }))!.status).toBe("DELIVERED");
  });
});
