// `status-atlas webhooks add | list | remove`, run in process on a database of the test's own.
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

// The CLI uses the database singleton, which reads DATABASE_URL when first imported: point it at a copy of
// the migrated template before anything imports src/ (as test/cli/bad-inputs.test.ts does).
const databaseFile = await vi.hoisted(async () =>
  (await import("../helpers/cli-database.ts")).pointDatabaseUrlAtTemplateCopy("webhooks-cli"),
);

const { rmSync } = await import("node:fs");
const { runCli } = await import("../../src/cli/index.ts");
const { isWebhookSecret } = await import("../../src/webhooks/signature.ts");

let output: string[];
beforeEach(() => {
  output = [];
  for (const method of ["log", "error", "warn"] as const)
    vi.spyOn(console, method).mockImplementation((...args) => void output.push(args.join(" ")));
  return () => vi.restoreAllMocks();
});
afterAll(() => rmSync(path.dirname(databaseFile), { recursive: true, force: true }));

describe("status-atlas webhooks", () => {
  it("adds a subscription, showing its secret once; lists it without the secret; removes it", async () => {
    expect(
      await runCli([
        "webhooks",
        "add",
        "--url",
        "https://hooks.example.com/status-atlas",
        "--events",
        "content.published,import.failed",
      ]),
    ).toBe(0);
    const id = /Added webhook (whs_\S+)\./.exec(output.join("\n"))![1]!;
    const secret = /Signing secret .*: (whsec_\S+)$/m.exec(output.join("\n"))![1]!;
    expect(isWebhookSecret(secret)).toBe(true);

    output = [];
    expect(await runCli(["webhooks", "list"])).toBe(0);
    expect(output).toEqual([
      `${id}  https://hooks.example.com/status-atlas  content.published,import.failed  active, 0 failure(s) in a row, 0 pending`,
    ]);
    expect(output.join("\n")).not.toContain(secret);

    output = [];
    expect(await runCli(["webhooks", "remove", id])).toBe(0);
    expect(await runCli(["webhooks", "list"])).toBe(0);
    expect(output).toEqual([`Removed webhook ${id}.`, "No webhooks."]);
  });

  it("refuses an unknown event, naming the events there are, as a usage error", async () => {
    expect(
      await runCli(["webhooks", "add", "--url", "https://hooks.example.com/x", "--events", "content.publish"]),
    ).toBe(2);
    expect(output.join("\n")).toContain(
      'unknown event "content.publish"; the events are content.published, import.succeeded, import.failed',
    );
  });

  it("refuses a URL that is not http(s) or points at a private address", async () => {
    expect(await runCli(["webhooks", "add", "--url", "ftp://hooks.example.com/x", "--events", "import.failed"])).toBe(
      2,
    );
    expect(await runCli(["webhooks", "add", "--url", "http://10.0.0.5/hook", "--events", "import.failed"])).toBe(2);
    expect(output.join("\n")).toContain("FORBIDDEN_DESTINATION");
  });

  it("says so when removing a subscription that does not exist", async () => {
    expect(await runCli(["webhooks", "remove", "whs_nope"])).toBe(1);
    expect(output.join("\n")).toContain("No webhook whs_nope");
  });
});
