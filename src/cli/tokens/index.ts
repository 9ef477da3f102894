// `status-atlas tokens …`: API tokens for the editorial API (admins' commands; see README "Tokens and roles").
import { defineCommand } from "citty";

export default defineCommand({
  meta: { name: "tokens", description: "API tokens: create, list, revoke" },
  subCommands: {
    // ".js": tsc does not rewrite every dynamic import's ".ts" for dist/ (test/build.test.ts checks); tsx and vitest map it back.
    create: () => import("./create.js").then((m) => m.default),
    list: () => import("./list.js").then((m) => m.default),
    revoke: () => import("./revoke.js").then((m) => m.default),
  },
});
