// Prometheus metrics (prom-client) and the /metrics endpoint: requests and latency by operation and status,
// response-cache hits and misses, the content version served, import durations and Node's process metrics.
// One registry per server, not prom-client's global one, so servers built side by side (tests) stay apart.
import type { Plugin } from "graphql-yoga";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ContentStore } from "../read/store.ts";
import { cacheOutcomeOf, type CacheOutcome } from "./response-cache/plugin.ts";
import { requestFactsOf } from "./request-facts.ts";

export const METRICS_PATH = "/metrics";
/** Clients choose operation names: past this many distinct ones, the rest are counted as "(other)". */
const MAX_OPERATION_LABELS = 200;

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({
      name: "status_atlas_http_requests_total",
      help: "HTTP requests answered, by GraphQL operation name and status",
      labelNames: ["operation", "status"] as const,
      registers,
    }),
    duration: new Histogram({
      name: "status_atlas_http_request_duration_seconds",
      help: "Time from a request's arrival to its response, by GraphQL operation name and status",
      labelNames: ["operation", "status"] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    cache: new Counter({
      name: "status_atlas_response_cache_lookups_total",
      help: "Response-cache lookups, by outcome (hit or miss)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    contentVersion: new Gauge({
      name: "status_atlas_content_version",
      help: "Content version of the newest loaded snapshot (-1: none yet)",
      registers,
    }),
    snapshotLoads: new Counter({
      name: "status_atlas_snapshot_loads_total",
      help: "Snapshots loaded, by kind: delta (only the changed rows read) or full (the first, or after missing versions the change log no longer holds)",
      labelNames: ["kind"] as const,
      registers,
    }),
    importDuration: new Histogram({
      name: "status_atlas_import_duration_seconds",
      help: "Time a content import took, by result (applied, unchanged, refused, failed)",
      labelNames: ["result"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}

/** Times an import for `status_atlas_import_duration_seconds`; the import itself knows nothing of metrics. */
export async function timeImport<T extends { ok: boolean; applied?: boolean }>(
  metrics: Metrics,
  run: () => Promise<T>,
): Promise<T> {
  const end = metrics.importDuration.startTimer();
  try {
    const report = await run();
    end({ result: !report.ok ? "refused" : report.applied ? "applied" : "unchanged" });
    return report;
  } catch (error) {
    end({ result: "failed" });
    throw error;
  }
}

/** Answers /metrics. Placed beside the health checks: it needs no snapshot, so it answers while the database is down. */
export function useMetricsEndpoint(metrics: Metrics, store: ContentStore): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== METRICS_PATH) return;
      // Read at scrape time, so the gauge is right even when no request has come in since a new version loaded.
      metrics.contentVersion.set(store.loaded()?.version ?? -1);
      // The store counts; the counter shows its totals.
      metrics.snapshotLoads.reset();
      for (const [kind, count] of Object.entries(store.loads())) metrics.snapshotLoads.inc({ kind }, count);
      return metrics.registry.metrics().then((text) =>
        endResponse(
          new fetchAPI.Response(text, {
            status: 200,
            headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" },
          }),
        ),
      );
    },
  };
}

/** One answered request, as the metrics count it. */
export type AnsweredRequest = {
  operationName: string | undefined;
  status: number;
  startedAt: number | undefined;
  cache: CacheOutcome | undefined;
};

/**
 * Counts and times every answered request but scrapes: `plugin` for Yoga's, last, so it sees the status
 * actually sent (a cache 304/412); `record` for those the cached-GET path answers (src/http/fast-path/cached-get.ts).
 */
export function createRequestMetrics(metrics: Metrics): { plugin: Plugin; record(request: AnsweredRequest): void } {
  const operations = new Set<string>();
  const operationLabel = (name: string | undefined): string => {
    if (!name) return "";
    if (operations.has(name)) return name;
    if (operations.size >= MAX_OPERATION_LABELS) return "(other)";
    operations.add(name);
    return name;
  };
  const record = ({ operationName, status, startedAt, cache }: AnsweredRequest) => {
    const labels = { operation: operationLabel(operationName), status: String(status) };
    metrics.requests.inc(labels);
    if (startedAt !== undefined) metrics.duration.observe(labels, (performance.now() - startedAt) / 1000);
    if (cache) metrics.cache.inc({ outcome: cache });
  };
  return {
    record,
    plugin: {
      onResponse({ request, response, serverContext }) {
        const facts = requestFactsOf(serverContext, request);
        if (facts?.path === METRICS_PATH) return;
        record({
          operationName: facts?.operationName,
          status: response.status,
          startedAt: facts?.startedAt,
          cache: cacheOutcomeOf(request),
        });
      },
    },
  };
}
