// API tokens as text: making one, hashing it for storage, and reading it back out of an Authorization
// header. Pure; the random bytes come from the caller, the table from src/auth/store.ts.
import { createHash } from "node:crypto";

/** Every token starts with this, so secret scanners (and people) can recognise a leaked one. */
export const TOKEN_PREFIX = "sa_";
/** 32 random bytes, base64url without padding: 256 bits, so a lookup by hash needs no constant-time compare. */
export const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^sa_[A-Za-z0-9_-]{43}$/;
/** How much of a token `tokens list` shows to tell tokens apart: the prefix and 6 random characters. */
const SHOWN_CHARACTERS = TOKEN_PREFIX.length + 6;

export function formatToken(randomBytes: Uint8Array): string {
  if (randomBytes.length !== TOKEN_BYTES)
    throw new Error(`a token needs ${TOKEN_BYTES} random bytes, got ${randomBytes.length}`);
  return TOKEN_PREFIX + Buffer.from(randomBytes).toString("base64url");
}

/** Whether `token` has the shape `formatToken` makes; anything else cannot be a token of ours. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/** What is stored instead of the token: hex SHA-256. The token is random enough that no salt or slow hash is needed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function shownPrefix(token: string): string {
  return token.slice(0, SHOWN_CHARACTERS);
}

/**
 * An Authorization header, read as RFC 6750 §2.1 asks: the scheme is case-insensitive, then one space or
 * more, then exactly one b64token. `unsupported` is another scheme (Basic…); `malformed` is a Bearer
 * header that is not one token (none, two, characters outside b64token, two headers joined by a comma).
 */
export type Credentials =
  | { kind: "none" }
  | { kind: "unsupported"; scheme: string }
  | { kind: "malformed" }
  | { kind: "bearer"; token: string };

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export function parseAuthorization(header: string | null): Credentials {
  if (header === null) return { kind: "none" };
  const [scheme = "", ...rest] = header.trim().split(/ +/);
  if (scheme.toLowerCase() !== "bearer")
    return scheme && !scheme.includes(",") ? { kind: "unsupported", scheme } : { kind: "malformed" };
  if (rest.length !== 1 || !B64TOKEN.test(rest[0]!)) return { kind: "malformed" };
  return { kind: "bearer", token: rest[0]! };
}
