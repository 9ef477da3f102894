// The transactional outbox: an event becomes one delivery row per subscription that wants it, written with
// the transaction that made the event happen. If that transaction rolls back, no event was ever announced;
// if it commits, the rows are there for a delivery worker however soon after the process dies. Part of the
// write path (src/write/): imports and edits (pipeline/apply.ts) and import jobs (jobs/store.ts) write
// through it, and src/webhooks/ below it only defines the events and sends them.
import type { Tx } from "../db/database.ts";
import { contentPublished, eventBody, type PublishedChanges, type WebhookEvent } from "../webhooks/events.ts";
import { createWebhookId } from "../webhooks/signature.ts";

/** Queues `type` for every enabled subscription to it; returns the delivery ids (none when nobody subscribed). */
export async function enqueueEvent(
  tx: Tx,
  type: WebhookEvent,
  data: unknown,
  now: Date = new Date(),
): Promise<string[]> {
  const subscriptions = await tx.webhookSubscription.findMany({
    where: { disabledAt: null },
    select: { id: true, events: true },
  });
  const wanting = subscriptions.filter((s) => (JSON.parse(s.events) as string[]).includes(type));
  if (wanting.length === 0) return [];
  const payload = eventBody(type, data, now);
  const rows = wanting.map((s) => ({
    id: createWebhookId(),
    subscriptionId: s.id,
    event: type,
    payload,
    nextAttemptAt: now,
    status: "PENDING",
  }));
  await tx.webhookDelivery.createMany({ data: rows });
  return rows.map((r) => r.id);
}

/** content.published for what a plan changed, at the content version its transaction claimed. */
export async function enqueueContentPublished(tx: Tx, version: number, plan: PublishedChanges): Promise<void> {
  const data = contentPublished(version, plan);
  if (data) await enqueueEvent(tx, "content.published", data);
}
