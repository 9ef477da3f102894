// `status-atlas start` (npm start): migrate, import seeds/, then serve. One command from a fresh clone.
import { defineCommand } from "citty";
import { database } from "../db/index.ts";
import { env } from "../env.ts";
import { runImport } from "../pipeline/import.ts";
import { describeReport } from "./import.ts";
import { migrateDatabase } from "./migrate.ts";
import { CliError } from "./errors.ts";

export default defineCommand({
  meta: { name: "start", description: "Set up the database, import the content folder and serve GraphQL" },
  args: { "skip-import": { type: "boolean", description: "serve what the database holds without importing", default: false } },
  async run({ args }) {
    migrateDatabase();
    if (!args["skip-import"]) {
      const db = database();
      const report = await runImport(db, { dir: env.SEEDS_DIR });
      console.log(describeReport(report, false));
      if (!report.ok) {
        // Serving the last good content beats serving nothing; an empty database has nothing to serve.
        if ((await db.prisma.statusCode.count()) === 0) throw new CliError("The content has errors and the database is empty: fix the files above and run again.");
        console.warn("Content has errors: serving the content imported before.");
      }
    }
    await import("../server.ts");
  },
});
