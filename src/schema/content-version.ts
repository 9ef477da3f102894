// `contentVersion`: which committed content a response was read from (the same number as the
// X-Content-Version header), so clients can tell whether two answers come from the same content.
import { builder } from "../builder.ts";
import type { VersionEntry } from "../read/versions.ts";
import { expectedError } from "./errors.ts";

builder.queryField("contentVersion", (t) =>
  t.int({
    description:
      "The content version this response was read from. It only moves forward, by one for every committed content change (import or edit); every field of one response comes from this version.",
    resolve: (_root, _args, context) => {
      // A cached answer with this field is stale on every new version, whatever the version changed.
      context.reads.version = true;
      return context.version;
    },
  }),
);

const ContentVersionEntryType = builder.objectRef<VersionEntry>("ContentVersionEntry").implement({
  description:
    "One committed content version: who made it, when, which units it changed and the purge keys it made stale.",
  fields: (t) => ({
    version: t.exposeInt("version", { description: "The content version." }),
    at: t.string({
      nullable: true,
      description: "When it was made (ISO 8601, UTC); null when no history was kept for it.",
      resolve: (v) => v.at?.toISOString() ?? null,
    }),
    actors: t.exposeStringList("actors", { description: 'Who made it: token names, or "import" for imported files.' }),
    units: t.exposeStringList("units", {
      description:
        'The units it changed, as the change log names them ("code:404", "code.404:vi", "comparison:301-302").',
    }),
    purgeKeys: t.exposeStringList("purgeKeys", {
      description: "The Cache-Tag/Surrogate-Key values it made stale, as content.published sends them.",
    }),
    importRunId: t.exposeInt("importRunId", {
      nullable: true,
      description: "The import run that made it, if an import did.",
    }),
  }),
});

builder.queryField("contentVersions", (t) =>
  t.field({
    type: [ContentVersionEntryType],
    description: "The content versions, newest first, as far back as the change log keeps (admins and editors).",
    args: {
      before: t.arg.int({ description: "Only versions older than this one; the newest when left out." }),
      first: t.arg.int({ description: "How many, 1 to 100; 20 when left out." }),
    },
    authScopes: { edit: true },
    resolve: (_root, args, context) => {
      const take = args.first ?? 20;
      if (!Number.isInteger(take) || take < 1 || take > 100)
        throw expectedError("VALIDATION", `first: ${take} is not between 1 and 100.`, { field: "first" });
      return context.versions.list({ before: args.before ?? null, take });
    },
  }),
);
