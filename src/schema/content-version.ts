// `contentVersion`: which committed content a response was read from (the same number as the
// X-Content-Version header), so clients can tell whether two answers come from the same content.
import { builder } from "../builder.ts";

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
