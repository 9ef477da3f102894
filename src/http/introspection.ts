// Introspection for admins only (production): the schema of the editorial mutations is not a public
// contract. Refused as 401/403 like any other guarded field, rather than graphql-js's generic
// NoSchemaIntrospectionCustomRule message, so clients see one convention.
import { getNamedType, GraphQLError, type ValidationRule } from "graphql";
import type { Plugin } from "graphql-yoga";
import { refusal } from "../auth/access.ts";
import { isAdmin, type Viewer } from "../auth/roles.ts";

const INTROSPECTION_FIELDS = new Set(["__schema", "__type"]);

function adminOnlyIntrospection(viewer: Viewer | null): ValidationRule {
  const rule: ValidationRule = (context) => ({
    Field(node) {
      const type = context.getParentType();
      // `__typename` is not introspection: clients add it to every selection to normalize their caches.
      if (
        !INTROSPECTION_FIELDS.has(node.name.value) ||
        !type ||
        getNamedType(type) !== context.getSchema().getQueryType()
      )
        return;
      const { message, extensions } = refusal(viewer, ["admin"]);
      // `spec: false`: Yoga marks validation errors as GraphQL-over-HTTP's, which a legacy application/json
      // client gets with 200; a refusal is 401/403 whatever the client accepts.
      const http = { ...(extensions.http as object), spec: false };
      context.reportError(new GraphQLError(message, { nodes: [node], extensions: { ...extensions, http } }));
    },
  });
  // Yoga caches validation results by document and the rules' names: the name must tell apart every
  // viewer whose refusal differs (src/auth/access.ts words it by role and locales only).
  return Object.defineProperty(rule, "name", {
    value: `adminOnlyIntrospection:${viewer ? `${viewer.role}:${viewer.locales.join(",")}` : "anonymous"}`,
  });
}

/** `viewerOf` gives the viewer the authentication plugin resolved (validation runs before the context is built). */
export function useAdminOnlyIntrospection(viewerOf: (request: Request) => Viewer | null): Plugin<{ request: Request }> {
  return {
    onValidate({ context, addValidationRule }) {
      const viewer = viewerOf(context.request);
      if (!isAdmin(viewer)) addValidationRule(adminOnlyIntrospection(viewer));
    },
  };
}
