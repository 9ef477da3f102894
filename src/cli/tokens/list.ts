// `status-atlas tokens list`: every token with its role, locales and dates; never a token or its hash.
import { defineCommand } from "citty";
import { listTokens, type TokenSummary } from "../../auth/store.ts";
import { database } from "../../database.ts";

/** An aligned table; revoked tokens stay listed, so a leaked prefix can still be traced to a name. */
export function formatTokens(tokens: readonly TokenSummary[]): string {
  if (tokens.length === 0)
    return "No tokens. Create one with `status-atlas tokens create --name <name> --role <role>`.";
  const day = (date: Date | null) => (date ? date.toISOString().replace(/\.\d+Z$/, "Z") : "-");
  const rows = [
    ["NAME", "ROLE", "LOCALES", "PREFIX", "CREATED", "REVOKED"],
    ...tokens.map((t) => [
      t.name,
      t.role,
      t.locales.join(",") || "-",
      `${t.prefix}…`,
      day(t.createdAt),
      day(t.revokedAt),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export default defineCommand({
  meta: { name: "list", description: "List API tokens: name, role, locales, prefix, created, revoked" },
  async run() {
    const db = database();
    try {
      console.log(formatTokens(await listTokens(db.prisma)));
    } finally {
      await db.close();
    }
  },
});
