// The delivery log as an admin reads it: a subscription's WebhookDelivery rows (the outbox keeps them once
// sent), newest first, without the payloads.
import type { Database } from "../db/database.ts";

export type DeliveryView = {
  /** The webhook-id header: the same on every retry. */
  id: string;
  subscriptionId: string;
  event: string;
  /** PENDING, DELIVERED or FAILED (given up). */
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
};

/** The columns a DeliveryView is read from: everything but the payload and the claim. */
const DELIVERY_VIEW = {
  id: true,
  subscriptionId: true,
  event: true,
  status: true,
  attempts: true,
  lastStatus: true,
  lastError: true,
  createdAt: true,
  nextAttemptAt: true,
  deliveredAt: true,
} as const satisfies Record<keyof DeliveryView, true>;

/**
 * `take` deliveries to the subscription after the delivery `after` (a key, not an offset: deliveries queued
 * meanwhile do not shift a page); null when `after` names no delivery of that subscription.
 */
export async function listDeliveries(
  db: Database,
  { subscriptionId, after, take }: { subscriptionId: string; after?: string | null; take: number },
): Promise<DeliveryView[] | null> {
  return db.readSnapshot(async (tx) => {
    let where = {};
    if (after) {
      const cursor = await tx.webhookDelivery.findFirst({
        where: { id: after, subscriptionId },
        select: { id: true, createdAt: true },
      });
      if (!cursor) return null;
      // One event makes rows with one createdAt, so ties are ordered by id: none skipped, none repeated.
      where = { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] };
    }
    return tx.webhookDelivery.findMany({
      where: { subscriptionId, ...where },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
      select: DELIVERY_VIEW,
    });
  });
}

export type RedeliverOutcome =
  | { ok: true; delivery: DeliveryView }
  | { ok: false; code: "NOT_FOUND" | "CONFLICT"; message: string };

/**
 * Sends one logged event again: the row becomes PENDING and due now, keeping its webhook-id (a receiver that
 * already took it may de-duplicate, as for any retry) and its attempts so far. The worker then delivers it like
 * any other, with a fresh signature. Refused while a worker is sending it, or when its subscription is gone or
 * disabled (the worker would only fail it).
 */
export async function redeliver(db: Database, id: string, now: Date): Promise<RedeliverOutcome> {
  return db.write(async (tx) => {
    const row = await tx.webhookDelivery.findUnique({
      where: { id },
      select: { subscriptionId: true, claimedUntil: true },
    });
    if (!row) return { ok: false, code: "NOT_FOUND", message: `No webhook delivery ${id}.` };
    const subscription = await tx.webhookSubscription.findUnique({
      where: { id: row.subscriptionId },
      select: { disabledAt: true },
    });
    if (!subscription)
      return { ok: false, code: "CONFLICT", message: `Delivery ${id} cannot be sent again: its webhook was removed.` };
    if (subscription.disabledAt)
      return { ok: false, code: "CONFLICT", message: `Delivery ${id} cannot be sent again: its webhook is disabled.` };
    if (row.claimedUntil && row.claimedUntil > now)
      return {
        ok: false,
        code: "CONFLICT",
        message: `Delivery ${id} is being sent right now; try again when it has finished.`,
      };
    const delivery = await tx.webhookDelivery.update({
      where: { id },
      data: { status: "PENDING", nextAttemptAt: now, deliveredAt: null, claimedBy: null, claimedUntil: null },
      select: DELIVERY_VIEW,
    });
    return { ok: true, delivery };
  });
}
