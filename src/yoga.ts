// Builds the GraphQL server: schema, per-request context, query limits and the content-versioned response cache.
import { timingSafeEqual } from "node:crypto";
import { useGraphQlJit } from "@envelop/graphql-jit";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { Context } from "./builder.ts";
import { useRequestBodyLimit } from "./http/body-limit.ts";
import { useHealthEndpoints } from "./http/health.ts";
import { useContentResponseCache } from "./http/response-cache.ts";
import { snapshotOf, useContentSnapshot } from "./http/snapshot.ts";
import type { ContentStore } from "./read/store.ts";
import { schema } from "./schema/index.ts";

export type YogaOptions = {
  store: ContentStore;
  translatorToken?: string;
  graphiql?: boolean;
  /** Off in benchmarks that measure the uncached path. */
  responseCache?: boolean;
  /** True once graceful shutdown began: /ready answers 503. */
  draining?: () => boolean;
};

// Yoga's own health check answers /health with an empty 200 before any plugin runs; ours answers it
// with JSON (src/http/health.ts). A request URL never contains a raw space, so this never matches.
const YOGA_HEALTH_CHECK_DISABLED = " ";

export const QUERY_LIMITS = { maxDepth: 10, maxAliases: 15, maxTokens: 1500, maxDirectives: 20, maxCost: 5000 } as const;

function isTranslator(request: Request, token: string | undefined): boolean {
  const header = request.headers.get("authorization");
  if (!token || !header?.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice("Bearer ".length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createStatusAtlasYoga(options: YogaOptions): YogaServerInstance<Record<string, unknown>, Context> {
  const { store, translatorToken } = options;
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: options.graphiql ?? false,
    healthCheckEndpoint: YOGA_HEALTH_CHECK_DISABLED,
    landingPage: false,
    // Replaced by useRequestBodyLimit, which caps the same thing without a stream per request.
    maxRequestBodySize: false,
    maskedErrors: true,
    context: ({ request }) => {
      const { version, model } = snapshotOf(request);
      return {
        version,
        model,
        sourceRevisions: store.sourceRevisions,
        acceptLanguage: request.headers.get("accept-language"),
        translator: isTranslator(request, translatorToken),
      };
    },
    plugins: [
      // Before anything reads a body.
      useRequestBodyLimit(),
      // Liveness and readiness need no snapshot and no GraphQL.
      useHealthEndpoints({ store, draining: options.draining }),
      // Every request reads one content version, chosen before anything else looks at content.
      useContentSnapshot(store),
      // Next, so a cache hit is answered before any other plugin does work.
      ...(options.responseCache === false ? [] : [useContentResponseCache()]),
      EnvelopArmorPlugin({
        maxDepth: { n: QUERY_LIMITS.maxDepth },
        maxAliases: { n: QUERY_LIMITS.maxAliases },
        maxTokens: { n: QUERY_LIMITS.maxTokens },
        maxDirectives: { n: QUERY_LIMITS.maxDirectives },
        costLimit: { maxCost: QUERY_LIMITS.maxCost },
        blockFieldSuggestion: { enabled: true },
      }),
      // Compiles each distinct operation once into a function, with a serializer for its exact shape.
      useGraphQlJit(),
    ],
  });
}
