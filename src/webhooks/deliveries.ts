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

/**
 * `take` deliveries to the subscription after the delivery `after` (a key, not an offset: deliveries queued
 * meanwhile do not shift a page); null when `after` names no delivery of that subscription.
 */
export async function listDeliveries(db: Database, { subscriptionId, after, take }: { subscriptionId: string; after?: string | null; take: number }): Promise<DeliveryView[] | null> {
  return db.readSnapshot(async (tx) => {
    let where = {};
    if (after) {
      const cursor = await tx.webhookDelivery.findFirst({ where: { id: after, subscriptionId }, select: { id: true, createdAt: true } });
      if (!cursor) return null;
      // One event makes rows with one createdAt, so ties are ordered by id: none skipped, none repeated.
      where = { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] };
    }
    return tx.webhookDelivery.findMany({
      where: { subscriptionId, ...where },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
      select: { id: true, subscriptionId: true, event: true, status: true, attempts: true, lastStatus: true, lastError: true, createdAt: true, nextAttemptAt: true, deliveredAt: true },
    });
  });
}
