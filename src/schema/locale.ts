// Locale type, the `locales` query, and the locale every other field is served in.
import { builder, type Context } from "../builder.ts";
import { SOURCE_LOCALE } from "../content/format.ts";
import type { LocaleRecord } from "../content/records.ts";
import { matchLocaleTag, negotiateLocale } from "../domain/locale.ts";
import { expectedError } from "./errors.ts";

/** The description every optional `locale` argument shares. */
export const LOCALE_ARG =
  'The locale to serve text in, e.g. "vi" (a regional form such as "vi-VN" works too). Without it, Accept-Language decides. Errors: UNKNOWN_LOCALE for a locale we do not have.';

/** An explicit `locale` argument must name a locale we have (or a regional form of one); otherwise Accept-Language decides. */
export function resolveLocale(requested: string | null | undefined, context: Context): string {
  const available = [...context.model.locales.keys()];
  if (requested === null || requested === undefined) {
    // The response now depends on Accept-Language: the HTTP layer answers with `Vary: Accept-Language`.
    context.reads.acceptLanguage = true;
    const negotiated = negotiateLocale(context.acceptLanguage, available, SOURCE_LOCALE);
    context.reads.locales.add(negotiated);
    return negotiated;
  }
  const locale = matchLocaleTag(requested, available);
  if (!locale) {
    throw expectedError("UNKNOWN_LOCALE", `Unknown locale "${requested}". Available: ${available.join(", ")}.`, {
      locale: requested,
      available,
    });
  }
  // Recorded for the response cache: another locale's publish leaves this answer as it is.
  context.reads.locales.add(locale);
  return locale;
}

export const LocaleType = builder.objectRef<LocaleRecord>("Locale").implement({
  description: "A language the content is served in.",
  fields: (t) => ({
    code: t.exposeString("code", { description: 'The locale\'s BCP 47 tag, e.g. "en", "vi".' }),
    name: t.exposeString("name", { description: 'The language\'s English name, e.g. "Vietnamese".' }),
    nativeName: t.exposeString("nativeName", { description: 'The language\'s name in itself, e.g. "Tiếng Việt".' }),
    fallback: t.exposeString("fallback", {
      nullable: true,
      description: "The locale a missing field falls back to; null for the source locale.",
    }),
    fallbackChain: t.stringList({
      description: "Locales tried in order for a missing field, starting with this one.",
      resolve: (locale, _args, context) => context.model.chain(locale.code),
    }),
  }),
});

builder.queryField("locales", (t) =>
  t.field({
    type: [LocaleType],
    description: "Every locale the content is served in, in the order editors list them.",
    resolve: (_root, _args, context) => [...context.model.locales.values()].sort((a, b) => a.position - b.position),
  }),
);
