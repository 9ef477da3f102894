// Rate limits per client on /graphql, /imports and /translations, before any GraphQL work or reading an upload: a token bucket
// per address (or per token, once that token has been seen to be valid), refused with 429 Too Many Requests and
// Retry-After (RFC 6585 §4, RFC 9110 §10.2.3).
//
// The bucket is a few lines of arithmetic, written here: the libraries that offer one (rate-limiter-flexible,
// limiter) add stores, timers or promises, and this runs on every request, cached GETs included, which must
// stay synchronous. lru-cache holds the buckets, so a flood of distinct addresses costs bounded memory.
import { createHash } from "node:crypto";
import type { Plugin } from "graphql-yoga";
import { LRUCache } from "lru-cache";
import proxyaddr from "proxy-addr";
import type { TrustProxy } from "../env.ts";
import { UNSTORED_CACHE_CONTROL } from "./cache-control.ts";
import { codedErrorContentType } from "./rejections.ts";

export type RateLimitOptions = {
  /** Requests a client may make per second, sustained; 0 turns limiting off. */
  perSecond: number;
  /** Requests a client may make at once after being idle: the bucket's size. */
  burst: number;
  /** Whom to believe about X-Forwarded-For; null: nobody, the socket's address is the client. */
  trustProxy: TrustProxy | null;
  /** Clients remembered; the least recently seen is forgotten first (and starts again with a full bucket). */
  maxClients?: number;
  /** Milliseconds since an arbitrary origin; tests pass their own clock. */
  now?: () => number;
  graphqlEndpoint?: string;
};

type Bucket = { tokens: number; at: number };

/**
 * Takes one token from a bucket refilled at `perSecond` up to `burst`: 0 when the request may go ahead,
 * otherwise the whole seconds until a token is back (Retry-After's delay-seconds).
 */
export function takeToken(bucket: Bucket, now: number, perSecond: number, burst: number): number {
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
  bucket.at = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
}

/** The socket's peer address of a Node request (graphql-yoga passes Node's `req` in the server context). */
function socketAddress(serverContext: unknown): string | undefined {
  return (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress;
}

/** What identifies a client: the request headers involved and the socket's address. */
export type ClientFacts = {
  authorization: string | null;
  forwardedFor: string | null;
  socketAddress: string | undefined;
};

/** A client over its rate: the 429 response, as status, headers and body. */
export type Refusal = { status: 429; headers: Record<string, string>; body: string };

/**
 * The limiter: one set of buckets, taken from by the Yoga plugin and by the cached-GET path
 * (src/http/fast-path/cached-get.ts) alike, so a client is counted once whichever answers it.
 */
export type RateLimiter = {
  /**
   * Takes a token for the client; the 429 to answer with when it has none left, else null. Its body is a
   * GraphQL error list, or for POST /imports and its jobs (`"imports"`) that endpoint's own `{ error }` shape.
   */
  take(client: ClientFacts, accept: string | null, answerAs?: "graphql" | "imports"): Refusal | null;
  /** Node requests a token was already taken for, before they were handed to Yoga: not counted twice. */
  charged: WeakSet<object>;
  /** Says that this Authorization header carries a valid token: from now on it is a client of its own. */
  tokenVerified(authorization: string): void;
  plugin: Plugin;
};

export function createRateLimiter(options: RateLimitOptions): RateLimiter | null {
  const {
    perSecond,
    burst,
    trustProxy,
    maxClients = 100_000,
    now = () => performance.now(),
    graphqlEndpoint = "/graphql",
  } = options;
  if (perSecond <= 0) return null;
  const buckets = new LRUCache<string, Bucket>({ max: maxClients });
  /** Tokens seen to be valid (by their key); bounded like the buckets, and a forgotten one is only checked again. */
  const verifiedTokens = new LRUCache<string, true>({ max: maxClients });
  const trust =
    trustProxy === null
      ? null
      : "hops" in trustProxy
        ? (_address: string, hop: number) => hop < trustProxy.hops
        : proxyaddr.compile(trustProxy.addresses);

  /** A token's client key: its hash, never the token itself. */
  const tokenKey = (authorization: string) => `token:${createHash("sha256").update(authorization).digest("base64url")}`;

  /** The client's address: the socket's, or the X-Forwarded-For entry the trusted proxies vouch for. */
  const addressOf = ({ forwardedFor, socketAddress: socket = "unknown" }: ClientFacts): string => {
    if (!trust) return `address:${socket}`;
    // X-Forwarded-For is believed only hop by hop from the socket, and only through trusted proxies.
    return `address:${proxyaddr({ socket: { remoteAddress: socket }, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} } as never, trust)}`;
  };

  /** Takes a token from the client's bucket: 0, or the seconds until one is back. */
  const takeFrom = (client: string): number => {
    let bucket = buckets.get(client);
    if (!bucket) buckets.set(client, (bucket = { tokens: burst, at: now() }));
    return takeToken(bucket, now(), perSecond, burst);
  };

  const take = (
    facts: ClientFacts,
    accept: string | null,
    answerAs: "graphql" | "imports" = "graphql",
  ): Refusal | null => {
    let retryAfter: number;
    if (facts.authorization) {
      // A valid token is its own client, wherever it connects from. One not seen valid yet counts against its
      // address (else a made-up token per request would get a fresh bucket each time, and a lookup each) and
      // against itself (else one guess sent from many addresses would get each address's whole bucket).
      const token = tokenKey(facts.authorization);
      retryAfter = verifiedTokens.has(token) ? takeFrom(token) : takeFrom(addressOf(facts)) || takeFrom(token);
    } else {
      retryAfter = takeFrom(addressOf(facts));
    }
    if (retryAfter === 0) return null;
    const message = `Too many requests: try again in ${retryAfter} s.`;
    const contentType = answerAs === "imports" ? "application/json; charset=utf-8" : codedErrorContentType(accept);
    const body = JSON.stringify(
      answerAs === "imports"
        ? { error: { code: "RATE_LIMITED", message, retryAfter } }
        : { errors: [{ message, extensions: { code: "RATE_LIMITED", retryAfter } }] },
    );
    // A 429 to a token is made private as well by the authentication plugin, as every answer to a token is.
    return {
      status: 429,
      headers: {
        "content-type": contentType,
        "retry-after": String(retryAfter),
        "cache-control": UNSTORED_CACHE_CONTROL,
      },
      body,
    };
  };

  const charged = new WeakSet<object>();
  return {
    take,
    charged,
    tokenVerified: (authorization) => void verifiedTokens.set(tokenKey(authorization), true),
    plugin: {
      onRequest({ request, serverContext, url, endResponse, fetchAPI }) {
        // /imports and /translations too: each upload is inflated or parsed and checked, the costliest requests
        // there are (src/http/releases.ts, src/http/translation-files.ts), counted in the same bucket as queries.
        const under = (path: string) => url.pathname === path || url.pathname.startsWith(`${path}/`);
        const imports = under("/imports") || under("/translations");
        if (url.pathname !== graphqlEndpoint && !imports) return;
        const req = (serverContext as { req?: object } | undefined)?.req;
        if (req && charged.has(req)) return;
        const facts = {
          authorization: request.headers.get("authorization"),
          forwardedFor: request.headers.get("x-forwarded-for"),
          socketAddress: socketAddress(serverContext),
        };
        const refusal = take(facts, request.headers.get("accept"), imports ? "imports" : "graphql");
        if (refusal)
          endResponse(new fetchAPI.Response(refusal.body, { status: refusal.status, headers: refusal.headers }));
      },
    },
  };
}
