// Documents refused before execution, each as a coded error with HTTP 400: graphql-armor's query limits
// and operation types the schema does not have.
//
// Left to its defaults, graphql-armor throws a bare GraphQLError out of validation, which Yoga answers with
// 200, no code, and a message starting "Syntax Error:". Here each limit reports through `onReject`
// instead (with `propagateOnRejection: false`), so the error carries a code and an HTTP status.
//
// The status is marked `spec: true`, as Yoga marks its own parse and validation errors: GraphQL over HTTP
// (§ "application/graphql-response+json") answers a document that fails validation with 400 under
// `application/graphql-response+json`, while a legacy `application/json` client gets 200 with the errors
// in the body, as that section of the spec asks for well-formed requests.
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { GraphQLError, type ASTNode, type ValidationContext, type ValidationRule } from "graphql";
import type { Plugin } from "graphql-yoga";
import { UNSTORED_CACHE_CONTROL } from "./cache-control.ts";
import { repeatedParameterOf, tooDeepInputOf } from "./operation-key.ts";

export type QueryLimits = {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
};

/** The `extensions.code` each limit answers with. */
export const QUERY_LIMIT_CODES = {
  maxDepth: "QUERY_TOO_DEEP",
  maxAliases: "TOO_MANY_ALIASES",
  maxTokens: "TOO_MANY_TOKENS",
  maxDirectives: "TOO_MANY_DIRECTIVES",
  maxCost: "QUERY_TOO_COMPLEX",
} as const satisfies Record<keyof QueryLimits, string>;

export const OPERATION_NOT_SUPPORTED = "OPERATION_NOT_SUPPORTED";

/**
 * The Content-Type of a coded error answered before any GraphQL work (401, 412, 413, 429): the GraphQL over
 * HTTP media type when the client's Accept names it, plain JSON otherwise.
 */
export function codedErrorContentType(accept: string | null | undefined): string {
  return accept?.includes("application/graphql-response+json")
    ? "application/graphql-response+json; charset=utf-8"
    : "application/json; charset=utf-8";
}

function rejection(code: string, message: string, nodes?: ASTNode): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code, http: { status: 400, spec: true } } });
}

/**
 * Reports a limit's rejection under `code`. Validation rules get a context to report to; the token limit
 * runs inside the parser and gets none, so there the error is thrown, which ends parsing.
 */
function rejectAs(code: string) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    // graphql-armor prefixes every message with "Syntax Error:", which none of these is.
    const coded = rejection(code, error.message.replace(/^Syntax Error: /, ""));
    if (!context) throw coded;
    context.reportError(coded);
  };
}

/** graphql-armor with our limits, each rejection coded; no field suggestions for someone probing the schema. */
export function useQueryLimits(limits: QueryLimits): Plugin {
  const coded = (key: keyof QueryLimits) => ({
    propagateOnRejection: false,
    onReject: [rejectAs(QUERY_LIMIT_CODES[key])],
  });
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ...coded("maxDepth") },
    maxAliases: { n: limits.maxAliases, ...coded("maxAliases") },
    maxTokens: { n: limits.maxTokens, ...coded("maxTokens") },
    maxDirectives: { n: limits.maxDirectives, ...coded("maxDirectives") },
    costLimit: { maxCost: limits.maxCost, ...coded("maxCost") },
    blockFieldSuggestion: { enabled: true },
  });
}

/**
 * graphql-js 16 validates `mutation { x }` against a schema without mutations (it has no rule for the
 * operation type; graphql-js 17 adds KnownOperationTypesRule), and execution then fails with an
 * unexpected error: a masked 500 with a stack trace in the log. This rule refuses it during validation.
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(
      rejection(
        OPERATION_NOT_SUPPORTED,
        `This service has no ${node.operation} operations: it only answers queries.`,
        node,
      ),
    );
  },
});

export function useKnownOperationTypes(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(knownOperationTypesRule);
    },
  };
}

/**
 * Refuses, with a coded 400 (RFC 9110 §15.5.1) before any cache lookup or execution, a request to the GraphQL
 * endpoint whose URL repeats a parameter that chooses what runs, or whose `variables` or `extensions` nest past
 * MAX_INPUT_DEPTH (src/http/operation-key.ts says why each). The paths in front of Yoga take neither (their
 * parsers return null for them), so every such request reaches this plugin.
 */
export function useRequestParameterChecks(graphqlEndpoint = "/graphql"): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== graphqlEndpoint || !url.search) return;
      const refusal = repeatedParameterOf(url.searchParams);
      if (!refusal) return;
      const body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
      endResponse(
        new fetchAPI.Response(body, {
          status: 400,
          headers: {
            "content-type": codedErrorContentType(request.headers.get("accept")),
            "cache-control": UNSTORED_CACHE_CONTROL,
          },
        }),
      );
    },
    // Every request's parameters once Yoga has read them (JSON body, form, URL): before the persisted operations'.
    onParams({ params }) {
      const refusal = tooDeepInputOf(params);
      if (refusal)
        throw new GraphQLError(refusal.message, { extensions: { code: refusal.code, http: { status: 400 } } });
    },
  };
}
