// The GraphQL enums more than one part of the schema uses (a code's facts, its facets, a translation's state),
// each taking its values from the content format's own lists. Enums only one type uses stay beside it.
import { builder } from "../builder.ts";
import {
  ACTORS,
  AUTH_KINDS,
  OUTCOMES,
  PRODUCERS,
  REDIRECT_KINDS,
  REDIRECT_METHODS,
  REGISTRY_STATUSES,
  RETRY_CONDITIONS,
  RETRY_POLICIES,
  STATUS_CLASSES,
  type StatusClass,
} from "../content/format.ts";
import { TRANSLATION_STATES } from "../domain/translation-state.ts";

const CLASS_NAMES: Record<StatusClass, string> = {
  "1xx": "INFORMATIONAL",
  "2xx": "SUCCESS",
  "3xx": "REDIRECTION",
  "4xx": "CLIENT_ERROR",
  "5xx": "SERVER_ERROR",
};
const upper = (value: string) => value.toUpperCase().replace(/-/g, "_");
/**
 * GraphQL enums take their values from the content format's own lists. Each value's description is keyed
 * by the value, so a value added to a list does not type-check until it is described.
 */
export function enumFrom<T extends string>(
  name: string,
  description: string,
  values: readonly T[],
  valueDescriptions: Record<T, string>,
  label: (v: T) => string = upper,
) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(
      values.map((v) => [label(v), { value: v, description: valueDescriptions[v] }]),
    ) as Record<string, { value: T; description: string }>,
  });
}

export const StatusClassEnum = enumFrom(
  "StatusClass",
  "The class a code belongs to, by its first digit (RFC 9110 §15).",
  STATUS_CLASSES,
  {
    "1xx": "1xx: the request was received and is being processed.",
    "2xx": "2xx: the request was received, understood and accepted.",
    "3xx": "3xx: further action is needed to complete the request.",
    "4xx": "4xx: the request has an error on the client's side.",
    "5xx": "5xx: the server failed to fulfil a valid request.",
  },
  (c) => CLASS_NAMES[c],
);
export const RegistryStatusEnum = enumFrom(
  "RegistryStatus",
  "The code's standing in the IANA HTTP Status Code Registry.",
  REGISTRY_STATUSES,
  {
    permanent: "Registered in the IANA registry.",
    temporary: "Provisionally registered until `registryExpires`.",
    unused: "Registered as reserved or unused (e.g. 306, 418).",
    deprecated: "Registered, but its use is deprecated by the defining specification (e.g. 305, RFC 9110 §15.4.6).",
    obsolete: "Registered but obsoleted (e.g. 510).",
    unofficial: "Not in the IANA registry; `registryNote` names who uses it.",
  },
);
export const RetryPolicyEnum = enumFrom(
  "RetryPolicy",
  "Whether a client may repeat the same request unchanged.",
  RETRY_POLICIES,
  {
    yes: "The same request may succeed as is (e.g. 408, or 502 and 504 for idempotent requests).",
    "after-delay": "Wait first, honouring `Retry-After` (e.g. 429, 503).",
    no: "The same request will fail the same way.",
    "not-applicable": "Nothing failed (1xx, 2xx, 3xx).",
  },
);
export const AuthKindEnum = enumFrom("AuthKind", "What the code says about authentication.", AUTH_KINDS, {
  none: "Nothing to do with authentication.",
  challenge: "Authentication is asked for with a challenge (401, 407).",
  "network-login":
    "The network asks the user to log in through a portal before any request gets through (511, RFC 6585 §6).",
  denied: "Access is refused whether or not the client is authenticated (403).",
});
export const TranslationStateEnum = enumFrom(
  "TranslationState",
  "Where a locale's translation of one unit of English stands. Readers only see PUBLISHED text.",
  TRANSLATION_STATES,
  {
    MISSING: "No translation exists.",
    OUTDATED: "Translated from English that has changed since.",
    DRAFT: "Translated from today's English, not yet reviewed.",
    REVIEWED: "Reviewed, not yet published.",
    PUBLISHED: "Published and up to date: readers see it.",
  },
  (s) => s,
);
export const RedirectKindEnum = enumFrom(
  "RedirectKind",
  "Whether a code sends the client elsewhere, and for how long the new URL stands.",
  REDIRECT_KINDS,
  {
    none: "Not a redirect.",
    permanent: "The new URL replaces the old one for good (301, 308).",
    temporary: "The new URL stands for this request only (302, 307).",
    indirect: "An indirect response: Location names another resource that answers the request (303, RFC 9110 §15.4.4).",
  },
);
export const RedirectMethodEnum = enumFrom(
  "RedirectMethod",
  "What a client following a redirect does with the request method and body (RFC 9110 §15.4).",
  REDIRECT_METHODS,
  {
    "not-applicable": "Not a redirect.",
    kept: "The method and body are sent again unchanged (307, 308).",
    "may-change-to-get": "Clients may, and for historical reasons often do, turn a POST into a GET (301, 302).",
    "changed-to-get": "The follow-up request is a GET (or HEAD) without the body (303).",
  },
);
export const OutcomeEnum = enumFrom(
  "Outcome",
  "Whether the request's action was carried out when the response was sent.",
  OUTCOMES,
  {
    pending: "Nothing final yet: an interim (1xx) response.",
    switched: "The connection switched protocols; no final HTTP response follows on it (101, RFC 9110 §15.2.2).",
    revalidated: "The client's stored copy is still valid and is the answer (304, RFC 9110 §15.4.5).",
    unspecified: "HTTP does not say whether the action was carried out (302, 303).",
    applied: "The action was carried out.",
    accepted: "Accepted for processing that finishes later, and may still fail (202).",
    partial: "Several operations, each with its own status, so some may have failed (207, RFC 4918 §11.1).",
    "not-applied": "The action was not carried out.",
    unknown: "The client cannot tell: an upstream may have processed it (e.g. 502, 504).",
  },
);
export const ProducerEnum = enumFrom("Producer", "Who usually produces the response.", PRODUCERS, {
  origin: "The origin server handling the resource.",
  gateway: "A gateway or proxy in front of the origin.",
  cdn: "A CDN or vendor edge (e.g. Cloudflare's 52x codes).",
  "log-only": "Nobody sends it: it appears only in server logs (nginx 499).",
});
export const ActorEnum = enumFrom("Actor", "Who has to act to get past the response.", ACTORS, {
  nobody: "Nothing to resolve.",
  "client-follows": "The client follows the redirect or choice offered.",
  "client-changes-request": "The client has to change the request.",
  "client-retries": "The client may repeat the request.",
  "client-waits": "The client waits, then repeats the request.",
  "user-authenticates": "The user authenticates (or logs in to the network).",
  "user-gets-access": "The user needs other credentials or to be granted access.",
  operator: "The server's operator has to fix something.",
});
export const RetryConditionEnum = enumFrom(
  "RetryCondition",
  "The condition a retry policy holds under, where the specification makes it conditional.",
  RETRY_CONDITIONS,
  {
    unconditional: "No condition.",
    "idempotent-only": "Only for idempotent requests (RFC 9110 §9.2.2).",
    "retry-after-or-backoff": "After Retry-After when sent, otherwise after a backoff.",
    "if-temporary": "Only if the condition behind the error was temporary.",
    "after-network-login": "Once the user has signed in on the network's login page (511, RFC 6585 §6).",
  },
);
