// An anonymous GET the response cache does not hold, executed straight from Node's request: its document's
// compiled query (graphql-jit, as Yoga's plugin compiles it) runs against a context built as Yoga's context
// factory builds it, and the answer is sent with the headers the Yoga path gives it and kept in the cache.
// Yoga's Fetch-API layer and plugin chain cost an uncached comparison most of its time over GET (`npm run
// bench`, edge table: (3) against (2c)).
//
// Only what Yoga has already run is run here: a document (with its operation name) becomes eligible once
// Yoga executed it for an anonymous GET without an error, so it has passed every check Yoga's plugins make
// of a document (parsing, validation, the query limits, the operation type, persisted-only mode,
// introspection rules). Anything else goes to Yoga: a document not seen yet, a token, X-Preview, If-Match,
// a media type other than JSON, and any execution that ends with an error, which Yoga then runs again (a
// query reads, so running it twice changes nothing) and answers with its coded error.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getOperationAST, parse, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";
import { LRUCache } from "lru-cache";
import type { ContentStore, Snapshot } from "../read/store.ts";
import type { ContentReads } from "./content-reads.ts";
import { copyInto, createNodeAnswers, headerValue, type NodeAnswerOptions } from "./node-answer.ts";
import { mediaTypeOf, type OperationParams } from "./operation-key.ts";
import type { CachedGetLookup, Entry } from "./response-cache.ts";

/** What the context factory needs of an anonymous request: the rest of the context is the server's. */
export type AnonymousRequestContext = { snapshot: Snapshot; acceptLanguage: string | null; reads: ContentReads };

export type CompiledGetOptions<Context> = Omit<NodeAnswerOptions, "path"> & {
  schema: GraphQLSchema;
  store: ContentStore;
  cache: CachedGetLookup;
  /** The same context Yoga's context factory gives an anonymous request without X-Preview. */
  contextOf(request: AnonymousRequestContext): Context;
  graphqlEndpoint?: string;
};

/** The media types Yoga answers a query's result in; anything else (event streams, multipart) is Yoga's. */
const JSON_MEDIA_TYPES = new Set(["application/graphql-response+json", "application/json"]);
/** Characters of eligible documents remembered, and how many: each keeps its compiled query, tens of kB of code. */
const MAX_DOCUMENT_CHARS = 4_000_000;
const MAX_DOCUMENTS = 1_000;
/** Characters of GET URLs remembered with their parsed parameters: 4 MB, whatever URLs clients make up. */
const MAX_URL_CHARS = 4_000_000;

type Eligible = { document: string; operationName: string | undefined; compiled?: CompiledQuery; operationLabel?: string };

const documentKey = (document: string, operationName: unknown) => `${JSON.stringify(operationName ?? null)}\n${document}`;
const isPromise = <T,>(value: T | Promise<T>): value is Promise<T> => typeof (value as { then?: unknown } | null)?.then === "function";

export type CompiledGetPath = {
  /** For Yoga: notes the documents anonymous GETs ran without an error. */
  plugin: Plugin;
  /**
   * Answers the request when it is an anonymous GET of a document Yoga already ran, and says whether it
   * took it on. Having taken it on, it may still hand it to `next` (Yoga) when the execution ends in an error.
   */
  answer(req: IncomingMessage, res: ServerResponse, next: (req: IncomingMessage, res: ServerResponse) => void): boolean;
};

export function createCompiledGetPath<Context>(options: CompiledGetOptions<Context>): CompiledGetPath {
  const { schema, store, cache, rateLimiter } = options;
  const endpoint = options.graphqlEndpoint ?? "/graphql";
  const prefix = `${endpoint}?`;
  const answers = createNodeAnswers({ ...options, path: endpoint });
  const eligible = new LRUCache<string, Eligible>({ max: MAX_DOCUMENTS, maxSize: MAX_DOCUMENT_CHARS, sizeCalculation: (_entry, key) => key.length + 1 });
  /**
   * A GET's parameters (its persisted id resolved) by its path and query string exactly as sent: a repeated
   * GET, the common case, is not decoded and its variables not parsed again. Nothing here depends on the
   * content version. The variables are only read: graphql-jit coerces them into an object of its own. A
   * URL naming no document is not remembered: an automatic persisted query's hash may be registered later.
   */
  const paramsByUrl = new LRUCache<string, OperationParams>({ maxSize: MAX_URL_CHARS, sizeCalculation: (_params, url) => url.length + 1 });
  const paramsOf = (url: string): OperationParams | null => {
    let params: OperationParams | null | undefined = paramsByUrl.get(url);
    if (params === undefined) {
      params = cache.operationOfGet(url);
      if (params) paramsByUrl.set(url, params);
    }
    return params;
  };

  /** Compiled on first use here; null when graphql-jit cannot compile it (Yoga keeps running it then). */
  const compiledOf = (entry: Eligible): CompiledQuery | null => {
    if (!entry.compiled) {
      const document = parse(entry.document, { noLocation: true });
      const compiled = compileQuery(schema, document, entry.operationName);
      if (!isCompiledQuery(compiled)) return null;
      entry.compiled = compiled;
      entry.operationLabel = getOperationAST(document, entry.operationName)?.name?.value;
    }
    return entry.compiled;
  };

  /** Records what Yoga ran without an error for an anonymous GET without X-Preview. */
  const plugin: Plugin = {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request || request.method !== "GET" || request.headers.has("authorization") || request.headers.has("x-preview")) return;
      const document = args.document.loc?.source.body;
      if (document === undefined) return;
      const operationName = args.operationName ?? undefined;
      return {
        onExecuteDone({ result }) {
          const errors = (result as ExecutionResult).errors;
          if (Symbol.asyncIterator in result || errors?.length) return;
          const key = documentKey(document, operationName);
          if (!eligible.has(key)) eligible.set(key, { document, operationName });
        },
      };
    },
  };

  function answer(req: IncomingMessage, res: ServerResponse, next: (req: IncomingMessage, res: ServerResponse) => void): boolean {
    const url = req.url;
    if (req.method !== "GET" || url === undefined || !url.startsWith(prefix)) return false;
    const headers = req.headers;
    if (headers.authorization !== undefined || headers["x-preview"] !== undefined || headers["if-match"] !== undefined) return false;
    const snapshot = store.snapshot();
    if (snapshot instanceof Promise) return false;
    const accept = headerValue(headers.accept);
    const mediaType = mediaTypeOf(accept);
    if (!JSON_MEDIA_TYPES.has(mediaType)) return false;
    const params = paramsOf(url);
    if (!params || typeof params.query !== "string") return false;
    const { variables, operationName } = params;
    if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) return false;
    const entry = eligible.get(documentKey(params.query, operationName));
    const compiled = entry && compiledOf(entry);
    if (!entry || !compiled) return false;

    const request = answers.begin(req, res, entry.operationLabel);
    if (request.refused) return true;
    const acceptLanguage = request.get("accept-language");
    const reads: ContentReads = { codes: new Set(), comparisons: new Set(), listing: false, acceptLanguage: false };
    const handOver = () => {
      // Already counted against the client's rate: Yoga must not take a second token.
      rateLimiter?.charged.add(req);
      next(req, res);
    };
    const respond = (result: ExecutionResult) => {
      if (result.errors?.length) return handOver();
      const body = Buffer.from(compiled.stringify(result));
      const representation = cache.representationOf(body, reads);
      const headers: Record<string, string> = { "content-type": `${mediaType}; charset=utf-8` };
      copyInto(headers, representation.headers);
      const made: Entry = {
        body,
        etag: representation.etag,
        headers,
        variesByLanguage: reads.acceptLanguage,
        operationName: entry.operationLabel,
      };
      // Kept as a miss's answer is kept, and counted as a miss where the cache keeps answers.
      const kept = cache.rememberGet(snapshot, url, accept, acceptLanguage, made);
      answers.sendEntry(res, request, snapshot.version, made, kept ? "miss" : undefined);
    };
    let result: ExecutionResult | Promise<ExecutionResult>;
    try {
      result = compiled.query(undefined, options.contextOf({ snapshot, acceptLanguage, reads }), variables ?? undefined) as ExecutionResult | Promise<ExecutionResult>;
    } catch {
      handOver();
      return true;
    }
    if (isPromise(result)) result.then(respond, handOver);
    else respond(result);
    return true;
  }

  return { plugin, answer };
}
