// The ApiToken table: tokens are created, listed and revoked by the CLI and looked up once per request
// that sends one. Only the hash of a token is stored; the token itself exists once, in `create`'s result.
import { randomBytes } from "node:crypto";
import { Prisma, type PrismaClient } from "@prisma/client";
import { formatToken, hashToken, shownPrefix, TOKEN_BYTES } from "./tokens.ts";
import { ROLES, type Role, type Viewer } from "./roles.ts";

type Tokens = Pick<PrismaClient, "apiToken">;

/** A token as `tokens list` shows it: never the token, never its hash. */
export type TokenSummary = {
  name: string;
  role: Role;
  locales: string[];
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

/**
 * How stale a token's `lastUsedAt` may get: a lookup records the use only when the stored time is older, so
 * a busy token costs one write a minute, not one per request, and "last used" is still right to the minute.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

const asRole = (role: string): Role => {
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`ApiToken has an unknown role "${role}"`);
  return role as Role;
};
const asLocales = (json: string): string[] => JSON.parse(json) as string[];

/** Stores a new token and returns it: the only time the plain token is known. Checks are the caller's (issueToken in src/auth/issue.ts). */
export async function createToken(
  prisma: Tokens,
  input: { name: string; role: Role; locales: readonly string[] },
  bytes: Uint8Array = randomBytes(TOKEN_BYTES),
): Promise<{ token: string; summary: TokenSummary }> {
  const token = formatToken(bytes);
  const row = await prisma.apiToken.create({
    data: {
      name: input.name,
      role: input.role,
      locales: JSON.stringify(input.locales),
      hash: hashToken(token),
      prefix: shownPrefix(token),
    },
  });
  return { token, summary: summaryOf(row) };
}

export async function listTokens(prisma: Tokens): Promise<TokenSummary[]> {
  const rows = await prisma.apiToken.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map(summaryOf);
}

export async function findTokenByName(prisma: Tokens, name: string): Promise<TokenSummary | null> {
  const row = await prisma.apiToken.findUnique({ where: { name } });
  return row && summaryOf(row);
}

/** Revokes the named token from `at` on; false when there is no such token. Revoking twice keeps the first time. */
export async function revokeToken(prisma: Tokens, name: string, at: Date): Promise<boolean> {
  const { count } = await prisma.apiToken.updateMany({ where: { name, revokedAt: null }, data: { revokedAt: at } });
  if (count) return true;
  return (await prisma.apiToken.count({ where: { name } })) > 0;
}

/** The last-use writes findViewer started and that have not settled yet. */
const lastUseWrites = new Set<Promise<unknown>>();

/**
 * Settles once every last-use write started so far has (written, or failed and been dropped): what a caller
 * that reads `lastUsedAt` right after a request waits on, instead of polling on a timer.
 */
export async function lastUseRecorded(): Promise<void> {
  await Promise.all(lastUseWrites);
}

/**
 * The viewer a token identifies, or null when it is unknown or revoked: one query on the unique hash index.
 * Raw, as the save path's statements are (src/db/bulk.ts): every request with a token runs it, and a model
 * query costs several times as much in Prisma's compiler.
 */
export async function findViewer(
  prisma: Pick<PrismaClient, "apiToken" | "$queryRaw">,
  tokenHash: string,
  now: Date = new Date(),
): Promise<Viewer | null> {
  const [row] = await prisma.$queryRaw<
    {
      id: number | bigint;
      name: string;
      role: string;
      locales: string;
      revokedAt: Date | null;
      lastUsedAt: Date | null;
    }[]
  >(
    Prisma.sql`SELECT "id", "name", "role", "locales", "revokedAt", "lastUsedAt" FROM "ApiToken" WHERE "hash" = ${tokenHash}`,
  );
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Not awaited: the request does not wait for bookkeeping, and a failed write (a busy or closing database)
    // only leaves "last used" a minute behind. The condition keeps concurrent requests from moving it back.
    // Kept in a set until it settles, so whoever needs it written can wait on it (lastUseRecorded).
    const write: Promise<unknown> = prisma.apiToken
      .updateMany({
        where: { id: Number(row.id), OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: now } }] },
        data: { lastUsedAt: now },
      })
      .catch(() => undefined)
      .finally(() => lastUseWrites.delete(write));
    lastUseWrites.add(write);
  }
  return { tokenId: Number(row.id), name: row.name, role: asRole(row.role), locales: asLocales(row.locales) };
}

function summaryOf(row: {
  name: string;
  role: string;
  locales: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}): TokenSummary {
  return {
    name: row.name,
    role: asRole(row.role),
    locales: asLocales(row.locales),
    prefix: row.prefix,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}
