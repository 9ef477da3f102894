// Hostile request parameters, as a table: a repeated parameter that chooses what runs, and JSON nested deeper
// than any input needs. Each goes to both ways in (the Node paths in front of Yoga, and Yoga alone) over real
// HTTP, and each must be a coded 400 before anything runs or is cached, with no stack, no path, and the server
// answering the next request as before.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/http/persisted-operations.ts";
import { MAX_INPUT_DEPTH } from "../../src/http/operation-key.ts";
import { createLogger } from "../../src/logger.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { createContentStore, type ContentStore } from "../../src/read/store.ts";
import { createStatusAtlasServer } from "../../src/yoga.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";
import { httpPair, send } from "../helpers/http-pair.ts";

const TWO = `query Page { statusCode(code: 404, locale: "en") { title } } query Other { statusCode(code: 410, locale: "en") { title } }`;
const PAGE = `query Page { statusCode(code: 404, locale: "en") { title } }`;
const PAGE_ID = sha256Hex(PAGE);

let db: TestDatabase;
let store: ContentStore;
let logged = "";
let pair: Awaited<ReturnType<typeof httpPair>>;

beforeAll(async () => {
  db = await createTestDatabase();
  if (!(await runImport(db, { dir: SEEDS_DIR })).ok) throw new Error("seed import failed");
  store = createContentStore(db);
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    },
  });
  const built = createStatusAtlasServer({
    store,
    persistedOperations: { manifest: new Map([[PAGE_ID, PAGE]]), mode: "accept", apq: false },
    logger: createLogger("info", destination),
  });
  pair = await httpPair(built);
});

afterAll(async () => {
  await pair?.close();
  await store?.close();
  await db?.close();
});

const q = (value: string) => encodeURIComponent(value);
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

type Case = { name: string; path: string; method?: string; body?: string; code: string; names: string };

const REPEATED: Case[] = [
  {
    name: "operationName",
    path: `/graphql?query=${q(TWO)}&operationName=Page&operationName=Other`,
    code: "REPEATED_PARAMETER",
    names: "operationName",
  },
  {
    name: "query",
    path: `/graphql?query=${q(PAGE)}&query=${q("{ __typename }")}`,
    code: "REPEATED_PARAMETER",
    names: "query",
  },
  {
    name: "variables",
    path: `/graphql?query=${q(PAGE)}&variables=${q("{}")}&variables=${q('{"a":1}')}`,
    code: "REPEATED_PARAMETER",
    names: "variables",
  },
  {
    name: "extensions",
    path: `/graphql?query=${q(PAGE)}&extensions=${q("{}")}&extensions=${q("{}")}`,
    code: "REPEATED_PARAMETER",
    names: "extensions",
  },
  { name: "id", path: `/graphql?id=${PAGE_ID}&id=${sha256Hex("other")}`, code: "REPEATED_PARAMETER", names: "id" },
  {
    name: "documentId",
    path: `/graphql?documentId=${PAGE_ID}&documentId=${PAGE_ID}`,
    code: "REPEATED_PARAMETER",
    names: "documentId",
  },
];

const DEEP: Case[] = [
  // A URL holds less than a body (Node refuses request heads past 16 KiB): 1,500 levels still overflowed canonicalJson.
  {
    name: "variables: 1,500 nested arrays (GET)",
    path: `/graphql?query=${q(PAGE)}&variables=${q(`{"a":${nested(1500)}}`)}`,
    code: "INPUT_TOO_DEEP",
    names: "variables",
  },
  {
    name: "extensions: 1,000 nested objects (GET)",
    path: `/graphql?query=${q(PAGE)}&extensions=${q(nestedObject(1000))}`,
    code: "INPUT_TOO_DEEP",
    names: "extensions",
  },
  {
    name: "extensions on a persisted id (GET)",
    path: `/graphql?id=${PAGE_ID}&extensions=${q(nestedObject(1000))}`,
    code: "INPUT_TOO_DEEP",
    names: "extensions",
  },
  {
    name: "variables: 4,000 nested arrays (POST)",
    path: "/graphql",
    method: "POST",
    body: `{"query":${JSON.stringify(PAGE)},"variables":{"a":${nested(4000)}}}`,
    code: "INPUT_TOO_DEEP",
    names: "variables",
  },
  {
    name: "extensions: 4,000 nested objects (POST)",
    path: "/graphql",
    method: "POST",
    body: `{"query":${JSON.stringify(PAGE)},"extensions":${nestedObject(4000)}}`,
    code: "INPUT_TOO_DEEP",
    names: "extensions",
  },
  {
    name: "variables one level past the limit (POST)",
    path: "/graphql",
    method: "POST",
    body: `{"query":${JSON.stringify(PAGE)},"variables":${nestedObject(MAX_INPUT_DEPTH + 1)}}`,
    code: "INPUT_TOO_DEEP",
    names: "variables",
  },
];

describe("hostile request parameters (RFC 9110 §15.5.1: 400 Bad Request)", () => {
  it.each([...REPEATED, ...DEEP])(
    "refuses $name with a coded 400 on both ways in, before anything runs or is cached",
    async ({ path, method = "GET", body, code, names }) => {
      const headers = {
        accept: "application/graphql-response+json",
        ...(body ? { "content-type": "application/json" } : {}),
      };
      for (let attempt = 0; attempt < 2; attempt++) {
        const { fast, yoga } = await pair.both(path, headers, method, body);
        for (const answer of [fast, yoga]) {
          expect(answer.status).toBe(400);
          expect(answer.headers["cache-control"]).toBe("no-store");
          const parsed = JSON.parse(answer.body) as {
            errors: { message: string; extensions: { code: string } }[];
            data?: unknown;
          };
          expect(parsed.data).toBeUndefined();
          expect(parsed.errors).toEqual([
            { message: expect.stringContaining(names), extensions: expect.objectContaining({ code }) },
          ]);
          expect(answer.body).not.toMatch(/RangeError|\n\s+at |\/work\/|node_modules|\.[jt]s:\d/);
        }
      }
    },
  );

  it("names the depth limit in its answer", async () => {
    const { fast } = await pair.both(DEEP[0]!.path);
    expect(JSON.parse(fast.body).errors[0].message).toBe(
      `"variables" nests deeper than ${MAX_INPUT_DEPTH} levels, the limit for request input.`,
    );
  });

  it("takes input at the depth limit", async () => {
    const body = `{"query":${JSON.stringify(PAGE)},"variables":${nestedObject(MAX_INPUT_DEPTH)}}`;
    const { fast, yoga } = await pair.both("/graphql", { "content-type": "application/json" }, "POST", body);
    expect(fast.status).toBe(200);
    expect(yoga.body).toBe(fast.body);
  });

  it("keeps the cache clean: a GET for Other after the repeated operationName gets Other's data", async () => {
    await pair.both(REPEATED[0]!.path);
    const other = await send(pair.fast, `/graphql?query=${q(TWO)}&operationName=Other`);
    expect(JSON.parse(other.body)).toEqual({ data: { statusCode: { title: "Gone" } } });
    const page = await send(pair.fast, `/graphql?query=${q(TWO)}&operationName=Page`);
    expect(JSON.parse(page.body)).toEqual({ data: { statusCode: { title: "Not Found" } } });
  });

  it("logs each refusal once, as a 400 line without a stack", () => {
    const lines = logged
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const refusals = lines.filter((line) => line.status === 400);
    expect(refusals.length).toBeGreaterThanOrEqual((REPEATED.length + DEEP.length) * 4);
    expect(logged).not.toMatch(/RangeError|Maximum call stack/);
  });
});

describe("deep input with PERSISTED_OPERATIONS=only", () => {
  // Issue #25: the overflow happened before the persisted-operation check too, so "only" did not protect it.
  let only: Awaited<ReturnType<typeof httpPair>>;
  beforeAll(async () => {
    only = await httpPair(
      createStatusAtlasServer({
        store,
        persistedOperations: { manifest: new Map([[PAGE_ID, PAGE]]), mode: "only", apq: false },
        logger: createLogger("silent"),
      }),
    );
  });
  afterAll(async () => {
    await only?.close();
  });

  it.each([
    { name: "extensions on a persisted id (GET)", path: `/graphql?id=${PAGE_ID}&extensions=${q(nestedObject(1000))}` },
    {
      name: "variables on a persisted id (POST)",
      path: "/graphql",
      method: "POST",
      body: `{"id":"${PAGE_ID}","variables":{"a":${nested(4000)}}}`,
    },
    {
      name: "extensions with a document (POST)",
      path: "/graphql",
      method: "POST",
      body: `{"query":${JSON.stringify(PAGE)},"extensions":${nestedObject(4000)}}`,
    },
  ])("refuses $name with a coded 400 INPUT_TOO_DEEP, no stack", async ({ path, method = "GET", body }) => {
    const headers = {
      accept: "application/graphql-response+json",
      ...(body ? { "content-type": "application/json" } : {}),
    };
    const { fast, yoga } = await only.both(path, headers, method, body);
    for (const answer of [fast, yoga]) {
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).errors).toEqual([
        {
          message: expect.stringContaining(`deeper than ${MAX_INPUT_DEPTH} levels`),
          extensions: expect.objectContaining({ code: "INPUT_TOO_DEEP" }),
        },
      ]);
      expect(answer.body).not.toMatch(/RangeError|\n\s+at |\/work\/|node_modules|\.[jt]s:\d/);
    }
    // The persisted operation itself is still answered.
    const served = await only.both(`/graphql?id=${PAGE_ID}`, { accept: "application/graphql-response+json" });
    expect(JSON.parse(served.fast.body)).toEqual({ data: { statusCode: { title: "Not Found" } } });
  });
});
