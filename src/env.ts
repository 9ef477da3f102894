// Parses the environment once at start-up, reports every problem together, and exports one typed object.
import { z } from "zod";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, type DatabaseLocation } from "./db/url.ts";

const EnvSchema = z.object({
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
  // How long a graceful shutdown waits for in-flight requests before cutting them off.
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  // Bearer token that grants the translator role (drafts, translation tasks). Unset: nobody has it.
  TRANSLATOR_TOKEN: z.string().min(16).optional(),
  // Origins whose pages may read responses (CORS), comma-separated, or "*" for any. Unset: none, in every environment.
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine(isOriginOrAny, 'each must be an origin such as "https://app.example" (no path, no trailing slash), or *'))),
  // Lets allowed origins send credentials (Access-Control-Allow-Credentials). Off unless set to "true".
  CORS_CREDENTIALS: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
}).refine((env) => !(env.CORS_CREDENTIALS && env.CORS_ORIGINS.includes("*")), {
  path: ["CORS_CREDENTIALS"],
  message: 'cannot be "true" with CORS_ORIGINS "*": browsers refuse credentials for a wildcard origin (Fetch, CORS check)',
});

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

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  const parsed = parseDatabaseUrl(result.data.DATABASE_URL);
  if (!parsed.ok) throw new Error(`Invalid environment:\n  DATABASE_URL: ${parsed.message}`);
  return { ...result.data, database: parsed.location };
}

export const env: Env = parseEnv(process.env);
