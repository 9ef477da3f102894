// `status-atlas start` (npm start): migrate, import the content folder, then serve. One command from a
// fresh clone. With --no-import it only serves: replicas start that way while one release step runs
// `status-atlas migrate` and `status-atlas import` against the shared database.
import { defineCommand } from "citty";
import { serverDatabase } from "../database.ts";
import { describeDatabase } from "../db/index.ts";
import { pendingMigrations } from "../db/migrations.ts";
import { env } from "../env.ts";
import { createLogger, createOutageLog } from "../logger.ts";
import { createMetrics, timeImport } from "../http/metrics.ts";
import { alreadyImported, checkSource, readContentSource, runImport } from "../pipeline/import.ts";
import { describeReport } from "./import.ts";
import { migrateDatabaseAsync } from "./migrate.ts";
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
    // The server's logger from the first line on: what start says before serving is in the same format
    // (JSON, or pretty on a terminal) as what the server says after.
    const logger = createLogger(env.LOG_LEVEL);
    const outage = createOutageLog(logger);
    // Loaded while the content folder is read and the database migrated: these overlap on two cores.
    const server = import("../server.ts");
    if (args.import) {
      const db = serverDatabase(logger, outage);
      // Prisma's CLI is a separate process that takes a second to start: spawned only when a migration is due.
      const pending = await pendingMigrations(db);
      if (pending.length)
        logger.info(
          { migrations: pending },
          `${describeDatabase(env.database)}: applying ${pending.length} migration(s) with prisma migrate deploy`,
        );
      const migrated = pending.length
        ? migrateDatabaseAsync(env.DATABASE_URL, (message) => logger.info(message))
        : undefined;
      // Read, parse and check the files while it migrates (on an empty database, most of a first start):
      // a database that needs migrating needs importing too, and the files need no database.
      const reading = readContentSource(env.SEEDS_DIR).then((source) => {
        if (migrated) checkSource(source);
        return source;
      });
      const [source] = await Promise.all([reading, migrated]);
      // The same files, read by the same build, as the last import: importing them again would change
      // nothing (API edits since are kept either way), so they are not parsed and planned again.
      if (await alreadyImported(db, source))
        logger.info(`${env.SEEDS_DIR}: unchanged since it was last imported; not imported again.`);
      else {
        // Never replaces newer content with older: the import refuses files the database has moved past.
        const report = await timeImport(metrics, () => runImport(db, { dir: env.SEEDS_DIR, source }));
        const described = describeReport(report, false);
        if (report.ok) logger.info(described);
        else logger.error(described);
        if (!report.ok) {
          // Serving the last good content beats serving nothing; an empty database has nothing to serve.
          if ((await db.prisma.statusCode.count()) === 0)
            throw new CliError(
              "The content could not be imported and the database is empty: fix the problem above and run again.",
            );
          logger.warn("The content folder was not imported: serving the content the database holds.");
        }
      }
    }
    const { serve } = await server;
    await serve({ metrics, logger, outage });
  },
});
