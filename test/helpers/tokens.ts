// Real API tokens for tests, created in the test's database as `status-atlas tokens create` would.
import type { Database } from "../../src/db/index.ts";
import type { Role } from "../../src/auth/roles.ts";
import { createToken as storeToken } from "../../src/auth/store.ts";

let count = 0;

/** A new token of `role` (locale-scoped roles get `locales`, "vi" when not given); returns the plain token. */
export async function createToken(
  db: Pick<Database, "prisma">,
  { role, locales, name }: { role: Role; locales?: string[]; name?: string },
): Promise<string> {
  const scoped = role === "translator" || role === "reviewer";
  const { token } = await storeToken(db.prisma, {
    name: name ?? `test-${role}-${++count}-${process.pid}`,
    role,
    locales: scoped ? (locales ?? ["vi"]) : [],
  });
  return token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
