// Listens, and shuts down gracefully: the server itself is built in yoga.ts.
import { createServer, type Server } from "node:http";
import { findViewer } from "./auth/store.ts";
import { serverDatabase } from "./database.ts";
import { env, EnvironmentError, webhookDestinationPolicy } from "./env.ts";
import { createMetrics, type Metrics } from "./http/metrics.ts";
import { loadManifest } from "./http/persisted-operations.ts";
import { createLogger, createOutageLog, oneLineCause, type Logger, type OutageLog } from "./logger.ts";
import { createImportRunner } from "./releases/runner.ts";
import { recoverAbandonedJobs } from "./releases/store.ts";
import { createWebhookWorker } from "./webhooks/worker.ts";
import { createStatusAtlasListener } from "./yoga.ts";
import { loadTermbases } from "./pipeline/termbase.ts";
import { createContentStore } from "./read/store.ts";

export type Serving = { server: Server; stop(): Promise<void> };

/** How long past SHUTDOWN_TIMEOUT_MS a cut-off import job has to roll back and be marked FAILED. */
const CUT_OFF_GRACE_MS = 1000;

/**
 * On SIGTERM/SIGINT: stop accepting connections and report not-ready, let in-flight requests and import
 * jobs finish within SHUTDOWN_TIMEOUT_MS (an import job still running then is cut off, writing nothing),
 * then close the database and its listener connection and exit 0.
 * Node must be PID 1 in a container (not npm, which does not forward the signal).
 */
export async function serve(
  options: { metrics?: Metrics; logger?: Logger; outage?: OutageLog } = {},
): Promise<Serving> {
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  // One warning per outage (and one when it ends) from every part that retries the database on its own timer.
  const outage = options.outage ?? createOutageLog(logger);
  const db = serverDatabase(logger, outage);
  /** Versions whose load failed, logged once each: every request retries, and would log its own line. */
  const unloadable = new Set<number>();
  const store = createContentStore(db, {
    localesKept: env.MODEL_LOCALES_KEPT,
    // The first load is full; a later full one means this server missed versions the change log no longer holds.
    onLoad: (load) =>
      load.missedLog
        ? logger.warn(
            load,
            `Content version ${load.to} loaded in full (${load.units} rows): this server was at ${load.from}, and the change log no longer holds every version since.`,
          )
        : logger.debug(
            load,
            `Content version ${load.to} loaded (${load.kind}, ${load.units} ${load.kind === "delta" ? "changed units" : "rows"}).`,
          ),
    onLoadFailed: ({ error, wanted, serving }) => {
      if (unloadable.has(wanted)) return;
      unloadable.add(wanted);
      logger.warn(
        { cause: oneLineCause(error) },
        `Content version ${wanted} could not be loaded (${oneLineCause(error)}): serving version ${serving} until it can.`,
      );
    },
  });
  let draining = false;
  const termbases = await loadTermbases(env.SEEDS_DIR);
  // The server's one import runner (POST /imports and GraphQL's startImport), kept here so shutdown can wait for its jobs.
  const imports = createImportRunner({ db, contentDir: env.SEEDS_DIR, logger });
  for (const problem of termbases.problems) logger.warn(problem);
  const listener = createStatusAtlasListener({
    store,
    glossaries: termbases.glossaries,
    findViewer: (tokenHash) => findViewer(db.prisma, tokenHash),
    // Production: GraphiQL and introspection for admins' tokens only; development: open; tests: no GraphiQL.
    graphiql: env.NODE_ENV === "development" ? true : env.NODE_ENV === "production" ? "admin" : false,
    introspection: env.NODE_ENV === "production" ? "admin" : "open",
    cors: { origins: env.CORS_ORIGINS, credentials: env.CORS_CREDENTIALS },
    responseCacheBytes: env.RESPONSE_CACHE_MAX_BYTES,
    fastPath: env.FAST_PATH === "on",
    // Automatic persisted queries register documents at run time: development only.
    persistedOperations: {
      manifest: manifestOfEnvironment(),
      mode: env.PERSISTED_OPERATIONS,
      apq: env.NODE_ENV === "development",
    },
    rateLimit: { perSecond: env.RATE_LIMIT_PER_SECOND, burst: env.RATE_LIMIT_BURST, trustProxy: env.TRUST_PROXY },
    cachePolicy: {
      maxAge: env.CACHE_MAX_AGE,
      sharedMaxAge: env.CACHE_S_MAXAGE,
      staleWhileRevalidate: env.CACHE_STALE_WHILE_REVALIDATE,
    },
    draining: () => draining,
    imports: { runner: imports, contentDir: env.SEEDS_DIR },
    logger,
    // From the caller when it timed an import before serving (src/cli/start.ts).
    metrics: options.metrics ?? createMetrics(),
  });
  // A whole request (at most 100 kB, see src/http/body-limit.ts) has 30 s to arrive, not Node's default
  // 300 s: a client trickling bytes, or streaming past the limit while we discard, is cut off sooner.
  const server = createServer({ requestTimeout: 30_000 }, listener);
  await new Promise<void>((resolve) => {
    server.on("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EADDRINUSE" ? `port ${env.PORT} is already in use; set PORT to another port` : error.message;
      logger.fatal({ err: error }, `Status Atlas cannot listen: ${reason}`);
      process.exit(1);
    });
    server.listen(env.PORT, env.HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  // An import job whose process died mid-run is failed now, with the reason; its transaction never committed.
  await recoverAbandonedJobs(db).catch((error: unknown) =>
    logger.warn(`Abandoned import jobs not checked: ${oneLineCause(error)}`),
  );
  // Every replica runs one: each outbox row is claimed by one of them. Destinations as src/env.ts allows them.
  const webhooks = createWebhookWorker({ db, policy: webhookDestinationPolicy(), logger, outage });
  webhooks.start();
  // Load the first snapshot now, so the first request does not pay for it.
  await store.ready().catch((error: unknown) => outage.failed(error));
  // The pid, so an operator (and test/server/signals.test.ts) can tell which process to signal, and that it is gone.
  logger.info(
    { port, pid: process.pid },
    `Status Atlas: GraphQL at http://localhost:${port}/graphql, GraphiQL there in a browser, health at /health, readiness at /ready, metrics at /metrics`,
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would hold close() open until they time out.
      server.closeIdleConnections();
      const deadline = new Promise<"timeout">((resolve) =>
        setTimeout(resolve, env.SHUTDOWN_TIMEOUT_MS, "timeout").unref(),
      );
      if ((await Promise.race([closed, deadline])) === "timeout") {
        logger.warn(`Shutdown: requests still running after ${env.SHUTDOWN_TIMEOUT_MS} ms were cut off.`);
        server.closeAllConnections();
      }
      // An import job commits its content and its outcome in one transaction: waited for, it ends as it
      // would have; cut off at the deadline, it stops at its next time slice (src/pipeline/time-slices.ts),
      // its transaction rolls back, and it is marked FAILED. One that does not stop within CUT_OFF_GRACE_MS
      // is left to roll back as the process exits, and is failed as abandoned once its lease runs out.
      if (imports.running()) {
        logger.info(`Shutdown: waiting for ${imports.running()} import job(s) to finish.`);
        if ((await Promise.race([imports.idle(), deadline])) === "timeout") {
          imports.cutOff();
          const grace = new Promise<"timeout">((resolve) => setTimeout(resolve, CUT_OFF_GRACE_MS, "timeout").unref());
          if ((await Promise.race([imports.idle(), grace])) === "timeout") {
            logger.warn(
              `Shutdown: an import job still running after ${env.SHUTDOWN_TIMEOUT_MS} ms did not stop when cut off: nothing of it is written, and it is failed as abandoned once its lease runs out.`,
            );
          } else {
            logger.warn(
              `Shutdown: an import job still running after ${env.SHUTDOWN_TIMEOUT_MS} ms was cut off: nothing of it was written, and it is marked FAILED.`,
            );
          }
        }
      }
      await webhooks.stop();
      await store.close();
      await db.close();
    })());
  const shutDown = () =>
    stop().then(
      () => {
        logger.info("Shutdown complete.");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, `Shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, `${signal}: finishing in-flight requests, then exiting.`);
      void shutDown();
    });
  }
  watchParent(() => {
    logger.warn(
      { parent: process.ppid },
      "The process that started this server exited without passing on a signal (npx's shell does that with SIGTERM): shutting down as for SIGTERM.",
    );
    void shutDown();
  });
  return { server, stop };
}

/** How often a server checks that the process that started it is still there. */
const PARENT_CHECK_MS = 1000;

/**
 * Calls `orphaned` once if the process that started this one exits first. `npx status-atlas start` runs the
 * server under npm's `sh -c`, which dies of the SIGTERM npm passes on without handing it to node: the
 * server, reparented, would keep serving on its port with nobody left to stop it. PID 1 (a container) and a
 * child of init have no parent to lose.
 */
function watchParent(orphaned: () => void): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    orphaned();
  }, PARENT_CHECK_MS);
  timer.unref();
}

/** The persisted operations PERSISTED_OPERATIONS_FILE names: a file that cannot be read is the environment's mistake, said in one line. */
function manifestOfEnvironment(): Map<string, string> {
  try {
    return loadManifest(env.PERSISTED_OPERATIONS_FILE);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new EnvironmentError([`PERSISTED_OPERATIONS_FILE: cannot read ${env.PERSISTED_OPERATIONS_FILE}: ${reason}`]);
  }
}
