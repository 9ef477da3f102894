// Sends what the outbox holds. Any number of replicas run a worker; each row is claimed by one of them with
// a conditional update (the row must still be unclaimed, or its claim expired), so one replica delivers a
// given event, and a claim whose worker died runs out and is taken by the next.
import { randomBytes } from "node:crypto";
import type { Database } from "../db/database.ts";
import { silentLogger, type Logger, type OutageLog } from "../logger.ts";
import { deliverWebhook, retryDelay, shouldDisable, type DeliveryRequest, type DeliveryResult } from "./deliver.ts";
import type { DestinationPolicy } from "./destination.ts";
import { signWebhook } from "./signature.ts";

export type WebhookWorkerOptions = {
  db: Database;
  policy: DestinationPolicy;
  owner?: string;
  /** Rows claimed per round. */
  batch?: number;
  /** How long a claim holds: longer than a delivery can take (its timeout is 15 s). */
  claimMs?: number;
  /** Consecutive failed attempts after which a subscription is disabled; 0 never disables. */
  disableAfter?: number;
  /** Attempts after which one delivery is given up (15 retries span up to ~38 hours, deliver.ts). */
  maxAttempts?: number;
  /** Milliseconds between rounds when started with start(). */
  intervalMs?: number;
  now?: () => Date;
  random?: () => number;
  /** The sender; tests replace it to count or fail deliveries without a network. */
  deliver?: (request: DeliveryRequest) => Promise<DeliveryResult>;
  logger?: Logger;
  /** Where a round that could not reach the database is reported (the server's one outage log); else a warning per round. */
  outage?: OutageLog;
};

/**
 * Between rounds. A round that finds nothing due is one indexed read, so a short interval is cheap, and it
 * is most of the time from a release's commit to its webhook (bench/releases.ts measures that).
 */
const INTERVAL_MS = 250;
export const DISABLE_AFTER = 20;
export const MAX_ATTEMPTS = 16;
const CLAIM_MS = 60_000;

export type WebhookWorker = {
  readonly owner: string;
  /** Claims what is due and delivers it; returns how many rows it attempted. */
  runOnce(): Promise<number>;
  /** Runs a round every intervalMs until stop(); rounds never overlap. */
  start(): void;
  stop(): Promise<void>;
};

export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { db, policy, logger = silentLogger } = options;
  const owner = options.owner ?? `webhooks:${process.pid}:${randomBytes(4).toString("hex")}`;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const deliver = options.deliver ?? deliverWebhook;
  const batch = options.batch ?? 20;
  const claimMs = options.claimMs ?? CLAIM_MS;
  const disableAfter = options.disableAfter ?? DISABLE_AFTER;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;

  async function claim(): Promise<string[]> {
    const at = now();
    const due = {
      status: "PENDING",
      nextAttemptAt: { lte: at },
      OR: [{ claimedUntil: null }, { claimedUntil: { lte: at } }],
    };
    // A read first: most rounds find nothing due, and need no write transaction for that.
    if (!(await db.readSnapshot((tx) => tx.webhookDelivery.findFirst({ where: due, select: { id: true } })))) return [];
    return db.write(async (tx) => {
      const candidates = await tx.webhookDelivery.findMany({
        where: due,
        orderBy: { nextAttemptAt: "asc" },
        take: batch,
        select: { id: true },
      });
      const claimed: string[] = [];
      for (const { id } of candidates) {
        // Conditional: on PostgreSQL another replica's claim of the same row makes this match nothing.
        const { count } = await tx.webhookDelivery.updateMany({
          where: { id, ...due },
          data: { claimedBy: owner, claimedUntil: new Date(at.getTime() + claimMs) },
        });
        if (count === 1) claimed.push(id);
      }
      return claimed;
    });
  }

  async function attempt(id: string): Promise<void> {
    const row = await db.readSnapshot((tx) => tx.webhookDelivery.findUnique({ where: { id } }));
    if (!row || row.claimedBy !== owner) return;
    const subscription = await db.readSnapshot((tx) =>
      tx.webhookSubscription.findUnique({ where: { id: row.subscriptionId } }),
    );
    if (!subscription || subscription.disabledAt) {
      const why = subscription
        ? `the subscription was disabled: ${subscription.disabledReason ?? ""}`
        : "the subscription was removed";
      await db.write((tx) =>
        tx.webhookDelivery.updateMany({
          where: { id, claimedBy: owner },
          data: { status: "FAILED", lastError: why, claimedBy: null, claimedUntil: null },
        }),
      );
      return;
    }
    const sentAt = now();
    // Signed at each attempt: receivers refuse timestamps more than five minutes old, and a retry may come hours later.
    const headers = signWebhook(subscription.secret, { id: row.id, timestamp: sentAt, body: row.payload });
    const result = await deliver({ url: subscription.url, headers, body: row.payload, policy });
    const attempts = row.attempts + 1;
    const delivered = result.outcome === "delivered";
    const givenUp = result.outcome === "give-up" || (!delivered && attempts >= maxAttempts);
    const failures = delivered ? 0 : subscription.consecutiveFailures + 1;
    const disable = !delivered && shouldDisable(failures, disableAfter);
    await db.write(async (tx) => {
      await tx.webhookDelivery.updateMany({
        where: { id, claimedBy: owner },
        data: {
          attempts,
          status: delivered ? "DELIVERED" : givenUp ? "FAILED" : "PENDING",
          lastStatus: result.status ?? null,
          lastError: result.error ?? null,
          deliveredAt: delivered ? sentAt : null,
          nextAttemptAt:
            delivered || givenUp ? row.nextAttemptAt : new Date(sentAt.getTime() + retryDelay(attempts, random)),
          claimedBy: null,
          claimedUntil: null,
        },
      });
      await tx.webhookSubscription.update({
        where: { id: subscription.id },
        data: {
          consecutiveFailures: failures,
          ...(disable && !subscription.disabledAt
            ? {
                disabledAt: sentAt,
                disabledReason: `disabled after ${failures} failed deliveries in a row; the last: ${result.error ?? `status ${result.status}`}`,
              }
            : {}),
        },
      });
    });
    if (!delivered)
      logger.warn(
        { deliveryId: id, subscriptionId: subscription.id, status: result.status, outcome: result.outcome },
        `webhook delivery failed: ${result.error ?? ""}`,
      );
  }

  async function runOnce(): Promise<number> {
    const claimed = await claim();
    for (const id of claimed) await attempt(id);
    return claimed.length;
  }

  let timer: NodeJS.Timeout | undefined;
  let round: Promise<unknown> = Promise.resolve();
  return {
    owner,
    runOnce,
    start() {
      const tick = () => {
        round = runOnce()
          .then(
            () => options.outage?.succeeded(),
            (error: unknown) =>
              options.outage
                ? options.outage.failed(error)
                : logger.warn({ err: error }, `webhook delivery round failed: ${(error as Error).message}`),
          )
          .finally(() => {
            if (timer) timer = setTimeout(tick, options.intervalMs ?? INTERVAL_MS).unref();
          });
      };
      timer = setTimeout(tick, 0).unref();
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await round;
    },
  };
}
