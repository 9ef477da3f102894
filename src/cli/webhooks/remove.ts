// `status-atlas webhooks remove <id>`: unsubscribe; undelivered events for it are dropped.
import { defineCommand } from "citty";
import { database } from "../../database.ts";
import { removeSubscription } from "../../webhooks/subscriptions.ts";
import { CliError } from "../errors.ts";

export default defineCommand({
  meta: { name: "remove", description: "Remove a webhook subscription" },
  args: {
    id: { type: "positional", required: true, description: "the subscription id (whs_…), as `webhooks list` shows it" },
  },
  async run({ args }) {
    const db = database();
    try {
      if (!(await removeSubscription(db, args.id)))
        throw new CliError(`No webhook ${args.id}; \`status-atlas webhooks list\` shows them.`);
      console.log(`Removed webhook ${args.id}.`);
    } finally {
      await db.close();
    }
  },
});
