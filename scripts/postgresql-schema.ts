// prisma/postgresql/schema.prisma is derived from prisma/schema.prisma, the one source of the model (as
// Keystone 6 derives its schema from `db.provider`): only the provider and the generated client's output
// differ. `npm run migration:new` rewrites it; test/prisma/schema-files.test.ts fails when it is stale.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const POSTGRESQL_SCHEMA = "prisma/postgresql/schema.prisma";

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run migration:new\` (scripts/postgresql-schema.ts): edit that file.
// The same model on PostgreSQL; its client is generated into node_modules/.prisma/postgresql.

`;

export function derivePostgresqlSchema(source: string): string {
  const replace = (text: string, pattern: RegExp, replacement: string) => {
    if (!pattern.test(text)) throw new Error(`${SQLITE_SCHEMA}: expected to find ${pattern}`);
    return text.replace(pattern, replacement);
  };
  let schema = replace(source, /(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
  // The SQLite client keeps Prisma's default output (@prisma/client); this one must not overwrite it.
  schema = replace(
    schema,
    /(generator client \{[^}]*?)(\n\s*engineType\s*=\s*"client")/,
    '$1$2\n  output          = "../../node_modules/.prisma/postgresql"',
  );
  return HEADER + schema;
}

export function writePostgresqlSchema(): string {
  const derived = derivePostgresqlSchema(readFileSync(path.join(ROOT, SQLITE_SCHEMA), "utf8"));
  writeFileSync(path.join(ROOT, POSTGRESQL_SCHEMA), derived);
  return derived;
}
