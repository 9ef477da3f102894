// Cursors name an item by its key, not its offset, so they survive content changes.
import { describe, expect, it } from "vitest";
import { useSeededServer } from "../helpers/graphql.ts";

const seeded = useSeededServer();
const LIST = `query($class: StatusClass, $first: Int, $after: String, $before: String, $last: Int) {
  statusCodes(class: $class, first: $first, after: $after, before: $before, last: $last) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { code } }
  }
}`;
const codes = (data: any) => data.statusCodes.edges.map((e: any) => e.node.code);
const cursorOf = async (code: number, klass: string) => {
  const { data } = await seeded.server.query(LIST, { class: klass, first: 100 });
  return data!.statusCodes.edges.find((e: any) => e.node.code === code).cursor as string;
};

describe("cursors", () => {
  it("are opaque: no offset and no code number in sight", async () => {
    const cursor = await cursorOf(301, "REDIRECTION");
    expect(cursor).not.toMatch(/^\d+$/);
    expect(cursor).not.toContain("301");
  });

  it("stay on their item when the items before it change: a 3xx cursor pages on after 301 in the full list", async () => {
    // The same cursor in a list with 60 more codes before it: an offset would land in the 1xx codes.
    const { data } = await seeded.server.query(LIST, { first: 2, after: await cursorOf(301, "REDIRECTION") });
    expect(codes(data)).toEqual([302, 303]);
    expect(data!.statusCodes.pageInfo.hasPreviousPage).toBe(true);
  });

  it("page on from the next code when their code is no longer in the list", async () => {
    const { data } = await seeded.server.query(LIST, {
      class: "REDIRECTION",
      first: 2,
      after: await cursorOf(226, "SUCCESS"),
    });
    expect(codes(data)).toEqual([300, 301]);
  });

  it("page backwards with last and before", async () => {
    const { data } = await seeded.server.query(LIST, {
      class: "REDIRECTION",
      last: 2,
      before: await cursorOf(303, "REDIRECTION"),
    });
    expect(codes(data)).toEqual([301, 302]);
    expect(data!.statusCodes.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it("refuse a cursor from elsewhere with VALIDATION", async () => {
    const { errors } = await seeded.server.query(`{ statusCodes(after: "bm9wZQ") { totalCount } }`);
    expect(errors?.[0]?.extensions?.code).toBe("VALIDATION");
  });
});
