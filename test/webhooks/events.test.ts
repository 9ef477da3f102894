import { describe, expect, it } from "vitest";
import { contentPublished, eventBody, parseEvents } from "../../src/webhooks/events.ts";
import type { Plan, PlanEntry } from "../../src/pipeline/plan.ts";

const entry = (action: PlanEntry["action"], unit: PlanEntry["unit"]): PlanEntry => ({
  action,
  unit,
  hash: "h",
  file: unit.file,
});
const code = (n: number) =>
  ({ kind: "code", id: `code:${n}`, file: `codes/en/${n}.md`, record: { code: n } }) as unknown as PlanEntry["unit"];
const comparison = (a: number, b: number) =>
  ({ kind: "comparison", id: `comparison:${a}-${b}`, file: "", record: { codeA: a, codeB: b } }) as PlanEntry["unit"];
const draft = { kind: "draft", id: "draft:code.404:vi", file: "", record: {} } as unknown as PlanEntry["unit"];
const plan = (entries: PlanEntry[], prune = false) =>
  ({ entries, prune, newlyOutdated: [], older: [], conflicts: [] }) as unknown as Plan;

describe("webhook events", () => {
  it("reads a comma-separated list of events, refusing unknown names with the known ones", () => {
    expect(parseEvents("content.published, import.failed,content.published")).toEqual({
      ok: true,
      events: ["content.published", "import.failed"],
    });
    expect(parseEvents("content.publish")).toEqual({
      ok: false,
      message:
        'unknown event "content.publish"; the events are content.published, import.succeeded, import.failed, import.cancelled',
    });
    expect(parseEvents(" , ")).toMatchObject({ ok: false });
  });

  it("names what a change published and the status codes it is about, each once", () => {
    const published = contentPublished(
      7,
      plan([entry("update", code(404)), entry("create", comparison(404, 410)), entry("unchanged", code(200))]),
    );
    expect(published).toEqual({
      contentVersion: 7,
      units: [
        { unit: "code:404", action: "update" },
        { unit: "comparison:404-410", action: "create" },
      ],
      codes: [404, 410],
      purgeKeys: ["code-404", "comparison-404-vs-410", "code-list", "translation-progress"],
    });
  });

  it("names the catch-all purge key for a message, which changes every page though it is about no code", () => {
    const heading = {
      kind: "message",
      id: "message.heading.description:en",
      file: "messages/en.yaml",
      record: { key: "heading.description", locale: "en" },
    } as unknown as PlanEntry["unit"];
    expect(contentPublished(8, plan([entry("update", heading)]))).toMatchObject({ codes: [], purgeKeys: ["content"] });
  });

  it("counts a deletion only when pruned, and never a draft: neither changes what readers see", () => {
    expect(contentPublished(3, plan([entry("delete", code(418)), entry("create", draft)]))).toBeNull();
    expect(contentPublished(3, plan([entry("delete", code(418))], true))).toMatchObject({
      units: [{ unit: "code:418", action: "delete" }],
      codes: [418],
      purgeKeys: ["code-418", "code-list", "translation-progress"],
    });
  });

  it("sends the Standard Webhooks payload structure: type, RFC 3339 timestamp, data", () => {
    expect(JSON.parse(eventBody("import.failed", { id: "imp_1" }, new Date("2026-12-01T12:00:00Z")))).toEqual({
      type: "import.failed",
      timestamp: "2026-12-01T12:00:00.000Z",
      data: { id: "imp_1" },
    });
  });
});
