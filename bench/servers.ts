// One benchmark server per process, so each is measured alone: `tsx bench/servers.ts <scenario> <port> <db>`.
import { createServer } from "node:http";
import { useGraphQlJit } from "@envelop/graphql-jit";
import { createSchema, createYoga } from "graphql-yoga";
import { createSqliteDatabase } from "../src/db/sqlite.ts";
import { useRequestBodyLimit } from "../src/http/body-limit.ts";
import { createContentStore } from "../src/read/store.ts";
import { createStatusAtlasYoga } from "../src/yoga.ts";
import { BENCH_RATE_LIMIT } from "./load.ts";

export const SCENARIOS = ["raw-node", "yoga-hello", "yoga-hello-lean", "yoga-precomputed", "compare-uncached", "compare-cached", "compare-cached-limited"] as const;
export type Scenario = (typeof SCENARIOS)[number];

const [scenario, portArg, databaseFile, rawBody] = process.argv.slice(2) as [Scenario, string, string, string?];
const port = Number(portArg);

function listen(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  server.listen(port, "127.0.0.1", () => process.send?.({ ready: true }));
}

if (scenario === "raw-node") {
  // The physical limit: the same bytes our server would send, precomputed.
  const body = Buffer.from(rawBody ?? "{}");
  listen((_req, res) => {
    res.writeHead(200, { "content-type": "application/graphql-response+json; charset=utf-8", "content-length": body.length });
    res.end(body);
  });
} else if (scenario === "yoga-hello" || scenario === "yoga-hello-lean") {
  const schema = createSchema({ typeDefs: "type Query { hello: String! }", resolvers: { Query: { hello: () => "world" } } });
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
  const yoga = createYoga({ schema, logging: false, maxRequestBodySize: false, plugins: [useRequestBodyLimit(), useGraphQlJit()] });
  listen(yoga);
} else {
  const store = createContentStore(createSqliteDatabase(databaseFile));
  const yoga = createStatusAtlasYoga({
    store,
    responseCache: scenario !== "compare-uncached",
    ...(scenario === "compare-cached-limited" ? { rateLimit: { ...BENCH_RATE_LIMIT, trustProxy: null } } : {}),
  });
  listen(yoga);
}
