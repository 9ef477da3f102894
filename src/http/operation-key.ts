// What a GraphQL request asks for, independent of how it is spelled: the response cache's key. Whitespace,
// comments, commas and variable key order do not change the answer, so they do not change the key.
import { createHash } from "node:crypto";
import { parse, print } from "graphql";
import { LRUCache } from "lru-cache";

/** The GraphQL over HTTP request parameters, as a GET's search parameters or a POST's JSON body hold them. */
export type OperationParams = { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown };

/**
 * The parameters of a URL that choose what runs (GraphQL over HTTP's, and the persisted ids `id` and
 * `documentId`). Each reader takes the first of a repeated one, but one that took another would run one
 * operation and file it under another's key, for every shared cache to spread: so each is taken once or not at all.
 */
export const CHOOSING_PARAMETERS = ["query", "operationName", "variables", "extensions", "id", "documentId"] as const;

/**
 * Levels of arrays and objects that `variables` or `extensions` may nest. No input of this schema nests past a
 * handful; JSON nested thousands deep overflows the stack of any recursive reader of it (canonicalJson below,
 * graphql-js's value coercion), which answered a 500 with a stack trace.
 */
export const MAX_INPUT_DEPTH = 32;

/** Why a request's parameters are refused before anything reads them further: answered as 400 (RFC 9110 §15.5.1). */
export type ParameterRefusal = { code: "REPEATED_PARAMETER" | "INPUT_TOO_DEEP"; message: string };

/** The first parameter of CHOOSING_PARAMETERS given more than once in `search`, as a refusal; null when none is. */
export function repeatedParameterOf(search: URLSearchParams): ParameterRefusal | null {
  for (const name of CHOOSING_PARAMETERS) {
    const count = search.getAll(name).length;
    if (count > 1)
      return {
        code: "REPEATED_PARAMETER",
        message: `"${name}" is given ${count} times; a parameter that chooses what runs may be given once.`,
      };
  }
  return null;
}

/** Whether `value` nests arrays and objects more than `max` levels deep; without recursion, so any depth is safe to ask about. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth === max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/** `variables` or `extensions` nested past MAX_INPUT_DEPTH, as a refusal naming it and the limit; null when neither is. */
export function tooDeepInputOf(params: { variables?: unknown; extensions?: unknown }): ParameterRefusal | null {
  for (const name of ["variables", "extensions"] as const) {
    if (nestsDeeperThan(params[name], MAX_INPUT_DEPTH)) {
      return {
        code: "INPUT_TOO_DEEP",
        message: `"${name}" nests deeper than ${MAX_INPUT_DEPTH} levels, the limit for request input.`,
      };
    }
  }
  return null;
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are one key. Only for input within MAX_INPUT_DEPTH: it recurses. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Yoga's choice of result media type for an Accept header (graphql-yoga's useResultProcessors, which it
 * does not export): processors in order, each request type from last to first, the last match winning.
 */
const RESULT_PROCESSORS = [
  ["text/event-stream"],
  ["multipart/mixed"],
  ["application/graphql-response+json", "application/json"],
];
export function yogaMediaType(accept: string | null): string {
  const requested = (accept || "*/*")
    .replace(/\s/g, "")
    .toLowerCase()
    .split(",")
    .flatMap((part) => {
      const [type, ...params] = part.split(";");
      const charset = params.find((param) => param.includes("charset=")) ?? "charset=utf-8";
      return type && charset === "charset=utf-8" ? [type] : [];
    });
  // A requested type may be a wildcard ("*/*", "application/*"); the processors' types never are.
  const matches = (offered: string, requested: string) => {
    const [type, subtype] = offered.split("/");
    const [wantedType, wantedSubtype] = requested.split("/");
    return (wantedType === "*" || wantedType === type) && (wantedSubtype === "*" || wantedSubtype === subtype);
  };
  const lastToFirst = requested.reverse();
  let chosen = "none";
  for (const offered of RESULT_PROCESSORS) {
    for (const wanted of lastToFirst) for (const type of offered) if (matches(type, wanted)) chosen = type;
  }
  return chosen;
}

/** Accept values clients actually send are few; a client making them up only evicts its own. */
const mediaTypes = new LRUCache<string, string>({ max: 500 });

/** `yogaMediaType`, remembered per Accept value: negotiating costs a request a few microseconds. */
export function mediaTypeOf(accept: string | null): string {
  let type = mediaTypes.get(accept ?? "");
  if (type === undefined) mediaTypes.set(accept ?? "", (type = yogaMediaType(accept)));
  return type;
}

export type OperationKeyOptions = {
  /** Documents with more tokens are refused by the query limits anyway: not worth parsing here. */
  maxTokens: number;
  /** Characters of raw documents and their printed forms remembered, so a repeated spelling is not parsed again. */
  maxMemoChars?: number;
};

export type OperationKeyInput = { method: string; params: OperationParams; accept: string | null; locale: string };

/**
 * `key(input)`: a hash of the printed document, canonical variables and extensions, operation name,
 * negotiated locale, result media type and method; null when the request is not one to cache (no document,
 * or one that does not parse: its answer is an error, and errors are not stored).
 */
export function createOperationKeys({ maxTokens, maxMemoChars = 4_000_000 }: OperationKeyOptions) {
  // "" marks a document that does not parse (lru-cache holds no null).
  const printed = new LRUCache<string, string>({
    maxSize: maxMemoChars,
    sizeCalculation: (value, key) => key.length + value.length + 1,
  });

  const normalize = (query: string): string => {
    let result = printed.get(query);
    if (result === undefined) {
      try {
        result = print(parse(query, { noLocation: true, maxTokens }));
      } catch {
        result = "";
      }
      printed.set(query, result);
    }
    return result;
  };

  return {
    key({ method, params, accept, locale }: OperationKeyInput): string | null {
      if (typeof params.query !== "string") return null;
      // A malformed operation name is Yoga's 400 to give: keyed as "none", it would hit a valid request's entry.
      const { operationName } = params;
      if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return null;
      // Refused by useRequestParameterChecks before execution; never keyed (canonicalJson would overflow the stack).
      if (tooDeepInputOf(params)) return null;
      const document = normalize(params.query);
      if (!document) return null;
      const parts = [
        method,
        document,
        canonicalJson(params.variables ?? null),
        operationName ?? "",
        canonicalJson(params.extensions ?? null),
        mediaTypeOf(accept),
        locale,
      ];
      return createHash("sha256").update(parts.join("\n")).digest("base64url");
    },
  };
}

/**
 * A GET's parameters: variables and extensions are JSON in the URL; null when either is not valid JSON, or the
 * parameters are refused (a repeated one, input too deep): Yoga answers those, and no cache keys them.
 */
export function paramsOfSearch(search: URLSearchParams): OperationParams | null {
  if (repeatedParameterOf(search)) return null;
  try {
    const json = (name: string) => {
      const value = search.get(name);
      return value === null ? undefined : (JSON.parse(value) as unknown);
    };
    const params = {
      query: search.get("query") ?? undefined,
      variables: json("variables"),
      operationName: search.get("operationName") ?? undefined,
      extensions: json("extensions"),
    };
    return tooDeepInputOf(params) ? null : params;
  } catch {
    return null;
  }
}

/** A POST's JSON body; null when it is not a JSON object, or its input is too deep (Yoga refuses it). */
export function paramsOfBody(body: string): OperationParams | null {
  try {
    const value = JSON.parse(body) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value) && !tooDeepInputOf(value)
      ? (value as OperationParams)
      : null;
  } catch {
    return null;
  }
}
