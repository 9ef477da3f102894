// Who is asking: the request's bearer token resolved to a viewer once, before any GraphQL work. A token
// that is sent but not valid is refused with 401 even where no token is needed (RFC 6750 §3.1: the client
// believes it is authenticated and should learn it is not); fields that need a permission refuse later,
// per field, through scope-auth (src/builder.ts) and, for mutations, before execution (mutation-authorization.ts).
//
// Hand-written rather than Yoga's generic-auth plugin: that one resolves the user in the context factory,
// after the request was parsed, and answers a bad token only on the fields that need one.
import type { Plugin } from "graphql-yoga";
import { bearerChallenge } from "../auth/access.ts";
import type { Viewer } from "../auth/roles.ts";
import { hashToken, isWellFormedToken, parseAuthorization } from "../auth/tokens.ts";
import { CREDENTIALED_CACHE_CONTROL } from "./cache-control.ts";
import { codedErrorContentType } from "./rejections.ts";

/** Looks a token's hash up; null for an unknown or revoked token. */
export type FindViewer = (tokenHash: string) => Promise<Viewer | null>;

export type Authentication =
  | { kind: "anonymous" }
  | { kind: "viewer"; viewer: Viewer }
  /** `challenge`: the WWW-Authenticate value; `message`: what the client did wrong, never the token. */
  | { kind: "refused"; message: string; challenge: string };

const invalidToken = (message: string): Authentication => ({
  kind: "refused",
  message,
  challenge: bearerChallenge({ error: "invalid_token", description: message }),
});

/** What a request's Authorization header amounts to; one lookup at most, and none for a token of the wrong shape. */
export async function authenticate(header: string | null, findViewer: FindViewer): Promise<Authentication> {
  const credentials = parseAuthorization(header);
  switch (credentials.kind) {
    case "none":
      return { kind: "anonymous" };
    // RFC 6750 §3.1: an unsupported scheme is a request without Bearer credentials, so no error code.
    case "unsupported":
      return {
        kind: "refused",
        message: `Unsupported authorization scheme "${credentials.scheme}": send \`Authorization: Bearer <token>\`.`,
        challenge: bearerChallenge(),
      };
    // RFC 6750 would allow 400 invalid_request here; one 401 for every unusable token is simpler for clients.
    case "malformed":
      return invalidToken("Malformed Authorization header: expected `Bearer <token>` with exactly one token.");
    case "bearer": {
      if (!isWellFormedToken(credentials.token))
        return invalidToken("The token is malformed: Status Atlas tokens start with sa_.");
      const viewer = await findViewer(hashToken(credentials.token));
      return viewer ? { kind: "viewer", viewer } : invalidToken("The token is unknown or revoked.");
    }
  }
}

/** 401 in the shape of a GraphQL response, as the rate limit's 429 is: no GraphQL work was done for it. */
function unauthorized(
  ResponseClass: typeof Response,
  request: Request,
  refused: Extract<Authentication, { kind: "refused" }>,
): Response {
  const contentType = codedErrorContentType(request.headers.get("accept"));
  const body = JSON.stringify({ errors: [{ message: refused.message, extensions: { code: "UNAUTHENTICATED" } }] });
  return new ResponseClass(body, {
    status: 401,
    headers: {
      "content-type": contentType,
      "www-authenticate": refused.challenge,
      "cache-control": CREDENTIALED_CACHE_CONTROL,
    },
  });
}

export type Authenticator = {
  plugin: Plugin;
  /** Resolves a request's viewer once per Request (later calls share the lookup): for hooks that may run before the plugin. */
  authenticationOf(request: Request): Promise<Authentication>;
  /** The viewer the plugin resolved, for the context and validation, which run after it; throws if it has not run. */
  viewerOf(request: Request): Viewer | null;
};

/**
 * `onVerified` hears of each Authorization header found to carry a valid token: the rate limit gives such a
 * token a bucket of its own (src/http/rate-limit.ts).
 */
export function createAuthenticator(
  findViewer: FindViewer,
  onVerified?: (authorization: string) => void,
): Authenticator {
  const results = new WeakMap<Request, Promise<Authentication>>();
  const viewers = new WeakMap<Request, Viewer | null>();
  const authenticationOf = (request: Request) => {
    let result = results.get(request);
    if (!result) {
      const header = request.headers.get("authorization");
      result = authenticate(header, findViewer);
      if (onVerified && header !== null)
        void result.then(
          (authentication) => authentication.kind === "viewer" && onVerified(header),
          () => undefined,
        );
      results.set(request, result);
    }
    return result;
  };
  const plugin: Plugin = {
    // Every request that gets this far (health, metrics and preflights were answered before), so no path
    // Yoga serves GraphQL on can be reached without a resolved viewer.
    onRequest({ request, endResponse, fetchAPI }) {
      // Most requests send no token: settled synchronously, without another turn of the event loop.
      if (!request.headers.has("authorization")) return void viewers.set(request, null);
      return authenticationOf(request).then((authentication) => {
        if (authentication.kind === "refused") endResponse(unauthorized(fetchAPI.Response, request, authentication));
        else viewers.set(request, authentication.kind === "viewer" ? authentication.viewer : null);
      });
    },
    // Whatever answers a request sent with a token (a GraphQL result, GraphiQL's page, /imports, a 429) is
    // that caller's alone: no cache stores it, and no shared cache hands it on (RFC 9111 §5.2.2.5, §5.2.2.7).
    onResponse({ request, response }) {
      if (request.headers.has("authorization")) response.headers.set("cache-control", CREDENTIALED_CACHE_CONTROL);
    },
  };
  const viewerOf = (request: Request) => {
    const viewer = viewers.get(request);
    // A request replaced after the plugin ran would silently lose its viewer: fail loudly instead.
    if (viewer === undefined)
      throw new Error(
        "no viewer was resolved for this request (the authentication plugin must run first, and nothing may replace the request after it)",
      );
    return viewer;
  };
  return { plugin, authenticationOf, viewerOf };
}
