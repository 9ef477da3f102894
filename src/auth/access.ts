// Deciding a field's access from the scopes it declares, and the two ways of being refused: 401 (who are
// you?) and 403 (you may not), as RFC 9110 §15.5.2/§15.5.4 and RFC 6750 §3 define them. Pure.
import { GraphQLError } from "graphql";
import type { Permission, Viewer } from "./roles.ts";

/** The realm every challenge names (RFC 9110 §11.5). */
export const REALM = "status-atlas";

/** A field's scope map as Pothos scope-auth reads it: any one entry suffices; `$all` needs every entry of its map. */
export type ScopeMap = { readonly [scope: string]: unknown };
/** What the viewer has: a flag per plain scope, a check per scope that takes a parameter (a locale). */
export type ScopeLoaders = { readonly [scope: string]: boolean | ((parameter: never) => boolean) };

export type Decision = { allowed: true } | { allowed: false; missing: Permission[] };

/** The permission a scope entry stands for: `edit`, `translate:vi`. */
export function permissionOf(scope: string, parameter: unknown): Permission {
  return (typeof parameter === "string" ? `${scope}:${parameter}` : scope) as Permission;
}

/**
 * Decides a scope map the way scope-auth does (its default strategy is "any"; `$any` and `$all` nest), so
 * a check made before execution (src/http/mutation-authorization.ts) agrees with the one made per field.
 */
export function decide(scopes: ScopeMap | boolean, loaders: ScopeLoaders, strategy: "any" | "all" = "any"): Decision {
  if (typeof scopes === "boolean") return scopes ? { allowed: true } : { allowed: false, missing: [] };
  const missing: Permission[] = [];
  let any = false;
  let all = true;
  for (const [scope, parameter] of Object.entries(scopes)) {
    let decision: Decision;
    if (scope === "$any" || scope === "$all")
      decision = decide(parameter as ScopeMap, loaders, scope === "$any" ? "any" : "all");
    else {
      const loader = loaders[scope];
      const granted =
        typeof loader === "function"
          ? (loader as (p: unknown) => boolean)(parameter)
          : loader === true && parameter !== false;
      decision = granted ? { allowed: true } : { allowed: false, missing: [permissionOf(scope, parameter)] };
    }
    if (decision.allowed) any = true;
    else {
      all = false;
      missing.push(...decision.missing);
    }
  }
  return (strategy === "any" ? any : all) ? { allowed: true } : { allowed: false, missing };
}

/** "review permission for locale vi", "edit permission". */
export function describePermission(permission: Permission): string {
  const [scope, locale] = permission.split(":");
  return locale ? `${scope} permission for locale ${locale}` : `${scope} permission`;
}

export type Challenge = {
  error?: "invalid_token" | "insufficient_scope";
  description?: string;
  scope?: readonly Permission[];
};

/** A WWW-Authenticate value (RFC 6750 §3): the realm, and the error when the client sent a token. */
export function bearerChallenge(challenge: Challenge = {}): string {
  const quoted = (value: string) => `"${value.replace(/["\\]/g, "\\$&")}"`;
  const params = [`realm=${quoted(REALM)}`];
  if (challenge.error) params.push(`error=${quoted(challenge.error)}`);
  if (challenge.description) params.push(`error_description=${quoted(challenge.description)}`);
  if (challenge.scope?.length) params.push(`scope=${quoted(challenge.scope.join(" "))}`);
  return `Bearer ${params.join(", ")}`;
}

/** 401: the request needs a token and sent none (a bad token is refused earlier, src/http/authentication.ts). */
export function unauthenticatedError(
  message = "This needs an API token: send `Authorization: Bearer <token>` (see `status-atlas tokens create`).",
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "UNAUTHENTICATED", http: { status: 401, headers: { "www-authenticate": bearerChallenge() } } },
  });
}

/** 403: the token is valid but its role or locales do not grant what the field needs. */
export function forbiddenError(viewer: Viewer, missing: readonly Permission[]): GraphQLError {
  const needs = missing.length ? missing.map(describePermission).join(" or ") : "a permission this token does not have";
  // Names the role and locales, not the token: the same refusal may be cached for every viewer alike (src/http/introspection.ts).
  const holder = `${viewer.role} token${viewer.locales.length ? ` for ${viewer.locales.join(", ")}` : ""}`;
  // Roles are admin, editor, translator, reviewer: "an" before the two that start with a vowel.
  const article = /^[aeiou]/.test(viewer.role) ? "an" : "a";
  return new GraphQLError(`Forbidden: this needs ${needs}, which ${article} ${holder} does not have.`, {
    extensions: {
      code: "FORBIDDEN",
      missing: [...missing],
      http: {
        status: 403,
        headers: { "www-authenticate": bearerChallenge({ error: "insufficient_scope", scope: missing }) },
      },
    },
  });
}

/** The refusal for a viewer who lacks `missing`: 401 when anonymous, 403 otherwise. */
export function refusal(viewer: Viewer | null, missing: readonly Permission[]): GraphQLError {
  return viewer ? forbiddenError(viewer, missing) : unauthenticatedError();
}
