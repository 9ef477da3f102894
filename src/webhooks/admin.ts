// Webhook subscriptions and their delivery log, bound to one server's database and destination policy:
// what GraphQL's admin fields (src/schema/webhook.ts) reach through the context, as the CLI reaches them directly.
import type { Database } from "../db/database.ts";
import type { DestinationPolicy } from "./destination.ts";
import { listDeliveries, redeliver, type DeliveryView, type RedeliverOutcome } from "./deliveries.ts";
import type { WebhookEvent } from "./events.ts";
import {
  addSubscription,
  listSubscriptions,
  readSubscription,
  removeSubscription,
  type AddResult,
  type SubscriptionView,
} from "./subscriptions.ts";

export type WebhookAdmin = {
  list(): Promise<SubscriptionView[]>;
  read(id: string): Promise<SubscriptionView | null>;
  add(input: { url: string; events: readonly WebhookEvent[] }): Promise<AddResult>;
  remove(id: string): Promise<boolean>;
  deliveries(page: { subscriptionId: string; after?: string | null; take: number }): Promise<DeliveryView[] | null>;
  /** Queues one logged event to be sent again now (deliveries.ts). */
  redeliver(id: string, now: Date): Promise<RedeliverOutcome>;
};

export function createWebhookAdmin(db: Database, policy: DestinationPolicy): WebhookAdmin {
  return {
    list: () => listSubscriptions(db),
    read: (id) => readSubscription(db, id),
    // The URL's host is resolved and checked again at every delivery; here only what needs no network.
    add: (input) => addSubscription(db, { url: input.url, events: input.events.join(",") }, policy),
    remove: (id) => removeSubscription(db, id),
    deliveries: (page) => listDeliveries(db, page),
    redeliver: (id, now) => redeliver(db, id, now),
  };
}
