// The one logger (pino): JSON lines for log collectors, or pino-pretty's coloured lines when a person is
// watching a terminal. Also how an outage is logged: one line with its cause, not one per failed attempt.
import { createRequire } from "node:module";
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from "pino";

export type { Logger };

export const LOG_LEVELS = [
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
  "silent",
] as const satisfies readonly LevelWithSilent[];

/**
 * pino-pretty as a synchronous stream: no worker thread, and lines stay in order with anything else the
 * process writes. Loaded only for a terminal, so a server logging JSON never pays for loading it.
 */
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  const pretty = createRequire(import.meta.url)("pino-pretty") as (
    options: Record<string, unknown>,
  ) => DestinationStream;
  return pretty({
    sync: true,
    colorize: destination === undefined,
    destination: destination ?? 1,
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname,service",
  });
}

/**
 * `destination` is for tests, which read the lines back. Otherwise lines go to stdout: JSON, or, when
 * stdout is a terminal, pretty (the same fields, for a person reading them as they come).
 */
export function createLogger(
  level: LevelWithSilent,
  destination?: DestinationStream,
  options: { pretty?: boolean } = {},
): Logger {
  const pretty = options.pretty ?? (destination === undefined && process.stdout.isTTY === true);
  return pino(
    {
      level,
      base: { service: "status-atlas" },
      // Nothing logs headers today; this keeps a later `headers` field from ever carrying a token.
      redact: {
        paths: ["headers.authorization", "req.headers.authorization", "*.authorization"],
        censor: "[redacted]",
      },
    },
    pretty ? prettyStream(destination) : destination,
  );
}

/** For servers built without one (tests, benches): says nothing. */
export const silentLogger: Logger = createLogger("silent");

/**
 * What went wrong, in one line: the innermost cause that says something ("ECONNREFUSED connect
 * ECONNREFUSED 127.0.0.1:5432"), not Prisma's "Invalid `prisma.x.findUnique()` invocation:" whose
 * message ends at a colon, nor a stack.
 */
export function oneLineCause(error: unknown): string {
  const chain: unknown[] = [];
  for (
    let at: unknown = error;
    at !== undefined && at !== null && chain.length < 10;
    at = (at as { cause?: unknown }).cause
  )
    chain.push(at);
  const described = chain.map((link) => {
    if (!(link instanceof Error) && typeof link !== "object") return String(link);
    const { code, message } = link as { code?: unknown; message?: unknown };
    // Prisma's messages repeat the call, then the cause on the last line: the last line that says something.
    const lines = String(message ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.endsWith(":") && !/^→|^\d+\s/.test(line));
    const text = lines.at(-1) ?? "";
    return typeof code === "string" && /^E[A-Z]+$/.test(code) && !text.includes(code) ? `${code} ${text}`.trim() : text;
  });
  // The deepest link with a system error code (ECONNREFUSED, ENOTFOUND…) says most; else the deepest with text.
  const deepestFirst = described.reverse();
  return deepestFirst.find((text) => /\bE[A-Z]{4,}\b/.test(text)) ?? deepestFirst.find(Boolean) ?? "unknown error";
}

export type OutageLog = {
  /** An attempt to reach the database failed. */
  failed(error: unknown): void;
  /** An attempt succeeded: if the database was down, its recovery is logged once. */
  succeeded(): void;
};

/**
 * Many parts of a server retry the database on their own timers (the webhook worker every 250 ms, the
 * PostgreSQL content-version watch with backoff). While it is down they all fail; this turns that into
 * one warning with the cause, repeated at most every `everyMs` while the outage lasts, and one info line
 * when it is back.
 */
export function createOutageLog(logger: Logger, options: { everyMs?: number; now?: () => number } = {}): OutageLog {
  const everyMs = options.everyMs ?? 30_000;
  const now = options.now ?? Date.now;
  let down: { since: number; lastLogged: number; failures: number } | undefined;
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  return {
    failed(error) {
      const at = now();
      const cause = oneLineCause(error);
      if (!down) {
        down = { since: at, lastLogged: at, failures: 1 };
        logger.warn({ cause }, `database unreachable: ${cause}`);
        return;
      }
      down.failures++;
      if (at - down.lastLogged < everyMs) return;
      logger.warn(
        { cause, failures: down.failures, downForMs: at - down.since },
        `database still unreachable after ${seconds(at - down.since)} (${down.failures} failed attempts): ${cause}`,
      );
      down.lastLogged = at;
    },
    succeeded() {
      if (!down) return;
      const at = now();
      logger.info(
        { downForMs: at - down.since, failures: down.failures },
        `database reachable again after ${seconds(at - down.since)}`,
      );
      down = undefined;
    },
  };
}
