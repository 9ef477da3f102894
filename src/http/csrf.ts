// CSRF prevention: a POST a browser sends without a CORS preflight does not execute.
//
// A page on any site can make a browser POST a form (application/x-www-form-urlencoded, multipart/form-data)
// or text/plain to us without asking first: those are CORS-safelisted Content-Types (Fetch,
// "CORS-safelisted request-header"), so there is no preflight for the CORS allowlist to refuse, and Yoga
// would execute the operation even though the page cannot read the answer. Yoga's plugin refuses such a
// request unless it carries a header that is not safelisted, which only a preflighted request can.
//
// It is applied to POST only. GET is safe (RFC 9110 §9.2.1) and Yoga already refuses a mutation over GET
// with 405; GET URLs must stay plain, preflight-free requests that a CDN and a persisted-operation link can
// serve. The plugin's error is also given a code, as every rejection here has one.
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

/** Any one of these marks a request as preflighted: Yoga's own header and the two Apollo Client sends. */
export const CSRF_HEADERS = ["x-graphql-yoga-csrf", "apollo-require-preflight", "x-apollo-operation-name"] as const;

export function usePostCSRFPrevention(): Plugin {
  const { onRequestParse: check } = useCSRFPrevention({ requestHeaders: [...CSRF_HEADERS] });
  return {
    onRequestParse(payload) {
      if (payload.request.method !== "POST") return;
      try {
        return check!(payload);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        throw new GraphQLError(
          `A POST with a form or plain-text body must carry one of these headers: ${CSRF_HEADERS.join(", ")}. Or send Content-Type: application/json.`,
          { extensions: { code: "CSRF_PREFLIGHT_REQUIRED", http: { status: 403 } } },
        );
      }
    },
  };
}
