// Signs outbound webhooks as the Standard Webhooks spec says (spec.md, "Signature scheme" and "Webhook
// metadata"), with that spec's own library, so a receiver verifies with `new Webhook(secret).verify(...)`.
import { randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** The three headers every delivery carries; the receiver needs all three to verify. */
export type WebhookHeaders = {
  /** Unique per message and the same on every retry of it: receivers de-duplicate on it. */
  "webhook-id": string;
  /** Unix seconds when the message was signed: receivers refuse old ones (the library allows 5 minutes). */
  "webhook-timestamp": string;
  /** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, space-separated when a secret is being rotated. */
  "webhook-signature": string;
};

export type WebhookMessage = { id: string; timestamp: Date; body: string };

const SECRET_PREFIX = "whsec_";
/** The spec asks for 24 to 64 random bytes; 32 matches HMAC-SHA256's output, so the key is never the weak link. */
const SECRET_BYTES = 32;
const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/** A new signing secret: `whsec_` and the base64 of 32 random bytes, the form receivers' libraries accept. */
export function createWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

/** Whether `secret` has the form createWebhookSecret gives, with 24 to 64 bytes of key (spec: "Symmetric"). */
export function isWebhookSecret(secret: string): boolean {
  if (!SECRET_PATTERN.test(secret)) return false;
  const bytes = Buffer.from(secret.slice(SECRET_PREFIX.length), "base64").length;
  return bytes >= 24 && bytes <= 64;
}

/** A message id, `msg_` and a random UUID: the spec only asks that it be unique per message. */
export function createWebhookId(): string {
  return `msg_${randomUUID()}`;
}

/**
 * The headers for one delivery of `body`, signed with `secret`. The body must be sent byte for byte as
 * signed: receivers verify the raw body, so it is signed here as the exact string that will be posted.
 * Throws on a malformed secret: secrets come from createWebhookSecret, so that is a programming error.
 */
export function signWebhook(secret: string, message: WebhookMessage): WebhookHeaders {
  if (!isWebhookSecret(secret)) throw new TypeError("signWebhook: the secret is not a whsec_ secret of 24 to 64 bytes");
  const seconds = Math.floor(message.timestamp.getTime() / 1000);
  return {
    "webhook-id": message.id,
    "webhook-timestamp": String(seconds),
    "webhook-signature": new Webhook(secret).sign(message.id, message.timestamp, message.body),
  };
}
