// Every failure a request meets goes out one way: coded, masked (no stack, no file path), logged once by the
// request log with the request id, and counted by /metrics under the status sent. Errors during GraphQL
// execution arrive through Yoga's error masking (maskFailure); errors thrown by a plugin before execution
// (a token looked up while the database is down, any bug) through guardRequestHooks, because
// @whatwg-node/server answers those itself with a 500 whose text/plain body is the stack trace, and runs no
// plugin's onResponse for it, so neither the log nor /metrics saw them.
import { GraphQLError } from "graphql";
import { maskError, type Plugin } from "graphql-yoga";
import { databaseFaultOf, type DatabaseFaultCode } from "../db/faults.ts";
import { UNSTORED_CACHE_CONTROL } from "./cache-control.ts";
import { requestFactsOf } from "./request-facts.ts";
import { codedErrorContentType } from "./rejections.ts";

/** Seconds a client is asked to wait (Retry-After, RFC 9110 §10.2.3) after a database fault before trying again. */
export const RETRY_AFTER_SECONDS: Record<DatabaseFaultCode, number> = { DATABASE_UNAVAILABLE: 5, STORAGE_FULL: 60 };

/**
 * 503 (RFC 9110 §15.6.4) for a database that cannot be reached: the condition is temporary. 507 (RFC 4918
 * §11.5) for one with no room to store what the request would write.
 */
const STATUS: Record<DatabaseFaultCode, number> = { DATABASE_UNAVAILABLE: 503, STORAGE_FULL: 507 };

export const UNEXPECTED_MESSAGE = "Unexpected error.";

export type Failure = { status: number; code: string; message: string; headers: Record<string, string> };

/** How an error that was not answered as a coded refusal is answered. */
export function failureOf(error: unknown): Failure {
  const fault = databaseFaultOf(error);
  if (fault)
    return {
      status: STATUS[fault.code],
      code: fault.code,
      message: fault.message,
      headers: { "retry-after": String(RETRY_AFTER_SECONDS[fault.code]) },
    };
  return { status: 500, code: "INTERNAL_SERVER_ERROR", message: UNEXPECTED_MESSAGE, headers: {} };
}

/** For Yoga's maskedErrors: a database fault becomes its coded error with its status and Retry-After; anything else is masked as Yoga masks it. */
export function maskFailure(error: Error, message: string, isDev?: boolean): Error {
  const fault = databaseFaultOf(error);
  if (!fault) return maskError(error, message, isDev);
  const failure = failureOf(error);
  return new GraphQLError(failure.message, {
    extensions: { code: failure.code, http: { status: failure.status, headers: failure.headers } },
  });
}

/** The answer to a request whose handling threw: GraphQL's error shape on /graphql, the `{ error }` shape of /imports elsewhere. */
export function failureResponse(
  ResponseClass: typeof Response,
  request: Request,
  pathname: string,
  failure: Failure,
): Response {
  const graphql = !pathname.startsWith("/imports");
  const body = graphql
    ? JSON.stringify({ errors: [{ message: failure.message, extensions: { code: failure.code } }] })
    : JSON.stringify({ error: { code: failure.code, message: failure.message } });
  const contentType = graphql
    ? codedErrorContentType(request.headers.get("accept"))
    : "application/json; charset=utf-8";
  return new ResponseClass(body, {
    status: failure.status,
    headers: { "content-type": contentType, "cache-control": UNSTORED_CACHE_CONTROL, ...failure.headers },
  });
}

type OnRequest = NonNullable<Plugin["onRequest"]>;
// Plugins of any context type, each returned as the type it was given.
// biome-ignore lint/suspicious/noExplicitAny: a plugin of any context is what this wraps and hands back unchanged.
type AnyPlugin = Plugin<any>;

/**
 * The plugins, each with its onRequest hook guarded: a hook that throws (or whose promise rejects) ends the
 * request with failureResponse, and the error is kept for the request log, which logs it once. The other
 * hooks are the plugin's own, unchanged.
 */
export function guardRequestHooks<P extends AnyPlugin>(plugins: P[]): P[] {
  return plugins.map((plugin) => {
    const onRequest = plugin.onRequest as OnRequest | undefined;
    if (!onRequest) return plugin;
    const guarded: OnRequest = (payload) => {
      const fail = (error: unknown) => {
        const facts = requestFactsOf(payload.serverContext, payload.request);
        if (facts) facts.unexpected ??= error;
        payload.endResponse(
          failureResponse(payload.fetchAPI.Response, payload.request, payload.url.pathname, failureOf(error)),
        );
      };
      try {
        const result = onRequest(payload);
        return result && typeof (result as Promise<void>).then === "function"
          ? (result as Promise<void>).then(undefined, fail)
          : result;
      } catch (error) {
        fail(error);
      }
    };
    return Object.assign(Object.create(Object.getPrototypeOf(plugin) as object) as P, plugin, { onRequest: guarded });
  });
}
