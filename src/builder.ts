// Configures the Pothos builder (plugins, context, scopes). Types live in src/schema/, one file each.
import SchemaBuilder from "@pothos/core";
import RelayPlugin, { resolveNodes } from "@pothos/plugin-relay";
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from "@pothos/plugin-scope-auth";
import { isObjectType, type GraphQLSchema } from "graphql";
import type { ContentReads } from "./http/content-reads.ts";
import type { ContentModel } from "./read/model.ts";
import type { ContentStore, Snapshot } from "./read/store.ts";
import type { EditorialSession } from "./editorial/session.ts";
import type { ImportService } from "./releases/service.ts";
import type { WebhookAdmin } from "./webhooks/admin.ts";
import type { TokenAdmin } from "./auth/admin.ts";
import type { VersionLog } from "./read/versions.ts";
import { permissionOf, refusal } from "./auth/access.ts";
import { isAdmin, mayEdit, mayReview, mayTranslate, type Permission, type Viewer } from "./auth/roles.ts";

export type Context = {
  /** The content version this request reads: resolvers, the response cache and headers all use it. */
  version: number;
  /** The content of that version; one request never mixes two. */
  model: ContentModel;
  /** English source texts by hash, read only when a translator asks for a diff. */
  sourceRevisions(hashes: readonly string[]): Promise<ReadonlyMap<string, string>>;
  acceptLanguage: string | null;
  /** What the resolvers read, recorded for the HTTP layer's Vary and purge keys (src/http/content-reads.ts). */
  reads: ContentReads;
  /** Who the request's token identifies (src/auth/); null when it sent none. */
  viewer: Viewer | null;
  /** The snapshot `version` and `model` come from; previews are built from it. */
  snapshot: Snapshot;
  /** The snapshot with drafts of these locales shown (src/read/store.ts): previews, translators' tasks. */
  preview: ContentStore["preview"];
  /** The request asked for drafts with the `X-Preview: true` header (or a field's `preview` argument). */
  previewHeader: boolean;
  /** Edits and history, for mutations (src/editorial/). */
  editorial: EditorialSession;
  /** Import jobs, through the server's one runner (src/releases/service.ts), which POST /imports shares. */
  imports: ImportService;
  /** Webhook subscriptions and deliveries, for admins' fields (src/webhooks/admin.ts). */
  webhooks: WebhookAdmin;
  /** API tokens, for admins' fields (src/auth/admin.ts). */
  tokens: TokenAdmin;
  /** The log of content versions, for the workbench's timeline (src/read/versions.ts). */
  versions: VersionLog;
};

/** What the request's viewer may do, as scope-auth loaders; also read by the pre-execution check of mutations. */
export function scopesOf(context: Pick<Context, "viewer">) {
  return {
    admin: isAdmin(context.viewer),
    edit: mayEdit(context.viewer),
    translate: (locale: string) => mayTranslate(context.viewer, locale),
    review: (locale: string) => mayReview(context.viewer, locale),
  };
}

/** The permissions a scope-auth failure lacked, to name them in the 403. */
function missingOf(failure: AuthFailure): Permission[] {
  if ("failures" in failure) return failure.failures.flatMap(missingOf);
  return failure.kind === AuthScopeFailureType.AuthScope ? [permissionOf(failure.scope, failure.parameter)] : [];
}

/** A parsed global id when it names an object type that implements Node (the only ones node(id:) loads), else null. */
function loadable<T extends { typename: string }>(schema: GraphQLSchema, id: T | null | undefined): T | null {
  const type = id ? schema.getType(id.typename) : undefined;
  return id && isObjectType(type) && type.getInterfaces().some((face) => face.name === "Node") ? id : null;
}

/** This file's builder, for the node queries' resolvers (set below; they run only once a schema is built). */
let nodeLoader: Parameters<typeof resolveNodes>[0];

export const builder = new SchemaBuilder<{
  Context: Context;
  // The permissions of src/auth/roles.ts; `translate` and `review` take the locale a field works in.
  AuthScopes: { admin: boolean; edit: boolean; translate: string; review: string };
  DefaultFieldNullability: false;
  // An upload by the GraphQL multipart request spec, which Yoga parses into a File (src/schema/import-job.ts).
  // JSON: a value as it is (a string, a list, an object), for history's field values (src/schema/history.ts).
  Scalars: { File: { Input: File; Output: never }; JSON: { Input: unknown; Output: unknown } };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: scopesOf,
    // 401 without a token, 403 with one that lacks the permission (src/auth/access.ts); a bad token never gets here.
    unauthorizedError: (_parent, context, _info, result) => refusal(context.viewer, missingOf(result.failure)),
  },
  relay: {
    clientMutationId: "omit",
    mutationInputArgOptions: { description: "The mutation's input (Relay mutation convention: one input object)." },
    cursorType: "String",
    // Relay's global object identification, so Apollo's and Relay's caches normalize without per-type setup.
    nodeTypeOptions: { description: "An object with a global id: fetch it again with `node(id:)`." },
    idFieldOptions: { description: "Global id (opaque): the same object in the same locale always has the same id." },
    // An id naming a type that is not a Node (ImportJob:1, say) is one that names nothing: null, as for any
    // other, rather than the relay plugin's "does not support loading by id", a GraphQLError that is never masked.
    // (The plugin's own resolveNodes callback ignores the ids it is handed, so its exported one is called here,
    // with this builder; it answers null for a null id.)
    nodeQueryOptions: {
      description: "The object with this global id, or null when there is none.",
      args: { id: { description: "A global id from an `id` field." } },
      resolve: async (_root, { id }, context, info) =>
        (await resolveNodes(nodeLoader, context, info, [loadable(info.schema, id)]))[0] ?? null,
    },
    nodesQueryOptions: {
      description: "The objects with these global ids, in order; null for each that does not exist.",
      args: { ids: { description: "Global ids from `id` fields." } },
      resolve: (_root, { ids }, context, info) =>
        resolveNodes(
          nodeLoader,
          context,
          info,
          ids.map((id) => loadable(info.schema, id)),
        ),
    },
    // Every connection shares these, so they are described once here (a test requires every field described).
    pageInfoTypeOptions: { description: "Where a page sits in its list (Relay cursor connections)." },
    hasNextPageFieldOptions: { description: "More items follow this page: pass `endCursor` as `after` to get them." },
    hasPreviousPageFieldOptions: {
      description: "Items come before this page: pass `startCursor` as `before` to get them.",
    },
    startCursorFieldOptions: { description: "The cursor of the page's first item; null for an empty page." },
    endCursorFieldOptions: { description: "The cursor of the page's last item; null for an empty page." },
    edgesFieldOptions: { description: "The page's items, each with its cursor." },
    pageInfoFieldOptions: { description: "Cursors and whether more items exist on either side." },
    cursorFieldOptions: { description: "Opaque position of this item, for `after` and `before`." },
    nodeFieldOptions: { description: "The item." },
    firstArgOptions: {
      description: "Page size from the start (or after `after`), 0 to 100; 100 when neither first nor last is given.",
    },
    lastArgOptions: { description: "Page size from the end (or before `before`), 0 to 100." },
    afterArgOptions: { description: "Return items after this cursor." },
    beforeArgOptions: { description: "Return items before this cursor." },
  },
});
// resolveNodes is typed for the base SchemaTypes, which a builder of ours is not assignable to (variance only).
nodeLoader = builder as unknown as typeof nodeLoader;

builder.queryType({
  description: "Reads of the status code reference: codes, comparisons, locales and translation progress.",
});

/** The builder's schema types, for helpers that build fields outside a type's own `fields` callback. */
export type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
builder.mutationType({
  description:
    "Changes to the content, each needing a token with the right permission (see `tokens create`). Every change takes the revision the client last read and answers with the new content version.",
});
