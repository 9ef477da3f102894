// A SQLite database the process cannot write (issue #25: start-up stopped with a raw stack). Start-up must stop
// with one line naming the file and the cause, and exit 1. The file sits on a filesystem remounted read-only
// (root ignores file modes); without root, a file and folder without write permission stand in for it.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../helpers/processes.ts";

const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-read-only-"));
const file = path.join(dir, "db", "status-atlas.db");
let mounted = false;
let unavailable: string | null = null;

beforeAll(() => {
  const folder = path.dirname(file);
  execFileSync("mkdir", ["-p", folder]);
  if (process.getuid?.() === 0) {
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", folder], { stdio: "pipe" });
      mounted = true;
    } catch (error) {
      unavailable = `running as root, but a tmpfs cannot be mounted here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
      return;
    }
    copyFileSync(inject("templateDatabase"), file);
    execFileSync("mount", ["-o", "remount,ro", folder]);
  } else {
    copyFileSync(inject("templateDatabase"), file);
    chmodSync(file, 0o444);
    chmodSync(folder, 0o555);
  }
});

afterAll(() => {
  if (mounted) execFileSync("umount", [path.dirname(file)]);
  else chmodSync(path.dirname(file), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe("a read-only SQLite database at start-up", () => {
  it.each([{ args: ["start", "--no-import"] }, { args: ["start"] }])(
    "status-atlas $args: stops with one line naming the file and the cause, no stack",
    { timeout: 60_000 },
    async ({ args }) => {
      if (unavailable) {
        console.warn(`SKIPPED: ${unavailable}`);
        return;
      }
      const failed = await runCli(args, {
        DATABASE_URL: `file:${file}`,
        PORT: "0",
        HOST: "127.0.0.1",
        NODE_ENV: "production",
      }).then(
        () => null,
        (error: { code: number; stderr: string; stdout: string }) => error,
      );
      expect(failed, "start-up went ahead on a database it cannot write").not.toBeNull();
      expect(failed!.code).toBe(1);
      // bin/status-atlas.js says when it runs the sources because dist/ is older than src/: not this failure's line.
      const lines = failed!.stderr
        .split("\n")
        .filter((line) => line.trim() !== "" && !line.includes("src/ changed since the last build"));
      expect(lines).toEqual([
        expect.stringContaining(`The SQLite database ${file} cannot be written (SQLITE_READONLY`),
      ]);
      expect(failed!.stderr).not.toMatch(/^\s+at /m);
    },
  );
});
