// Expected errors, each a GraphQLError with a code clients can switch on; anything else stays masked.
import { GraphQLError } from "graphql";

export type ErrorCode =
  | "NOT_FOUND"
  | "UNKNOWN_LOCALE"
  | "VALIDATION"
  | "FORBIDDEN"
  | "CONFLICT"
  | "UNAUTHENTICATED"
  // An uploaded archive refused (src/releases/archive.ts), as POST /imports names them.
  | "BAD_ARCHIVE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "TOO_LARGE"
  // A webhook URL refused (src/webhooks/destination.ts), as `webhooks add` names them.
  | "BAD_URL"
  | "FORBIDDEN_DESTINATION";

export function expectedError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}
