// Issuing and revoking API tokens, with the checks both front doors make: `status-atlas tokens create|revoke`
// (src/cli/tokens/) and GraphQL's createToken/revokeToken (src/schema/token.ts). Refusals are coded values
// naming the field, so the CLI prints them and the API throws them, from one set of rules.
import { SOURCE_LOCALE } from "../content/format.ts";
import { nearest } from "../content/text.ts";
import { LOCALE_SCOPED_ROLES, ROLES, type Role } from "./roles.ts";
import { createToken, findTokenByName, listTokens, revokeToken, type TokenSummary } from "./store.ts";

/** A name for logs and `tokens list`: a person or a system, in characters no shell or log line mangles. */
export const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export type TokenRequest = { name: string; role: string; locales: readonly string[] };

/** `USAGE`: the request itself is malformed (the CLI's exit 2); `VALIDATION`: it names what does not exist; `CONFLICT`: the name is taken. */
export type TokenRefusal = {
  code: "USAGE" | "VALIDATION" | "CONFLICT" | "NOT_FOUND";
  field: "name" | "role" | "locales";
  message: string;
};

/** How a refusal tells the caller to give locales or leave them out: the CLI names its flag, the API its field. */
export type LocaleWording = { example: string; leaveOut: string };
const API_WORDING: LocaleWording = { example: 'e.g. ["vi"]', leaveOut: "give none" };

/** What needs no database: the name's shape, the role, and whether the role takes locales. */
export function checkTokenRequest(request: TokenRequest, wording: LocaleWording = API_WORDING): TokenRefusal | null {
  const usage = (field: TokenRefusal["field"], message: string): TokenRefusal => ({ code: "USAGE", field, message });
  if (!TOKEN_NAME.test(request.name))
    return usage(
      "name",
      `"${request.name}" is not a token name (letters, digits, . _ @ -, at most 64, starting with a letter or digit)`,
    );
  if (!(ROLES as readonly string[]).includes(request.role)) {
    const suggestion = nearest(request.role.toLowerCase(), ROLES, 3);
    return usage(
      "role",
      `unknown role "${request.role}"${suggestion ? `: did you mean ${suggestion}?` : ""} (roles: ${ROLES.join(", ")})`,
    );
  }
  const scoped = LOCALE_SCOPED_ROLES.includes(request.role as Role);
  if (scoped && request.locales.length === 0)
    return usage(
      "locales",
      `a ${request.role} works in the locales the token names; give at least one, ${wording.example}`,
    );
  if (!scoped && request.locales.length > 0)
    return usage("locales", `an ${request.role} token is not limited to locales; ${wording.leaveOut}`);
  return null;
}

/** Each locale must be one the content has, and not English (changed with an editor token). */
export function checkTokenLocales(locales: readonly string[], known: readonly string[]): TokenRefusal | null {
  const translatable = known.filter((code) => code !== SOURCE_LOCALE);
  for (const locale of locales) {
    if (translatable.includes(locale)) continue;
    const suggestion = locale === SOURCE_LOCALE ? undefined : nearest(locale.toLowerCase(), translatable, 2);
    const why =
      locale === SOURCE_LOCALE
        ? `"${SOURCE_LOCALE}" is the source locale: English is changed with an editor token`
        : `unknown locale "${locale}"${suggestion ? `: did you mean ${suggestion}?` : ""}`;
    return {
      code: "VALIDATION",
      field: "locales",
      message: `${why} (locales in the database: ${translatable.join(", ") || "none; run status-atlas import first"})`,
    };
  }
  return null;
}

type Tokens = Parameters<typeof createToken>[0];

export type IssueOutcome = { ok: true; token: string; summary: TokenSummary } | ({ ok: false } & TokenRefusal);

/**
 * Checks a request and stores the token: the plain token is in the outcome, the only time it exists.
 * `knownLocales`: the locales the content has (the caller reads them: the CLI from the database, the API from its snapshot).
 */
export async function issueToken(
  prisma: Tokens,
  request: TokenRequest,
  knownLocales: readonly string[],
): Promise<IssueOutcome> {
  const refused = checkTokenRequest(request) ?? checkTokenLocales(request.locales, knownLocales);
  if (refused) return { ok: false, ...refused };
  if (await findTokenByName(prisma, request.name)) {
    return {
      ok: false,
      code: "CONFLICT",
      field: "name",
      message: `A token named "${request.name}" already exists: pick another name, or revoke it first.`,
    };
  }
  const { token, summary } = await createToken(prisma, {
    name: request.name,
    role: request.role as Role,
    locales: [...new Set(request.locales)],
  });
  return { ok: true, token, summary };
}

/** Revokes a token by name (its workbench sessions end with it, src/workbench/sessions.ts); NOT_FOUND suggests the nearest name. */
export async function revokeTokenNamed(
  prisma: Tokens,
  name: string,
  at: Date,
): Promise<{ ok: true } | ({ ok: false } & TokenRefusal)> {
  if (await revokeToken(prisma, name, at)) return { ok: true };
  const suggestion = nearest(
    name,
    (await listTokens(prisma)).map((t) => t.name),
    3,
  );
  return {
    ok: false,
    code: "NOT_FOUND",
    field: "name",
    message: `No token named "${name}"${suggestion ? `: did you mean ${suggestion}?` : ""}.`,
  };
}
