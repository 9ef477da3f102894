// Deciding a field's scopes as scope-auth does, and the refusals: 401 anonymous, 403 named permission.
import { describe, expect, it } from "vitest";
import { bearerChallenge, decide, describePermission, refusal } from "../../src/auth/access.ts";
import type { Viewer } from "../../src/auth/roles.ts";

const reviewerOfFr: Viewer = { tokenId: 1, name: "ana", role: "reviewer", locales: ["fr"] };
const loaders = {
  admin: false,
  edit: true,
  translate: (locale: string) => locale === "fr",
  review: (locale: string) => locale === "fr",
};

describe("deciding scopes", () => {
  it("allows when any scope of the map is granted, as scope-auth's default strategy does", () => {
    expect(decide({ edit: true }, loaders)).toEqual({ allowed: true });
    expect(decide({ admin: true, review: "fr" }, loaders)).toEqual({ allowed: true });
    expect(decide({ admin: true, review: "vi" }, loaders)).toEqual({ allowed: false, missing: ["admin", "review:vi"] });
  });

  it("needs every scope under $all, and nests $any", () => {
    expect(decide({ $all: { edit: true, review: "vi" } }, loaders)).toEqual({ allowed: false, missing: ["review:vi"] });
    expect(decide({ $all: { edit: true, $any: { admin: true, translate: "fr" } } }, loaders)).toEqual({
      allowed: true,
    });
  });

  it("takes a boolean as the decision itself", () => {
    expect(decide(true, loaders).allowed).toBe(true);
    expect(decide(false, loaders).allowed).toBe(false);
  });
});

describe("refusing", () => {
  it("asks an anonymous caller for a token: 401, a challenge without an error code", () => {
    const error = refusal(null, ["review:vi"]);
    expect(error.extensions).toMatchObject({
      code: "UNAUTHENTICATED",
      http: { status: 401, headers: { "www-authenticate": 'Bearer realm="status-atlas"' } },
    });
  });

  it("tells a token holder which permission is missing: 403, insufficient_scope with the scope", () => {
    const error = refusal(reviewerOfFr, ["review:vi"]);
    expect(error.message).toContain("needs review permission for locale vi");
    expect(error.extensions).toMatchObject({
      code: "FORBIDDEN",
      http: {
        status: 403,
        headers: { "www-authenticate": 'Bearer realm="status-atlas", error="insufficient_scope", scope="review:vi"' },
      },
    });
  });

  it("describes permissions in words and quotes challenge parameters", () => {
    expect(describePermission("edit")).toBe("edit permission");
    expect(describePermission("translate:vi")).toBe("translate permission for locale vi");
    expect(bearerChallenge({ error: "invalid_token", description: 'say "hi"' })).toBe(
      'Bearer realm="status-atlas", error="invalid_token", error_description="say \\"hi\\""',
    );
  });
});
