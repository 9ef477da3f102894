// The one logger: JSON lines on stdout (pino), for requests (src/http/request-log.ts) and the server's own messages.
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from "pino";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const satisfies readonly LevelWithSilent[];

/** `destination` is for tests, which read the lines back; by default they go to stdout. */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "status-atlas" },
      // Nothing logs headers today; this keeps a later `headers` field from ever carrying a token.
      redact: { paths: ["headers.authorization", "req.headers.authorization", "*.authorization"], censor: "[redacted]" },
    },
    destination,
  );
}

/** For servers built without one (tests, benches): says nothing. */
export const silentLogger: Logger = createLogger("silent");
