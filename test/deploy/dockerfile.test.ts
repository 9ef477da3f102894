// The Dockerfile cannot be built here (no Docker engine), so this reads its stages as Docker does, checks
// what the final image holds and whom it runs as, and runs its command as an unprivileged user on a tree
// that user cannot write, as the image does.
import { spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CLI, startServer } from "../helpers/processes.ts";
import { ROOT } from "./compose.ts";

type Instruction = { keyword: string; args: string };
type Stage = { name: string | null; instructions: Instruction[] };

/** The Dockerfile's stages in order: comments dropped, continued lines joined, one instruction each. */
function stagesOf(text: string): Stage[] {
  const lines = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of lines) {
    const [keyword, ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword!.toUpperCase(), args: rest.join(" ") };
    if (instruction.keyword === "FROM")
      stages.push({ name: / AS (\S+)$/i.exec(instruction.args)?.[1] ?? null, instructions: [] });
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

const stages = stagesOf(readFileSync(path.join(ROOT, "Dockerfile"), "utf8"));
const build = stages[0]!;
const final = stages.at(-1)!;
const argsOf = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const COMPILERS = /\b(g\+\+|gcc|make|python3|build-essential)\b/;

describe("the Dockerfile", () => {
  it("builds in one stage and runs from another that installs no compiler and takes only the build's files", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(argsOf(build, "RUN").join("\n")).toMatch(COMPILERS);
    expect(
      argsOf(final, "RUN").filter((run) => COMPILERS.test(run) || /\b(apt-get|apk) .*install\b/.test(run)),
    ).toEqual([]);
    expect(argsOf(final, "COPY")).toEqual([`--from=${build.name} /app /app`]);
  });

  it("leaves no TypeScript toolchain in what the final stage copies: tsx, esbuild and TypeScript survive a prune", () => {
    const buildRuns = argsOf(build, "RUN").join("\n");
    expect(buildRuns).toMatch(/npm prune --omit=dev/);
    const removed = /rm -rf (node_modules[^&\n]+)/.exec(buildRuns)?.[1]?.trim().split(/\s+/) ?? [];
    expect(removed).toEqual(
      expect.arrayContaining([
        "node_modules/tsx",
        "node_modules/esbuild",
        "node_modules/@esbuild",
        "node_modules/typescript",
        "node_modules/.bin/tsc",
        "node_modules/.bin/tsx",
        "node_modules/.bin/esbuild",
      ]),
    );
  });

  it("runs as a user other than root, who owns the data directory and none of the code", () => {
    const user = argsOf(final, "USER").at(-1);
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user!.split(":")[0]);
    const databaseUrl = /DATABASE_URL=file:(\S+)/.exec(argsOf(final, "ENV").join(" "))?.[1];
    expect(databaseUrl).toBeDefined();
    const dataDir = path.posix.dirname(databaseUrl!);
    expect(argsOf(final, "RUN").some((run) => new RegExp(`chown ${user}(:\\S+)? ${dataDir}\\b`).test(run))).toBe(true);
    // The code is copied as the build left it, root's: the server cannot rewrite what it runs.
    expect(argsOf(final, "COPY").filter((copy) => copy.includes("--chown"))).toEqual([]);
  });
});

// `nobody`, like the image's `node`: a user with no rights to the tree. Only root can run a process as
// another user, and that user must be able to read this checkout (not so under a private home directory).
const UNPRIVILEGED = { uid: 65534, gid: 65534 };
const canActAsUnprivileged =
  process.getuid?.() === 0 &&
  spawnSync(process.execPath, ["-e", `require("fs").readFileSync(${JSON.stringify(CLI)})`], UNPRIVILEGED).status === 0;

describe.runIf(inject("provider") === "sqlite" && canActAsUnprivileged)(
  "the image's command, run by an unprivileged user",
  () => {
    let home: string;
    beforeAll(() => {
      home = mkdtempSync(path.join(tmpdir(), "unprivileged-"));
      chownSync(home, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
    });
    afterAll(() => rmSync(home, { recursive: true, force: true }));

    it("cannot write the checkout it runs from, as in the image", () => {
      const attempt = spawnSync(
        process.execPath,
        ["-e", `require("fs").writeFileSync(${JSON.stringify(path.join(ROOT, "written-by-nobody"))}, "")`],
        UNPRIVILEGED,
      );
      expect(attempt.status).not.toBe(0);
      expect(attempt.stderr.toString()).toContain("EACCES");
    });

    it("migrates, imports and serves an empty SQLite database in the only directory it may write, then exits 0 on SIGTERM", {
      timeout: 120_000,
    }, async () => {
      const server = await startServer(
        [],
        { DATABASE_URL: `file:${path.join(home, "status-atlas.db")}`, HOME: home },
        UNPRIVILEGED,
      );
      try {
        const ready = await fetch(`${server.url}/ready`);
        expect(ready.status).toBe(200);
        const response = await fetch(
          `${server.url}/graphql?query=${encodeURIComponent('{ compare(a: 202, b: 403, locale: "vi") { headline } }')}`,
        );
        expect(await response.json()).toEqual({
          data: { compare: { headline: "So sánh HTTP 202 Accepted và 403 Forbidden" } },
        });
      } finally {
        server.child.kill("SIGTERM");
      }
      expect(await server.exited).toBe(0);
    });
  },
);
