// One JSON log line per request: id, method, path, operation, status, duration, content version and cache
// outcome. Never headers, query strings or variables: they may carry a token or what a reader looked up.
import type { Plugin } from "graphql-yoga";
import type { Logger } from "../logger.ts";
import { cacheOutcomeOf, type CacheOutcome } from "./response-cache/plugin.ts";
import { requestFactsOf } from "./request-facts.ts";
import { CONTENT_VERSION_HEADER } from "./snapshot.ts";

/** The line for one answered request; the cached-GET path (src/http/fast-path/cached-get.ts) logs its answers with it too. */
export function requestLogLine(
  facts: {
    id: string | undefined;
    method: string;
    path: string;
    operationName: string | undefined;
    startedAt: number | undefined;
  },
  status: number,
  version: number | null,
  cache: CacheOutcome | undefined,
) {
  return {
    requestId: facts.id,
    method: facts.method,
    path: facts.path,
    operationName: facts.operationName ?? null,
    status,
    durationMs:
      facts.startedAt === undefined ? undefined : Math.round((performance.now() - facts.startedAt) * 100) / 100,
    contentVersion: version,
    cache: cache ?? null,
  };
}

/**
 * Load balancers and Prometheus ask these every few seconds: at info they would bury the requests people
 * make. They are debug lines (LOG_LEVEL=debug shows them); a database outage is logged once, by the
 * server's outage log, not per probe.
 */
const PROBE_PATHS = new Set(["/health", "/ready", "/metrics"]);

export function useRequestLog(logger: Logger): Plugin {
  return {
    // Last among the plugins, so the status is the one sent (after the cache's 304s and 412s).
    onResponse({ request, response, serverContext }) {
      const facts = requestFactsOf(serverContext, request);
      const version = response.headers.get(CONTENT_VERSION_HEADER);
      const line = requestLogLine(
        {
          id: facts?.id,
          method: facts?.method ?? request.method,
          path: facts?.path ?? new URL(request.url).pathname,
          operationName: facts?.operationName,
          startedAt: facts?.startedAt,
        },
        response.status,
        version === null ? null : Number(version),
        cacheOutcomeOf(request),
      );
      // Expected errors (coded GraphQLErrors, 4xx) are answers, not faults; an unexpected one is logged once, here.
      if (facts?.unexpected !== undefined)
        logger.error({ ...line, err: facts.unexpected }, "request failed unexpectedly");
      else if (PROBE_PATHS.has(line.path)) logger.debug(line, "probe");
      else logger.info(line, "request");
    },
  };
}
