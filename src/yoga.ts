// Builds the GraphQL server: schema, per-request context, query limits and the content-versioned response cache.
import { createHash, timingSafeEqual } from "node:crypto";
import { useGraphQlJit } from "@envelop/graphql-jit";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { createInMemoryCache, useResponseCache, type Cache } from "@graphql-yoga/plugin-response-cache";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { Context } from "./builder.ts";
import { prisma } from "./db.ts";
import { env } from "./env.ts";
import { createContentStore, type ContentStore } from "./read/store.ts";
import { schema } from "./schema/index.ts";

export type YogaOptions = {
  store: ContentStore;
  translatorToken?: string;
  graphiql?: boolean;
  /** Off in benchmarks that measure the uncached path. */
  responseCache?: boolean;
};

export const QUERY_LIMITS = { maxDepth: 10, maxAliases: 15, maxTokens: 1500, maxDirectives: 20, maxCost: 5000 } as const;

function isTranslator(request: Request, token: string | undefined): boolean {
  const header = request.headers.get("authorization");
  if (!token || !header?.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice("Bearer ".length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A response cache that empties itself when the content changes. Keys already name the content they
 * were built from, so this is about memory: entries for content nobody can be served again go at once.
 */
function contentVersionedCache(store: ContentStore): Cache {
  let version = -1;
  let inner = createInMemoryCache({ max: 2000 });
  const current = () => {
    const now = store.version();
    if (now !== version) {
      version = now;
      inner = createInMemoryCache({ max: 2000 });
    }
    return inner;
  };
  return {
    get: (key) => current().get(key),
    set: (...args) => current().set(...args),
    invalidate: (...args) => current().invalidate(...args),
  };
}

export function createStatusAtlasYoga(options: YogaOptions): YogaServerInstance<Record<string, unknown>, Context> {
  const { store, translatorToken } = options;
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: options.graphiql ?? false,
    landingPage: false,
    maskedErrors: true,
    context: async ({ request }) => ({
      model: await store.current(),
      acceptLanguage: request.headers.get("accept-language"),
      translator: isTranslator(request, translatorToken),
    }),
    plugins: [
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
      ...(options.responseCache === false
        ? []
        : [
            useResponseCache({
              cache: contentVersionedCache(store),
              // Translators see drafts, so their responses are cached per token, never shared.
              session: (request) => (isTranslator(request, translatorToken) ? request.headers.get("authorization") : null),
              // The key doubles as the ETag, so it names the content it was computed from: an ETag
              // from older content can never match again. The locale can come from Accept-Language.
              // Hashed synchronously: the plugin's default WebCrypto digest costs a thread-pool round trip per request.
              buildResponseCacheKey: async ({ documentString, variableValues, operationName, sessionId, request }) =>
                createHash("sha256")
                  .update(
                    [
                      (await store.current()).fingerprint,
                      documentString,
                      operationName ?? "",
                      JSON.stringify(variableValues ?? {}),
                      sessionId ?? "",
                      request.headers.get("accept-language") ?? "",
                    ].join("|"),
                  )
                  .digest("base64url"),
            }),
          ]),
    ],
  });
}

export const yoga = createStatusAtlasYoga({
  store: createContentStore(prisma, env.databaseFile),
  translatorToken: env.TRANSLATOR_TOKEN,
  graphiql: env.NODE_ENV === "development",
});
