// API tokens bound to one server's database: what GraphQL's admin fields (src/schema/token.ts) reach through
// the context, as the CLI reaches src/auth/issue.ts directly. No resolver touches Prisma.
import type { PrismaClient } from "@prisma/client";
import { issueToken, revokeTokenNamed, type IssueOutcome, type TokenRefusal, type TokenRequest } from "./issue.ts";
import { listTokens, type TokenSummary } from "./store.ts";

export type TokenAdmin = {
  /** Every token, oldest first, revoked ones included; never a token or its hash. */
  list(): Promise<TokenSummary[]>;
  issue(request: TokenRequest, knownLocales: readonly string[]): Promise<IssueOutcome>;
  revoke(name: string, at: Date): Promise<{ ok: true } | ({ ok: false } & TokenRefusal)>;
};

export function createTokenAdmin(prisma: Pick<PrismaClient, "apiToken">): TokenAdmin {
  return {
    list: () => listTokens(prisma),
    issue: (request, knownLocales) => issueToken(prisma, request, knownLocales),
    revoke: (name, at) => revokeTokenNamed(prisma, name, at),
  };
}
