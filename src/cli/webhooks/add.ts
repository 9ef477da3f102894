// `status-atlas webhooks add --url … --events …`: subscribe a receiver; prints its signing secret, once.
import { defineCommand } from "citty";
import { database } from "../../database.ts";
import { webhookDestinationPolicy } from "../../env.ts";
import { WEBHOOK_EVENTS } from "../../webhooks/events.ts";
import { addSubscription } from "../../webhooks/subscriptions.ts";
import { CliError } from "../errors.ts";

export default defineCommand({
  meta: { name: "add", description: "Subscribe a URL to events; prints the signing secret once" },
  args: {
    url: {
      type: "string",
      required: true,
      description:
        "where events are POSTed (http or https; a public address, one WEBHOOK_ALLOWED_DESTINATIONS names, or loopback in development)",
    },
    events: { type: "string", required: true, description: `comma-separated: ${WEBHOOK_EVENTS.join(", ")}` },
  },
  async run({ args }) {
    const db = database();
    try {
      // The URL's host is checked again, resolved, at every delivery: here only what needs no network.
      const added = await addSubscription(db, { url: args.url, events: args.events }, webhookDestinationPolicy());
      if (!added.ok) throw CliError.usage(`${added.code}: ${added.message}`);
      console.log(`Added webhook ${added.id}.`);
      console.log(`Signing secret (shown only now; receivers verify with it, Standard Webhooks): ${added.secret}`);
    } finally {
      await db.close();
    }
  },
});
