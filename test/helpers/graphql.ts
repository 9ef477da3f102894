// Runs GraphQL operations through yoga.fetch: no port, no network.
import type { Database } from "../../src/db/index.ts";
import { findViewer } from "../../src/auth/store.ts";
import { afterAll, beforeAll } from "vitest";
import { createImportRunner } from "../../src/releases/runner.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { createContentStore } from "../../src/read/store.ts";
import { createStatusAtlasYoga, type YogaOptions } from "../../src/yoga.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "./database.ts";

export type GraphQLResponse<T = Record<string, any>> = {
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[];
};

export function createTestServer(db: Database, options: Partial<YogaOptions> = {}) {
  const store = createContentStore(db);
  // The server's runner, made here so closing the server waits for the jobs it started (POST /imports, startImport).
  const runner =
    options.imports?.runner ?? createImportRunner({ db, contentDir: options.imports?.contentDir ?? SEEDS_DIR });
  const yoga = createStatusAtlasYoga({
    store,
    findViewer: (hash) => findViewer(db.prisma, hash),
    ...options,
    imports: { ...options.imports, runner },
  });
  async function query<T = Record<string, any>>(
    document: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: document, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }
  /** A JSON POST as a GraphQL-over-HTTP client sends it, answered whole: status, headers and body. */
  async function post(document: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const response = await yoga.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
      body: JSON.stringify({ query: document, variables }),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: any }[] },
    };
  }
  const close = async () => {
    await runner.idle();
    await store.close();
  };
  return { yoga, store, query, post, close };
}

export type TestServer = ReturnType<typeof createTestServer>;

/** For a whole test file: its own database with seeds/ imported, and a server over it. */
export function useSeededServer(options: Partial<YogaOptions> = {}): { db: TestDatabase; server: TestServer } {
  const seeded = {} as { db: TestDatabase; server: TestServer };
  beforeAll(async () => {
    seeded.db = await createTestDatabase();
    const report = await runImport(seeded.db, { dir: SEEDS_DIR });
    if (!report.ok) throw new Error(`seed import failed: ${report.errors.length} error(s)`);
    seeded.server = createTestServer(seeded.db, options);
  });
  afterAll(async () => {
    await seeded.server.close();
    await seeded.db.close();
  });
  return seeded;
}
