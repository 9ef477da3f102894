// /health says the process is alive; /ready says it can serve: the database answers and a content
// snapshot is loaded. Both are JSON with the content version, for load balancers and humans alike.
import type { Plugin } from "graphql-yoga";
import { writeFaultOf } from "../db/faults.ts";
import { oneLineCause } from "../logger.ts";
import type { ContentStore } from "../read/store.ts";

export type HealthOptions = {
  store: ContentStore;
  /** True once shutdown began: the load balancer should stop sending requests here. */
  draining?: () => boolean;
};

export function useHealthEndpoints({ store, draining = () => false }: HealthOptions): Plugin {
  const json = (fetchAPI: { Response: typeof Response }, status: number, body: Record<string, unknown>) =>
    new fetchAPI.Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    });
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === "/health") {
        return endResponse(json(fetchAPI, 200, { status: "ok", contentVersion: store.loaded()?.version ?? null }));
      }
      if (url.pathname !== "/ready") return;
      if (draining())
        return endResponse(
          json(fetchAPI, 503, {
            status: "unavailable",
            reason: "shutting down",
            contentVersion: store.loaded()?.version ?? null,
          }),
        );
      return store.ready().then(
        (snapshot) => {
          // The last write failed (disk full, the database unreachable) and none has committed since. Still 200:
          // reads are served from memory, and every replica shares the database, so taking this one out of the
          // load balancer would stop the reads too without bringing writes back. The body says it for monitors.
          const writeFault = writeFaultOf(store.database.prisma);
          if (writeFault) {
            return endResponse(
              json(fetchAPI, 200, {
                status: "degraded",
                contentVersion: snapshot.version,
                writes: { status: "failing", code: writeFault.code, since: writeFault.since },
              }),
            );
          }
          endResponse(json(fetchAPI, 200, { status: "ready", contentVersion: snapshot.version }));
        },
        (error: unknown) =>
          endResponse(
            json(fetchAPI, 503, {
              status: "unavailable",
              reason: `database not reachable or content not loadable: ${oneLineCause(error)}`,
              contentVersion: null,
            }),
          ),
      );
    },
  };
}
