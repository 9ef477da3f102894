// Expected errors, each a GraphQLError with a code clients can switch on; anything else stays masked.
import { GraphQLError } from "graphql";

export type ErrorCode = "NOT_FOUND" | "UNKNOWN_LOCALE" | "VALIDATION" | "FORBIDDEN" | "CONFLICT" | "UNAUTHENTICATED";

export function expectedError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/**
 * No usable credentials where they are needed: 401 with a Bearer challenge (RFC 9110 §15.5.2, §11.6.1;
 * RFC 6750 §3: no error code when the request carried no token at all).
 */
export function unauthenticated(message: string, challenge = 'Bearer realm="status-atlas"'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401, headers: { "WWW-Authenticate": challenge } } } });
}

/** Valid credentials without the permission: 403 (RFC 9110 §15.5.4), naming what is missing (RFC 6750 §3.1 insufficient_scope). */
export function forbidden(message: string, permission: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "FORBIDDEN", permission, http: { status: 403, headers: { "WWW-Authenticate": 'Bearer realm="status-atlas", error="insufficient_scope"' } } },
  });
}
