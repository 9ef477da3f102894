// API tokens over GraphQL (admins only), as `status-atlas tokens create|list|revoke` manages them, with the
// same checks (src/auth/issue.ts): the token is shown once, by createToken, and never read back.
import { builder } from "../builder.ts";
import { ROLES } from "../auth/roles.ts";
import type { TokenSummary } from "../auth/store.ts";
import { expectedError } from "./errors.ts";
import { enumFrom } from "./enums.ts";

const RoleEnum = enumFrom("Role", "What a token may do (src/auth/roles.ts).", ROLES, {
  admin: "admin: everything, tokens and webhooks included.",
  editor: "editor: English text, facts, comparisons, messages and imports.",
  reviewer: "reviewer: translates, reviews and publishes in the token's locales.",
  translator: "translator: saves drafts in the token's locales.",
});

const iso = (date: Date | null) => date?.toISOString() ?? null;

const ApiTokenType = builder.objectRef<TokenSummary>("ApiToken").implement({
  description: "An API token as admins see it: never the token or its hash.",
  fields: (t) => ({
    name: t.exposeString("name", { description: "Who or what uses it; unique." }),
    role: t.field({ type: RoleEnum, description: "What it may do.", resolve: (s) => s.role }),
    locales: t.exposeStringList("locales", {
      description: "The locales a translator's or reviewer's token works in; empty for the other roles.",
    }),
    prefix: t.exposeString("prefix", {
      description: 'Its first characters ("sa_" and six more), to tell tokens apart.',
    }),
    createdAt: t.string({
      description: "When it was created (ISO 8601, UTC).",
      resolve: (s) => s.createdAt.toISOString(),
    }),
    lastUsedAt: t.string({
      nullable: true,
      description: "When a request last sent it, to the minute (ISO 8601, UTC); null if never.",
      resolve: (s) => iso(s.lastUsedAt),
    }),
    revokedAt: t.string({
      nullable: true,
      description: "When it was revoked (ISO 8601, UTC); null while it works.",
      resolve: (s) => iso(s.revokedAt),
    }),
  }),
});

builder.queryField("tokens", (t) =>
  t.field({
    type: [ApiTokenType],
    description: "Every API token, oldest first, revoked ones included (admins).",
    authScopes: { admin: true },
    resolve: (_root, _args, context) => context.tokens.list(),
  }),
);

builder.relayMutationField(
  "createToken",
  {
    description: "Who the token is for and what it may do.",
    inputFields: (t) => ({
      name: t.string({
        required: true,
        description: "Who or what uses it, unique: letters, digits, . _ @ -, at most 64.",
      }),
      role: t.field({ type: RoleEnum, required: true, description: "What it may do." }),
      locales: t.stringList({
        description: "The locales of a translator's or reviewer's token (at least one); none for the other roles.",
      }),
    }),
  },
  {
    description:
      "Creates an API token (admins) and answers with it, shown this once: only its hash is stored. A bad name, role or locale is VALIDATION naming the field; a name in use is CONFLICT.",
    authScopes: { admin: true },
    resolve: async (_root, { input }, context) => {
      const known = [...context.model.locales.keys()];
      const issued = await context.tokens.issue(
        { name: input.name, role: input.role, locales: input.locales ?? [] },
        known,
      );
      if (!issued.ok)
        throw expectedError(
          issued.code === "USAGE" ? "VALIDATION" : issued.code,
          `${issued.field}: ${issued.message}`,
          { field: issued.field },
        );
      return issued;
    },
  },
  {
    description: "The new token.",
    outputFields: (t) => ({
      token: t.string({
        description: 'The token ("sa_…"), for `Authorization: Bearer`. Shown only here: store it now.',
        resolve: (issued) => issued.token,
      }),
      apiToken: t.field({
        type: ApiTokenType,
        description: "The token as `tokens` lists it.",
        resolve: (issued) => issued.summary,
      }),
    }),
  },
);

builder.relayMutationField(
  "revokeToken",
  {
    description: "Which token to revoke.",
    inputFields: (t) => ({
      name: t.string({ required: true, description: "The token's name, as `tokens` lists it." }),
    }),
  },
  {
    description:
      "Revokes a token (admins): requests sending it get 401 from the next one on, and its workbench sessions end. Revoking again keeps the first time. NOT_FOUND when there is no such token.",
    authScopes: { admin: true },
    resolve: async (_root, { input }, context) => {
      const revoked = await context.tokens.revoke(input.name, new Date());
      if (!revoked.ok) throw expectedError("NOT_FOUND", revoked.message, { field: "name" });
      return (await context.tokens.list()).find((token) => token.name === input.name)!;
    },
  },
  {
    description: "The revoked token.",
    outputFields: (t) => ({
      apiToken: t.field({
        type: ApiTokenType,
        description: "The token, now with `revokedAt`.",
        resolve: (summary) => summary,
      }),
    }),
  },
);
