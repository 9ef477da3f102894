// Introspection for admins only (production): the schema of the editorial mutations is not a public
// contract. Refused as 401/403 like any other guarded field, rather than graphql-js's generic
// NoSchemaIntrospectionCustomRule message, so clients see one convention.
import { getNamedType, GraphQLError, type ValidationRule } from "graphql";
import type { Plugin } from "graphql-yoga";
import { refusal } from "../auth/access.ts";
import { isAdmin, type Viewer } from "../auth/roles.ts";

const INTROSPECTION_FIELDS = new Set(["__schema", "__type"]);

function adminOnlyIntrospection(viewer: Viewer | null): ValidationRule {
  return (context) => ({
    Field(node) {
      const type = context.getParentType();
      // `__typename` is not introspection: clients add it to every selection to normalize their caches.
      if (!INTROSPECTION_FIELDS.has(node.name.value) || !type || getNamedType(type) !== context.getSchema().getQueryType()) return;
      const { message, extensions } = refusal(viewer, ["admin"]);
      context.reportError(new GraphQLError(message, { nodes: [node], extensions }));
    },
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
