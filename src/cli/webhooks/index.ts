// `status-atlas webhooks …`: who is told when content is published or an import ends.
import { defineCommand } from "citty";

export default defineCommand({
  meta: { name: "webhooks", description: "Webhook subscriptions: add, list, remove" },
  subCommands: {
    // ".js": tsc does not rewrite every dynamic import's ".ts" for dist/ (test/build.test.ts checks); tsx and vitest map it back.
    add: () => import("./add.js").then((m) => m.default),
    list: () => import("./list.js").then((m) => m.default),
    remove: () => import("./remove.js").then((m) => m.default),
  },
});
