import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  deliverWebhook,
  outcomeOfStatus,
  RETRY_BASE_MS,
  RETRY_CAP_MS,
  retryDelay,
  shouldDisable,
  type DeliveryRequest,
} from "../../src/webhooks/deliver.ts";
import type { ResolveHost } from "../../src/webhooks/destination.ts";
import { createWebhookId, createWebhookSecret, signWebhook } from "../../src/webhooks/signature.ts";

// A real receiver on 127.0.0.1 (the only place these tests send anything); deliveries to it need allowLoopback.
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
const HUGE_BYTES = 10 * 1024 * 1024;
let huge: Promise<{ sent: number; finished: boolean }> | undefined;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      switch (req.url) {
        case "/ok":
          return res.writeHead(204).end();
        case "/accepted":
          return res.writeHead(202, { "content-type": "text/plain" }).end("queued as job 7");
        case "/fail":
          return res.writeHead(500, { "content-type": "text/plain" }).end("boom: database unavailable");
        case "/busy":
          return res.writeHead(429, { "retry-after": "30" }).end("slow down");
        case "/bad":
          return res.writeHead(400, { "content-type": "text/plain" }).end("no such subscription");
        case "/moved":
          return res.writeHead(302, { location: "/ok" }).end();
        case "/slow": {
          const timer = setTimeout(() => res.writeHead(200).end("finally"), 3000);
          res.on("close", () => clearTimeout(timer));
          return;
        }
        case "/huge":
          huge = sendHuge(res);
          return;
        default:
          return res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  huge = undefined;
});

/** 10 MiB announced and sent in paced 64 KiB chunks, so what was sent when the client hung up shows how much it took. */
function sendHuge(res: import("node:http").ServerResponse): Promise<{ sent: number; finished: boolean }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    let sent = 0;
    res.on("close", () => resolve({ sent, finished: res.writableFinished }));
    res.writeHead(200, { "content-type": "text/plain", "content-length": String(HUGE_BYTES) });
    const next = () => {
      if (res.destroyed) return;
      if (sent >= HUGE_BYTES) return void res.end();
      sent += chunk.length;
      res.write(chunk);
      setTimeout(next, 5);
    };
    next();
  });
}

const DEV = { allowLoopback: true };
const body = JSON.stringify({ type: "content.released", data: { version: 7 } });

function delivery(path: string, overrides: Partial<DeliveryRequest> = {}): DeliveryRequest {
  return { url: `${base}${path}`, headers: {}, body, timeoutMs: 2000, policy: DEV, ...overrides };
}

describe("deliverWebhook", () => {
  it("POSTs the signed JSON body so that standardwebhooks' Webhook.verify accepts it at the receiver", async () => {
    const secret = createWebhookSecret();
    const headers = signWebhook(secret, { id: createWebhookId(), timestamp: new Date(), body });
    const result = await deliverWebhook(delivery("/ok", { headers }));
    expect(result).toMatchObject({ outcome: "delivered", status: 204, responseExcerpt: "" });
    expect(result.error).toBeUndefined();
    const [request] = received;
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>)).toEqual(
      JSON.parse(body),
    );
  });

  it("counts any 2xx as delivered and keeps the start of the answer", async () => {
    expect(await deliverWebhook(delivery("/accepted"))).toMatchObject({
      outcome: "delivered",
      status: 202,
      responseExcerpt: "queued as job 7",
    });
  });

  it("retries after a 500, keeping the receiver's words", async () => {
    const result = await deliverWebhook(delivery("/fail"));
    expect(result).toMatchObject({
      outcome: "retry",
      status: 500,
      error: "the receiver answered 500",
      responseExcerpt: "boom: database unavailable",
    });
  });

  it("retries after a 429", async () => {
    expect(await deliverWebhook(delivery("/busy"))).toMatchObject({ outcome: "retry", status: 429 });
  });

  it("gives up after a 400: sending the same message again will not change the answer", async () => {
    expect(await deliverWebhook(delivery("/bad"))).toMatchObject({
      outcome: "give-up",
      status: 400,
      responseExcerpt: "no such subscription",
    });
  });

  it("gives up on a 302 without following it, saying where it pointed", async () => {
    const result = await deliverWebhook(delivery("/moved"));
    expect(result).toMatchObject({
      outcome: "give-up",
      status: 302,
      error: expect.stringContaining("redirects are not followed"),
    });
    expect(result.error).toContain("/ok");
    expect(received.map((request) => request.path)).toEqual(["/moved"]);
  });

  it("retries when the receiver does not answer in time, without waiting for it", async () => {
    const result = await deliverWebhook(delivery("/slow", { timeoutMs: 300 }));
    expect(result).toMatchObject({ outcome: "retry", error: "no answer within 300 ms", responseExcerpt: "" });
    expect(result.status).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(result.durationMs).toBeLessThan(2500);
  });

  it("reads only the first 4 KiB of a 10 MiB answer and hangs up on the rest", async () => {
    const result = await deliverWebhook(delivery("/huge", { timeoutMs: 10_000 }));
    expect(result).toMatchObject({ outcome: "delivered", status: 200 });
    expect(result.responseExcerpt).toBe("x".repeat(4096));
    const { sent, finished } = await huge!;
    expect(finished).toBe(false);
    expect(sent).toBeLessThan(HUGE_BYTES / 4);
  });

  it("honours a smaller maxResponseBytes", async () => {
    expect((await deliverWebhook(delivery("/fail", { maxResponseBytes: 4 }))).responseExcerpt).toBe("boom");
  });

  it("retries when the connection is refused, saying why", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await deliverWebhook(delivery("/ok", { url: `http://127.0.0.1:${port}/ok` }));
    expect(result).toMatchObject({ outcome: "retry", error: expect.stringContaining("ECONNREFUSED") });
  });

  it("gives up on a loopback address unless allowLoopback is set, sending nothing", async () => {
    const result = await deliverWebhook(delivery("/ok", { policy: {} }));
    expect(result).toMatchObject({
      outcome: "give-up",
      error: expect.stringContaining("127.0.0.1 is a loopback address"),
    });
    expect(received).toEqual([]);
  });

  it("gives up on localhost, which resolves to loopback, unless allowed, sending nothing", async () => {
    const url = `http://localhost:${new URL(base).port}/ok`;
    const result = await deliverWebhook(delivery("/ok", { url, policy: {} }));
    expect(result).toMatchObject({
      outcome: "give-up",
      error: expect.stringMatching(/^localhost resolves to .*, which is a loopback address/),
    });
    expect(received).toEqual([]);
  });

  it("delivers to a loopback receiver the allowlist names, by host or by CIDR", async () => {
    // localhost may resolve to ::1 first while the receiver listens on 127.0.0.1 only: resolve it to 127.0.0.1 here.
    const resolve: ResolveHost = async () => [{ address: "127.0.0.1", family: 4 }];
    const port = new URL(base).port;
    expect(
      await deliverWebhook(
        delivery("/ok", { url: `http://localhost:${port}/ok`, policy: { allow: ["localhost"] }, resolve }),
      ),
    ).toMatchObject({ outcome: "delivered" });
    expect(await deliverWebhook(delivery("/ok", { policy: { allow: ["127.0.0.0/8"] } }))).toMatchObject({
      outcome: "delivered",
    });
  });

  it("checks the address the connection is made to: a name that now resolves to loopback is refused (DNS rebinding)", async () => {
    // hooks.example.com "resolves" to this machine's receiver; the policy does not allow loopback.
    const resolve: ResolveHost = async () => [{ address: "127.0.0.1", family: 4 }];
    const url = `http://hooks.example.com:${new URL(base).port}/ok`;
    const result = await deliverWebhook(delivery("/ok", { url, policy: {}, resolve }));
    expect(result).toMatchObject({
      outcome: "give-up",
      error: expect.stringContaining("hooks.example.com resolves to 127.0.0.1, which is a loopback address"),
    });
    expect(received).toEqual([]);
  });

  it("gives up on a URL that is not http(s) or carries credentials", async () => {
    expect(await deliverWebhook(delivery("/ok", { url: "ftp://hooks.example.com/" }))).toMatchObject({
      outcome: "give-up",
      error: expect.stringContaining("http: or https:"),
    });
    expect(
      await deliverWebhook(delivery("/ok", { url: `http://user:pw@127.0.0.1:${new URL(base).port}/ok` })),
    ).toMatchObject({ outcome: "give-up", error: expect.stringContaining("password") });
    expect(received).toEqual([]);
  });
});

describe("outcomeOfStatus", () => {
  it.each([
    [200, "delivered"],
    [201, "delivered"],
    [204, "delivered"],
    [299, "delivered"],
    [500, "retry"],
    [502, "retry"],
    [503, "retry"],
    [429, "retry"],
    [408, "retry"],
    [400, "give-up"],
    [401, "give-up"],
    [404, "give-up"],
    [410, "give-up"],
    [301, "give-up"],
    [307, "give-up"],
    [304, "give-up"],
  ])("%i → %s", (status, outcome) => {
    expect(outcomeOfStatus(status)).toBe(outcome);
  });
});

describe("retryDelay", () => {
  it("waits up to 30 s before the first retry and doubles the ceiling each time", () => {
    const longest = (attempt: number) => retryDelay(attempt, () => 0.999_999_999);
    expect(longest(1)).toBe(RETRY_BASE_MS - 1);
    expect(longest(2)).toBe(2 * RETRY_BASE_MS - 1);
    expect(longest(3)).toBe(4 * RETRY_BASE_MS - 1);
    expect(longest(10)).toBe(512 * RETRY_BASE_MS - 1);
  });

  it("never waits more than 6 hours, however many attempts", () => {
    const longest = (attempt: number) => retryDelay(attempt, () => 0.999_999_999);
    expect(RETRY_CAP_MS).toBe(6 * 60 * 60 * 1000);
    expect(longest(11)).toBe(RETRY_CAP_MS - 1);
    expect(longest(50)).toBe(RETRY_CAP_MS - 1);
    expect(longest(10_000)).toBe(RETRY_CAP_MS - 1);
  });

  it("spreads delays over the whole range below the ceiling (full jitter)", () => {
    expect(retryDelay(3, () => 0)).toBe(0);
    expect(retryDelay(3, () => 0.5)).toBe(2 * RETRY_BASE_MS);
    const delays = Array.from({ length: 200 }, () => retryDelay(4));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(8 * RETRY_BASE_MS);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it("treats attempts below 1 as the first", () => {
    expect(retryDelay(0, () => 0.5)).toBe(RETRY_BASE_MS / 2);
    expect(retryDelay(-3, () => 0.5)).toBe(RETRY_BASE_MS / 2);
  });
});

describe("shouldDisable", () => {
  it("disables once the consecutive failures reach the limit", () => {
    expect(shouldDisable(4, 5)).toBe(false);
    expect(shouldDisable(5, 5)).toBe(true);
    expect(shouldDisable(6, 5)).toBe(true);
  });

  it("never disables with a limit of 0", () => {
    expect(shouldDisable(1000, 0)).toBe(false);
  });
});
