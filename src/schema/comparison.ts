// Comparison type and the `compare` query: any two codes, computed at query time by the comparison engine.
import { builder } from "../builder.ts";
import { compareCodes, DIFFERENCE_ASPECTS, type Comparison, type Difference, type Section, type WhenToUse } from "../domain/comparison.ts";
import { expectedError } from "./errors.ts";
import { resolveLocale } from "./locale.ts";
import { StatusCodeType } from "./status-code.ts";

const DifferenceAspectEnum = builder.enumType("DifferenceAspect", { values: DIFFERENCE_ASPECTS });

const DifferenceType = builder.objectRef<Difference>("Difference").implement({
  description: "One way the two codes differ (or, for CLASS, agree), derived from their facts; CURATED ones come from an editor.",
  fields: (t) => ({
    aspect: t.field({ type: DifferenceAspectEnum, resolve: (d) => d.aspect }),
    a: t.exposeString("a", { nullable: true, description: "The aspect's value for the first code." }),
    b: t.exposeString("b", { nullable: true, description: "The aspect's value for the second code." }),
    sentence: t.string({ description: "The difference as localized prose.", resolve: (d) => d.sentences.join(" ") }),
    sentences: t.exposeStringList("sentences", { description: "The same prose as list items, as the page renders them." }),
  }),
});

type WhenToUseRef = WhenToUse & { locale: string };
const WhenToUseType = builder.objectRef<WhenToUseRef>("WhenToUse").implement({
  fields: (t) => ({
    code: t.field({ type: StatusCodeType, resolve: (w) => ({ code: w.code, locale: w.locale }) }),
    advice: t.exposeString("advice", { description: "Generated from the code's how-to-fix text." }),
    curated: t.exposeString("curated", { nullable: true, description: "An editor's advice for this pair, when curated." }),
  }),
});

const SectionType = builder.objectRef<Section>("ComparisonSection").implement({
  description: "A section of the rendered page, with its localized heading.",
  fields: (t) => ({
    id: t.exposeString("id"),
    level: t.exposeInt("level"),
    code: t.exposeInt("code", { nullable: true, description: "The code a per-code section is about." }),
    heading: t.exposeString("heading"),
    markdown: t.exposeString("markdown"),
  }),
});

const ComparisonType = builder.objectRef<Comparison>("Comparison").implement({
  description: "Two status codes side by side, in the order asked for.",
  fields: (t) => ({
    a: t.field({ type: StatusCodeType, resolve: (c) => ({ code: c.a, locale: c.locale }) }),
    b: t.field({ type: StatusCodeType, resolve: (c) => ({ code: c.b, locale: c.locale }) }),
    locale: t.exposeString("locale"),
    curated: t.exposeBoolean("curated", { description: "An editor's comparison exists for this pair (in either order)." }),
    headline: t.exposeString("headline"),
    summary: t.exposeString("summary"),
    differences: t.field({ type: [DifferenceType], resolve: (c) => c.differences }),
    whenToUse: t.field({ type: [WhenToUseType], resolve: (c) => c.whenToUse.map((w) => ({ ...w, locale: c.locale })) }),
    sections: t.field({ type: [SectionType], resolve: (c) => c.sections }),
    fallbackFields: t.exposeStringList("fallbackFields", { description: 'Fields served from a fallback locale, e.g. "a.description", "messages.heading.howToFix".' }),
    markdown: t.exposeString("markdown", { description: "The whole page rendered as Markdown." }),
  }),
});

builder.queryField("compare", (t) =>
  t.field({
    type: ComparisonType,
    description: "Compares any two codes we have. Errors: NOT_FOUND for an unknown code, VALIDATION when a equals b.",
    args: { a: t.arg.int({ required: true }), b: t.arg.int({ required: true }), locale: t.arg.string() },
    resolve: (_root, { a, b, locale: requested }, context) => {
      const locale = resolveLocale(requested, context);
      const { model } = context;
      const missing = [a, b].filter((code) => !model.codes.has(code));
      if (missing.length) {
        throw expectedError("NOT_FOUND", `No status code ${missing.join(" or ")} in the reference.`, { codes: missing });
      }
      if (a === b) throw expectedError("VALIDATION", `Cannot compare ${a} with itself: pick two different codes.`, { field: "b" });
      return compareCodes(model.codeRendering(a, locale)!, model.codeRendering(b, locale)!, model.curatedView(a, b, locale), model.catalogue(locale));
    },
  }),
);
