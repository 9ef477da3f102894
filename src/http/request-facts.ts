// What the request log and the metrics report about a request: its id, when it began, the operation it ran
// and whether an unexpected error was masked in its answer. Gathered here, first in line, so requests
// answered early (CORS, health, rate limit, response cache) have them too.
import { randomUUID } from "node:crypto";
import { getOperationAST, type GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

export const REQUEST_ID_HEADER = "x-request-id";
/** An incoming id is kept when it is a short token a log search can match; anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type RequestFacts = {
  id: string;
  /** As the client sent them: a HEAD is later replaced by a GET (src/http/response-cache/plugin.ts). */
  method: string;
  path: string;
  /** performance.now() when the request arrived. */
  startedAt: number;
  operationName?: string;
  /** The original of an error that error masking replaced: logged once, with the request id. */
  unexpected?: unknown;
};

/** Keyed by the server context: plugins may replace the Request (setRequest), never the context. */
const factsByContext = new WeakMap<object, RequestFacts>();
/** Operation names seen during execution, by the Request that execution saw. */
const operationNames = new WeakMap<Request, string>();
/** Masked errors and the originals they hide (see maskUnexpected). */
const originals = new WeakMap<object, unknown>();

export function requestFactsOf(serverContext: unknown, request: Request): RequestFacts | undefined {
  const facts = typeof serverContext === "object" && serverContext ? factsByContext.get(serverContext) : undefined;
  if (facts && facts.operationName === undefined) facts.operationName = operationNames.get(request);
  return facts;
}

/** The operation a request executed, for the response cache to keep beside the response. */
export function operationNameOf(request: Request): string | undefined {
  return operationNames.get(request);
}

/** For the response cache: a hit names its operation without executing it. */
export function recordOperationName(request: Request, name: string | null | undefined): void {
  if (name) operationNames.set(request, name);
}

/**
 * Wraps Yoga's error masking: remembers what each masked error hid, so the request log can report it
 * once, with the request's id, instead of Yoga logging it with none.
 */
export function rememberMasked(masked: Error, original: unknown): Error {
  if (masked !== original) originals.set(masked, original);
  return masked;
}

/** The client's X-Request-Id when it is one a log search can match, else a new one. */
export function requestIdOf(incoming: string | null | undefined): string {
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function useRequestFacts(): Plugin {
  return {
    onRequest({ request, serverContext, url }) {
      const id = requestIdOf(request.headers.get(REQUEST_ID_HEADER));
      if (typeof serverContext === "object" && serverContext)
        factsByContext.set(serverContext, {
          id,
          method: request.method,
          path: url.pathname,
          startedAt: performance.now(),
        });
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const name = getOperationAST(args.document, args.operationName)?.name?.value;
      if (request) recordOperationName(request, name);
    },
    onResultProcess({ request, result, serverContext }) {
      const facts = requestFactsOf(serverContext, request);
      const errors = (Array.isArray(result) ? result : [result]).flatMap(
        (r) => (r as { errors?: readonly GraphQLError[] }).errors ?? [],
      );
      for (const error of errors) if (facts && originals.has(error)) facts.unexpected ??= originals.get(error);
    },
    onResponse({ request, response, serverContext }) {
      const facts = requestFactsOf(serverContext, request);
      if (facts) response.headers.set(REQUEST_ID_HEADER, facts.id);
    },
  };
}
