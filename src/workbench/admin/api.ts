// What the admin pages ask of the GraphQL schema, run in process as the session's viewer (../api.ts's
// Executor): tokens, webhooks, releases (import jobs) and the versions timeline. Scope-auth judges every
// one of them as it judges a request with the viewer's token; the pages only show what came back.
import type { Viewer } from "../../auth/roles.ts";
import type { ApiResult, Executor } from "../api.ts";
import { resultOf } from "../api.ts";

export type TokenRow = {
  name: string;
  role: string;
  locales: string[];
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
export type WebhookRow = {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  disabledAt: string | null;
  disabledReason: string | null;
  consecutiveFailures: number;
  pending: number;
};
export type DeliveryRow = {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string;
  deliveredAt: string | null;
};
export type PlanField = { field: string; before: string | null; after: string | null };
export type JobIssue = { file: string; line: number; field: string; message: string };
export type JobView = {
  id: string;
  status: string;
  dryRun: boolean;
  source: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  progress: { unitsDone: number; unitsTotal: number | null };
  plan: {
    created: number;
    updated: number;
    deleted: number;
    unchanged: number;
    keptWithoutPrune: number;
    keptFromApi: number;
    changes: { unit: string; action: string; file: string; fields: PlanField[] | null }[];
  } | null;
  errors: JobIssue[];
  warnings: JobIssue[];
  contentVersion: number | null;
  failureReason: string | null;
};
export type VersionRow = {
  version: number;
  at: string | null;
  actors: string[];
  units: string[];
  purgeKeys: string[];
  importRunId: number | null;
};

const TOKEN_FIELDS = "name role locales prefix createdAt lastUsedAt revokedAt";
const TOKENS = `query WorkbenchTokens { tokens { ${TOKEN_FIELDS} } }`;
const CREATE_TOKEN = `mutation WorkbenchCreateToken($input: CreateTokenInput!) { createToken(input: $input) { token apiToken { ${TOKEN_FIELDS} } } }`;
const REVOKE_TOKEN = `mutation WorkbenchRevokeToken($input: RevokeTokenInput!) { revokeToken(input: $input) { apiToken { name revokedAt } } }`;
const WEBHOOK_FIELDS = "id url events createdAt disabledAt disabledReason consecutiveFailures pending";
const WEBHOOKS = `query WorkbenchWebhooks { webhooks { ${WEBHOOK_FIELDS} } }`;
const DELIVERY_FIELDS = "id event status attempts lastStatus lastError createdAt nextAttemptAt deliveredAt";
const DELIVERIES = `query WorkbenchDeliveries($id: ID!) { webhookDeliveries(subscriptionId: $id, first: 50) { edges { node { ${DELIVERY_FIELDS} } } } }`;
const ADD_WEBHOOK = `mutation WorkbenchAddWebhook($input: AddWebhookInput!) { addWebhook(input: $input) { secret webhook { ${WEBHOOK_FIELDS} } } }`;
const REMOVE_WEBHOOK = `mutation WorkbenchRemoveWebhook($input: RemoveWebhookInput!) { removeWebhook(input: $input) { removedId } }`;
const REDELIVER = `mutation WorkbenchRedeliver($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { delivery { id status } } }`;
const JOB_FIELDS = `id status dryRun source createdBy createdAt finishedAt progress { unitsDone unitsTotal }
  plan { created updated deleted unchanged keptWithoutPrune keptFromApi changes { unit action file fields { field before after } } }
  errors { file line field message } warnings { file line field message } contentVersion failureReason`;
const JOBS = `query WorkbenchJobs { importJobs(first: 20) { edges { node { id status dryRun source createdBy createdAt finishedAt progress { unitsDone unitsTotal } contentVersion failureReason } } } }`;
const JOB = `query WorkbenchJob($id: ID!) { importJob(id: $id) { ${JOB_FIELDS} } }`;
const START = `mutation WorkbenchStartImport($input: StartImportInput!) { startImport(input: $input) { started job { id status } } }`;
const CANCEL = `mutation WorkbenchCancelImport($input: CancelImportInput!) { cancelImport(input: $input) { job { id status } } }`;
const VERSIONS = `query WorkbenchVersions($before: Int, $first: Int) { contentVersions(before: $before, first: $first) { version at actors units purgeKeys importRunId } }`;

export function createAdminApi(execute: Executor) {
  const run = async <T>(viewer: Viewer, document: string, variables: Record<string, unknown> = {}) =>
    resultOf<T>(await execute(viewer, document, variables));
  const pick = async <T, K extends string>(result: Promise<ApiResult<Record<K, T>>>, key: K): Promise<ApiResult<T>> => {
    const r = await result;
    return r.ok ? { ok: true, data: r.data[key] } : r;
  };
  return {
    tokens: (viewer: Viewer) => pick(run<{ tokens: TokenRow[] }>(viewer, TOKENS), "tokens"),
    createToken: (viewer: Viewer, input: { name: string; role: string; locales: string[] }) =>
      pick(run<{ createToken: { token: string; apiToken: TokenRow } }>(viewer, CREATE_TOKEN, { input }), "createToken"),
    revokeToken: (viewer: Viewer, name: string) =>
      pick(
        run<{ revokeToken: { apiToken: { name: string; revokedAt: string } } }>(viewer, REVOKE_TOKEN, {
          input: { name },
        }),
        "revokeToken",
      ),
    webhooks: (viewer: Viewer) => pick(run<{ webhooks: WebhookRow[] }>(viewer, WEBHOOKS), "webhooks"),
    async deliveries(viewer: Viewer, id: string): Promise<ApiResult<DeliveryRow[]>> {
      const r = await run<{ webhookDeliveries: { edges: { node: DeliveryRow }[] } }>(viewer, DELIVERIES, { id });
      return r.ok ? { ok: true, data: r.data.webhookDeliveries.edges.map((e) => e.node) } : r;
    },
    addWebhook: (viewer: Viewer, input: { url: string; events: string[] }) =>
      pick(run<{ addWebhook: { secret: string; webhook: WebhookRow } }>(viewer, ADD_WEBHOOK, { input }), "addWebhook"),
    removeWebhook: (viewer: Viewer, id: string) =>
      pick(run<{ removeWebhook: { removedId: string } }>(viewer, REMOVE_WEBHOOK, { input: { id } }), "removeWebhook"),
    redeliver: (viewer: Viewer, deliveryId: string) =>
      pick(
        run<{ redeliverWebhook: { delivery: { id: string; status: string } } }>(viewer, REDELIVER, {
          input: { deliveryId },
        }),
        "redeliverWebhook",
      ),
    async jobs(viewer: Viewer): Promise<ApiResult<JobView[]>> {
      const r = await run<{ importJobs: { edges: { node: JobView }[] } }>(viewer, JOBS);
      return r.ok ? { ok: true, data: r.data.importJobs.edges.map((e) => e.node) } : r;
    },
    job: (viewer: Viewer, id: string) => pick(run<{ importJob: JobView | null }>(viewer, JOB, { id }), "importJob"),
    /** A dry run or a real one, of an uploaded archive (a File, as Yoga's multipart parser hands it over), an earlier job's source, or the content folder. */
    startImport: (viewer: Viewer, input: { dryRun: boolean; upload?: File; fromJob?: string }) =>
      pick(
        run<{ startImport: { started: boolean; job: { id: string; status: string } } }>(viewer, START, { input }),
        "startImport",
      ),
    cancelImport: (viewer: Viewer, id: string) =>
      pick(
        run<{ cancelImport: { job: { id: string; status: string } } }>(viewer, CANCEL, { input: { id } }),
        "cancelImport",
      ),
    versions: (viewer: Viewer, before: number | null) =>
      pick(run<{ contentVersions: VersionRow[] }>(viewer, VERSIONS, { before, first: 20 }), "contentVersions"),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
