// Parses the environment once at start-up, reports every problem together, and exports one typed object.
import path from "node:path";
import proxyaddr from "proxy-addr";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, type DatabaseLocation } from "./db/url.ts";
import { LOG_LEVELS } from "./logger.ts";
import { projectRoot } from "./paths.ts";

const seconds = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const EnvSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .superRefine((url, context) => {
        const parsed = parseDatabaseUrl(url);
        if (!parsed.ok) context.addIssue({ code: "custom", message: parsed.message });
      }),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default("0.0.0.0"),
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SEEDS_DIR: z.string().min(1).default("seeds"),
    // Least severe JSON log line written to stdout; "silent" writes none.
    LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
    // How long a graceful shutdown waits for in-flight requests and import jobs before cutting them off.
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    // Gone: tokens live in the database now, one per person, with a role. Left set, it would look like it still
    // grants something, so start-up refuses it.
    TRANSLATOR_TOKEN: z
      .never({
        error:
          "is no longer supported: tokens are stored in the database, one per person and role. Unset it and create one with `status-atlas tokens create --name <name> --role translator --locale <locale>`",
      })
      .optional(),
    // Origins whose pages may read responses (CORS), comma-separated, or "*" for any. Unset: none, in every environment.
    CORS_ORIGINS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .refine(
              isOriginOrAny,
              'each must be an origin such as "https://app.example" (no path, no trailing slash), or *',
            ),
        ),
      ),
    // Lets allowed origins send credentials (Access-Control-Allow-Credentials). Off unless set to "true".
    CORS_CREDENTIALS: z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true"),
    // Seconds browsers (max-age) and CDNs (s-maxage) may reuse an anonymous GET, and may serve it stale while revalidating.
    CACHE_MAX_AGE: seconds(60),
    CACHE_S_MAXAGE: seconds(600),
    CACHE_STALE_WHILE_REVALIDATE: seconds(60),
    // Bytes of responses the in-process response cache keeps, the least recently used going first; 0 keeps none.
    RESPONSE_CACHE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .default(64 * 1024 * 1024),
    // Locales the read model keeps built (src/read/model.ts, LOCALES_KEPT when unset), the least recently used
    // built again when asked (tens of ms each): raise it when readers spread over more locales than that, at
    // about 1 MB of heap a locale at 70 codes.
    MODEL_LOCALES_KEPT: z.coerce.number().int().min(1).optional(),
    // "off": every request goes through Yoga, none through the Node-level fast path (src/http/fast-path/), which
    // answers the same bytes faster: a way to rule it out when chasing a bug.
    FAST_PATH: z.enum(["on", "off"]).default("on"),
    // "only": anonymous clients may run only the manifest's operations (production); "accept": any document too.
    PERSISTED_OPERATIONS: z.enum(["accept", "only"]).default("accept"),
    // The project's own manifest by default, wherever the server is started from; a relative path set here is the working directory's.
    PERSISTED_OPERATIONS_FILE: z.string().min(1).default(path.join(projectRoot, "persisted-operations.json")),
    // Token bucket per client address (or token): sustained requests per second (0: no limit) and burst size.
    RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(50),
    RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(100),
    // Webhook receivers that may be reached although their address is not public: host names, addresses or
    // CIDRs, comma-separated ("hooks.internal,10.0.5.0/24"). Loopback is allowed in development only.
    WEBHOOK_ALLOWED_DESTINATIONS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
    // Proxies whose X-Forwarded-For is believed: a hop count ("1") or their addresses ("10.0.0.1,loopback"). Unset: none.
    TRUST_PROXY: z
      .string()
      .default("")
      .transform((value, ctx) => {
        try {
          return parseTrustProxy(value);
        } catch (error) {
          ctx.addIssue({
            code: "custom",
            message: `${(error as Error).message}: expected a hop count or addresses, subnets, "loopback"…`,
          });
          return z.NEVER;
        }
      }),
  })
  .refine((env) => !(env.CORS_CREDENTIALS && env.CORS_ORIGINS.includes("*")), {
    path: ["CORS_CREDENTIALS"],
    message:
      'cannot be "true" with CORS_ORIGINS "*": browsers refuse credentials for a wildcard origin (Fetch, CORS check)',
  });

/** Proxy hops in front of us (`1`: one load balancer), or the proxies' addresses, subnets or proxy-addr names. */
export type TrustProxy = { hops: number } | { addresses: string[] };

/** `TRUST_PROXY`: empty for none, a whole number of hops, or a comma-separated list of addresses. */
export function parseTrustProxy(value: string): TrustProxy | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  if (/^\d+$/.test(trimmed)) return { hops: Number(trimmed) };
  const addresses = trimmed
    .split(",")
    .map((address) => address.trim())
    .filter(Boolean);
  // Throws on an address or subnet that does not parse, so a typo stops start-up rather than trusting no one.
  proxyaddr.compile(addresses);
  return { addresses };
}

/** An origin as browsers send it in `Origin`: scheme, host and port only. */
function isOriginOrAny(value: string): boolean {
  if (value === "*") return true;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof EnvSchema> & { database: DatabaseLocation };

/** Variables whose value may be a secret: a problem with one never repeats what was set. */
const SECRET_VARIABLES = new Set(["DATABASE_URL", "TRANSLATOR_TOKEN"]);

/**
 * The environment could not be parsed: one problem per variable, each a line naming it. The CLI prints
 * the lines and exits 2 (src/cli/index.ts), never a stack: the mistake is in the environment, not the code.
 */
export class EnvironmentError extends Error {
  readonly code = "INVALID_ENVIRONMENT";
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
    this.name = "EnvironmentError";
  }
}

/** `PORT: expected a number, got "abc"`: zod's own wording says "received NaN" for a word. */
function describeIssue(issue: z.core.$ZodIssue, source: NodeJS.ProcessEnv): string {
  const name = issue.path.join(".");
  const raw = source[name];
  const message = issue.code === "invalid_type" && issue.expected === "number" ? "expected a number" : issue.message;
  const got = raw !== undefined && !SECRET_VARIABLES.has(name) ? `, got ${JSON.stringify(raw)}` : "";
  return `${name}: ${message}${got}`;
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) throw new EnvironmentError(result.error.issues.map((issue) => describeIssue(issue, source)));
  const parsed = parseDatabaseUrl(result.data.DATABASE_URL);
  if (!parsed.ok) throw new EnvironmentError([`DATABASE_URL: ${parsed.message}`]);
  return { ...result.data, database: parsed.location };
}

export const env: Env = parseEnv(process.env);

/**
 * Where webhooks may be sent: public addresses, those the environment names, and loopback in development
 * (so a receiver on the developer's machine works; never in production, where it would let the service be
 * aimed at itself). src/webhooks/destination.ts enforces it at subscription and at every delivery.
 */
export function webhookDestinationPolicy(from: Pick<Env, "WEBHOOK_ALLOWED_DESTINATIONS" | "NODE_ENV"> = env) {
  return { allow: from.WEBHOOK_ALLOWED_DESTINATIONS, allowLoopback: from.NODE_ENV === "development" };
}
