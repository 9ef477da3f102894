import { describe, expect, it } from "vitest";
import { isAbandoned, summarizePlan, viewOfJob, type ImportJobRow } from "../../src/releases/job.ts";

const at = (iso: string) => new Date(`2026-12-01T${iso}Z`);
const row = (over: Partial<ImportJobRow> = {}): ImportJobRow => ({
  id: "imp_1",
  status: "RUNNING",
  dryRun: false,
  prune: false,
  source: "upload",
  createdBy: "editor",
  createdAt: at("12:00:00"),
  startedAt: at("12:00:01"),
  finishedAt: null,
  unitsDone: 10,
  unitsTotal: 100,
  plan: null,
  errors: "[]",
  warnings: "[]",
  contentVersion: null,
  runId: null,
  owner: "replica-a",
  heartbeatAt: at("12:00:30"),
  leaseExpiresAt: at("12:01:30"),
  failureReason: null,
  ...over,
});

describe("an import job", () => {
  it("is abandoned once its lease has run out while it is accepted or running", () => {
    expect(isAbandoned(row(), at("12:01:29"))).toBe(false);
    expect(isAbandoned(row(), at("12:01:30"))).toBe(true);
    expect(isAbandoned(row({ status: "ACCEPTED" }), at("12:05:00"))).toBe(true);
  });

  it("is never abandoned once finished, however old its lease", () => {
    for (const status of ["SUCCEEDED", "FAILED", "CANCELLED"])
      expect(isAbandoned(row({ status }), at("23:00:00"))).toBe(false);
  });

  it("shows the running process's own progress, fresher than the last heartbeat stored", () => {
    expect(viewOfJob(row(), { unitsDone: 60, unitsTotal: 100 }).progress).toEqual({ unitsDone: 60, unitsTotal: 100 });
  });

  it("shows the stored progress once finished", () => {
    expect(
      viewOfJob(row({ status: "SUCCEEDED", unitsDone: 100 }), { unitsDone: 60, unitsTotal: 100 }).progress,
    ).toEqual({ unitsDone: 100, unitsTotal: 100 });
  });

  it("shows its errors as values naming file, line and field, and its times as RFC 3339", () => {
    const errors = [{ file: "codes/en/410.md", line: 12, field: "cacheable", message: "expected a boolean" }];
    const view = viewOfJob(row({ status: "FAILED", errors: JSON.stringify(errors), finishedAt: at("12:00:40") }));
    expect(view).toMatchObject({ href: "/imports/imp_1", errors, finishedAt: "2026-12-01T12:00:40.000Z" });
  });
});

describe("a job's plan summary", () => {
  const unit = (summary: string) => ({
    id: "code.404:en",
    kind: "codeText",
    hash: summary,
    file: "codes/en/404.md",
    record: {
      code: 404,
      locale: "en",
      file: "codes/en/404.md",
      state: "published",
      text: { title: "Not Found", summary },
    },
  });
  const plan = (entries: unknown[]) =>
    ({
      entries,
      prune: false,
      counts: { created: 0, updated: 1, unchanged: 0, deleted: 0, keptWithoutPrune: 0, keptFromApi: 0 },
      newlyOutdated: [],
      older: [],
      conflicts: [],
    }) as unknown as Parameters<typeof summarizePlan>[0];

  it("keeps each updated unit's changed fields as readable text before and after, and only those", () => {
    const summary = summarizePlan(
      plan([{ action: "update", unit: unit("New."), previous: unit("Old."), hash: "New.", file: "codes/en/404.md" }]),
    );
    expect(summary.changes).toEqual([
      {
        unit: "code.404:en",
        action: "update",
        file: "codes/en/404.md",
        fields: [{ field: "summary", before: "Old.", after: "New." }],
      },
    ]);
  });

  it("lists units without fields once the text budget is spent, and a unit kept without --prune without any", () => {
    const entries = [
      {
        action: "update",
        unit: unit("a".repeat(60)),
        previous: unit("b".repeat(60)),
        hash: "1",
        file: "codes/en/404.md",
      },
      {
        action: "update",
        unit: unit("c".repeat(60)),
        previous: unit("d".repeat(60)),
        hash: "2",
        file: "codes/en/404.md",
      },
      { action: "delete", unit: unit("e"), previous: unit("e"), hash: "3", file: "codes/en/404.md" },
    ];
    const summary = summarizePlan(plan(entries), 150);
    expect(summary.changes.map((c) => [c.action, c.fields?.length])).toEqual([
      ["update", 1],
      ["update", undefined],
      ["keep", undefined],
    ]);
  });
});
