// Who may start and read import jobs: admins and editors (src/auth/roles.ts mayEdit). How a request's
// token becomes a viewer is the authentication plugin's job (issue #9); it is injected here, and until it
// is wired in every request is anonymous and answered 401.
import { mayEdit, type Viewer } from "../auth/roles.ts";

export type ViewerResolver = (request: Request) => Promise<Viewer | null>;

export const ANONYMOUS: ViewerResolver = async () => null;

const REALM = 'Bearer realm="status-atlas"';

function problem(status: number, code: string, message: string, challenge: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "www-authenticate": challenge,
    },
  });
}

/**
 * The viewer, or the response refusing the request: 401 with a Bearer challenge when nobody is signed in
 * (RFC 9110 §15.5.2, §11.6.1), 403 when the token's role may not import (RFC 9110 §15.5.4; the challenge
 * says why in RFC 6750 §3.1 terms).
 */
export async function authorizeImport(
  request: Request,
  resolveViewer: ViewerResolver = ANONYMOUS,
): Promise<Viewer | Response> {
  const viewer = await resolveViewer(request);
  if (!viewer)
    return problem(
      401,
      "UNAUTHENTICATED",
      "Send an API token of an admin or editor: Authorization: Bearer <token>.",
      REALM,
    );
  if (!mayEdit(viewer)) {
    return problem(
      403,
      "FORBIDDEN",
      `The token "${viewer.name}" has the role ${viewer.role}; importing content needs admin or editor.`,
      `${REALM}, error="insufficient_scope"`,
    );
  }
  return viewer;
}
