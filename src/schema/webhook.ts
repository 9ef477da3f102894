// Webhook subscriptions and their delivery log over GraphQL (admins only), as `status-atlas webhooks
// add|list|remove` manages them: the signing secret is shown once, by addWebhook, and never read back.
import { builder } from "../builder.ts";
import type { DeliveryView } from "../webhooks/deliveries.ts";
import { WEBHOOK_EVENTS } from "../webhooks/events.ts";
import type { SubscriptionView } from "../webhooks/subscriptions.ts";
import { expectedError } from "./errors.ts";
import { forwardPage, forwardPageSize } from "./pagination.ts";
import { enumFrom } from "./enums.ts";

const constant = (value: string) => value.toUpperCase().replace(/[.-]/g, "_");

const WebhookEventEnum = enumFrom(
  "WebhookEvent",
  "An event a webhook subscription can ask for (Standard Webhooks `type`).",
  WEBHOOK_EVENTS,
  {
    "content.published": "content.published: a change published content; its body names the units and status codes.",
    "import.succeeded": "import.succeeded: an import job succeeded; its body is the job.",
    "import.failed": "import.failed: an import job failed; its body is the job.",
    "import.cancelled": "import.cancelled: an import job was cancelled before it wrote anything; its body is the job.",
  },
  constant,
);

const DELIVERY_STATUSES = ["PENDING", "DELIVERED", "FAILED"] as const;
const DeliveryStatusEnum = enumFrom("WebhookDeliveryStatus", "Where a delivery is.", DELIVERY_STATUSES, {
  PENDING: "Not delivered yet: waiting for its first attempt or its next retry (`nextAttemptAt`).",
  DELIVERED: "The receiver answered 2xx.",
  FAILED: "Given up after the last retry, or its subscription was disabled.",
});

const iso = (date: Date | null) => date?.toISOString() ?? null;

const WebhookType = builder.objectRef<SubscriptionView>("Webhook").implement({
  description: "A webhook subscription: events POSTed to a URL, signed with its secret (Standard Webhooks).",
  fields: (t) => ({
    id: t.exposeID("id", { description: 'The subscription id, e.g. "whs_…".' }),
    url: t.exposeString("url", { description: "Where events are POSTed." }),
    events: t.field({ type: [WebhookEventEnum], description: "The events it receives.", resolve: (s) => s.events }),
    createdAt: t.string({
      description: "When it was added (ISO 8601, UTC).",
      resolve: (s) => s.createdAt.toISOString(),
    }),
    disabledAt: t.string({
      nullable: true,
      description: "When deliveries stopped after too many failures in a row (ISO 8601, UTC); null while enabled.",
      resolve: (s) => iso(s.disabledAt),
    }),
    disabledReason: t.exposeString("disabledReason", {
      nullable: true,
      description: "Why it was disabled; null while enabled.",
    }),
    consecutiveFailures: t.exposeInt("consecutiveFailures", {
      description: "Deliveries failed in a row since the last success.",
    }),
    pending: t.exposeInt("pending", { description: "Deliveries waiting to be sent." }),
  }),
});

const WebhookDeliveryType = builder.objectRef<DeliveryView>("WebhookDelivery").implement({
  description: "One event for one subscription: a row of the delivery log.",
  fields: (t) => ({
    id: t.exposeID("id", {
      description: "The webhook-id header it is sent with, the same on every retry: receivers de-duplicate on it.",
    }),
    event: t.field({
      type: WebhookEventEnum,
      description: "The event.",
      resolve: (d) => d.event as (typeof WEBHOOK_EVENTS)[number],
    }),
    status: t.field({
      type: DeliveryStatusEnum,
      description: "Where the delivery is.",
      resolve: (d) => d.status as (typeof DELIVERY_STATUSES)[number],
    }),
    attempts: t.exposeInt("attempts", { description: "Attempts made so far." }),
    lastStatus: t.exposeInt("lastStatus", {
      nullable: true,
      description: "The HTTP status of the last attempt; null before one, or when it got no response.",
    }),
    lastError: t.exposeString("lastError", {
      nullable: true,
      description: "What went wrong on the last attempt; null when nothing did.",
    }),
    createdAt: t.string({
      description: "When the event was queued (ISO 8601, UTC).",
      resolve: (d) => d.createdAt.toISOString(),
    }),
    nextAttemptAt: t.string({
      description: "When it is (or was last) due to be sent (ISO 8601, UTC).",
      resolve: (d) => d.nextAttemptAt.toISOString(),
    }),
    deliveredAt: t.string({
      nullable: true,
      description: "When the receiver accepted it (ISO 8601, UTC); null until then.",
      resolve: (d) => iso(d.deliveredAt),
    }),
  }),
});

builder.queryFields((t) => ({
  webhooks: t.field({
    type: [WebhookType],
    description: "Every webhook subscription, oldest first, without secrets (admins).",
    authScopes: { admin: true },
    resolve: (_root, _args, context) => context.webhooks.list(),
  }),
  webhookDeliveries: t.connection(
    {
      type: WebhookDeliveryType,
      description:
        "A subscription's delivery log, newest first (admins). Delivered and failed rows stay after the subscription is removed.",
      args: { subscriptionId: t.arg.id({ required: true, description: "A webhook's `id`." }) },
      authScopes: { admin: true },
      resolve: async (_root, args, context) => {
        const size = forwardPageSize(args, "webhookDeliveries");
        // The cursor is the delivery id: a key, so events queued while an admin pages do not shift the pages.
        const rows = await context.webhooks.deliveries({
          subscriptionId: String(args.subscriptionId),
          after: args.after,
          take: size + 1,
        });
        if (!rows)
          throw expectedError("VALIDATION", `"${args.after}" is not a delivery cursor of this subscription.`, {
            field: "after",
          });
        return forwardPage(rows, size, args.after, (row) => row.id);
      },
    },
    { description: "A page of webhook deliveries." },
    { description: "One delivery in a page, with its cursor." },
  ),
}));

builder.relayMutationField(
  "addWebhook",
  {
    description: "Where to send which events.",
    inputFields: (t) => ({
      url: t.string({
        required: true,
        description:
          "An http(s) URL at a public address, or one WEBHOOK_ALLOWED_DESTINATIONS names (loopback in development).",
      }),
      events: t.field({ type: [WebhookEventEnum], required: true, description: "The events to send; at least one." }),
    }),
  },
  {
    description:
      "Subscribes a URL to events (admins) and answers with the signing secret, shown this once. A refused URL is BAD_URL or FORBIDDEN_DESTINATION.",
    authScopes: { admin: true },
    resolve: async (_root, { input }, context) => {
      const added = await context.webhooks.add({ url: input.url, events: input.events });
      if (!added.ok)
        throw expectedError(added.code, added.message, { field: added.code === "VALIDATION" ? "events" : "url" });
      return { secret: added.secret, webhook: (await context.webhooks.read(added.id))! };
    },
  },
  {
    description: "The new subscription and its secret.",
    outputFields: (t) => ({
      webhook: t.field({
        type: WebhookType,
        description: "The subscription as `webhooks` lists it.",
        resolve: (added) => added.webhook,
      }),
      secret: t.string({
        description:
          'The signing secret ("whsec_…"); receivers verify signatures with it. Shown only here: store it now.',
        resolve: (added) => added.secret,
      }),
    }),
  },
);

builder.relayMutationField(
  "removeWebhook",
  {
    description: "Which subscription to remove.",
    inputFields: (t) => ({ id: t.id({ required: true, description: "A webhook's `id`." }) }),
  },
  {
    description:
      "Removes a subscription and its undelivered events (admins); delivered ones stay in the log. NOT_FOUND when there is none.",
    authScopes: { admin: true },
    resolve: async (_root, { input }, context) => {
      const id = String(input.id);
      if (!(await context.webhooks.remove(id))) throw expectedError("NOT_FOUND", `No webhook ${id}.`, { field: "id" });
      return id;
    },
  },
  {
    description: "What was removed.",
    outputFields: (t) => ({ removedId: t.id({ description: "The removed subscription's id.", resolve: (id) => id }) }),
  },
);

builder.relayMutationField(
  "redeliverWebhook",
  {
    description: "Which logged event to send again.",
    inputFields: (t) => ({ deliveryId: t.id({ required: true, description: "A delivery's `id` (its webhook-id)." }) }),
  },
  {
    description:
      "Sends one logged event again (admins): the delivery becomes PENDING and due now, with the same webhook-id and a fresh signature. NOT_FOUND for an unknown id; CONFLICT while it is being sent, or when its webhook was removed or is disabled.",
    authScopes: { admin: true },
    resolve: async (_root, { input }, context) => {
      const outcome = await context.webhooks.redeliver(String(input.deliveryId), new Date());
      if (!outcome.ok) throw expectedError(outcome.code, outcome.message, { field: "deliveryId" });
      return outcome.delivery;
    },
  },
  {
    description: "The delivery, queued again.",
    outputFields: (t) => ({
      delivery: t.field({
        type: WebhookDeliveryType,
        description: "The delivery as the log shows it now.",
        resolve: (d) => d,
      }),
    }),
  },
);
