// Configures the Pothos builder (plugins, context, scopes). Types live in src/schema/, one file each.
import SchemaBuilder from "@pothos/core";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { GraphQLError } from "graphql";
import type { ContentModel } from "./read/model.ts";

export type Context = {
  /** The content version this request reads: resolvers, the response cache and headers all use it. */
  version: number;
  /** The content of that version; one request never mixes two. */
  model: ContentModel;
  /** English source texts by hash, read only when a translator asks for a diff. */
  sourceRevisions(hashes: readonly string[]): Promise<ReadonlyMap<string, string>>;
  acceptLanguage: string | null;
  /** Sent a valid translator token: may see drafts and translation tasks. */
  translator: boolean;
};

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { translator: boolean };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({ translator: context.translator }),
    unauthorizedError: () =>
      new GraphQLError("This field needs the translator role: send `Authorization: Bearer <TRANSLATOR_TOKEN>`.", {
        extensions: { code: "FORBIDDEN" },
      }),
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.queryType({});
