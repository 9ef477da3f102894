// The pure halves of a CONFLICT's view and history's readable changes (src/editorial/conflict.ts, history.ts).
import { describe, expect, it } from "vitest";
import { diffFields } from "../../src/editorial/conflict.ts";
import { readableChanges } from "../../src/write/history.ts";

describe("diffFields", () => {
  it("names each sent field whose value differs, in the order sent, comparing lists and objects by value", () => {
    const current = {
      summary: "Now.",
      related: [403, 401],
      spec: { document: "RFC 9110", section: "15.5.4" },
      cacheable: false,
    };
    const sent = {
      related: [403, 401],
      summary: "Mine.",
      spec: { document: "RFC 9110", section: "15.5.5" },
      cacheable: false,
    };
    expect(diffFields(current, sent)).toEqual([
      { field: "summary", current: "Now.", yours: "Mine." },
      { field: "spec", current: current.spec, yours: sent.spec },
    ]);
  });

  it("treats a record that does not exist as every sent field differing from null", () => {
    expect(diffFields(null, { summary: "New." })).toEqual([{ field: "summary", current: null, yours: "New." }]);
  });
});

describe("readableChanges", () => {
  it("gives a field's entry as one change, without the draft prefix", () => {
    expect(readableChanges({ field: "draft.summary", before: "a", after: "b" })).toEqual([
      { field: "summary", before: "a", after: "b" },
    ]);
  });

  it("splits a whole record created into its fields, leaving identity and file out", () => {
    const record = {
      code: 404,
      locale: "en",
      text: { title: "Not Found", summary: "Gone." },
      state: "published",
      sourceHash: null,
      file: "codes/en/404.md",
    };
    expect(readableChanges({ field: "*", before: null, after: record })).toEqual([
      { field: "title", before: null, after: "Not Found" },
      { field: "summary", before: null, after: "Gone." },
      { field: "state", before: null, after: "published" },
    ]);
  });

  it("shows the facts a code's English draft changes fact by fact", () => {
    const entry = { field: "draft.facts", before: { cacheable: true }, after: { cacheable: false, retry: "no" } };
    expect(readableChanges(entry)).toEqual([
      { field: "cacheable", before: true, after: false },
      { field: "retry", before: null, after: "no" },
    ]);
  });
});
