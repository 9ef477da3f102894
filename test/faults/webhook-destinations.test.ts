// Webhook destinations as a table of IPv6 forms that embed an IPv4 address (and the IPv4 spellings that held):
// each is judged by the address a connection to it may end up at, whether it is written as a URL's host or
// comes back from DNS. None of these needs the network: DNS answers are given.
import { describe, expect, it } from "vitest";
import {
  checkWebhookUrl,
  classifyAddress,
  resolveDestination,
  type ResolveHost,
} from "../../src/webhooks/destination.ts";

const STRICT = {};
const resolvesTo =
  (address: string): ResolveHost =>
  async () => [{ address, family: address.includes(":") ? 6 : 4 }];

/** [URL host, what it carries, the range it is judged by] */
const REFUSED: [string, string, string][] = [
  // IPv4-compatible ::/96 (RFC 4291 §2.5.5.1), as the issue found them accepted and stored.
  ["[::169.254.169.254]", "169.254.169.254", "linkLocal"],
  ["[::a9fe:a9fe]", "169.254.169.254", "linkLocal"],
  ["[::10.0.0.1]", "10.0.0.1", "private"],
  ["[::127.0.0.1]", "127.0.0.1", "loopback"],
  ["[0:0:0:0:0:0:7f00:1]", "127.0.0.1", "loopback"],
  ["[::100.64.0.1]", "100.64.0.1", "carrierGradeNat"],
  ["[::8.8.8.8]", "8.8.8.8", "ipv4Compatible"],
  // IPv4-mapped (RFC 4291 §2.5.5.2) and IPv4-translated (RFC 2765).
  ["[::ffff:169.254.169.254]", "169.254.169.254", "linkLocal"],
  ["[::ffff:0:10.0.0.1]", "10.0.0.1", "private"],
  ["[::ffff:0:808:808]", "8.8.8.8", "rfc6145"],
  // NAT64 (RFC 6052), 6to4 (RFC 3056), Teredo (RFC 4380: server, and client with its bits inverted).
  ["[64:ff9b::169.254.169.254]", "169.254.169.254", "linkLocal"],
  ["[64:ff9b::a00:1]", "10.0.0.1", "private"],
  ["[64:ff9b::808:808]", "8.8.8.8", "rfc6052"],
  ["[2002:a9fe:a9fe::1]", "169.254.169.254", "linkLocal"],
  ["[2002:7f00:1::]", "127.0.0.1", "loopback"],
  ["[2001:0:a00:1::f7f7:f7f7]", "10.0.0.1 (server)", "private"],
  ["[2001:0:808:808:8000:0:80ff:fffe]", "127.0.0.1 (client)", "loopback"],
  // ISATAP interface identifiers (RFC 5214) under a public prefix.
  ["[2606:4700::5efe:a9fe:a9fe]", "169.254.169.254", "linkLocal"],
  ["[2606:4700::200:5efe:7f00:1]", "127.0.0.1", "loopback"],
];

const ACCEPTED = [
  "[2606:4700:4700::1111]",
  "[2a00:1450:4001:82a::200e]",
  "8.8.8.8",
  "[::ffff:8.8.8.8]",
  "[2606:4700::5efe:808:808]",
];

describe("IPv6 forms embedding IPv4, as a webhook URL's host", () => {
  it.each(REFUSED)("refuses http://%s/ (carrying %s) as %s", (host, _carried, range) => {
    const checked = checkWebhookUrl(`http://${host}/hook`, STRICT);
    expect(checked).toMatchObject({ ok: false, code: "FORBIDDEN_DESTINATION" });
    expect(classifyAddress(new URL(`http://${host}/`).hostname)).toBe(range);
  });

  it("says which address the form carries", () => {
    const checked = checkWebhookUrl("https://[::169.254.169.254]/latest/meta-data/", STRICT);
    expect(checked.ok ? "" : checked.message).toBe(
      "::a9fe:a9fe (IPv4-compatible, carrying 169.254.169.254) is a link-local address: webhooks go to public addresses unless the allowlist names the host or its network",
    );
  });

  it.each(ACCEPTED)("accepts http://%s/, which is public all the way", (host) => {
    expect(checkWebhookUrl(`http://${host}/hook`, STRICT)).toMatchObject({ ok: true });
  });

  it("refuses the loopback forms even with allowLoopback when they embed a private address, and lets ::127.0.0.1 through with it", () => {
    expect(checkWebhookUrl("http://[::10.0.0.1]/", { allowLoopback: true })).toMatchObject({ ok: false });
    expect(checkWebhookUrl("http://[::127.0.0.1]/", { allowLoopback: true })).toMatchObject({ ok: true });
  });
});

describe("IPv6 forms embedding IPv4, as a DNS answer", () => {
  it.each(REFUSED)("refuses a name resolving to %s (carrying %s)", async (host) => {
    const address = host.slice(1, -1);
    const resolved = await resolveDestination("https://hooks.example/hook", STRICT, resolvesTo(address));
    expect(resolved).toMatchObject({
      ok: false,
      code: "FORBIDDEN_DESTINATION",
      message: expect.stringMatching(/^hooks\.example resolves to /),
    });
  });
});
