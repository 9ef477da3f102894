// Builds the GraphQL server: schema, per-request context, query limits and the content-versioned response cache.
import type { RequestListener } from "node:http";
import { useGraphQlJit } from "@envelop/graphql-jit";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { silentLogger, type Logger } from "./logger.ts";
import { scopesOf, type Context } from "./builder.ts";
import { createAuthenticator, type FindViewer } from "./http/authentication.ts";
import { useAdminOnlyIntrospection } from "./http/introspection.ts";
import { useMutationAuthorization } from "./http/mutation-authorization.ts";
import { useRequestBodyLimit } from "./http/body-limit.ts";
import { useHealthEndpoints } from "./http/health.ts";
import { useImportEndpoints, type ImportEndpointOptions } from "./http/releases.ts";
import { useTranslationFiles } from "./http/translation-files.ts";
import { env, webhookDestinationPolicy } from "./env.ts";
import { createImportRunner } from "./releases/runner.ts";
import { createImportService } from "./releases/service.ts";
import { createWebhookAdmin } from "./webhooks/admin.ts";
import type { DestinationPolicy } from "./webhooks/destination.ts";
import { createTokenAdmin } from "./auth/admin.ts";
import { createVersionLog } from "./read/versions.ts";
import { createMetrics, createRequestMetrics, useMetricsEndpoint, type Metrics } from "./http/metrics.ts";
import { rememberMasked, useRequestFacts } from "./http/request-facts.ts";
import { useRequestLog } from "./http/request-log.ts";
import { guardRequestHooks, maskFailure } from "./http/failures.ts";
import { NO_CROSS_ORIGIN, useCors, type CorsOptions } from "./http/cors.ts";
import { usePostCSRFPrevention } from "./http/csrf.ts";
import { useGraphiQLPage } from "./http/graphiql.ts";
import { useHomePage } from "./http/home.ts";
import { createPersistedOperations, type PersistedOperationsOptions } from "./http/persisted-operations.ts";
import { createRateLimiter, type RateLimitOptions } from "./http/rate-limit.ts";
import { createFastPath, hasOneOperation, type FastPath } from "./http/fast-path/index.ts";
import { useKnownOperationTypes, useQueryLimits, useRequestParameterChecks } from "./http/rejections.ts";
import type { CachePolicy } from "./http/cache-control.ts";
import { contentReadsOf, noReads } from "./http/content-reads.ts";
import { useContentResponseCache } from "./http/response-cache/plugin.ts";
import { snapshotOf, useContentSnapshot } from "./http/snapshot.ts";
import type { ContentStore } from "./read/store.ts";
import { schema } from "./schema/index.ts";
import { createEditorialSession } from "./editorial/session.ts";
import type { GlossaryRecord } from "./content/records.ts";
import { execute, parse, validate, type DocumentNode } from "graphql";
import { loadWorkbenchAssets, type WorkbenchAssets } from "./workbench/assets.ts";
import type { Executor } from "./workbench/api.ts";
import { useWorkbench } from "./workbench/routes.ts";
import { createSessionGrants, forwardToGraphQL } from "./workbench/admin/graphiql.ts";

export type YogaOptions = {
  store: ContentStore;
  /** Looks up the viewer of a token's hash (src/auth/store.ts); when absent, every token is unknown. */
  findViewer?: FindViewer;
  /** GraphiQL at /graphql: for everyone, for admins' tokens only (production), or not at all. */
  graphiql?: boolean | "admin";
  /** Schema introspection: for everyone (development), or for admins' tokens only (production). */
  introspection?: "open" | "admin";
  /** Off in benchmarks that measure the uncached path. */
  responseCache?: boolean;
  /** The Node-level answers in front of Yoga (src/http/fast-path/); on unless false (`FAST_PATH=off`). */
  fastPath?: boolean;
  /** True once graceful shutdown began: /ready answers 503. */
  draining?: () => boolean;
  /** Origins whose pages may read responses; none when absent. */
  cors?: CorsOptions;
  /** Freshness lifetimes sent to browsers and CDNs for anonymous GETs. */
  cachePolicy?: CachePolicy;
  /** Bytes the response cache may hold. */
  responseCacheBytes?: number;
  /** Requests per client; no limit when absent. */
  rateLimit?: RateLimitOptions;
  /** Persisted operations from a manifest; when absent, only documents are run. */
  persistedOperations?: Omit<PersistedOperationsOptions, "mayRunAnyDocument">;
  /** Termbases API edits are held to, as imports are (src/pipeline/termbase.ts); none when absent. */
  glossaries?: GlossaryRecord[];
  /** Where the request log goes; silent when absent. */
  logger?: Logger;
  /** Served at /metrics; a fresh registry when absent. */
  metrics?: Metrics;
  /** POST /imports and GET /imports/{id} (src/http/releases.ts); the store's database and the content folder when absent. */
  imports?: Omit<ImportEndpointOptions, "db" | "logger">;
  /** Where webhook subscriptions may point (src/webhooks/destination.ts); from the environment when absent. Tests allow loopback. */
  webhookPolicy?: DestinationPolicy;
  /** The translation workbench at /workbench/ (src/workbench/): its built assets (dist/workbench/ when absent) and clock. */
  workbench?: { assets?: WorkbenchAssets; now?: () => Date };
};

// Yoga's own health check answers /health with an empty 200 before any plugin runs; ours answers it
// with JSON (src/http/health.ts). A request URL never contains a raw space, so this never matches.
const YOGA_HEALTH_CHECK_DISABLED = " ";

export const QUERY_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 1500,
  maxDirectives: 20,
  maxCost: 5000,
} as const;

/** Yoga's logger calls, as one pino line each: an Error keeps its stack under `err`. */
function yogaLog(logger: Logger, level: "debug" | "info" | "warn") {
  return (...args: unknown[]) => {
    const err = args.find((arg) => arg instanceof Error);
    const message =
      args
        .filter((arg) => !(arg instanceof Error))
        .map(String)
        .join(" ") || "graphql-yoga";
    logger[level](err ? { err } : {}, message);
  };
}

export type StatusAtlasYoga = YogaServerInstance<Record<string, unknown>, Context>;

/** The GraphQL server as Yoga: what tests call with `yoga.fetch`. Node serves `createStatusAtlasListener`. */
export function createStatusAtlasYoga(options: YogaOptions): StatusAtlasYoga {
  return createStatusAtlasServer(options).yoga;
}

/**
 * Node's request listener: the fast path (src/http/fast-path/) for what it answers exactly as Yoga would,
 * everything else Yoga, sharing one response cache, rate limiter and metrics.
 */
export function createStatusAtlasListener(options: YogaOptions): RequestListener {
  return createStatusAtlasServer(options).listener;
}

/** Every way in: Node's listener, Yoga alone, and the fast path's two ways (tests drive each). */
export function createStatusAtlasServer(
  options: YogaOptions,
): { listener: RequestListener; yoga: StatusAtlasYoga } & Pick<FastPath, "cachedGet" | "compiledQuery"> {
  const { store, logger = silentLogger } = options;
  const metrics = options.metrics ?? createMetrics();
  const rateLimiter = options.rateLimit ? createRateLimiter(options.rateLimit) : null;
  // An admin's GraphiQL in the workbench runs through this Yoga with a credential made for the session
  // (src/workbench/admin/graphiql.ts): the authenticator knows those first.
  const grants = createSessionGrants();
  const authenticator = createAuthenticator(
    grants.findViewer(options.findViewer ?? (async () => null)),
    rateLimiter ? (header) => rateLimiter.tokenVerified(header) : undefined,
  );
  /** The viewer of a request to the plain HTTP endpoints (/imports, /translations): a bad token is anonymous there, so 401. */
  const viewerOf = (request: Request) =>
    authenticator.authenticationOf(request).then((a) => (a.kind === "viewer" ? a.viewer : null));
  // With PERSISTED_OPERATIONS=only, any valid token may still send any document (a bad one was refused with 401).
  const persisted =
    options.persistedOperations &&
    createPersistedOperations({
      ...options.persistedOperations,
      mayRunAnyDocument: (request) => authenticator.viewerOf(request) !== null,
    });
  const graphiql = options.graphiql ?? false;
  const webhooks = createWebhookAdmin(store.database, options.webhookPolicy ?? webhookDestinationPolicy());
  const tokens = createTokenAdmin(store.database.prisma);
  const versions = createVersionLog(store.database);
  // One runner per server, behind POST /imports and GraphQL's startImport alike: the jobs one starts, the other sees running.
  const imports = createImportService({
    db: store.database,
    runner:
      options.imports?.runner ??
      createImportRunner({ db: store.database, contentDir: options.imports?.contentDir ?? env.SEEDS_DIR, logger }),
  });
  const cacheOptions = {
    store: options.responseCache !== false,
    policy: options.cachePolicy,
    maxBytes: options.responseCacheBytes,
    maxTokens: QUERY_LIMITS.maxTokens,
    persisted: persisted && {
      lookup: persisted.lookup,
      acceptsDocuments: options.persistedOperations!.mode === "accept",
    },
  };
  // Holds no per-request state, so one serves every request.
  const editorial = createEditorialSession(store, options.glossaries);
  /**
   * One request's context: Yoga's context factory and the compiled-query path both build it here. Every field
   * is named rather than spread: Node 20 builds `({ snapshot, ...request }) => ({ ...request, … })` through
   * its slow generic path, about 10 µs a request (`npm run bench`, edge table).
   */
  const contextOf = (
    request: Pick<Context, "snapshot" | "previewHeader" | "acceptLanguage" | "reads" | "viewer">,
  ): Context => ({
    previewHeader: request.previewHeader,
    acceptLanguage: request.acceptLanguage,
    reads: request.reads,
    viewer: request.viewer,
    version: request.snapshot.version,
    model: request.snapshot.model,
    snapshot: request.snapshot,
    sourceRevisions: store.sourceRevisions,
    preview: store.preview,
    editorial,
    imports,
    webhooks,
    tokens,
    versions,
  });
  /**
   * The workbench's way to the API: one operation run against this schema, in process, as a session's viewer,
   * with the context every GraphQL request gets. Scope-auth and the mutations' own checks judge it as they
   * judge a request with that viewer's token; documents are the workbench's own, parsed and validated once.
   */
  const workbenchDocuments = new Map<string, DocumentNode>();
  const executeAsViewer: Executor = async (viewer, source, variables) => {
    let document = workbenchDocuments.get(source);
    if (!document) {
      document = parse(source);
      const errors = validate(schema, document);
      if (errors.length)
        throw new Error(`workbench operation does not validate: ${errors.map((e) => e.message).join("; ")}`);
      workbenchDocuments.set(source, document);
    }
    // Recorded reads only feed HTTP caching, which workbench pages (private, no-store) never enter.
    const contextValue = contextOf({
      snapshot: await store.snapshot(),
      previewHeader: false,
      acceptLanguage: null,
      reads: noReads(),
      viewer,
    });
    return execute({ schema, document, variableValues: variables, contextValue });
  };
  const workbenchAssets = options.workbench?.assets ?? loadWorkbenchAssets();
  if (!workbenchAssets.script)
    logger.warn(
      "workbench: no built assets in dist/workbench (run `npm run build`): its pages work without their script",
    );
  const workbench = useWorkbench({
    store,
    execute: executeAsViewer,
    glossaries: options.glossaries ?? [],
    assets: workbenchAssets,
    logger,
    now: options.workbench?.now,
    // `yoga` is made below; a request only arrives once it is.
    graphql: forwardToGraphQL(grants, async (request, serverContext) =>
      yoga.handleRequest(request, serverContext as Record<string, unknown>),
    ),
  });
  const cors = useCors(options.cors ?? NO_CROSS_ORIGIN);
  const responseCache = useContentResponseCache(cacheOptions);
  const requestMetrics = createRequestMetrics(metrics);
  // In front of Yoga, sharing its one cache, rate limiter, CORS policy, metrics and logger.
  const fastPath = createFastPath<Context>({
    enabled: options.fastPath !== false,
    store,
    cache: responseCache,
    cors: cors.response,
    rateLimiter,
    metrics: requestMetrics,
    logger,
    schema,
    contextOf: ({ snapshot, acceptLanguage, reads }) =>
      contextOf({ snapshot, acceptLanguage, reads, previewHeader: false, viewer: null }),
  });
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    // Served by useGraphiQLPage below (src/http/graphiql.ts): from node_modules, compressed, cacheable, with the README's tabs.
    graphiql: false,
    healthCheckEndpoint: YOGA_HEALTH_CHECK_DISABLED,
    landingPage: false,
    // Replaced by useRequestBodyLimit, which caps the same thing without a stream per request.
    maxRequestBodySize: false,
    // Unexpected errors stay masked; the request log reports what each hid, once, with the request id.
    // A database that cannot be reached or is full is a coded 503 or 507 with Retry-After (src/http/failures.ts).
    maskedErrors: {
      maskError: (error, message, isDev) => rememberMasked(maskFailure(error as Error, message, isDev), error),
    },
    // Yoga's own messages go to the same logger; the errors it logs without a request id are logged by
    // useRequestLog with one, so here they are only debug lines.
    logging: {
      debug: yogaLog(logger, "debug"),
      info: yogaLog(logger, "info"),
      warn: yogaLog(logger, "warn"),
      error: yogaLog(logger, "debug"),
    },
    context: ({ request }) =>
      contextOf({
        snapshot: snapshotOf(request),
        previewHeader: request.headers.get("x-preview")?.trim().toLowerCase() === "true",
        acceptLanguage: request.headers.get("accept-language"),
        reads: contentReadsOf(request),
        viewer: authenticator.viewerOf(request),
      }),
    // Replaced by useCors: Yoga's allows any origin with credentials by default (src/http/cors.ts says why).
    cors: false,
    // A hook that throws before execution is answered coded and masked, and logged, not with a stack (src/http/failures.ts).
    plugins: guardRequestHooks([
      // First, so requests answered early (CORS, health, rate limit, response cache) still get an id and a start time.
      useRequestFacts(),
      // CORS from the allowlist. It answers preflights (no body) first, and adds its headers to every response.
      cors,
      // A client over its rate gets 429 before its body is read or anything else is done for it.
      ...(rateLimiter ? [rateLimiter.plugin] : []),
      // GET / for a browser, and GraphiQL at GET /graphql for one: pages, answered before anything reads a body.
      useHomePage({ graphiql: graphiql === false ? "off" : graphiql === "admin" ? "admin" : "open" }),
      ...(graphiql === false
        ? []
        : [
            useGraphiQLPage({
              access: graphiql === "admin" ? "admin" : "open",
              authenticationOf: authenticator.authenticationOf,
            }),
          ]),
      // Import jobs take archives larger than the GraphQL body limit, under their own cap: so before it.
      // Its callers are the token holders the authentication plugin (below) resolves for GraphQL; a bad token is anonymous here, so 401.
      useImportEndpoints({ db: store.database, logger, resolveViewer: viewerOf, ...options.imports, service: imports }),
      // Translation files likewise (XLIFF/PO, for translators' tools): larger than a GraphQL body, so before its limit.
      useTranslationFiles({ db: store.database, resolveViewer: viewerOf, glossaries: options.glossaries }),
      // Before anything reads a body.
      useRequestBodyLimit(),
      // /workbench/: its pages, forms and assets, with their own cookie sessions (src/workbench/routes.ts),
      // after the body limit and before the response cache and token authentication, which never see them.
      workbench,
      // Liveness and readiness need no snapshot and no GraphQL.
      useHealthEndpoints({ store, draining: options.draining }),
      // /metrics likewise: scraped while the database is down, and never rate limited (the limit is on /graphql) or cached.
      useMetricsEndpoint(metrics, store),
      // A repeated parameter that chooses what runs, or input nested too deep: a coded 400 before the cache keys it.
      useRequestParameterChecks(),
      // Every request reads one content version, chosen before anything else looks at content.
      useContentSnapshot(store),
      // Next, so a cache hit is answered before any other plugin does work; off, it still sets caching headers.
      // A request with a token never hits it, so the token is looked up only after it, once the cache has
      // replaced the request (HEAD → GET) for the last time.
      responseCache,
      // The token's viewer, or 401 for a bad token, before any GraphQL work (src/http/authentication.ts).
      authenticator.plugin,
      // A form, multipart or text/plain POST does not execute without a preflighted header (src/http/csrf.ts).
      usePostCSRFPrevention(),
      // Turns a persisted operation's id into its document (onParams), before the limits check that document.
      ...(persisted?.plugins ?? []),
      // graphql-armor's limits, each rejection a coded 400 (src/http/rejections.ts).
      useQueryLimits(QUERY_LIMITS),
      // `mutation { x }` and `subscription { x }`: a coded 400, not an unexpected error at execution.
      useKnownOperationTypes(),
      ...(options.introspection === "admin" ? [useAdminOnlyIntrospection(authenticator.viewerOf)] : []),
      // Every root field of a mutation is authorized before any runs: a refusal writes nothing.
      useMutationAuthorization(scopesOf),
      // Compiles each distinct operation once into a function, with a serializer for its exact shape; only
      // documents of one operation, as its cache ignores the operation name (hasOneOperation says why).
      useGraphQlJit({}, { enableIf: hasOneOperation }),
      // Notes the queries anonymous GETs and POSTs ran without an error: the compiled-query path may run those itself.
      fastPath.plugin,
      // Last: their onResponse runs after every other plugin's, so they see the status actually sent (a cache 304/412).
      requestMetrics.plugin,
      useRequestLog(logger),
    ]),
  });
  return {
    listener: fastPath.listener(yoga),
    yoga,
    cachedGet: fastPath.cachedGet,
    compiledQuery: fastPath.compiledQuery,
  };
}
