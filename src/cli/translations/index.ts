// `status-atlas translations …`: the translators' commands.
import { defineCommand } from "citty";

export default defineCommand({
  meta: { name: "translations", description: "Translation workflow: stamp, export, import" },
  subCommands: {
    // ".js": tsc does not rewrite every dynamic import's ".ts" for dist/ (test/build.test.ts checks); tsx and vitest map it back.
    stamp: () => import("./stamp.js").then((m) => m.default),
    export: () => import("./export.js").then((m) => m.default),
    import: () => import("./import.js").then((m) => m.default),
  },
});
