// `status-atlas start` imports the content folder, and does not import it again while it is unchanged
// (src/pipeline/source.ts): a restart of an unchanged deployment goes straight to serving.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyContent } from "../helpers/database.ts";
import { graphql, startServer } from "../helpers/processes.ts";

const dir = copyContent();
const data = mkdtempSync(path.join(tmpdir(), "status-atlas-start-"));
const env = { DATABASE_URL: `file:${path.join(data, "start.db")}`, SEEDS_DIR: dir };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
});

/** Starts, waits until it serves, stops it with SIGTERM; returns what it printed. */
async function startOnce(): Promise<string> {
  const server = await startServer([], env);
  try {
    expect((await graphql(server.url, "{ statusCode(code: 202) { title } }")).data.statusCode.title).toBe("Accepted");
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  return server.output();
}

describe("status-atlas start", () => {
  it("imports the content folder once, skips it while unchanged (same files, same importer), and imports a change", async () => {
    expect(await startOnce()).toMatch(/Imported as content version 1: \d+ created/);
    const again = await startOnce();
    // The build or, running the TypeScript sources, a hash of them: the same importer either way.
    expect(again).toContain("unchanged since it was last imported; not imported again.");
    expect(again).not.toMatch(/Imported as content version|Nothing to do/);
    const file = path.join(dir, "codes/en/202.md");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        /^summary: .*$/m,
        'summary: "Taken on, to be finished later; the answer does not say how it ends."',
      ),
    );
    expect(await startOnce()).toMatch(/Imported as content version 2: 0 created, 1 updated/);
  });
});
