// An anonymous query the response cache does not hold, executed straight from Node's request, over GET or as
// a JSON POST: its document's compiled query (graphql-jit, as Yoga's plugin compiles it) runs against a
// context built as Yoga's context factory builds it, and the answer is sent with the headers the Yoga path
// gives it and kept in the cache. Yoga's Fetch-API layer and plugin chain cost an uncached comparison most of
// its time (`npm run bench`: the edge table's (3) against (2c) over GET, and (3) over POST).
//
// Only what Yoga has already run is run here: a query (with its operation name) becomes eligible once Yoga
// executed it for an anonymous GET or POST without an error, so it has passed every check Yoga's plugins
// make of a document (parsing, validation, the query limits, the operation type, persisted-only mode,
// introspection rules). Anything else goes to Yoga: a document not seen yet, a mutation, a token, X-Preview,
// If-Match, a media type other than JSON, a POST that is not a JSON body of known length, and any execution
// that ends with an error, which Yoga then runs again (a query reads, so running it twice changes nothing)
// and answers with its coded error.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getOperationAST, Kind, parse, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";
import { LRUCache } from "lru-cache";
import type { ContentStore, Snapshot } from "../../read/store.ts";
import { noReads, type ContentReads } from "../content-reads.ts";
import { MAX_REQUEST_BODY_BYTES, readNodeBodyAtMost } from "../body-limit.ts";
import {
  copyInto,
  createNodeAnswers,
  headerValue,
  utf8Bytes,
  type NodeAnswerOptions,
  type NodeRequest,
} from "./node-answer.ts";
import { mediaTypeOf, type OperationParams } from "../operation-key.ts";
import type { NodePathLookup } from "../response-cache/lookup.ts";
import type { Entry } from "../response-cache/store.ts";

/**
 * Whether a document holds one operation. @envelop/graphql-jit keeps one compiled query per parsed document,
 * compiled for the operation name of the first request that ran it, and Yoga hands every request of the same
 * text the same parsed document: of two operations in one document, whichever ran first then answered for
 * both (and the response cache filed it under the other's key). Documents with several operations are left to
 * graphql-js's executor, which reads the operation name every time; this path's own cache keys on both.
 */
export function hasOneOperation({ document }: { document: DocumentNode }): boolean {
  let operations = 0;
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION && ++operations > 1) return false;
  return true;
}

/** What the context factory needs of an anonymous request: the rest of the context is the server's. */
export type AnonymousRequestContext = { snapshot: Snapshot; acceptLanguage: string | null; reads: ContentReads };

export type CompiledQueryOptions<Context> = Omit<NodeAnswerOptions, "path"> & {
  schema: GraphQLSchema;
  store: ContentStore;
  cache: NodePathLookup;
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

type Eligible = {
  document: string;
  operationName: string | undefined;
  compiled?: CompiledQuery;
  operationLabel?: string;
};

const documentKey = (document: string, operationName: unknown) =>
  `${JSON.stringify(operationName ?? null)}\n${document}`;
const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === "function";
const DECIMAL = /^\d+$/;
/** `application/json`, with no parameter but a UTF-8 charset: the bodies Yoga parses as a JSON request. */
const isJsonBody = (contentType: string | undefined): boolean => {
  const [type, ...parameters] = (contentType ?? "")
    .toLowerCase()
    .split(";")
    .map((part) => part.trim());
  return type === "application/json" && parameters.every((parameter) => parameter === "charset=utf-8");
};

type Next = (req: IncomingMessage, res: ServerResponse) => void;

export type CompiledQueryPath = {
  /** For Yoga: notes the queries anonymous GETs and POSTs ran without an error. */
  plugin: Plugin;
  /**
   * Answers the request when it is an anonymous GET, or JSON POST, of a query Yoga already ran, and says
   * whether it took it on. Having taken it on, it may still hand it to `next` (Yoga): when the execution ends
   * in an error, or when a POST's body, once read, asks for something else.
   */
  answer(req: IncomingMessage, res: ServerResponse, next: Next): boolean;
};

export function createCompiledQueryPath<Context>(options: CompiledQueryOptions<Context>): CompiledQueryPath {
  const { schema, store, cache, rateLimiter } = options;
  const endpoint = options.graphqlEndpoint ?? "/graphql";
  const prefix = `${endpoint}?`;
  const answers = createNodeAnswers({ ...options, path: endpoint });
  const eligible = new LRUCache<string, Eligible>({
    max: MAX_DOCUMENTS,
    maxSize: MAX_DOCUMENT_CHARS,
    sizeCalculation: (_entry, key) => key.length + 1,
  });
  /**
   * A GET's parameters (its persisted id resolved) by its path and query string exactly as sent: a repeated
   * GET, the common case, is not decoded and its variables not parsed again. Nothing here depends on the
   * content version. The variables are only read: graphql-jit coerces them into an object of its own. A
   * URL naming no document is not remembered: an automatic persisted query's hash may be registered later.
   */
  const paramsByUrl = new LRUCache<string, OperationParams>({
    maxSize: MAX_URL_CHARS,
    sizeCalculation: (_params, url) => url.length + 1,
  });
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

  /** Records the queries Yoga ran without an error for an anonymous GET or POST without X-Preview. */
  const plugin: Plugin = {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (
        !request ||
        (request.method !== "GET" && request.method !== "POST") ||
        request.headers.has("authorization") ||
        request.headers.has("x-preview")
      )
        return;
      // A POST may carry a mutation, which must always go through Yoga's checks; a GET never does (Yoga refuses it).
      if (getOperationAST(args.document, args.operationName)?.operation !== "query") return;
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

  /** The eligible document the parameters name, compiled; undefined when it is Yoga's to run. */
  const eligibleFor = (params: OperationParams | null): { entry: Eligible; compiled: CompiledQuery } | undefined => {
    if (!params || typeof params.query !== "string") return undefined;
    const { variables, operationName } = params;
    if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables)))
      return undefined;
    const entry = eligible.get(documentKey(params.query, operationName));
    const compiled = entry && compiledOf(entry);
    return entry && compiled ? { entry, compiled } : undefined;
  };

  type Run = {
    req: IncomingMessage;
    res: ServerResponse;
    /** Yoga, for what ends in an error: it runs the query again (a query reads, so twice changes nothing) and answers with its coded error. */
    next: Next;
    request: NodeRequest;
    snapshot: Snapshot;
    found: { entry: Eligible; compiled: CompiledQuery };
    variables: OperationParams["variables"];
    /** Keeps the answer in the response cache under the request's key; false when the cache does not keep it. */
    remember(entry: Entry): boolean;
  };

  /** Executes the compiled query and sends its answer, or hands the request to Yoga when it ends in an error. */
  function execute({ req, res, next, request, snapshot, found: { entry, compiled }, variables, remember }: Run): void {
    const mediaType = mediaTypeOf(request.get("accept"));
    const toYoga = () => handOver(req, res, next);
    const acceptLanguage = request.get("accept-language");
    const reads = noReads();
    const respond = (result: ExecutionResult) => {
      if (result.errors?.length) return toYoga();
      const body = utf8Bytes(compiled.stringify(result));
      const representation = cache.representationOf(body, reads, request.facts.method);
      const headers: Record<string, string> = { "content-type": `${mediaType}; charset=utf-8` };
      copyInto(headers, representation.headers);
      const made: Entry = {
        body,
        etag: representation.etag,
        headers,
        variesByLanguage: reads.acceptLanguage,
        readsVersion: reads.version,
        locales: [...reads.locales],
        operationName: entry.operationLabel,
      };
      // Kept as a miss's answer is kept, and counted as a miss where the cache keeps answers.
      answers.sendEntry(res, request, snapshot.version, made, remember(made) ? "miss" : undefined);
    };
    let result: ExecutionResult | Promise<ExecutionResult>;
    try {
      result = compiled.query(
        undefined,
        options.contextOf({ snapshot, acceptLanguage, reads }),
        variables ?? undefined,
      ) as ExecutionResult | Promise<ExecutionResult>;
    } catch {
      toYoga();
      return;
    }
    if (isPromise(result)) result.then(respond, toYoga);
    else respond(result);
  }

  /** What both methods decline before reading anything: a token, X-Preview, If-Match, a media type Yoga streams. */
  const declines = (req: IncomingMessage): boolean => {
    const headers = req.headers;
    return (
      headers.authorization !== undefined ||
      headers["x-preview"] !== undefined ||
      headers["if-match"] !== undefined ||
      !JSON_MEDIA_TYPES.has(mediaTypeOf(headerValue(headers.accept)))
    );
  };

  function answerGet(req: IncomingMessage, res: ServerResponse, next: Next, url: string): boolean {
    const snapshot = store.snapshot();
    if (snapshot instanceof Promise) return false;
    const params = paramsOf(url);
    const found = eligibleFor(params);
    if (!found) return false;
    const request = answers.begin(req, res, found.entry.operationLabel);
    if (request.refused) return true;
    const remember = (made: Entry) =>
      cache.rememberGet(snapshot, url, request.get("accept"), request.get("accept-language"), made);
    execute({ req, res, next, request, snapshot, found, variables: params!.variables, remember });
    return true;
  }

  /**
   * A POST of a JSON body with a Content-Length within the body limit (anything else, chunked or too long, is
   * Yoga's to answer or refuse). Its body must be read before its document is known, so from here on the
   * request is this path's: what it does not run goes to Yoga with the body already read (`req.body`, which
   * Yoga's Node adapter reads instead of the stream). If-None-Match is left to Yoga: on a POST it means 412.
   */
  function answerPost(req: IncomingMessage, res: ServerResponse, next: Next): boolean {
    const headers = req.headers;
    const declared = headers["content-length"];
    if (
      headers["if-none-match"] !== undefined ||
      !isJsonBody(headers["content-type"]) ||
      declared === undefined ||
      !DECIMAL.test(declared) ||
      Number(declared) > MAX_REQUEST_BODY_BYTES
    ) {
      return false;
    }
    const request = answers.begin(req, res, undefined, "POST");
    if (request.refused) return true;
    readNodeBodyAtMost(req, MAX_REQUEST_BODY_BYTES).then(
      (body) => {
        if (body) (req as IncomingMessage & { body?: Buffer }).body = body;
        const text = body?.toString("utf8");
        // A persisted query's extensions (APQ) register documents in Yoga's plugin: those requests are its own.
        const params = text === undefined ? null : cache.operationOfPost(text);
        const found = params?.extensions == null ? eligibleFor(params) : undefined;
        const snapshot = store.snapshot();
        if (!found || text === undefined || snapshot instanceof Promise) return handOver(req, res, next);
        request.facts.operationName = found.entry.operationLabel;
        const accept = request.get("accept");
        const acceptLanguage = request.get("accept-language");
        const slot = cache.slotForPost(snapshot, params!, accept, acceptLanguage);
        if (slot?.hit) return answers.sendEntry(res, request, snapshot.version, slot.hit, "hit");
        const remember = (made: Entry) => slot?.remember(made) ?? false;
        execute({ req, res, next, request, snapshot, found, variables: params!.variables, remember });
      },
      // The client went away mid-body: there is no one left to answer.
      () => res.destroy(),
    );
    return true;
  }

  /** To Yoga, already counted against the client's rate: Yoga must not take a second token. */
  function handOver(req: IncomingMessage, res: ServerResponse, next: Next): void {
    rateLimiter?.charged.add(req);
    next(req, res);
  }

  function answer(req: IncomingMessage, res: ServerResponse, next: Next): boolean {
    const url = req.url;
    if (url === undefined) return false;
    // The rate limit before anything else is done for the request: compiling its document, reading its body.
    if (req.method === "GET")
      return url.startsWith(prefix) && !declines(req) && (!answers.admit(req, res) || answerGet(req, res, next, url));
    if (req.method === "POST") return url === endpoint && !declines(req) && answerPost(req, res, next);
    return false;
  }

  return { plugin, answer };
}
