import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createImportRunner } from "../../src/releases/runner.ts";
import { cancelImportJob, startImportJob } from "../../src/releases/store.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { retryDelay } from "../../src/webhooks/deliver.ts";
import { addSubscription } from "../../src/webhooks/subscriptions.ts";
import { createWebhookWorker, type WebhookWorkerOptions } from "../../src/webhooks/worker.ts";
import { copyContent, createTestDatabase, FIXTURES_DIR, type TestDatabase } from "../helpers/database.ts";

const CONTENT_MIN = path.join(FIXTURES_DIR, "content-min");
// The receiver listens on 127.0.0.1, so deliveries to it need loopback allowed.
const POLICY = { allowLoopback: true };

// A receiver answering each path with that status: /ok 204, /fail 500, /bad 400.
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
let receiver: Server;
let base: string;
beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(req.url === "/ok" ? 204 : req.url === "/fail" ? 500 : 400).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
  received.length = 0;
});
afterEach(async () => {
  await db.close();
});

async function subscribe(pathname: string, events = "content.published,import.succeeded,import.failed") {
  const added = await addSubscription(db, { url: `${base}${pathname}`, events }, POLICY);
  if (!added.ok) throw new Error(added.message);
  return added;
}

const worker = (options: Partial<WebhookWorkerOptions> = {}) =>
  createWebhookWorker({ db, policy: POLICY, random: () => 0.5, ...options });
const deliveries = () => db.prisma.webhookDelivery.findMany({ orderBy: { createdAt: "asc" } });

describe("content.published, from the transactional outbox", () => {
  it("is written in the import's transaction and delivered signed, as a Standard Webhooks receiver verifies it", async () => {
    const { secret } = await subscribe("/ok");
    await runImport(db, { dir: CONTENT_MIN });
    const [row] = await deliveries();
    expect(row).toMatchObject({ event: "content.published", status: "PENDING", attempts: 0 });

    expect(await worker().runOnce()).toBe(1);
    expect(received).toHaveLength(1);
    const verified = new Webhook(secret).verify(received[0]!.body, received[0]!.headers as Record<string, string>) as {
      type: string;
      data: any;
    };
    expect(verified).toMatchObject({
      type: "content.published",
      data: { contentVersion: 1, codes: [200, 404, 410], purgeKeys: ["content"] },
    });
    expect(verified.data.units).toContainEqual({ unit: "code:410", action: "create" });
    expect(received[0]!.headers["webhook-id"]).toBe(row!.id);
    expect(await deliveries()).toMatchObject([
      { status: "DELIVERED", attempts: 1, lastStatus: 204, deliveredAt: expect.any(Date) },
    ]);
  });

  it("is never written when the content's transaction rolls back", async () => {
    await subscribe("/ok");
    const failing = runImport(db, {
      dir: CONTENT_MIN,
      beforeCommit: async () => Promise.reject(new Error("crash before commit")),
    });
    await expect(failing).rejects.toThrow("crash before commit");
    expect(await deliveries()).toEqual([]);
  });

  it("is not written for an import that changes nothing", async () => {
    await runImport(db, { dir: CONTENT_MIN });
    await subscribe("/ok");
    await runImport(db, { dir: CONTENT_MIN });
    expect(await deliveries()).toEqual([]);
  });
});

describe("import.succeeded, import.failed and import.cancelled", () => {
  it("announce an import job's outcome with the job", async () => {
    await subscribe("/ok", "import.succeeded,import.failed,import.cancelled");
    const runner = createImportRunner({ db, contentDir: CONTENT_MIN });
    const { job } = await startImportJob(
      db,
      { dryRun: false, prune: false, source: "folder", createdBy: "test" },
      { owner: runner.owner },
    );
    await runner.run(job.id);
    const broken = copyContent(CONTENT_MIN);
    const failingRunner = createImportRunner({ db, contentDir: path.join(broken, "nowhere") });
    const failed = await startImportJob(
      db,
      { dryRun: false, prune: false, source: "folder", createdBy: "test" },
      { owner: failingRunner.owner },
    );
    await failingRunner.run(failed.job.id);
    const cancelled = await startImportJob(
      db,
      { dryRun: false, prune: false, source: "folder", createdBy: "test" },
      { owner: "replica-b" },
    );
    await cancelImportJob(db, cancelled.job.id, "edna");

    const rows = await deliveries();
    expect(rows.map((r) => [r.event, JSON.parse(r.payload).data.id, JSON.parse(r.payload).data.status])).toEqual([
      ["import.succeeded", job.id, "SUCCEEDED"],
      ["import.failed", failed.job.id, "FAILED"],
      ["import.cancelled", cancelled.job.id, "CANCELLED"],
    ]);
  });
});

describe("the delivery worker", () => {
  it("retries after a 500, at the backoff retryDelay gives, and keeps the row pending", async () => {
    await subscribe("/fail");
    await runImport(db, { dir: CONTENT_MIN });
    const sentAt = new Date(Date.now() + 1_000);
    await worker({ now: () => sentAt }).runOnce();
    expect(await deliveries()).toMatchObject([
      {
        status: "PENDING",
        attempts: 1,
        lastStatus: 500,
        nextAttemptAt: new Date(sentAt.getTime() + retryDelay(1, () => 0.5)),
      },
    ]);
    // Not due yet: nothing is sent.
    expect(await worker({ now: () => sentAt }).runOnce()).toBe(0);
    expect(await worker({ now: () => new Date(sentAt.getTime() + 60_000) }).runOnce()).toBe(1);
    expect(received).toHaveLength(2);
    expect(received[0]!.headers["webhook-id"]).toBe(received[1]!.headers["webhook-id"]);
  });

  it("gives up after a 400 without retrying", async () => {
    await subscribe("/bad");
    await runImport(db, { dir: CONTENT_MIN });
    await worker().runOnce();
    expect(await deliveries()).toMatchObject([
      { status: "FAILED", attempts: 1, lastStatus: 400, lastError: "the receiver answered 400" },
    ]);
    expect(await worker({ now: () => new Date(Date.now() + 86_400_000) }).runOnce()).toBe(0);
    expect(received).toHaveLength(1);
  });

  it("disables a subscription after N failures in a row, saying why", async () => {
    const { id } = await subscribe("/fail");
    await runImport(db, { dir: CONTENT_MIN });
    let now = Date.now();
    for (let round = 0; round < 2; round++) {
      await worker({ now: () => new Date(now), disableAfter: 2 }).runOnce();
      now += 3_600_000;
    }
    const subscription = await db.prisma.webhookSubscription.findUniqueOrThrow({ where: { id } });
    expect(subscription).toMatchObject({
      consecutiveFailures: 2,
      disabledAt: expect.any(Date),
      disabledReason: expect.stringContaining("disabled after 2 failed deliveries in a row"),
    });
    // A disabled subscription gets nothing more, and no new events are queued for it.
    await worker({ now: () => new Date(now) }).runOnce();
    expect(received).toHaveLength(2);
    expect(await deliveries()).toMatchObject([
      { status: "FAILED", lastError: expect.stringContaining("the subscription was disabled") },
    ]);
  });

  it("loses nothing across a restart between the commit and the delivery", async () => {
    await subscribe("/ok");
    await runImport(db, { dir: CONTENT_MIN });
    // The process that committed is gone before any worker ran; another opens the database and delivers.
    const restarted = db.openAnother();
    try {
      expect(await createWebhookWorker({ db: restarted, policy: POLICY }).runOnce()).toBe(1);
    } finally {
      await restarted.close();
    }
    expect(received).toHaveLength(1);
    expect(await deliveries()).toMatchObject([{ status: "DELIVERED" }]);
  });

  it("takes over a row claimed by a worker that died, once the claim runs out", async () => {
    await subscribe("/ok");
    await runImport(db, { dir: CONTENT_MIN });
    const [row] = await deliveries();
    await db.prisma.webhookDelivery.update({
      where: { id: row!.id },
      data: { claimedBy: "dead-worker", claimedUntil: new Date(Date.now() + 60_000) },
    });
    expect(await worker().runOnce()).toBe(0);
    expect(await worker({ now: () => new Date(Date.now() + 61_000) }).runOnce()).toBe(1);
    expect(received).toHaveLength(1);
  });

  it("delivers an event once when two replicas' workers run at the same moment", async () => {
    await subscribe("/ok");
    await runImport(db, { dir: CONTENT_MIN });
    const counts = await Promise.all([
      worker({ owner: "replica-a" }).runOnce(),
      worker({ owner: "replica-b" }).runOnce(),
    ]);
    expect(counts.sort()).toEqual([0, 1]);
    expect(received).toHaveLength(1);
  });
});
