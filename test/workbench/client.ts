// A browser-like client for the workbench over yoga.fetch: keeps cookies, reads the CSRF token from the
// page it last got, and posts URL-encoded forms as a browser does (same Origin, Sec-Fetch-Site).
import { expect } from "vitest";
import type { StatusAtlasYoga } from "../../src/yoga.ts";
import type { TestDatabase } from "../helpers/database.ts";
import { createToken } from "../helpers/tokens.ts";

export const ORIGIN = "http://workbench.test";

export type Page = { status: number; headers: Headers; text: string };
type Form = Record<string, string> | URLSearchParams | FormData;
export type Role = "translator" | "reviewer" | "admin" | "editor";

/** A client signed in with a new token of `role` (a session made, 303), and that token. */
export async function signedInClient(
  seeded: { db: TestDatabase; server: { yoga: StatusAtlasYoga } },
  role: Role,
  name?: string,
): Promise<{ c: WorkbenchClient; token: string }> {
  const token = await createToken(seeded.db, { role, name });
  const c = workbenchClient(seeded.server.yoga);
  expect((await c.signIn(token)).status).toBe(303);
  return { c, token };
}

export type WorkbenchClient = ReturnType<typeof workbenchClient>;

export function workbenchClient(yoga: StatusAtlasYoga, origin = ORIGIN) {
  const jar = new Map<string, string>();
  let last = "";
  const remember = (headers: Headers) => {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === "" || /max-age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  async function send(
    path: string,
    init: { method?: string; form?: Form; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const headers: Record<string, string> = { cookie: cookieHeader(), ...init.headers };
    let body: string | FormData | undefined;
    if (init.form) {
      headers.origin ??= origin;
      headers["sec-fetch-site"] ??= "same-origin";
      // FormData goes as multipart/form-data, its boundary in the type fetch writes; the rest URL-encoded.
      if (init.form instanceof FormData) body = init.form;
      else {
        headers["content-type"] ??= "application/x-www-form-urlencoded";
        body = new URLSearchParams(init.form).toString();
      }
    }
    const response = await yoga.fetch(`${origin}${path}`, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      headers,
      body,
    });
    remember(response.headers);
    const text = await response.text();
    if (response.headers.get("content-type")?.includes("text/html")) last = text;
    return { status: response.status, headers: response.headers, text };
  }
  return {
    jar,
    get: (path: string, headers?: Record<string, string>) => send(path, { headers }),
    /** A form posted as a browser posts it: an object, or URLSearchParams where a name repeats, or FormData. */
    post: (path: string, form: Form, headers?: Record<string, string>) => send(path, { form, headers }),
    /** The CSRF token of the last page's forms. */
    csrf: () => /name="csrf" value="([^"]*)"/.exec(last)?.[1] ?? "",
    /** The value of a hidden input on the last page (the first with that name). */
    hidden: (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(last)?.[1] ?? "",
    async signIn(token: string): Promise<Page> {
      await send("/workbench/sign-in");
      return send("/workbench/sign-in", { form: { csrf: /name="csrf" value="([^"]*)"/.exec(last)?.[1] ?? "", token } });
    },
  };
}
