// `status-atlas start` (npm start): migrate, import the content folder, then serve. One command from a
// fresh clone. With --no-import it only serves: replicas start that way while one release step runs
// `status-atlas migrate` and `status-atlas import` against the shared database.
import { defineCommand } from "citty";
import { database } from "../db/index.ts";
import { pendingMigrations } from "../db/migrations.ts";
import { env } from "../env.ts";
import { createMetrics, timeImport } from "../http/metrics.ts";
import { runImport } from "../pipeline/import.ts";
import { describeReport } from "./import.ts";
import { migrateDatabase } from "./migrate.ts";
import { CliError } from "./errors.ts";

export default defineCommand({
  meta: { name: "start", description: "Set up the database, import the content folder and serve GraphQL" },
  args: {
    import: {
      type: "boolean",
      default: true,
      description: "migrate the database and import the content folder before serving",
      negativeDescription: "serve what the database holds: no migration, no import (for replicas)",
    },
  },
  async run({ args }) {
    // Created before the import, so /metrics reports how long it took.
    const metrics = createMetrics();
    if (args.import) {
      const db = database();
      // Prisma's CLI is a separate process that takes a second to start: spawned only when a migration is due.
      if ((await pendingMigrations(db)).length) migrateDatabase();
      // Never replaces newer content with older: the import refuses files the database has moved past.
      const report = await timeImport(metrics, () => runImport(db, { dir: env.SEEDS_DIR }));
      console.log(describeReport(report, false));
      if (!report.ok) {
        // Serving the last good content beats serving nothing; an empty database has nothing to serve.
        if ((await db.prisma.statusCode.count()) === 0) throw new CliError("The content could not be imported and the database is empty: fix the problem above and run again.");
        console.warn("The content folder was not imported: serving the content the database holds.");
      }
    }
    // ".js": tsc does not rewrite this dynamic import's ".ts" for dist/ (test/build.test.ts checks).
    const { serve } = await import("../server.js");
    await serve({ metrics });
  },
});
