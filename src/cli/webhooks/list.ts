// `status-atlas webhooks list`: every subscription and its state, never its secret.
import { defineCommand } from "citty";
import { database } from "../../database.ts";
import { listSubscriptions } from "../../webhooks/subscriptions.ts";

export default defineCommand({
  meta: { name: "list", description: "List webhook subscriptions" },
  async run() {
    const db = database();
    try {
      const subscriptions = await listSubscriptions(db);
      if (subscriptions.length === 0) return void console.log("No webhooks.");
      for (const s of subscriptions) {
        const state = s.disabledAt
          ? `DISABLED since ${s.disabledAt.toISOString()}: ${s.disabledReason}`
          : `active, ${s.consecutiveFailures} failure(s) in a row`;
        console.log(`${s.id}  ${s.url}  ${s.events.join(",")}  ${state}, ${s.pending} pending`);
      }
    } finally {
      await db.close();
    }
  },
});
