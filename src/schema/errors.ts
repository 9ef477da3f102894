// Expected errors, each a GraphQLError with a code clients can switch on; anything else stays masked.
import { GraphQLError } from "graphql";

export type ErrorCode = "NOT_FOUND" | "UNKNOWN_LOCALE" | "VALIDATION" | "FORBIDDEN" | "CONFLICT" | "UNAUTHENTICATED";

export function expectedError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}
