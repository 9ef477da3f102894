// /metrics: Prometheus exposition of requests, latency, cache outcomes, content version, imports and the process.
import { describe, expect, it } from "vitest";
import { createMetrics, timeImport } from "../../src/http/metrics.ts";
import { createSqliteDatabase } from "../../src/db/sqlite.ts";
import { createContentStore } from "../../src/read/store.ts";
import { createStatusAtlasYoga } from "../../src/yoga.ts";
import { useSeededServer } from "../helpers/graphql.ts";

const seeded = useSeededServer();

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("/metrics", () => {
  it("exposes the request, latency, cache, content-version, import and process metrics, uncached and unlimited", async () => {
    await seeded.server.store.ready();
    const yoga = createStatusAtlasYoga({
      store: seeded.server.store,
      rateLimit: { perSecond: 1, burst: 1, trustProxy: null },
    });
    const response = await yoga.fetch("http://localhost/metrics");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    for (const name of [
      "status_atlas_http_requests_total",
      "status_atlas_http_request_duration_seconds",
      "status_atlas_response_cache_lookups_total",
      "status_atlas_content_version",
      "status_atlas_import_duration_seconds",
      "process_cpu_seconds_total",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, "status_atlas_content_version")).toBe(1);
    // A burst of one: the GraphQL endpoint would refuse the second request, /metrics answers every scrape.
    for (let i = 0; i < 3; i++) expect((await yoga.fetch("http://localhost/metrics")).status).toBe(200);
  });

  it("counts a request by operation and status, its latency, and the cache's miss then hit", async () => {
    const yoga = createStatusAtlasYoga({ store: seeded.server.store });
    const scrape = async () => (await yoga.fetch("http://localhost/metrics")).text();
    const requests = 'status_atlas_http_requests_total{operation="Version",status="200"}';
    expect(sample(await scrape(), requests)).toBeUndefined();
    const get = () =>
      yoga.fetch("http://localhost/graphql?query=query%20Version%20%7BcontentVersion%7D", {
        headers: { accept: "application/json" },
      });
    await get();
    let text = await scrape();
    expect(sample(text, requests)).toBe(1);
    expect(sample(text, 'status_atlas_http_request_duration_seconds_count{operation="Version",status="200"}')).toBe(1);
    expect(sample(text, 'status_atlas_response_cache_lookups_total{outcome="miss"}')).toBe(1);
    await get();
    text = await scrape();
    expect(sample(text, requests)).toBe(2);
    expect(sample(text, 'status_atlas_response_cache_lookups_total{outcome="hit"}')).toBe(1);
    // Scrapes are not counted as requests.
    expect(sample(text, 'status_atlas_http_requests_total{operation="",status="200"}')).toBeUndefined();
  });

  it("answers while the database is unreachable, with no content version yet (-1)", async () => {
    const yoga = createStatusAtlasYoga({
      store: createContentStore(createSqliteDatabase("/nonexistent/status-atlas.db")),
    });
    const response = await yoga.fetch("http://localhost/metrics");
    expect(response.status).toBe(200);
    expect(sample(await response.text(), "status_atlas_content_version")).toBe(-1);
  });

  it("keeps each server's metrics in its own registry", async () => {
    const one = createStatusAtlasYoga({ store: seeded.server.store });
    const other = createStatusAtlasYoga({ store: seeded.server.store });
    await one.fetch("http://localhost/health");
    const text = await (await other.fetch("http://localhost/metrics")).text();
    expect(sample(text, 'status_atlas_http_requests_total{operation="",status="200"}')).toBeUndefined();
  });

  it("times an import through its caller, by result, without the import knowing of metrics", async () => {
    const metrics = createMetrics();
    await timeImport(metrics, async () => ({ ok: true, applied: true }));
    await timeImport(metrics, async () => ({ ok: false }));
    await expect(timeImport(metrics, async () => Promise.reject(new Error("disk gone")))).rejects.toThrow("disk gone");
    const text = await metrics.registry.metrics();
    expect(sample(text, 'status_atlas_import_duration_seconds_count{result="applied"}')).toBe(1);
    expect(sample(text, 'status_atlas_import_duration_seconds_count{result="refused"}')).toBe(1);
    expect(sample(text, 'status_atlas_import_duration_seconds_count{result="failed"}')).toBe(1);
  });
});
