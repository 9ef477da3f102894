// Persisted operations (trusted documents): a checked-in manifest of id → document, served by Yoga's plugin.
// In production (`PERSISTED_OPERATIONS=only`) anonymous clients may run only those; a valid token may still
// send any document. Automatic persisted queries (APQ) register documents at run time, in development only.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import type { Plugin } from "graphql-yoga";
import { LRUCache } from "lru-cache";
import type { OperationParams } from "./operation-key.ts";

/** `accept`: manifest ids and any document; `only`: manifest ids only, unless `mayRunAnyDocument` says otherwise. */
export type PersistedOperationsMode = "accept" | "only";

export type PersistedOperationsOptions = {
  /** Operation id (sha256 of the document, hex) → document, as `npm run persisted-operations` writes it. */
  manifest: ReadonlyMap<string, string>;
  mode: PersistedOperationsMode;
  /** Register documents sent with their APQ hash (development): never with `only`, which they would bypass. */
  apq: boolean;
  /** In `only` mode: a request that may still send any document (a valid token). */
  mayRunAnyDocument: (request: Request) => boolean;
};

export const sha256Hex = (document: string) => createHash("sha256").update(document).digest("hex");

/** The manifest file: a JSON object of id → document, as @graphql-codegen/client-preset's persisted documents. */
export function loadManifest(file: string): Map<string, string> {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as unknown;
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new Error(`${file}: expected a JSON object of id → document`);
  const manifest = new Map<string, string>();
  for (const [id, document] of Object.entries(parsed)) {
    if (typeof document !== "string") throw new Error(`${file}: the document of ${id} is not a string`);
    manifest.set(id, document);
  }
  return manifest;
}

/**
 * The id a request names its operation by: `?id=` on a GET, `documentId` in a body (GraphQL over HTTP's
 * persisted documents, which may prefix it "sha256:"), or an APQ hash in `extensions.persistedQuery`.
 */
export function persistedOperationId(
  params: OperationParams & { documentId?: unknown },
  search: URLSearchParams | null,
): string | null {
  const persistedQuery = (
    params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined
  )?.persistedQuery;
  const id =
    search?.get("id") ?? params.documentId ?? (persistedQuery?.version === 1 ? persistedQuery.sha256Hash : null);
  return typeof id === "string" ? id.replace(/^sha256:/, "") : null;
}

/** The store `lookup` reads and the plugins that serve, restrict and (with APQ) register persisted operations. */
export function createPersistedOperations(options: PersistedOperationsOptions): {
  lookup: (id: string) => string | undefined;
  plugins: Plugin[];
} {
  // APQ documents live in memory, bounded: a client can register as many as it likes.
  const registered = new LRUCache<string, string>({
    maxSize: 8_000_000,
    sizeCalculation: (document, id) => document.length + id.length,
  });
  const lookup = (id: string) => options.manifest.get(id) ?? (options.apq ? registered.get(id) : undefined);

  const apqRegistration: Plugin = {
    // APQ's second step: the client sends the document with its hash, which must be the document's.
    onParams({ params }) {
      const id = persistedOperationId(params as OperationParams, null);
      if (!id || typeof params.query !== "string" || options.manifest.has(id)) return;
      if (sha256Hex(params.query) === id) registered.set(id, params.query);
    },
  };

  const persisted = usePersistedOperations({
    getPersistedOperation: (id) => lookup(id) ?? null,
    extractPersistedOperationId: (params, request) =>
      persistedOperationId(
        params as OperationParams,
        request.method === "GET" ? new URL(request.url).searchParams : null,
      ),
    allowArbitraryOperations: options.mode === "accept" ? true : (request) => options.mayRunAnyDocument(request),
    customErrors: {
      // Apollo's and urql's APQ links retry with the document on exactly this message.
      notFound: {
        message: "PersistedQueryNotFound",
        extensions: { code: "PERSISTED_QUERY_NOT_FOUND", http: { status: 400 } },
      },
      persistedQueryOnly: {
        message:
          "Only persisted operations are accepted: send `?id=` (GET) or `documentId` (POST) from persisted-operations.json.",
        extensions: { code: "PERSISTED_QUERY_ONLY", http: { status: 400 } },
      },
      keyNotFound: {
        message: "Send a document as `query`, or a persisted operation's id.",
        extensions: { code: "PERSISTED_QUERY_ID_REQUIRED", http: { status: 400 } },
      },
    },
  });
  return { lookup, plugins: options.apq && options.mode === "accept" ? [apqRegistration, persisted] : [persisted] };
}
