// Subscriptions as stored: added with a new secret (returned once), listed without it, removed with their
// pending deliveries. Checks are values: a bad URL or event name comes back as a coded refusal.
import { randomBytes } from "node:crypto";
import type { Database } from "../db/database.ts";
import { checkWebhookUrl, type DestinationPolicy } from "./destination.ts";
import { parseEvents, type WebhookEvent } from "./events.ts";
import { createWebhookSecret } from "./signature.ts";

export type SubscriptionView = {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
  consecutiveFailures: number;
  pending: number;
};

export type AddResult =
  | { ok: true; id: string; secret: string }
  | { ok: false; code: "BAD_URL" | "FORBIDDEN_DESTINATION" | "VALIDATION"; message: string };

export async function addSubscription(
  db: Database,
  input: { url: string; events: string },
  policy: DestinationPolicy,
): Promise<AddResult> {
  const url = checkWebhookUrl(input.url, policy);
  if (!url.ok) return { ok: false, code: url.code === "UNRESOLVABLE" ? "BAD_URL" : url.code, message: url.message };
  const events = parseEvents(input.events);
  if (!events.ok) return { ok: false, code: "VALIDATION", message: events.message };
  const id = `whs_${randomBytes(9).toString("base64url")}`;
  const secret = createWebhookSecret();
  await db.write((tx) =>
    tx.webhookSubscription.create({ data: { id, url: url.url.href, events: JSON.stringify(events.events), secret } }),
  );
  return { ok: true, id, secret };
}

export async function listSubscriptions(db: Database): Promise<SubscriptionView[]> {
  return db.readSnapshot(async (tx) => {
    const [rows, pending] = await Promise.all([
      tx.webhookSubscription.findMany({ orderBy: { createdAt: "asc" }, omit: { secret: true } }),
      tx.webhookDelivery.groupBy({ by: ["subscriptionId"], where: { status: "PENDING" }, _count: { _all: true } }),
    ]);
    const pendingOf = new Map(pending.map((p) => [p.subscriptionId, p._count._all]));
    return rows.map((row) => ({
      ...row,
      events: JSON.parse(row.events) as WebhookEvent[],
      pending: pendingOf.get(row.id) ?? 0,
    }));
  });
}

/** One subscription as `listSubscriptions` shows it (no secret), or null. */
export async function readSubscription(db: Database, id: string): Promise<SubscriptionView | null> {
  return db.readSnapshot(async (tx) => {
    const row = await tx.webhookSubscription.findUnique({ where: { id }, omit: { secret: true } });
    if (!row) return null;
    const pending = await tx.webhookDelivery.count({ where: { subscriptionId: id, status: "PENDING" } });
    return { ...row, events: JSON.parse(row.events) as WebhookEvent[], pending };
  });
}

/** false when there is no such subscription. Its undelivered events go with it; delivered ones stay as the log. */
export async function removeSubscription(db: Database, id: string): Promise<boolean> {
  return db.write(async (tx) => {
    const { count } = await tx.webhookSubscription.deleteMany({ where: { id } });
    await tx.webhookDelivery.deleteMany({ where: { subscriptionId: id, status: "PENDING" } });
    return count === 1;
  });
}
