// The editor's form generator as a pure function of the content format's schema: a field added to a copy of
// the schema is in the form (described, read back from a post, and rendered with its label), with no UI code.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { SourceCodeFrontmatter } from "../../src/content/format.ts";
import { changeRows, describeForm, readForm } from "../../src/workbench/editor/form.ts";
import { renderForm } from "../../src/workbench/editor/pages.ts";
import { codeFormOf, shownValues } from "../../src/workbench/editor/records.ts";
import { EDITOR_STRINGS } from "../../src/workbench/editor/strings.ts";
import { STRINGS } from "../../src/workbench/strings.ts";

const frame = {
  ui: "en" as const,
  strings: STRINGS.en,
  es: EDITOR_STRINGS.en,
  path: "/workbench/codes/404",
  assets: { script: null, style: null },
};

describe("the generated form", () => {
  it("has one control per field of the code file, of the field's kind, in the file's order", () => {
    const fields = codeFormOf();
    const kinds = Object.fromEntries(fields.map((f) => [f.path, f.kind]));
    expect(Object.keys(kinds)).toEqual([...Object.keys(SourceCodeFrontmatter.shape), "#body"]);
    expect(kinds).toMatchObject({
      code: "fixed",
      title: "text",
      class: "enum",
      registry: "group",
      related: "list",
      cacheable: "boolean",
      retry: "enum",
      summary: "markdown",
      "#body": "markdown",
    });
    const retry = fields.find((f) => f.path === "retry");
    expect(retry).toEqual({
      kind: "enum",
      path: "retry",
      options: ["yes", "after-delay", "no", "not-applicable"],
      optional: false,
    });
  });

  it("shows a field added to a copy of the format schema, with no UI code", () => {
    const extended = SourceCodeFrontmatter.extend({
      audience: z.enum(["browsers", "apis", "both"]),
      seeAlso: z.array(z.string()).max(3).optional(),
      deprecatedBy: z.number().int().optional(),
    });
    const fields = codeFormOf(extended);
    expect(fields.map((f) => f.path)).toEqual(expect.arrayContaining(["audience", "seeAlso", "deprecatedBy"]));
    expect(fields.find((f) => f.path === "seeAlso")).toEqual({
      kind: "list",
      path: "seeAlso",
      item: "text",
      min: 0,
      max: 3,
    });
    expect(codeFormOf().map((f) => f.path)).not.toContain("audience");

    // Rendered: a select labelled from the key, a list with its Add button, a number field.
    const shown = shownValues(fields, { code: 404, audience: "apis", seeAlso: ["RFC 9457"], deprecatedBy: 410 });
    const markup = renderForm(frame, { fields, shown, problems: [], keys: [] }).text;
    expect(markup).toMatch(
      /<label for="ed-audience">Audience<\/label><select id="ed-audience" name="f.audience">.*<option value="apis" selected>apis<\/option>/s,
    );
    expect(markup).toContain(
      '<label for="ed-seeAlso-0">See also 1</label> <input id="ed-seeAlso-0" name="f.seeAlso" value="RFC 9457">',
    );
    expect(markup).toContain('value="add:seeAlso"');
    expect(markup).toContain(
      '<label for="ed-deprecatedBy">Deprecated by</label><input id="ed-deprecatedBy" name="f.deprecatedBy" value="410" inputmode="numeric">',
    );

    // And read back from a post.
    const posted = new URLSearchParams([
      ["f.audience", "both"],
      ["f.seeAlso", "RFC 9457"],
      ["f.seeAlso", "RFC 9110"],
      ["f.deprecatedBy", "410"],
    ]);
    const { values, problems } = readForm(describeForm(extended, { markdown: () => false, fixed: ["code"] }), posted, {
      fixed: { code: 404 },
      keys: [],
    });
    expect(problems).toEqual([]);
    expect(values).toMatchObject({ code: 404, audience: "both", seeAlso: ["RFC 9457", "RFC 9110"], deprecatedBy: 410 });
  });

  it("reads a post as the file's values: numbers as numbers, an unticked box as false, an empty optional field left out", () => {
    const fields = codeFormOf();
    const posted = new URLSearchParams([
      ["f.related", "410"],
      ["f.related", " 403 "],
      ["f.registry.status", "permanent"],
      ["f.registry.expires", ""],
      ["f.title", "Not Found"],
    ]);
    const { values, problems } = readForm(fields, posted, { fixed: { code: 404 }, keys: [] });
    expect(problems).toEqual([]);
    expect(values).toMatchObject({
      code: 404,
      related: [410, 403],
      registry: { status: "permanent" },
      cacheable: false,
      title: "Not Found",
    });
    expect((values.registry as Record<string, unknown>).expires).toBeUndefined();
  });

  it("names what cannot be read as its field's kind by the field", () => {
    const { problems } = readForm(
      codeFormOf(),
      new URLSearchParams([
        ["f.related", "410"],
        ["f.related", "four-oh-three"],
      ]),
      { fixed: { code: 404 }, keys: [] },
    );
    expect(problems).toEqual([{ path: "related.1", message: 'must be a whole number, got "four-oh-three"' }]);
  });

  it("adds and removes list rows by a button's value, and nothing else", () => {
    const fields = codeFormOf();
    const raw = { related: ["410", "403", "405"] };
    expect(changeRows(fields, raw, "add:related")).toMatchObject({ related: ["410", "403", "405", ""] });
    expect(changeRows(fields, raw, "remove:related:1")).toMatchObject({ related: ["410", "405"] });
    expect(changeRows(fields, raw, "remove:summary:0")).toBeNull();
    expect(changeRows(fields, raw, "publish")).toBeNull();
    expect(raw.related).toEqual(["410", "403", "405"]);
  });
});
