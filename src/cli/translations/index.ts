// `status-atlas translations …`: the translators' commands.
import { defineCommand } from "citty";

export default defineCommand({
  meta: { name: "translations", description: "Translation workflow: stamp, export, import" },
  subCommands: {
    stamp: () => import("./stamp.ts").then((m) => m.default),
    export: () => import("./export.ts").then((m) => m.default),
    import: () => import("./import.ts").then((m) => m.default),
  },
});
