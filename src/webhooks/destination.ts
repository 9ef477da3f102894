// Where a webhook may go: http(s) URLs without credentials whose host is a public unicast address (RFC 6890's
// special-purpose registries, as ipaddr.js lists them), unless configuration allows it; and a connection that goes to the address checked.
import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent } from "undici";

export type DestinationPolicy = {
  /**
   * From configuration: host names (matched exactly, case-insensitively) or addresses and CIDRs
   * ("10.0.5.0/24", "fd00::/8") that may be reached although they are not public, e.g. an internal receiver.
   */
  allow?: readonly string[];
  /** Lets loopback (127.0.0.0/8, ::1) through, for a receiver on a developer's machine. Never in production. */
  allowLoopback?: boolean;
};

export type DestinationRefusal = {
  ok: false;
  code: "BAD_URL" | "FORBIDDEN_DESTINATION" | "UNRESOLVABLE";
  message: string;
};

/** Resolves a host name to every address it has (A and AAAA); dns.lookup by default, so /etc/hosts counts. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

const resolveWithDns: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * ipaddr.js's name for the range `address` falls in ("unicast" is the only public one), or undefined when it
 * is not an IP address. IPv4-mapped IPv6 (::ffff:a.b.c.d, RFC 4291 §2.5.5.2) is classified as the IPv4
 * address it carries, since that is where a connection to it goes. Every other IPv6 form that embeds an IPv4
 * address (embeddedIPv4 lists them) is classified by the address it embeds when that one is not public, so
 * [::169.254.169.254] (which URL parsing writes [::a9fe:a9fe], and ipaddr.js calls unicast) is link-local;
 * when the embedded address is public the form keeps its own range, none of them "unicast".
 */
export function classifyAddress(address: string): string | undefined {
  const parsed = parseAddress(address);
  return parsed && rangeOf(parsed);
}

/** What an IPv6 address embeds: the IPv4 address(es) a connection to it may end up at. */
type Embedding = { form: string; range: string; addresses: ipaddr.IPv4[] };

const ipv4At = (bytes: number[], at: number, mask = 0) =>
  new ipaddr.IPv4(bytes.slice(at, at + 4).map((byte) => byte ^ mask));
const zeros = (bytes: number[], from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);

/**
 * The IPv6 forms that carry an IPv4 address, and where: IPv4-compatible ::/96 (RFC 4291 §2.5.5.1, deprecated),
 * IPv4-translated ::ffff:0:0/96 (RFC 2765 §2.1), NAT64's well-known prefix 64:ff9b::/96 (RFC 6052 §2.1), 6to4
 * 2002::/16 (RFC 3056 §2), Teredo 2001::/32 (RFC 4380 §4: the server, and the client with its bits inverted)
 * and ISATAP interface identifiers ::0:5efe:a.b.c.d and ::200:5efe:a.b.c.d under any prefix (RFC 5214 §6.1).
 */
export function embeddedIPv4(address: ipaddr.IPv6): Embedding | undefined {
  const bytes = address.toByteArray();
  const word = (at: number) => (bytes[at]! << 8) | bytes[at + 1]!;
  // :: and ::1 are the unspecified and loopback addresses, not IPv4-compatible ones.
  if (zeros(bytes, 0, 12) && !zeros(bytes, 12, 15))
    return { form: "IPv4-compatible", range: "ipv4Compatible", addresses: [ipv4At(bytes, 12)] };
  if (zeros(bytes, 0, 8) && word(8) === 0xffff && word(10) === 0)
    return { form: "IPv4-translated", range: "rfc6145", addresses: [ipv4At(bytes, 12)] };
  if (word(0) === 0x64 && word(2) === 0xff9b && zeros(bytes, 4, 12))
    return { form: "NAT64", range: "rfc6052", addresses: [ipv4At(bytes, 12)] };
  if (word(0) === 0x2002) return { form: "6to4", range: "6to4", addresses: [ipv4At(bytes, 2)] };
  if (word(0) === 0x2001 && word(2) === 0)
    return { form: "Teredo", range: "teredo", addresses: [ipv4At(bytes, 4), ipv4At(bytes, 12, 0xff)] };
  if ((word(8) === 0 || word(8) === 0x200) && word(10) === 0x5efe)
    return { form: "ISATAP", range: address.range(), addresses: [ipv4At(bytes, 12)] };
  return undefined;
}

/** The range a connection to `address` is judged by (classifyAddress says how). */
function rangeOf(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (address.kind() === "ipv4") return address.range();
  const embedding = embeddedIPv4(address as ipaddr.IPv6);
  if (!embedding) return address.range();
  return (
    embedding.addresses.map((embedded) => embedded.range()).find((range) => range !== "unicast") ?? embedding.range
  );
}

/** Whether `address` (which `host` resolved to, or which is the host) may be connected to under `policy`. */
export function checkAddress(
  address: string,
  host: string,
  policy: DestinationPolicy,
): { ok: true } | DestinationRefusal {
  const parsed = parseAddress(address);
  if (!parsed) return refusal("UNRESOLVABLE", `${host} resolved to "${address}", which is not an IP address`);
  const range = rangeOf(parsed);
  if (range === "unicast") return { ok: true };
  if (range === "loopback" && policy.allowLoopback) return { ok: true };
  if (allowedByList(parsed, host, policy)) return { ok: true };
  const embedding = parsed.kind() === "ipv6" ? embeddedIPv4(parsed as ipaddr.IPv6) : undefined;
  const carried = embedding ? ` (${embedding.form}, carrying ${embedding.addresses.map(String).join(" and ")})` : "";
  const shown = host === address ? `${address}${carried}` : `${host} resolves to ${parsed.toString()}${carried}, which`;
  return refusal(
    "FORBIDDEN_DESTINATION",
    `${shown} is ${describeRange(range)}: webhooks go to public addresses unless the allowlist names the host or its network`,
  );
}

/**
 * The checks that need no network: an absolute http: or https: URL, no user name or password in it (they
 * would be sent to the receiver and stored with the subscription), and an IP-literal host allowed by policy.
 */
export function checkWebhookUrl(url: string, policy: DestinationPolicy): { ok: true; url: URL } | DestinationRefusal {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refusal("BAD_URL", `"${url}" is not an absolute URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    return refusal("BAD_URL", `webhook URLs use http: or https:, not ${parsed.protocol}`);
  if (parsed.username || parsed.password)
    return refusal(
      "BAD_URL",
      "webhook URLs may not carry a user name or password: the signature authenticates the sender",
    );
  // WHATWG URL parsing has already turned 2130706433, 0x7f.1 and 017700000001 into 127.0.0.1.
  const host = hostOf(parsed);
  if (parseAddress(host)) {
    const checked = checkAddress(host, host, policy);
    if (!checked.ok) return checked;
  }
  return { ok: true, url: parsed };
}

/**
 * checkWebhookUrl, then resolves the host and checks every address: for telling whoever registers a URL
 * that it will be refused. It is advice only: the name may resolve elsewhere at delivery time, which is why
 * the connection itself is made through createDestinationAgent.
 */
export async function resolveDestination(
  url: string,
  policy: DestinationPolicy,
  resolve: ResolveHost = resolveWithDns,
): Promise<{ ok: true; url: URL; addresses: string[] } | DestinationRefusal> {
  const checked = checkWebhookUrl(url, policy);
  if (!checked.ok) return checked;
  const host = hostOf(checked.url);
  if (parseAddress(host)) return { ok: true, url: checked.url, addresses: [host] };
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    return refusal(
      "UNRESOLVABLE",
      `${host} could not be resolved: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const refused = checkAddresses(host, addresses, policy);
  if (refused) return refused;
  return { ok: true, url: checked.url, addresses: addresses.map((entry) => entry.address) };
}

/** What the guarded lookup fails a connection with; deliverWebhook finds it in the fetch error's causes. */
export class DestinationRefusedError extends Error {
  readonly code: DestinationRefusal["code"];
  constructor(refused: DestinationRefusal) {
    super(refused.message);
    this.name = "DestinationRefusedError";
    this.code = refused.code;
  }
}

/**
 * A `net.connect` lookup that resolves, checks every address, and hands the socket only checked ones, so a
 * name that resolves to a public address when checked and a private one a moment later (DNS rebinding)
 * cannot slip through: there is no second resolution. IP-literal hosts never reach a lookup; checkWebhookUrl covers them.
 */
export function guardedLookup(policy: DestinationPolicy, resolve: ResolveHost = resolveWithDns): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = checkAddresses(hostname, addresses, policy);
        if (refused) return callback(new DestinationRefusedError(refused), "", 0);
        const wanted =
          options.family === 4 || options.family === 6
            ? addresses.filter((entry) => entry.family === options.family)
            : addresses;
        if (wanted.length === 0)
          return callback(
            Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: "ENOTFOUND" }),
            "",
            0,
          );
        if (options.all) return callback(null, wanted);
        callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

/** An undici dispatcher whose connections go only where `policy` allows: pass it to undici's fetch. */
export function createDestinationAgent(policy: DestinationPolicy, resolve: ResolveHost = resolveWithDns): Agent {
  return new Agent({ connect: { lookup: guardedLookup(policy, resolve) } });
}

// -------------------------------------------------------------------------------------------------------------

/** A host that mixes public and private addresses is refused whole: the socket may pick any of them. */
function checkAddresses(
  host: string,
  addresses: readonly LookupAddress[],
  policy: DestinationPolicy,
): DestinationRefusal | undefined {
  if (addresses.length === 0) return refusal("UNRESOLVABLE", `${host} has no addresses`);
  for (const { address } of addresses) {
    const checked = checkAddress(address, host, policy);
    if (!checked.ok) return checked;
  }
  return undefined;
}

function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return undefined;
  // process() unwraps IPv4-mapped IPv6 into the IPv4 address it stands for. ipaddr.js reads any IPv6 text
  // ending in a dotted quad ("::8.8.8.8", as glibc's inet_ntop writes IPv4-compatible addresses) as IPv4-mapped,
  // so the quad is written as two hex groups first and the address is read as what it is.
  const quad = bare.includes(":") ? /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(bare) : null;
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    return ipaddr.process(`${bare.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`);
  }
  return ipaddr.process(bare);
}

function allowedByList(address: ipaddr.IPv4 | ipaddr.IPv6, host: string, policy: DestinationPolicy): boolean {
  const name = normalizeHost(host);
  for (const entry of policy.allow ?? []) {
    const range = parseRange(entry);
    if (!range) {
      if (normalizeHost(entry) === name) return true;
    } else if (range[0].kind() === address.kind() && address.match(range)) return true;
  }
  return false;
}

function parseRange(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  if (ipaddr.isValidCIDR(entry)) {
    const [network, bits] = ipaddr.parseCIDR(entry);
    // An IPv4-mapped network is the IPv4 network, as addresses are compared after unwrapping.
    if (network.kind() === "ipv6" && (network as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
      return [(network as ipaddr.IPv6).toIPv4Address(), bits - 96];
    return [network, bits];
  }
  const single = parseAddress(entry);
  return single ? [single, single.kind() === "ipv4" ? 32 : 128] : undefined;
}

function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, "");
}

function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address (RFC 1918)",
  uniqueLocal: "a unique local address (fc00::/7)",
  linkLocal: "a link-local address",
  carrierGradeNat: "a carrier-grade NAT address (100.64.0.0/10)",
  multicast: "a multicast address",
  unspecified: "an unspecified address",
  broadcast: "the broadcast address",
  ipv4Compatible: "a deprecated IPv4-compatible address (RFC 4291 §2.5.5.1)",
};

function describeRange(range: string): string {
  return RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
}

function refusal(code: DestinationRefusal["code"], message: string): DestinationRefusal {
  return { ok: false, code, message };
}
