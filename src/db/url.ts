// What DATABASE_URL may say, parsed in one place: `file:<path>` (SQLite, the default) or
// `postgres://…`/`postgresql://…` (PostgreSQL). src/env.ts validates with it; src/db/ opens with it.
import path from "node:path";
import type { Provider } from "./database.ts";

export const DEFAULT_DATABASE_URL = "file:./data/status-atlas.db";
export const ACCEPTED_DATABASE_URLS =
  '"file:<path>" (SQLite, e.g. "file:./data/status-atlas.db") or "postgresql://user:password@host:5432/database" (PostgreSQL; "postgres://" works too)';

export type DatabaseLocation =
  | { provider: Extract<Provider, "sqlite"> /** absolute path of the database file */; file: string }
  | { provider: Extract<Provider, "postgresql"> /** a connection string for pg and Prisma */; url: string };

export type DatabaseUrlResult = { ok: true; location: DatabaseLocation } | { ok: false; message: string };

export function parseDatabaseUrl(url: string): DatabaseUrlResult {
  if (/^file:./.test(url))
    return { ok: true, location: { provider: "sqlite", file: path.resolve(url.slice("file:".length)) } };
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { ok: false, message: `is not a valid URL; expected ${ACCEPTED_DATABASE_URLS}` };
    }
    if (!parsed.hostname && !parsed.searchParams.get("host"))
      return { ok: false, message: `names no host; expected ${ACCEPTED_DATABASE_URLS}` };
    if (parsed.pathname.length <= 1)
      return { ok: false, message: `names no database (the path after the host); expected ${ACCEPTED_DATABASE_URLS}` };
    // One spelling everywhere (logs, child processes); pg and Prisma take both.
    return { ok: true, location: { provider: "postgresql", url: url.replace(/^postgres:\/\//, "postgresql://") } };
  }
  return { ok: false, message: `must be ${ACCEPTED_DATABASE_URLS}` };
}

/** The URL with the same meaning anywhere: SQLite paths made absolute. */
export function databaseUrlOf(location: DatabaseLocation): string {
  return location.provider === "sqlite" ? `file:${location.file}` : location.url;
}

/** For messages and logs: the file, or host:port/database without the password. */
export function describeDatabase(location: DatabaseLocation): string {
  if (location.provider === "sqlite") return location.file;
  const url = new URL(location.url);
  return `PostgreSQL ${url.hostname || url.searchParams.get("host")}:${url.port || 5432}${url.pathname}`;
}
