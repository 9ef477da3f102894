// Message type and the `message` query: one ICU template as stored in a locale, for editors and translators.
import { builder } from "../builder.ts";
import { SOURCE_LOCALE } from "../content/format.ts";
import { revisionKey, textUnitId } from "../content/units.ts";
import { expectedError } from "./errors.ts";
import { translationRevision } from "./preview.ts";
import { TranslationInfoType } from "./status-code.ts";

type MessageRef = { key: string; locale: string };

export const MessageType = builder.objectRef<MessageRef>("Message").implement({
  description: "A message template of the comparison engine and page headings, in one locale, as stored (no fallback).",
  fields: (t) => ({
    key: t.string({ description: 'The key, e.g. "heading.description".', resolve: (m) => m.key }),
    locale: t.string({ description: "The locale asked for.", resolve: (m) => m.locale }),
    text: t.string({
      nullable: true,
      description: "The ICU MessageFormat text stored for this locale; null when it has none.",
      resolve: (m, _a, { model }) => model.message(m.key, m.locale)?.text ?? null,
    }),
    revision: t.int({
      description:
        "Send it as `expectedRevision`: to updateMessage for English, to the translation mutations for other locales.",
      resolve: (m, _a, context) =>
        translationRevision(context, revisionKey.of(textUnitId.message(m.key), m.locale), m.locale),
    }),
    translation: t.field({
      type: TranslationInfoType,
      description: "Where this locale's translation of the message stands.",
      resolve: async (m, _a, context) => ({
        state:
          m.locale === SOURCE_LOCALE
            ? "PUBLISHED"
            : (context.model.translationUnits(m.locale).get(textUnitId.message(m.key))?.state ?? "MISSING"),
        revision: await translationRevision(context, revisionKey.of(textUnitId.message(m.key), m.locale), m.locale),
      }),
    }),
  }),
});

builder.queryField("message", (t) =>
  t.field({
    type: MessageType,
    nullable: true,
    description: "One message template, or null when there is no such key. Errors: UNKNOWN_LOCALE.",
    args: {
      key: t.arg.string({ required: true, description: 'The key, e.g. "heading.description".' }),
      locale: t.arg.string({ description: 'The locale, e.g. "vi"; English when left out.' }),
    },
    resolve: (_root, { key, locale = SOURCE_LOCALE }, { model }) => {
      const wanted = locale ?? SOURCE_LOCALE;
      if (!model.locales.has(wanted))
        throw expectedError(
          "UNKNOWN_LOCALE",
          `Unknown locale "${wanted}". Available: ${[...model.locales.keys()].join(", ")}.`,
          { locale: wanted },
        );
      return model.message(key, SOURCE_LOCALE) ? { key, locale: wanted } : null;
    },
  }),
);
