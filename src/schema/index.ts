// Imports every type file and exports the finished schema.
import { builder } from "../builder.ts";
import "./locale.ts";
import "./status-code.ts";
import "./comparison.ts";
import "./translation.ts";
import "./content-version.ts";
import "./message.ts";
import "./editorial.ts";
import "./history.ts";
import "./comment.ts";
import "./import-job.ts";
import "./webhook.ts";
import "./token.ts";

export const schema = builder.toSchema({ sortSchema: false });
