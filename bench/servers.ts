// One benchmark server per process, so each is measured alone: `node <bundle>/servers.js <scenario> <port> <db>`, bundled by bench/run.ts.
import { createServer } from "node:http";
import { useGraphQlJit } from "@envelop/graphql-jit";
import { createSchema, createYoga } from "graphql-yoga";
import { createSqliteDatabase } from "../src/db/sqlite.ts";
import { useRequestBodyLimit } from "../src/http/body-limit.ts";
import { sha256Hex } from "../src/http/persisted-operations.ts";
import type { Comparison } from "../src/domain/comparison.ts";
import type { ContentModel } from "../src/read/model.ts";
import { createContentStore, type ContentStore, type Snapshot } from "../src/read/store.ts";
import { createStatusAtlasListener } from "../src/yoga.ts";
import { BENCH_RATE_LIMIT, type Scenario } from "./scenarios.ts";

const [scenario, portArg, databaseFile, rawBody] = process.argv.slice(2) as [Scenario, string, string, string?];
const port = Number(portArg);

/** The comparison as a persisted operation too: `GET /graphql?id=` (bench/run.ts, the edge table). */
function persistedComparison() {
  const manifest = new Map(rawBody ? [[sha256Hex(rawBody), rawBody]] : []);
  return { manifest, mode: "accept" as const, apq: false };
}

function listen(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  server.listen(port, "127.0.0.1", () => process.send?.({ ready: true }));
}

if (scenario === "raw-node") {
  // The physical limit: the same bytes our server would send, precomputed.
  const body = Buffer.from(rawBody ?? "{}");
  listen((_req, res) => {
    res.writeHead(200, {
      "content-type": "application/graphql-response+json; charset=utf-8",
      "content-length": body.length,
    });
    res.end(body);
  });
} else if (scenario === "raw-node-response") {
  // The physical limit for a whole response: our cached answer's status, headers and body, as captured
  // from our server (bench/run.ts), written with nothing computed. Node adds Date and Connection to both.
  const { headers, body } = JSON.parse(rawBody ?? "{}") as { headers: Record<string, string>; body: string };
  const bytes = Buffer.from(body);
  listen((_req, res) => {
    res.writeHead(200, { ...headers, "content-length": bytes.length });
    res.end(bytes);
  });
} else if (scenario === "yoga-hello" || scenario === "yoga-hello-lean") {
  const schema = createSchema({
    typeDefs: "type Query { hello: String! }",
    resolvers: { Query: { hello: () => "world" } },
  });
  // "lean" swaps Yoga's streaming body limit for ours, as our server does: the like-for-like baseline.
  const yoga =
    scenario === "yoga-hello"
      ? createYoga({ schema, logging: false })
      : createYoga({ schema, logging: false, maxRequestBodySize: false, plugins: [useRequestBodyLimit()] });
  listen(yoga);
} else if (scenario === "yoga-precomputed") {
  // Yoga's cost for this very response with nothing computed: our pipeline (body limit, graphql-jit)
  // and a resolver that hands back the comparison our server produced.
  const comparison = (JSON.parse(rawBody ?? "{}") as { data: { compare: unknown } }).data.compare;
  const schema = createSchema({
    typeDefs: `type Difference { aspect: String! sentence: String! }
      type Comparison { headline: String! summary: String! differences: [Difference!]! markdown: String! }
      type Query { compare(a: Int!, b: Int!, locale: String): Comparison! }`,
    resolvers: { Query: { compare: () => comparison } },
  });
  const yoga = createYoga({
    schema,
    logging: false,
    maxRequestBodySize: false,
    plugins: [useRequestBodyLimit(), useGraphQlJit()],
  });
  listen(yoga);
} else if (scenario === "ours-precomputed") {
  // Our whole server (every plugin, the response cache off) with the read model's comparison replaced by
  // the finished one: what (3) costs beyond this is the cost of computing a comparison.
  const store = createContentStore(createSqliteDatabase(databaseFile));
  const withFinishedComparison = new WeakMap<Snapshot, Snapshot>();
  const precomputed = (snapshot: Snapshot): Snapshot => {
    let replaced = withFinishedComparison.get(snapshot);
    if (!replaced) {
      const finished = new Map<string, Comparison>();
      const model: ContentModel = {
        ...snapshot.model,
        compare(a, b, locale) {
          const key = `${a} ${b} ${locale}`;
          let comparison = finished.get(key);
          if (!comparison) finished.set(key, (comparison = snapshot.model.compare(a, b, locale)));
          return comparison;
        },
      };
      withFinishedComparison.set(snapshot, (replaced = { ...snapshot, model }));
    }
    return replaced;
  };
  const serving: ContentStore = {
    ...store,
    snapshot() {
      const snapshot = store.snapshot();
      return snapshot instanceof Promise ? snapshot.then(precomputed) : precomputed(snapshot);
    },
  };
  listen(
    createStatusAtlasListener({ store: serving, persistedOperations: persistedComparison(), responseCache: false }),
  );
} else {
  const store = createContentStore(createSqliteDatabase(databaseFile));
  listen(
    createStatusAtlasListener({
      store,
      persistedOperations: persistedComparison(),
      responseCache: scenario !== "compare-uncached",
      ...(scenario === "compare-cached-limited" ? { rateLimit: { ...BENCH_RATE_LIMIT, trustProxy: null } } : {}),
    }),
  );
}
