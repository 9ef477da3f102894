// Tokens as text: their shape, what is stored of them, and how an Authorization header is read.
import { describe, expect, it } from "vitest";
import { formatToken, hashToken, isWellFormedToken, parseAuthorization, shownPrefix } from "../../src/auth/tokens.ts";

const bytes = (fill: number) => new Uint8Array(32).fill(fill);

describe("a token", () => {
  it("is sa_ and 256 random bits in base64url, so scanners can find a leaked one by its prefix", () => {
    const token = formatToken(bytes(0xfb));
    expect(token).toMatch(/^sa_[A-Za-z0-9_-]{43}$/);
    expect(isWellFormedToken(token)).toBe(true);
    expect(formatToken(bytes(1))).not.toBe(formatToken(bytes(2)));
    expect(() => formatToken(new Uint8Array(16))).toThrow(/32 random bytes/);
  });

  it("is stored as its hex SHA-256 and listed by a prefix too short to use", () => {
    const token = formatToken(bytes(7));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token.slice(3, 12));
    expect(shownPrefix(token)).toBe(token.slice(0, 9));
  });

  it("is not well formed with another prefix, length or alphabet", () => {
    const token = formatToken(bytes(9));
    for (const bad of [token.replace("sa_", "sk_"), token.slice(0, -1), `${token}A`, token.replace(/.$/, "+")])
      expect(isWellFormedToken(bad)).toBe(false);
  });
});

describe("an Authorization header", () => {
  it("is no credentials when absent", () => {
    expect(parseAuthorization(null)).toEqual({ kind: "none" });
  });

  it("names its scheme case-insensitively (RFC 9110 §11.1)", () => {
    for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR"])
      expect(parseAuthorization(`${scheme} sa_abc`)).toEqual({ kind: "bearer", token: "sa_abc" });
    expect(parseAuthorization("Bearer   sa_abc")).toEqual({ kind: "bearer", token: "sa_abc" });
  });

  it("is another scheme when it is not Bearer", () => {
    expect(parseAuthorization("Basic YWxhZGRpbjpvcGVuc2VzYW1l")).toEqual({ kind: "unsupported", scheme: "Basic" });
  });

  it("is malformed without exactly one b64token after Bearer (RFC 6750 §2.1)", () => {
    for (const header of ["Bearer", "Bearer ", "Bearer a b", "Bearer a, Bearer b", "Bearer sa_é", "", "Bearer a=b"]) {
      expect(parseAuthorization(header), header).toEqual({ kind: "malformed" });
    }
  });
});
