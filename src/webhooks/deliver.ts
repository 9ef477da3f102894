// One delivery attempt of a signed webhook, and what to do next: delivered, retry later, or give up.
// Statuses per RFC 9110 §15; retry timing is exponential backoff with full jitter, capped.
import { fetch } from "undici";
import {
  checkWebhookUrl,
  createDestinationAgent,
  DestinationRefusedError,
  type DestinationPolicy,
  type ResolveHost,
} from "./destination.ts";

export type DeliveryOutcome = "delivered" | "retry" | "give-up";

export type DeliveryResult = {
  outcome: DeliveryOutcome;
  /** The receiver's HTTP status, when it answered at all. */
  status?: number;
  /** Why it was not delivered, in words for the subscription's delivery log. */
  error?: string;
  /** The start of the response body (at most maxResponseBytes, decoded as UTF-8), for that same log. */
  responseExcerpt: string;
  durationMs: number;
};

export type DeliveryRequest = {
  url: string;
  /** The signature headers (signWebhook) and any others; content-type is set here. */
  headers: Record<string, string>;
  /** Sent exactly as signed. */
  body: string;
  timeoutMs?: number;
  maxResponseBytes?: number;
  policy: DestinationPolicy;
  /** How host names resolve; dns.lookup unless a test says otherwise. */
  resolve?: ResolveHost;
};

/** Receivers should answer quickly and queue their own work (the spec recommends it); 15 s is generous. */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** Enough of an error page to see what went wrong; no receiver's body is needed beyond that. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024;

/**
 * POSTs `body` to `url` once. Never throws: every failure is a result. Redirects are not followed (a
 * redirect could lead anywhere, past the destination checks, and the receiver must answer at the URL it
 * registered). The response body is read only up to maxResponseBytes, then the stream is cancelled.
 */
export async function deliverWebhook(request: DeliveryRequest): Promise<DeliveryResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  const checked = checkWebhookUrl(request.url, request.policy);
  if (!checked.ok) return { outcome: "give-up", error: checked.message, responseExcerpt: "", durationMs: elapsed() };

  const agent = createDestinationAgent(request.policy, request.resolve);
  try {
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(checked.url, {
        method: "POST",
        headers: { ...request.headers, "content-type": "application/json" },
        body: request.body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
        dispatcher: agent,
      });
    } catch (error) {
      const refused = findCause(
        error,
        (cause): cause is DestinationRefusedError => cause instanceof DestinationRefusedError,
      );
      if (refused) return { outcome: "give-up", error: refused.message, responseExcerpt: "", durationMs: elapsed() };
      return { outcome: "retry", error: describeFailure(error, timeoutMs), responseExcerpt: "", durationMs: elapsed() };
    }
    const responseExcerpt = await readExcerpt(response.body, maxResponseBytes);
    const outcome = outcomeOfStatus(response.status);
    const result: DeliveryResult = { outcome, status: response.status, responseExcerpt, durationMs: elapsed() };
    if (outcome === "delivered") return result;
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location");
      return {
        ...result,
        error: `the receiver answered ${response.status} redirecting to ${location ?? "(no Location)"}; redirects are not followed: register the final URL`,
      };
    }
    return { ...result, error: `the receiver answered ${response.status}` };
  } finally {
    // destroy, not close: close would wait for a response body nobody is going to read.
    agent.destroy().catch(() => {});
  }
}

/**
 * What a status means for this message: 2xx delivered; 5xx, 429 (RFC 6585 §4) and 408 (RFC 9110 §15.5.9)
 * are the receiver's temporary trouble, so try again; any other 4xx or a 3xx will not change by retrying.
 */
export function outcomeOfStatus(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return "delivered";
  if (status >= 500 || status === 429 || status === 408) return "retry";
  return "give-up";
}

/**
 * Milliseconds to wait before retry number `attempt` (1 for the first retry): a random time between 0 and
 * min(6 hours, 30 s × 2^(attempt-1)), "full jitter" from AWS's "Exponential Backoff and Jitter" (2015),
 * so receivers that went down together are not hit together when they come back. The ceilings run 30 s,
 * 1 min, 2 min, 4 min … and reach the 6-hour cap at the 11th retry; 15 retries span at most about 38 hours
 * (half that on average), long enough to outlast a receiver's bad day.
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // Math.min before the power would overflow for absurd attempts; 2^30 is already far past the cap.
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(exponent, 30));
  return Math.floor(random() * ceiling);
}

export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 6 * 60 * 60 * 1000;

/** Whether a subscription that failed this many times in a row should stop: a dead receiver costs every retry. A limit of 0 never disables. */
export function shouldDisable(consecutiveFailures: number, limit: number): boolean {
  return limit > 0 && consecutiveFailures >= limit;
}

// -------------------------------------------------------------------------------------------------------------

/** The part of a web ReadableStream used here: undici's and the DOM's typings of the full type disagree. */
type ByteStream = { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } };

async function readExcerpt(body: ByteStream | null, maxBytes: number): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done || !value) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off (timeout, reset) after the status arrived: the status decides, the excerpt is what came.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = Buffer.concat(chunks).subarray(0, maxBytes);
  // A multi-byte character cut at the cap decodes as U+FFFD: fine for a log excerpt.
  return new TextDecoder().decode(bytes);
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (
    findCause(
      error,
      (cause): cause is Error =>
        cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError"),
    )
  ) {
    return `no answer within ${timeoutMs} ms`;
  }
  // fetch says only "fetch failed"; the cause says ECONNREFUSED, ENOTFOUND, a TLS problem …
  const causes: string[] = [];
  for (let cause: unknown = error; cause instanceof Error && causes.length < 4; cause = cause.cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    causes.push(code && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message);
  }
  return causes.length ? causes.join(": ") : String(error);
}

function findCause<T>(error: unknown, test: (cause: unknown) => cause is T): T | undefined {
  for (
    let cause: unknown = error, depth = 0;
    cause !== undefined && depth < 8;
    cause = (cause as { cause?: unknown }).cause, depth++
  ) {
    if (test(cause)) return cause;
    if (!(cause instanceof Error)) return undefined;
  }
  return undefined;
}
