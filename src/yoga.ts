// Builds the GraphQL server: schema, per-request context, query limits and the content-versioned response cache.
import { timingSafeEqual } from "node:crypto";
import { useGraphQlJit } from "@envelop/graphql-jit";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { Context } from "./builder.ts";
import { prisma } from "./db.ts";
import { env } from "./env.ts";
import { useRequestBodyLimit } from "./http/body-limit.ts";
import { NO_CROSS_ORIGIN, useCors, type CorsOptions } from "./http/cors.ts";
import { usePostCSRFPrevention } from "./http/csrf.ts";
import { renderLocalGraphiQL } from "./http/graphiql.ts";
import { useKnownOperationTypes, useQueryLimits } from "./http/rejections.ts";
import { useContentResponseCache } from "./http/response-cache.ts";
import { createContentStore, type ContentStore } from "./read/store.ts";
import { schema } from "./schema/index.ts";

export type YogaOptions = {
  store: ContentStore;
  translatorToken?: string;
  graphiql?: boolean;
  /** Off in benchmarks that measure the uncached path. */
  responseCache?: boolean;
  /** Origins whose pages may read responses; none when absent. */
  cors?: CorsOptions;
};

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
    // From node_modules, not a CDN, so it works offline (src/http/graphiql.ts).
    renderGraphiQL: renderLocalGraphiQL,
    landingPage: false,
    // Replaced by useRequestBodyLimit, which caps the same thing without a stream per request.
    maxRequestBodySize: false,
    maskedErrors: true,
    // Replaced by useCors: Yoga's allows any origin with credentials by default (src/http/cors.ts says why).
    cors: false,
    context: async ({ request }) => ({
      model: await store.current(),
      acceptLanguage: request.headers.get("accept-language"),
      translator: isTranslator(request, translatorToken),
    }),
    plugins: [
      // CORS from the allowlist. It answers preflights (no body) first, and adds its headers to every response.
      useCors(options.cors ?? NO_CROSS_ORIGIN),
      // Before anything reads a body.
      useRequestBodyLimit(),
      // Next, so a cache hit is answered before any other plugin does work.
      ...(options.responseCache === false ? [] : [useContentResponseCache({ store })]),
      // A form, multipart or text/plain POST does not execute without a preflighted header (src/http/csrf.ts).
      usePostCSRFPrevention(),
      // graphql-armor's limits, each rejection a coded 400 (src/http/rejections.ts).
      useQueryLimits(QUERY_LIMITS),
      // `mutation { x }` and `subscription { x }`: a coded 400, not an unexpected error at execution.
      useKnownOperationTypes(),
      // Compiles each distinct operation once into a function, with a serializer for its exact shape.
      useGraphQlJit(),
    ],
  });
}

export const yoga = createStatusAtlasYoga({
  store: createContentStore(prisma, env.databaseFile),
  translatorToken: env.TRANSLATOR_TOKEN,
  graphiql: env.NODE_ENV === "development",
  cors: { origins: env.CORS_ORIGINS, credentials: env.CORS_CREDENTIALS },
});
