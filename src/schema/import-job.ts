// Import jobs over GraphQL (issue #10): the job as GET /imports/{id} shows it, the jobs newest first,
// startImport and cancelImport, through the same service and runner as POST /imports (src/releases/service.ts).
import { builder } from "../builder.ts";
import type { ContentIssue } from "../pipeline/issues.ts";
import { unauthenticatedError } from "../auth/access.ts";
import {
  JOB_STATUSES,
  noSuchJob,
  nothingToCancel,
  type ImportJobView,
  type PlannedField,
  type PlanSummary,
  type Progress,
} from "../releases/job.ts";
import type { ImportUpload } from "../releases/service.ts";
import { expectedError } from "./errors.ts";
import { forwardPage, forwardPageSize } from "./pagination.ts";
import { enumFrom } from "./enums.ts";

export const FileScalar = builder.scalarType("File", {
  description:
    "A file sent with the GraphQL multipart request spec (a multipart/form-data POST with `operations` and `map` parts); input only.",
  serialize: () => {
    throw new Error("File is an input-only scalar.");
  },
  // Yoga's multipart parser may hand over its own File implementation (@whatwg-node/fetch), so the check is by shape.
  parseValue: (value) => {
    const file = value as Partial<File> | null;
    if (typeof file?.arrayBuffer !== "function" || typeof file.name !== "string")
      throw expectedError(
        "VALIDATION",
        "Send the file as a multipart request part (GraphQL multipart request spec), not inline.",
      );
    return value as File;
  },
});

const ImportJobStatusEnum = enumFrom("ImportJobStatus", "Where an import job is in its life.", JOB_STATUSES, {
  ACCEPTED: "Started; waiting for this server to run it.",
  RUNNING: "Importing now.",
  SUCCEEDED: "Finished: the content committed (or, for a dry run, the plan was made).",
  FAILED: "Finished without writing anything; `failureReason` and `errors` say why.",
  CANCELLED: "Cancelled with `cancelImport` (or POST /imports/{id}/cancel) before it wrote anything.",
});

const ImportSourceEnum = enumFrom("ImportSource", "What a job imports.", ["upload", "folder"] as const, {
  upload: "An archive uploaded with the request.",
  folder: "The server's content folder.",
});

const ImportProgressType = builder.objectRef<Progress>("ImportProgress").implement({
  description: "How far a job has got, in content units (one code, comparison, message or translation each).",
  fields: (t) => ({
    unitsDone: t.exposeInt("unitsDone", { description: "Units planned or applied so far." }),
    unitsTotal: t.exposeInt("unitsTotal", {
      nullable: true,
      description: "Units the job handles in all; null until it has read the content.",
    }),
  }),
});

type PlanChange = PlanSummary["changes"][number];

const ImportPlanFieldType = builder.objectRef<PlannedField>("ImportPlanField").implement({
  description:
    "One field a planned change alters, as readable text (a list one item a line, an object one `key: value` a line).",
  fields: (t) => ({
    field: t.exposeString("field", {
      description: 'The field, e.g. "summary"; "*" for a whole unit created or deleted.',
    }),
    before: t.exposeString("before", {
      nullable: true,
      description: "Its text now; null when the unit does not exist yet.",
    }),
    after: t.exposeString("after", {
      nullable: true,
      description: "Its text after the import; null when the unit is deleted.",
    }),
  }),
});

const ImportPlanChangeType = builder.objectRef<PlanChange>("ImportPlanChange").implement({
  description: "One unit a job creates, updates, deletes or keeps.",
  fields: (t) => ({
    unit: t.exposeString("unit", { description: 'The unit id, e.g. "code.404".' }),
    action: t.exposeString("action", {
      description:
        '"create", "update", "delete", or "keep" (a unit missing from the files, kept because the job does not prune).',
    }),
    file: t.exposeString("file", { description: "The content file the unit comes from." }),
    fields: t.field({
      type: [ImportPlanFieldType],
      nullable: true,
      description:
        "What changes in the unit, field by field; null for a unit kept as it is, or past the size a job keeps of its plan's text.",
      resolve: (c) => c.fields ?? null,
    }),
  }),
});

const ImportPlanType = builder.objectRef<PlanSummary>("ImportPlan").implement({
  description: "What the job's import changes (or, for a dry run, would change).",
  fields: (t) => ({
    created: t.int({ description: "Units created.", resolve: (p) => p.counts.created }),
    updated: t.int({ description: "Units updated.", resolve: (p) => p.counts.updated }),
    deleted: t.int({ description: "Units deleted (pruned).", resolve: (p) => p.counts.deleted }),
    unchanged: t.int({ description: "Units left as they were.", resolve: (p) => p.counts.unchanged }),
    keptWithoutPrune: t.int({
      description: "Units missing from the files, kept because the job does not prune.",
      resolve: (p) => p.counts.keptWithoutPrune,
    }),
    keptFromApi: t.int({
      description: "Units changed through the API since the last import, whose API change was kept.",
      resolve: (p) => p.counts.keptFromApi,
    }),
    changes: t.field({
      type: [ImportPlanChangeType],
      description: "Every unit the job changes; unchanged ones are left out.",
      resolve: (p) => p.changes,
    }),
  }),
});

const ImportIssueType = builder.objectRef<ContentIssue>("ImportIssue").implement({
  description: "A problem with one file of the imported content, where it is.",
  fields: (t) => ({
    file: t.exposeString("file", { description: "The file (or archive entry), relative to the content root." }),
    line: t.exposeInt("line", { description: "The line, from 1; 0 when the problem is about the file as a whole." }),
    field: t.exposeString("field", {
      description: 'The field, e.g. "title"; empty when the problem is not about one field.',
    }),
    message: t.exposeString("message", { description: "What is wrong, in English." }),
  }),
});

export const ImportJobType = builder.objectRef<ImportJobView>("ImportJob").implement({
  description: "A content import started with `startImport` or POST /imports; the same job GET /imports/{id} shows.",
  fields: (t) => ({
    id: t.exposeID("id", { description: 'The job id, e.g. "imp_…"; GET /imports/{id} answers the same job.' }),
    href: t.exposeString("href", { description: "Where the job is polled over plain HTTP." }),
    status: t.field({
      type: ImportJobStatusEnum,
      description: "Where the job is in its life.",
      resolve: (job) => job.status,
    }),
    dryRun: t.exposeBoolean("dryRun", { description: "The job only plans: it writes nothing." }),
    prune: t.exposeBoolean("prune", { description: "Units missing from the imported files are deleted." }),
    source: t.field({ type: ImportSourceEnum, description: "What the job imports.", resolve: (job) => job.source }),
    createdBy: t.exposeString("createdBy", { description: "The name of the token that started the job." }),
    createdAt: t.exposeString("createdAt", {
      description: "When the job was started, as an ISO 8601 timestamp (UTC).",
    }),
    startedAt: t.exposeString("startedAt", {
      nullable: true,
      description: "When it began running (ISO 8601, UTC); null while ACCEPTED.",
    }),
    finishedAt: t.exposeString("finishedAt", {
      nullable: true,
      description: "When it finished (ISO 8601, UTC); null while it is active.",
    }),
    progress: t.field({ type: ImportProgressType, description: "How far it has got.", resolve: (job) => job.progress }),
    plan: t.field({
      type: ImportPlanType,
      nullable: true,
      description: "What it changes; null until it has planned.",
      resolve: (job) => job.plan,
    }),
    errors: t.field({
      type: [ImportIssueType],
      description: "Why the content was refused, file by file; empty unless FAILED for the content's sake.",
      resolve: (job) => job.errors,
    }),
    warnings: t.field({
      type: [ImportIssueType],
      description: "Problems that did not stop the import.",
      resolve: (job) => job.warnings,
    }),
    contentVersion: t.exposeInt("contentVersion", {
      nullable: true,
      description:
        "The content version the job produced (or, for a dry run, planned against); null until it SUCCEEDED.",
    }),
    runId: t.exposeInt("runId", {
      nullable: true,
      description: "The import run it recorded; null for dry runs and jobs that did not succeed.",
    }),
    failureReason: t.exposeString("failureReason", {
      nullable: true,
      description:
        "Why it FAILED, or who CANCELLED it and when, starting with a code (e.g. VALIDATION, ABANDONED, CANCELLED); null otherwise.",
    }),
  }),
});

builder.queryFields((t) => ({
  importJob: t.field({
    type: ImportJobType,
    nullable: true,
    description: "An import job, or null when there is none with this id (admins and editors).",
    args: { id: t.arg.id({ required: true, description: 'The job id, e.g. "imp_…".' }) },
    authScopes: { edit: true },
    resolve: (_root, args, context) => context.imports.read(String(args.id)),
  }),
  importJobs: t.connection(
    {
      type: ImportJobType,
      description: "Import jobs, newest first (admins and editors).",
      authScopes: { edit: true },
      resolve: async (_root, args, context) => {
        const size = forwardPageSize(args, "importJobs");
        // The cursor is the job id: a key, so jobs started while a client pages do not shift its pages.
        const jobs = await context.imports.list({ after: args.after, take: size + 1 });
        if (!jobs)
          throw expectedError("VALIDATION", `"${args.after}" is not an import job cursor.`, { field: "after" });
        return forwardPage(jobs, size, args.after, (job) => job.id);
      },
    },
    { description: "A page of import jobs." },
    { description: "One import job in a page, with its cursor." },
  ),
}));

const GZIP = "application/gzip";
const ZIP = "application/zip";
const ARCHIVE_TYPES = new Set([GZIP, "application/x-gzip", ZIP, "application/x-zip-compressed"]);

/**
 * The media type to read an upload as: the part's own when it names an archive type, else guessed from the
 * file name, since `curl -F upload=@tree.tgz` sends application/octet-stream.
 */
function archiveTypeOf(file: File): string {
  const declared = file.type.split(";", 1)[0]!.trim().toLowerCase();
  if (ARCHIVE_TYPES.has(declared)) return declared;
  if (/\.(tar\.gz|tgz)$/i.test(file.name)) return GZIP;
  if (/\.zip$/i.test(file.name)) return ZIP;
  return declared;
}

builder.relayMutationField(
  "startImport",
  {
    description: "What to import, and how.",
    inputFields: (t) => ({
      dryRun: t.boolean({ description: "Only plan: report what would change and write nothing. False when left out." }),
      prune: t.boolean({
        description: "Delete units missing from the imported files. False when left out (they are kept and reported).",
      }),
      upload: t.field({
        type: FileScalar,
        description:
          "A content tree as a .tar.gz or .zip (GraphQL multipart request spec); the server's content folder when left out.",
      }),
      fromJob: t.id({
        description:
          "Import what this earlier job imported (its archive, or the content folder), e.g. to apply a dry run as it was planned; not with `upload`.",
      }),
    }),
  },
  {
    description:
      "Starts an import job and answers at once with it (admins and editors); poll `importJob` until it is SUCCEEDED, FAILED or CANCELLED. One import runs at a time: while one is active this starts nothing and answers with that one (`started: false`). A bad archive is refused with BAD_ARCHIVE, UNSUPPORTED_MEDIA_TYPE or TOO_LARGE, naming each bad entry, and no job is made.",
    authScopes: { edit: true },
    resolve: async (_root, { input }, context) => {
      // scope-auth has already refused anonymous callers; this keeps the type honest.
      if (!context.viewer) throw unauthenticatedError();
      const file = input.upload ?? undefined;
      if (file && input.fromJob)
        throw expectedError("VALIDATION", "Send either `upload` or `fromJob`, not both.", { field: "fromJob" });
      let upload: ImportUpload | undefined = file && {
        contentType: archiveTypeOf(file),
        body: new Uint8Array(await file.arrayBuffer()),
      };
      if (input.fromJob) {
        const source = await context.imports.sourceOf(String(input.fromJob));
        if (source === undefined)
          throw expectedError("NOT_FOUND", noSuchJob(String(input.fromJob)), { field: "fromJob" });
        upload = source ?? undefined;
      }
      const outcome = await context.imports.start({
        dryRun: input.dryRun ?? false,
        prune: input.prune ?? false,
        createdBy: context.viewer.name,
        upload,
      });
      if (!outcome.ok) {
        const named = outcome.errors.map((e) => (e.entry ? `${e.entry}: ${e.message}` : e.message)).join("; ");
        throw expectedError(outcome.code, `The archive was refused: ${named}`, { errors: outcome.errors });
      }
      return outcome;
    },
  },
  {
    description: "The job this call started, or the one already active.",
    outputFields: (t) => ({
      started: t.boolean({
        description:
          "True when this call started the job; false when another import was already active and `job` is that one.",
        resolve: (o) => o.started,
      }),
      job: t.field({ type: ImportJobType, description: "The job to poll with `importJob`.", resolve: (o) => o.job }),
    }),
  },
);

builder.relayMutationField(
  "cancelImport",
  {
    description: "Which job to cancel.",
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'The job id, e.g. "imp_…".' }),
    }),
  },
  {
    description:
      "Cancels an ACCEPTED or RUNNING import job (admins and editors), whichever server runs it: it becomes CANCELLED and writes nothing, and the next import may start at once. Cancelling a job already CANCELLED answers it again. A job that has SUCCEEDED or FAILED is refused with CONFLICT (carrying the job as it ended), an unknown id with NOT_FOUND. Also POST /imports/{id}/cancel.",
    authScopes: { edit: true },
    resolve: async (_root, { input }, context) => {
      if (!context.viewer) throw unauthenticatedError();
      const id = String(input.id);
      const outcome = await context.imports.cancel(id, context.viewer.name);
      if (outcome.ok) return outcome;
      if (outcome.code === "NOT_FOUND") throw expectedError("NOT_FOUND", noSuchJob(id), { field: "id" });
      throw expectedError("CONFLICT", nothingToCancel(outcome.job), { job: outcome.job });
    },
  },
  {
    description: "The cancelled job.",
    outputFields: (t) => ({
      job: t.field({ type: ImportJobType, description: "The job, now CANCELLED.", resolve: (o) => o.job }),
    }),
  },
);
