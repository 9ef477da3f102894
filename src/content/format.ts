// The content format, defined once: the importer validates with it, the exporter writes what it accepts,
// and GraphQL enums are derived from the same value lists.
import { z } from "zod";

export const SOURCE_LOCALE = "en";

export const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;
export const REGISTRY_STATUSES = ["permanent", "temporary", "deprecated", "unused", "obsolete", "unofficial"] as const;
export const RETRY_POLICIES = ["yes", "after-delay", "no", "not-applicable"] as const;
export const AUTH_KINDS = ["none", "challenge", "network-login", "denied"] as const;

// The facets comparisons turn on. Every code has a value for each, so any pair can be compared on it.
/**
 * Whether the code sends the client elsewhere, and for how long the new URL stands. RFC 9110 §15.4 puts 303
 * in a kind of its own: an indirect response, whose Location names another resource, not the target's new URL.
 */
export const REDIRECT_KINDS = ["none", "permanent", "temporary", "indirect"] as const;
/** What a client following the redirect does with the method and body (RFC 9110 §15.4). */
export const REDIRECT_METHODS = ["not-applicable", "kept", "may-change-to-get", "changed-to-get"] as const;
/**
 * Whether the request's action was carried out when this response was sent. "unspecified" is for a code
 * whose definition says nothing either way (302, 303): a facet HTTP leaves open must say so, not guess.
 * "switched" is 101's: the connection speaks another protocol and no final HTTP response follows
 * (RFC 9110 §15.2.2); "revalidated" is 304's: the client's stored copy is the answer (RFC 9110 §15.4.5).
 */
export const OUTCOMES = [
  "pending",
  "switched",
  "applied",
  "accepted",
  "partial",
  "revalidated",
  "not-applied",
  "unknown",
  "unspecified",
] as const;
/** Who usually produces the response: the origin, a gateway or proxy, a CDN vendor, or nobody (a log entry). */
export const PRODUCERS = ["origin", "gateway", "cdn", "log-only"] as const;
/** Who has to act to get past the response. */
export const ACTORS = [
  "nobody",
  "client-follows",
  "client-changes-request",
  "client-retries",
  "client-waits",
  "user-authenticates",
  "user-gets-access",
  "operator",
] as const;
/** The condition the `retry` policy holds under, where the specification makes it conditional. */
export const RETRY_CONDITIONS = [
  "unconditional",
  "idempotent-only",
  "retry-after-or-backoff",
  "if-temporary",
  "after-network-login",
] as const;
/**
 * Whether a cache may store the response at all. RFC 9111 §3 stores final responses only, so every 1xx is
 * "forbidden"; RFC 6585 §3–6 forbids storing 428, 429, 431 and 511 whatever the headers say. Everything
 * else is "allowed": stored when the usual rules (`cacheable`, Cache-Control) let it be.
 */
export const STORAGE_RULES = ["allowed", "forbidden"] as const;
/**
 * How caches treat a response, as comparisons state it: derived from the class, `storage` and `cacheable`
 * (see `cachePolicy` in src/domain/comparison.ts). "never" is an interim (1xx) response, "never-stored" a
 * final response a cache must not store (RFC 6585), "freshens" 304's (RFC 9111 §4.3.4).
 */
export const CACHE_POLICIES = ["heuristic", "explicit", "never", "freshens", "never-stored"] as const;
export const EDITORIAL_STATES = ["draft", "reviewed", "published"] as const;

export type StatusClass = (typeof STATUS_CLASSES)[number];
export type RegistryStatus = (typeof REGISTRY_STATUSES)[number];
export type RetryPolicy = (typeof RETRY_POLICIES)[number];
export type AuthKind = (typeof AUTH_KINDS)[number];
export type EditorialState = (typeof EDITORIAL_STATES)[number];
export type RedirectKind = (typeof REDIRECT_KINDS)[number];
export type RedirectMethod = (typeof REDIRECT_METHODS)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type Producer = (typeof PRODUCERS)[number];
export type Actor = (typeof ACTORS)[number];
export type RetryCondition = (typeof RETRY_CONDITIONS)[number];
export type StorageRule = (typeof STORAGE_RULES)[number];
export type CachePolicy = (typeof CACHE_POLICIES)[number];

const text = z.string().trim().min(1, "must not be empty");
const statusNumber = z.number().int().min(100).max(599);
const localeCode = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a locale code such as "en" or "pt-BR"');
const hash = z
  .string()
  .regex(/^[0-9a-f]{12}$/, "must be a 12-digit hex hash written by `status-atlas translations stamp`");

/** The translatable text of a status code: the fields every locale carries. */
export const CODE_TEXT_FIELDS = [
  "title",
  "summary",
  "description",
  "whenYouSeeIt",
  "howToFix",
  "useWhen",
  "body",
] as const;
export type CodeTextField = (typeof CODE_TEXT_FIELDS)[number];
export type CodeText = Record<CodeTextField, string>;

// Shapes are spread in the order the fields appear in the files (what a file is, then its facts or its
// translation state, then its text): the exporter writes keys in schema order, so this is the file layout.
const codeIdentityShape = { code: statusNumber, title: text };
const codeProseShape = {
  summary: text,
  description: text,
  whenYouSeeIt: text,
  howToFix: text,
  useWhen: text,
};
/** What a translation says about itself: its editorial state and the English text it was made from. */
const translationStateShape = {
  state: z.enum(EDITORIAL_STATES),
  source: hash.optional(),
};

export const SourceCodeFrontmatter = z.object({
  ...codeIdentityShape,
  class: z.enum(STATUS_CLASSES),
  registry: z
    .object({
      status: z.enum(REGISTRY_STATUSES),
      expires: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
        .optional(),
      note: text.optional(),
    })
    .refine((r) => r.status !== "temporary" || r.expires !== undefined, {
      message: "a temporary registration needs registry.expires",
      path: ["expires"],
    })
    .refine((r) => r.status !== "unofficial" || r.note !== undefined, {
      message: "an unofficial code needs registry.note naming who uses it",
      path: ["note"],
    }),
  spec: z.object({
    document: text,
    section: z.union([text, z.number().transform(String)]),
    url: z.url({ protocol: /^https$/, error: "must be an https URL" }),
  }),
  related: z.array(statusNumber),
  headers: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, "must be a header field name")),
  cacheable: z.boolean(),
  storage: z.enum(STORAGE_RULES),
  retry: z.enum(RETRY_POLICIES),
  body: z.boolean(),
  auth: z.enum(AUTH_KINDS),
  redirect: z.enum(REDIRECT_KINDS),
  redirectMethod: z.enum(REDIRECT_METHODS),
  outcome: z.enum(OUTCOMES),
  producer: z.enum(PRODUCERS),
  actor: z.enum(ACTORS),
  retryCondition: z.enum(RETRY_CONDITIONS),
  ...codeProseShape,
});
export type SourceCodeFrontmatter = z.infer<typeof SourceCodeFrontmatter>;

export const TranslatedCodeFrontmatter = z.object({
  ...codeIdentityShape,
  ...translationStateShape,
  ...codeProseShape,
});
export type TranslatedCodeFrontmatter = z.infer<typeof TranslatedCodeFrontmatter>;

const comparisonIdentityShape = {
  codes: z
    .tuple([statusNumber, statusNumber])
    .refine(([a, b]) => a < b, { message: "list the two codes in ascending order, e.g. [401, 403]" }),
};
const comparisonProseShape = {
  summary: text,
  differences: z.array(text).min(1).max(8),
  /** What the two codes have in common, kept apart from the differences. */
  similarities: z.array(text).max(8).default([]),
  whenToUse: z.record(z.string().regex(/^\d{3}$/, "keys must be the two status codes"), text),
};

export const SourceComparisonFrontmatter = z.object({ ...comparisonIdentityShape, ...comparisonProseShape });
export const TranslatedComparisonFrontmatter = z.object({
  ...comparisonIdentityShape,
  ...translationStateShape,
  ...comparisonProseShape,
});
export type SourceComparisonFrontmatter = z.infer<typeof SourceComparisonFrontmatter>;
export type TranslatedComparisonFrontmatter = z.infer<typeof TranslatedComparisonFrontmatter>;

export const COMPARISON_TEXT_FIELDS = [
  "summary",
  "differences",
  "similarities",
  "whenToUseA",
  "whenToUseB",
  "body",
] as const;
export type ComparisonTextField = (typeof COMPARISON_TEXT_FIELDS)[number];
export type ComparisonText = {
  summary: string;
  differences: string[];
  similarities: string[];
  whenToUseA: string;
  whenToUseB: string;
  body: string;
};

export const LocalesFile = z
  .array(
    z.object({
      code: localeCode,
      name: text,
      nativeName: text,
      fallback: localeCode.optional(),
    }),
  )
  .min(1);
export type LocalesFile = z.infer<typeof LocalesFile>;

export const SourceMessagesFile = z.record(
  z.string().regex(/^[a-z][A-Za-z0-9_.-]*$/, "message keys are dotted names"),
  text,
);
export const TranslatedMessage = z.union([
  text.transform((t) => ({ text: t, state: "published" as EditorialState, source: undefined as string | undefined })),
  z.object({ text, state: z.enum(EDITORIAL_STATES).default("published"), source: hash.optional() }),
]);
export const TranslatedMessagesFile = z.record(
  z.string().regex(/^[a-z][A-Za-z0-9_.-]*$/, "message keys are dotted names"),
  TranslatedMessage,
);

/**
 * A locale's termbase, `glossary/<locale>.yaml`: for each English term, the term to use and the variants
 * not to use. A forbidden variant in published text is an error; exports carry the entries as notes.
 * `allow` lists phrases, matched with their exact case, inside which a variant is the right word after all
 * ("LOCK" the WebDAV method beside "lock" the noun, "tự động retry" for a library's automatic retries).
 */
export const GlossaryFile = z
  .array(
    z.object({
      term: text,
      use: text,
      avoid: z.array(text).default([]),
      allow: z.array(text).optional(),
      note: text.optional(),
    }),
  )
  .min(1);
export type GlossaryEntry = z.infer<typeof GlossaryFile>[number];

/** Frontmatter keys each kind of file may carry; anything else is reported as a warning. */
export function knownKeys(schema: z.ZodObject | z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Turn the source record's display class ("4xx") into the digit it must start with. */
export function classOfCode(code: number): StatusClass {
  return `${Math.floor(code / 100)}xx` as StatusClass;
}
