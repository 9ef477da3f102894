import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import {
  checkAddress,
  checkWebhookUrl,
  classifyAddress,
  DestinationRefusedError,
  guardedLookup,
  resolveDestination,
  type DestinationPolicy,
  type ResolveHost,
} from "../../src/webhooks/destination.ts";

const STRICT: DestinationPolicy = {};
const resolvesTo =
  (...addresses: string[]): ResolveHost =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("classifyAddress", () => {
  it.each([
    // IPv4 (RFC 6890 and the ranges it collects)
    ["8.8.8.8", "unicast"],
    ["93.184.215.14", "unicast"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["100.127.255.255", "carrierGradeNat"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["240.0.0.1", "reserved"],
    // IPv6 (RFC 4291, RFC 4193)
    ["2606:4700:4700::1111", "unicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456:789a::1", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
    // Forms that embed IPv4 are judged by what they embed when that is not public (test/faults/webhook-destinations.test.ts).
    ["64:ff9b::808:808", "rfc6052"],
    ["2002:808:808::", "6to4"],
    ["64:ff9b::a00:1", "private"],
    ["2002:a00:1::", "private"],
  ])("%s is %s", (address, range) => {
    expect(classifyAddress(address)).toBe(range);
  });

  it.each([
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["::ffff:100.64.0.1", "carrierGradeNat"],
    ["::ffff:0.0.0.0", "unspecified"],
    ["0:0:0:0:0:ffff:192.168.0.1", "private"],
    ["::ffff:8.8.8.8", "unicast"],
  ])("classifies IPv4-mapped %s as the IPv4 address it carries (%s)", (address, range) => {
    expect(classifyAddress(address)).toBe(range);
  });

  it("says nothing of what is not an IP address", () => {
    expect(classifyAddress("localhost")).toBeUndefined();
    expect(classifyAddress("example.com")).toBeUndefined();
    expect(classifyAddress("999.1.1.1")).toBeUndefined();
  });
});

describe("checkAddress", () => {
  it("allows public unicast addresses, IPv4 and IPv6", () => {
    expect(checkAddress("8.8.8.8", "dns.google", STRICT)).toEqual({ ok: true });
    expect(checkAddress("2606:4700:4700::1111", "one.one.one.one", STRICT)).toEqual({ ok: true });
  });

  it.each([
    "127.0.0.1",
    "::1",
    "10.1.2.3",
    "192.168.0.10",
    "172.20.0.1",
    "fd00::5",
    "fe80::1",
    "169.254.169.254",
    "100.100.100.200",
    "224.0.0.251",
    "0.0.0.0",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "64:ff9b::7f00:1",
  ])("refuses %s by default, saying what it is", (address) => {
    const checked = checkAddress(address, "hooks.example", STRICT);
    expect(checked).toMatchObject({ ok: false, code: "FORBIDDEN_DESTINATION" });
    expect(checked.ok ? "" : checked.message).toMatch(/^hooks\.example resolves to .+, which is (a|an|the) /);
  });

  it("names the kind of address in words", () => {
    const message = (address: string) => {
      const checked = checkAddress(address, address, STRICT);
      return checked.ok ? "" : checked.message;
    };
    expect(message("10.0.0.1")).toContain("a private address (RFC 1918)");
    expect(message("fd00::1")).toContain("a unique local address (fc00::/7)");
    expect(message("100.64.0.1")).toContain("a carrier-grade NAT address");
    expect(message("169.254.0.1")).toContain("a link-local address");
    expect(message("::ffff:127.0.0.1")).toContain("127.0.0.1 is a loopback address");
  });

  it("lets loopback through with allowLoopback, and nothing else private", () => {
    const dev: DestinationPolicy = { allowLoopback: true };
    expect(checkAddress("127.0.0.1", "localhost", dev)).toEqual({ ok: true });
    expect(checkAddress("::1", "localhost", dev)).toEqual({ ok: true });
    expect(checkAddress("::ffff:127.0.0.1", "localhost", dev)).toEqual({ ok: true });
    expect(checkAddress("10.0.0.1", "intranet", dev)).toMatchObject({ ok: false });
    expect(checkAddress("169.254.169.254", "metadata", dev)).toMatchObject({ ok: false });
  });

  it("lets through addresses in an allowlisted CIDR or equal to an allowlisted address, IPv4 and IPv6", () => {
    const policy: DestinationPolicy = { allow: ["10.0.5.0/24", "fd00:1::/32", "192.168.1.7"] };
    expect(checkAddress("10.0.5.200", "receiver.internal", policy)).toEqual({ ok: true });
    expect(checkAddress("::ffff:10.0.5.200", "receiver.internal", policy)).toEqual({ ok: true });
    expect(checkAddress("fd00:1::9", "receiver.internal", policy)).toEqual({ ok: true });
    expect(checkAddress("192.168.1.7", "receiver.internal", policy)).toEqual({ ok: true });
    expect(checkAddress("10.0.6.1", "receiver.internal", policy)).toMatchObject({ ok: false });
    expect(checkAddress("192.168.1.8", "receiver.internal", policy)).toMatchObject({ ok: false });
    expect(checkAddress("fd00:2::9", "receiver.internal", policy)).toMatchObject({ ok: false });
  });

  it("reads an IPv4-mapped CIDR in the allowlist as the IPv4 network", () => {
    expect(checkAddress("10.0.5.1", "receiver.internal", { allow: ["::ffff:10.0.5.0/120"] })).toEqual({ ok: true });
  });

  it("lets through any address of an allowlisted host name, matched exactly and case-insensitively", () => {
    const policy: DestinationPolicy = { allow: ["Receiver.Internal."] };
    expect(checkAddress("10.9.9.9", "receiver.internal", policy)).toEqual({ ok: true });
    expect(checkAddress("10.9.9.9", "evil.receiver.internal", policy)).toMatchObject({ ok: false });
  });
});

describe("checkWebhookUrl", () => {
  it("accepts http and https URLs with public or named hosts", () => {
    expect(checkWebhookUrl("https://hooks.example.com/status-atlas?key=1", STRICT)).toMatchObject({ ok: true });
    expect(checkWebhookUrl("http://203.0.114.1:8080/", STRICT)).toMatchObject({ ok: true });
  });

  it.each([
    "ftp://hooks.example.com/",
    "file:///etc/passwd",
    "gopher://hooks.example.com/",
    "javascript:alert(1)",
    "data:text/plain,hi",
  ])("refuses the scheme of %s", (url) => {
    expect(checkWebhookUrl(url, STRICT)).toMatchObject({
      ok: false,
      code: "BAD_URL",
      message: expect.stringContaining("http: or https:"),
    });
  });

  it("refuses a URL that is not absolute", () => {
    expect(checkWebhookUrl("/hooks", STRICT)).toMatchObject({ ok: false, code: "BAD_URL" });
  });

  it("refuses credentials in the URL", () => {
    expect(checkWebhookUrl("https://user:pass@hooks.example.com/", STRICT)).toMatchObject({
      ok: false,
      code: "BAD_URL",
      message: expect.stringContaining("user name or password"),
    });
    expect(checkWebhookUrl("https://user@hooks.example.com/", STRICT)).toMatchObject({ ok: false, code: "BAD_URL" });
  });

  it.each([
    "http://127.0.0.1/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://017700000001/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://10.0.0.1/",
    "http://[fd00::1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0:8080/",
  ])("refuses the IP-literal host of %s without resolving anything", (url) => {
    expect(checkWebhookUrl(url, STRICT)).toMatchObject({ ok: false, code: "FORBIDDEN_DESTINATION" });
  });

  it("accepts a loopback literal with allowLoopback", () => {
    expect(checkWebhookUrl("http://127.0.0.1:3000/hook", { allowLoopback: true })).toMatchObject({ ok: true });
    expect(checkWebhookUrl("http://[::1]:3000/hook", { allowLoopback: true })).toMatchObject({ ok: true });
  });
});

describe("resolveDestination", () => {
  it("refuses localhost, which resolves to loopback", async () => {
    const resolved = await resolveDestination("http://localhost:8080/hook", STRICT);
    expect(resolved).toMatchObject({
      ok: false,
      code: "FORBIDDEN_DESTINATION",
      message: expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/),
    });
  });

  it("accepts localhost with allowLoopback, listing its addresses", async () => {
    const resolved = await resolveDestination("http://localhost:8080/hook", { allowLoopback: true });
    expect(resolved).toMatchObject({ ok: true });
    expect(resolved.ok && resolved.addresses.length).toBeGreaterThan(0);
  });

  it("refuses a name with any private address among public ones", async () => {
    const resolved = await resolveDestination(
      "https://hooks.example.com/",
      STRICT,
      resolvesTo("93.184.215.14", "10.0.0.7"),
    );
    expect(resolved).toMatchObject({
      ok: false,
      code: "FORBIDDEN_DESTINATION",
      message: expect.stringContaining("10.0.0.7"),
    });
  });

  it("accepts a name whose addresses are all public", async () => {
    expect(
      await resolveDestination(
        "https://hooks.example.com/",
        STRICT,
        resolvesTo("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
      ),
    ).toMatchObject({
      ok: true,
      addresses: ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    });
  });

  it("reports a name that does not resolve", async () => {
    const resolve: ResolveHost = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.invalid"), { code: "ENOTFOUND" });
    };
    expect(await resolveDestination("https://nowhere.invalid/", STRICT, resolve)).toMatchObject({
      ok: false,
      code: "UNRESOLVABLE",
      message: expect.stringContaining("ENOTFOUND"),
    });
  });

  it("refuses a bad URL before resolving", async () => {
    let asked = false;
    const resolve: ResolveHost = async () => ((asked = true), []);
    expect(await resolveDestination("ftp://hooks.example.com/", STRICT, resolve)).toMatchObject({
      ok: false,
      code: "BAD_URL",
    });
    expect(asked).toBe(false);
  });
});

describe("guardedLookup", () => {
  const lookUp = (policy: DestinationPolicy, resolve: ResolveHost, options: { all?: boolean; family?: number } = {}) =>
    new Promise<{ error: Error | null; address: string | LookupAddress[]; family?: number }>((done) =>
      guardedLookup(policy, resolve)("hooks.example.com", options, (error, address, family) =>
        done({ error, address, family }),
      ),
    );

  it("hands the socket the checked address, in the form net asks for", async () => {
    expect(await lookUp(STRICT, resolvesTo("93.184.215.14"))).toMatchObject({
      error: null,
      address: "93.184.215.14",
      family: 4,
    });
    expect(await lookUp(STRICT, resolvesTo("93.184.215.14", "2606:2800:21f::1"), { all: true })).toMatchObject({
      error: null,
      address: [
        { address: "93.184.215.14", family: 4 },
        { address: "2606:2800:21f::1", family: 6 },
      ],
    });
    expect(await lookUp(STRICT, resolvesTo("93.184.215.14", "2606:2800:21f::1"), { family: 6 })).toMatchObject({
      error: null,
      address: "2606:2800:21f::1",
      family: 6,
    });
  });

  it("fails the connection with a DestinationRefusedError when the name now resolves to a forbidden address (DNS rebinding)", async () => {
    // What was checked when the URL was registered no longer matters: this lookup is the one the socket uses.
    const { error } = await lookUp(STRICT, resolvesTo("127.0.0.1"));
    expect(error).toBeInstanceOf(DestinationRefusedError);
    expect(error).toMatchObject({
      code: "FORBIDDEN_DESTINATION",
      message: expect.stringContaining("127.0.0.1, which is a loopback address"),
    });
  });

  it("passes on resolution errors", async () => {
    const resolve: ResolveHost = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    expect((await lookUp(STRICT, resolve)).error).toMatchObject({ code: "ENOTFOUND" });
  });
});
