import { createHmac } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { createWebhookId, createWebhookSecret, isWebhookSecret, signWebhook } from "../../src/webhooks/signature.ts";

const body = JSON.stringify({ type: "content.released", data: { version: 42 } });

describe("createWebhookSecret", () => {
  it("makes whsec_ and the base64 of 32 random bytes", () => {
    const secret = createWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice("whsec_".length), "base64")).toHaveLength(32);
    expect(isWebhookSecret(secret)).toBe(true);
  });

  it("makes a different secret every time", () => {
    expect(new Set(Array.from({ length: 50 }, createWebhookSecret)).size).toBe(50);
  });
});

describe("isWebhookSecret", () => {
  it("wants the whsec_ prefix, base64, and 24 to 64 bytes of key", () => {
    expect(isWebhookSecret(`whsec_${Buffer.alloc(24, 1).toString("base64")}`)).toBe(true);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(64, 1).toString("base64")}`)).toBe(true);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(23, 1).toString("base64")}`)).toBe(false);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(65, 1).toString("base64")}`)).toBe(false);
    expect(isWebhookSecret(Buffer.alloc(32, 1).toString("base64"))).toBe(false);
    expect(isWebhookSecret("whsec_not base64!")).toBe(false);
  });
});

describe("signWebhook", () => {
  it("gives headers that standardwebhooks' Webhook.verify accepts, returning the payload", () => {
    const secret = createWebhookSecret();
    const headers = signWebhook(secret, { id: createWebhookId(), timestamp: new Date(), body });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("sends webhook-id as given, webhook-timestamp in Unix seconds, and a v1 signature", () => {
    const headers = signWebhook(createWebhookSecret(), {
      id: "msg_1",
      timestamp: new Date("2026-12-01T17:00:00.750Z"),
      body,
    });
    expect(headers["webhook-id"]).toBe("msg_1");
    expect(headers["webhook-timestamp"]).toBe(String(Date.parse("2026-12-01T17:00:00Z") / 1000));
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  it("signs id.timestamp.body with HMAC-SHA256 of the decoded key, matching the spec's example", () => {
    // The example of the Standard Webhooks reference libraries' tests.
    const headers = signWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", {
      id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
      timestamp: new Date(1614265330 * 1000),
      body: '{"test": 2432232314}',
    });
    expect(headers["webhook-signature"]).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    const key = Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64");
    const expected = createHmac("sha256", key)
      .update('msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}')
      .digest("base64");
    expect(headers["webhook-signature"]).toBe(`v1,${expected}`);
  });

  it("fails verification when the body, the id or the secret differ", () => {
    const secret = createWebhookSecret();
    const headers = signWebhook(secret, { id: "msg_1", timestamp: new Date(), body });
    const webhook = new Webhook(secret);
    expect(() => webhook.verify(body.replace("42", "43"), headers)).toThrow(WebhookVerificationError);
    expect(() => webhook.verify(body, { ...headers, "webhook-id": "msg_2" })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(createWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it("is refused by receivers once older than their tolerance of 5 minutes, so a captured delivery cannot be replayed later", () => {
    const secret = createWebhookSecret();
    const headers = signWebhook(secret, { id: "msg_1", timestamp: new Date(Date.now() - 10 * 60 * 1000), body });
    expect(() => new Webhook(secret).verify(body, headers)).toThrow("Message timestamp too old");
  });

  it("refuses a malformed secret rather than signing with it", () => {
    expect(() => signWebhook("hunter2", { id: "msg_1", timestamp: new Date(), body })).toThrow(TypeError);
  });
});

describe("createWebhookId", () => {
  it("makes unique msg_ ids", () => {
    const ids = Array.from({ length: 20 }, createWebhookId);
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^msg_[0-9a-f-]{36}$/);
  });
});
