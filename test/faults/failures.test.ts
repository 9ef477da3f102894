// Every failure on the way to an answer, as a table: the error a dependency throws, where it throws it, and
// what the client must get. Each answer is coded, carries no stack and no file path, is logged once with
// the request id (and the error it hid), and is counted by /metrics under the status sent; the server
// answers the next request as before.
import { Writable } from "node:stream";
import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../src/auth/roles.ts";
import { DATABASE_UNAVAILABLE_MESSAGE, STORAGE_FULL_MESSAGE } from "../../src/db/faults.ts";
import { createMetrics } from "../../src/http/metrics.ts";
import { createLogger } from "../../src/logger.ts";
import { runImport } from "../../src/pipeline/import.ts";
import { createContentStore, type ContentStore } from "../../src/read/store.ts";
import { createStatusAtlasYoga, type StatusAtlasYoga } from "../../src/yoga.ts";
import { createTestDatabase, SEEDS_DIR, type TestDatabase } from "../helpers/database.ts";

const clientVersion = Prisma.prismaVersion.client;
/** Errors as Prisma 6 raises them through the driver adapters (shapes taken from a stopped server and a full tmpfs). */
const unreachable = () =>
  new Prisma.PrismaClientKnownRequestError(
    "\nInvalid `prisma.apiToken.findUnique()` invocation in\n/app/dist/chunks/x.js:27:2556\n\nCan't reach database server at 127.0.0.1:5432",
    {
      code: "P1001",
      clientVersion,
      meta: {
        driverAdapterError: {
          name: "DriverAdapterError",
          cause: { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 },
        },
      },
    },
  );
const terminated = () => new Error("Connection terminated unexpectedly");
const full = () =>
  new Prisma.PrismaClientKnownRequestError(
    "\nInvalid `prisma.importJob.create()` invocation in\n/app/dist/x.js:1:1\n\ndatabase or disk is full",
    { code: "SQLITE_FULL", clientVersion },
  );
const bug = () => new TypeError("Cannot read properties of undefined (reading 'x') at /app/dist/chunks/viewer.js:12:7");

type Case = {
  name: string;
  error: () => Error;
  status: number;
  code: string;
  message: string;
  retryAfter: string | null;
};
const CASES: Case[] = [
  {
    name: "the database unreachable (Prisma P1001)",
    error: unreachable,
    status: 503,
    code: "DATABASE_UNAVAILABLE",
    message: DATABASE_UNAVAILABLE_MESSAGE,
    retryAfter: "5",
  },
  {
    name: "a pooled connection cut (node-postgres)",
    error: terminated,
    status: 503,
    code: "DATABASE_UNAVAILABLE",
    message: DATABASE_UNAVAILABLE_MESSAGE,
    retryAfter: "5",
  },
  {
    name: "the disk full (SQLITE_FULL)",
    error: full,
    status: 507,
    code: "STORAGE_FULL",
    message: STORAGE_FULL_MESSAGE,
    retryAfter: "60",
  },
  {
    name: "a bug",
    error: bug,
    status: 500,
    code: "INTERNAL_SERVER_ERROR",
    message: "Unexpected error.",
    retryAfter: null,
  },
];

let db: TestDatabase;
let store: ContentStore;
let logged = "";
let failWith: (() => Error) | null = null;
let yoga: StatusAtlasYoga;
const metrics = createMetrics();

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
  // The token lookup is where a request with a token meets the database first, before any GraphQL work.
  const findViewer = async (): Promise<Viewer | null> => {
    if (failWith) throw failWith();
    return { name: "admin", role: "admin", locales: [] } as unknown as Viewer;
  };
  yoga = createStatusAtlasYoga({ store, findViewer, metrics, logger: createLogger("info", destination) });
});

afterAll(async () => {
  await store?.close();
  await db?.close();
});

const TOKEN = { authorization: `Bearer sa_${"a".repeat(43)}` };
const linesOf = (requestId: string) =>
  logged
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, any>)
    .filter((line) => line.requestId === requestId);

describe("failures before execution: a token looked up while the database fails", () => {
  it.each(CASES)(
    "$name: answers $status $code, masked, logged once, counted",
    async ({ error, status, code, message, retryAfter }) => {
      const requestId = `fault-${code}-${Math.random().toString(36).slice(2)}`;
      failWith = error;
      for (const [path, init] of [
        [
          "/graphql",
          {
            method: "POST",
            headers: { "content-type": "application/json", ...TOKEN, "x-request-id": requestId },
            body: JSON.stringify({ query: "{ locales { code } }" }),
          },
        ],
        ["/imports/1", { headers: { ...TOKEN, "x-request-id": `${requestId}-imports` } }],
      ] as const) {
        const response = await yoga.fetch(`http://localhost${path}`, init);
        expect(response.status).toBe(status);
        expect(response.headers.get("retry-after")).toBe(retryAfter);
        expect(response.headers.get("content-type")).toMatch(/^application\/(graphql-response\+)?json/);
        const body = await response.text();
        expect(body).not.toMatch(/\/app\/|dist\/|\.js:\d|\bat \/|Prisma|TypeError|invocation/);
        const parsed = JSON.parse(body);
        if (path === "/graphql") expect(parsed).toEqual({ errors: [{ message, extensions: { code } }] });
        else expect(parsed).toEqual({ error: { code, message } });
      }
      failWith = null;
      // Logged once each, at error level, with the error the answer hid.
      for (const id of [requestId, `${requestId}-imports`]) {
        const lines = linesOf(id);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({ status, level: 50, err: { message: expect.any(String) } });
      }
      // Served again at once.
      const again = await yoga.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", ...TOKEN },
        body: JSON.stringify({ query: "{ locales { code } }" }),
      });
      expect(again.status).toBe(200);
    },
  );

  it("counts each failure in /metrics under the status it was answered with", async () => {
    const text = await (await yoga.fetch("http://localhost/metrics")).text();
    for (const status of ["503", "507", "500"])
      expect(text).toMatch(new RegExp(`status_atlas_http_requests_total\\{[^}]*status="${status}"[^}]*\\} [1-9]`));
  });
});
