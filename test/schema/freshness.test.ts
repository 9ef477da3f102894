import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { untilCurrent, useImportedCopy } from "../helpers/database.ts";
import { createTestServer } from "../helpers/graphql.ts";

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, "../../bin/status-atlas.js");

const seeded = useImportedCopy();

function changeSummary(summary: string): void {
  const file = path.join(seeded.dir, "codes/en/404.md");
  writeFileSync(file, readFileSync(file, "utf8").replace(/^summary:.*$/m, `summary: "${summary}"`));
}

/**
 * Imports with the CLI in a separate process, as an editor would while the server runs, and returns once
 * this process has heard of the new version (at once on SQLite; the NOTIFY on PostgreSQL).
 */
async function importFromAnotherProcess(): Promise<void> {
  await run(process.execPath, [CLI, "import", "--dir", seeded.dir], {
    env: { ...process.env, DATABASE_URL: seeded.db.url },
  });
  await untilCurrent(seeded.db);
}

describe("fresh content", () => {
  it("serves an import made by another process on the very next request, cache included", async () => {
    const server = createTestServer(seeded.db);
    const query = `{ statusCode(code: 404, locale: "en") { summary } }`;
    const first = await server.query(query);
    await server.query(query); // now in the response cache
    changeSummary("Nothing lives at this address any more.");
    await importFromAnotherProcess();
    const after = await server.query(query);
    expect(after.data!.statusCode.summary).toBe("Nothing lives at this address any more.");
    expect(after.data!.statusCode.summary).not.toBe(first.data!.statusCode.summary);
    server.close();
  });

  it("answers 304 to a matching ETag, and never once the content changed", async () => {
    const server = createTestServer(seeded.db);
    const url = `http://localhost/graphql?query=${encodeURIComponent(`{ statusCode(code: 404) { summary } }`)}`;
    const first = await server.yoga.fetch(url, { headers: { accept: "application/json" } });
    const etag = first.headers.get("etag");
    expect(first.status).toBe(200);
    expect(etag).toBeTruthy();
    const again = await server.yoga.fetch(url, { headers: { accept: "application/json", "if-none-match": etag! } });
    expect(again.status).toBe(304);

    changeSummary("Gone from here.");
    await importFromAnotherProcess();
    const afterChange = await server.yoga.fetch(url, {
      headers: { accept: "application/json", "if-none-match": etag! },
    });
    expect(afterChange.status).toBe(200);
    expect(((await afterChange.json()) as any).data.statusCode.summary).toBe("Gone from here.");
    expect(afterChange.headers.get("etag")).not.toBe(etag);
    server.close();
  });

  it("keys the cache on the negotiated locale", async () => {
    const server = createTestServer(seeded.db);
    const query = `{ statusCode(code: 200) { locale } }`;
    expect((await server.query(query, {}, { "accept-language": "en" })).data!.statusCode.locale).toBe("en");
    expect((await server.query(query, {}, { "accept-language": "vi" })).data!.statusCode.locale).toBe("vi");
    server.close();
  });
});
