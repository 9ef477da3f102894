// Workbench sessions in the database (WorkbenchSession): signing in with a token opens one, the cookie
// carries its id, and every request finds it again, with its token's viewer. Stored server-side so that
// signing out, expiry and revoking the token end it on every replica at once. Only the id's hash is
// stored, as for tokens; the CSRF secret is per session.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { findViewer } from "../auth/store.ts";
import type { Viewer } from "../auth/roles.ts";
import { hashToken } from "../auth/tokens.ts";

type Tables = Pick<PrismaClient, "workbenchSession" | "apiToken" | "$queryRaw">;

/** Eight hours: a working day, after which the translator signs in again. */
export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

export type Session = { viewer: Viewer; csrf: string; expiresAt: Date };

const hashOf = (id: string) => createHash("sha256").update(id).digest("hex");
const randomId = () => randomBytes(32).toString("base64url");

export type SessionStore = {
  /** Opens a session for a token; null when the token is unknown or revoked (the caller answers 401). */
  open(token: string, now: Date): Promise<{ id: string; session: Session } | null>;
  /** The session a cookie names, or null when there is none, it expired, or its token was revoked. */
  find(id: string, now: Date): Promise<Session | null>;
  close(id: string): Promise<void>;
};

export function createSessionStore(prisma: Tables, lifetimeMs = SESSION_LIFETIME_MS): SessionStore {
  return {
    async open(token, now) {
      const viewer = await findViewer(prisma, hashToken(token));
      if (!viewer) return null;
      const id = randomId();
      const session = { viewer, csrf: randomId(), expiresAt: new Date(now.getTime() + lifetimeMs) };
      await prisma.workbenchSession.create({
        data: {
          hash: hashOf(id),
          tokenId: viewer.tokenId,
          csrf: session.csrf,
          expiresAt: session.expiresAt,
          createdAt: now,
        },
      });
      return { id, session };
    },
    async find(id, now) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
      const hash = hashOf(id);
      const row = await prisma.workbenchSession.findUnique({ where: { hash } });
      if (!row) return null;
      const token = await prisma.apiToken.findUnique({ where: { id: row.tokenId } });
      // An expired session, or one whose token was revoked, is gone for good: delete it as it is refused.
      if (row.expiresAt <= now || !token || token.revokedAt) {
        await prisma.workbenchSession.deleteMany({ where: { hash } });
        return null;
      }
      const viewer = await findViewer(prisma, token.hash);
      return viewer && { viewer, csrf: row.csrf, expiresAt: row.expiresAt };
    },
    async close(id) {
      await prisma.workbenchSession.deleteMany({ where: { hash: hashOf(id) } });
    },
  };
}

/** Whether a submitted CSRF token is the session's, compared in constant time. */
export function csrfMatches(expected: string, submitted: string | null): boolean {
  if (submitted === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const newCsrfSecret = randomId;
