// Runs GraphQL operations through yoga.fetch: no port, no network.
import type { PrismaClient } from "@prisma/client";
import { createContentStore } from "../../src/read/store.ts";
import { createStatusAtlasYoga, type YogaOptions } from "../../src/yoga.ts";

export const TRANSLATOR_TOKEN = "test-translator-token-0123456789";

export type GraphQLResponse<T = Record<string, any>> = {
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[];
};

export function createTestServer(prisma: PrismaClient, databaseFile: string, options: Partial<YogaOptions> = {}) {
  const store = createContentStore(prisma, databaseFile);
  const yoga = createStatusAtlasYoga({ store, translatorToken: TRANSLATOR_TOKEN, ...options });
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
  return { yoga, store, query, close: () => store.close() };
}
