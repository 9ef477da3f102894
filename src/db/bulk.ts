// Raw statements for the write path where Prisma's query compiler (engineType "client", WebAssembly) costs
// more than the work:
// - Multi-row INSERTs for large batches. createMany compiles every row of every statement: at 101 locales
//   that was 5 of an import's 14 CPU seconds, 3–4× the cost of the INSERT itself.
// - The one-row upsert of a draft save, the write every translator's autosave makes. A model query costs
//   0.24–0.57 ms of CPU to compile and interpret, a raw one about 0.12 ms (measured on SQLite, 1,000 of each);
//   a draft save made a dozen, and its CPU was what public reads lost while a team saved (bench/editorial.ts).
// A raw statement is compiled as SQL text plus parameters. The SQL here is what both providers accept.
import { Prisma } from "@prisma/client";
import type { Tx } from "./database.ts";

type CreateManyRow<M extends Prisma.ModelName> = Extract<
  Prisma.TypeMap["model"][M]["operations"]["createMany"]["args"]["data"],
  readonly unknown[]
>[number];

/**
 * Bound values per statement: SQLite allows 32,766 (since 3.32), PostgreSQL 65,535. Rows are split so a
 * statement stays under it, whatever the table's width.
 */
export const MAX_BOUND_VALUES = 30_000;

/**
 * Characters of text per statement. Two reasons to keep it small:
 * - Prisma's client keeps its last 100 debug entries, each query's plan with its parameters among them,
 *   whether debugging is on or not (@prisma/debug's argsHistory). At 500 history rows (whole records,
 *   ~1.5 MB) a statement, that held 100 MB live through the apply step.
 * - A statement holds the event loop from compile to result (Prisma's query compiler, then the driver):
 *   about 0.4 ms per 1,000 characters here. At 128 K characters that was 50 ms at a time, back to back
 *   through an import job's apply, and reads waiting behind it (bench/import.ts, reads during the job);
 *   at this size it is a few ms between two `between` calls.
 */
export const STATEMENT_CHARS = 16 * 1024;

/** A model's table and its scalar fields' types, from the client's own data model: no column list spelled out again. */
function tableOf(model: Prisma.ModelName): { name: string; types: Map<string, string> } {
  const declared = Prisma.dmmf.datamodel.models.find((m) => m.name === model);
  if (!declared) throw new Error(`insertRows: no model ${model} in the schema`);
  const scalars = declared.fields.filter((f) => f.kind === "scalar");
  return { name: declared.dbName ?? declared.name, types: new Map(scalars.map((f) => [f.dbName ?? f.name, f.type])) };
}

const quoted = (column: string) => `"${column}"`;

/**
 * `model`'s table, once `columns` are found to be its own and to hold every DateTime column: what createMany
 * and upsert fill in themselves (`@updatedAt`, `@default(now())`) is never left to chance by a raw statement.
 */
function tableWith(model: Prisma.ModelName, columns: readonly string[], caller: "insertRows" | "upsertRow") {
  const table = tableOf(model);
  for (const column of columns)
    if (!table.types.has(column)) throw new Error(`${caller}: ${model} has no column ${column}`);
  const fillsIn = caller === "insertRows" ? "createMany" : "upsert";
  for (const [column, type] of table.types)
    if (type === "DateTime" && !columns.includes(column))
      throw new Error(`${caller}: ${model}.${column} must be given (${fillsIn} would have filled it in)`);
  return table;
}

/**
 * Inserts `rows` into `model`'s table as createMany would, in plain multi-row INSERTs: the columns are the
 * first row's keys, and the driver adapter stores a raw parameter (a Date too) as it stores a model's field.
 * What createMany fills in itself (`@updatedAt`, `@default(now())`) is not filled here: every DateTime column
 * must be given, and a row missing a column is an error, never a silent NULL or the database's default.
 * `between` runs after each statement: an import job passes its pause (src/pipeline/time-slices.ts) so that
 * requests are answered between two statements. Returns the number of rows inserted.
 */
export async function insertRows<M extends Prisma.ModelName>(
  tx: Tx,
  model: M,
  rows: readonly CreateManyRow<M>[],
  between: () => Promise<void> = () => Promise.resolve(),
): Promise<number> {
  if (!rows.length) return 0;
  const columns = Object.keys(rows[0]!);
  const table = tableWith(model, columns, "insertRows");
  const valuesOf = (row: Record<string, unknown>) =>
    columns.map((column) => {
      const value = row[column];
      if (value === undefined) throw new Error(`insertRows: ${model}.${column} is missing from a row`);
      return value;
    });
  const head = Prisma.raw(`INSERT INTO "${table.name}" (${columns.map(quoted).join(", ")}) VALUES `);
  const rowsPerStatement = Math.max(1, Math.floor(MAX_BOUND_VALUES / columns.length));
  let inserted = 0;
  let tuples: Prisma.Sql[] = [];
  let chars = 0;
  const flush = async () => {
    // Called with the composed query, not as a tag: the PostgreSQL client has its own copy of Prisma's runtime,
    // whose tag would take this runtime's Sql fragments for values; a query object is read by its text and values.
    if (!tuples.length) return;
    inserted += await tx.$executeRaw(Prisma.sql`${head}${Prisma.join(tuples)}`);
    tuples = [];
    chars = 0;
    await between();
  };
  for (const row of rows) {
    const values = valuesOf(row as Record<string, unknown>);
    for (const value of values) if (typeof value === "string") chars += value.length;
    tuples.push(Prisma.sql`(${Prisma.join(values)})`);
    if (tuples.length >= rowsPerStatement || chars >= STATEMENT_CHARS) await flush();
  }
  await flush();
  return inserted;
}

/**
 * Inserts one row of `model`, or updates the row its `key` columns name, as Prisma's upsert with the same
 * `create` and `update` would (INSERT … ON CONFLICT … DO UPDATE: SQLite 3.24+ and PostgreSQL 9.5+). The
 * key must be the table's primary key or a unique index. As for insertRows, no column is left to Prisma:
 * every value is given, and a DateTime column must be.
 */
export async function upsertRow<M extends Prisma.ModelName>(
  tx: Tx,
  model: M,
  key: Record<string, unknown>,
  data: Record<string, unknown>,
): Promise<void> {
  const row: Record<string, unknown> = { ...key, ...data };
  const columns = Object.keys(row);
  const table = tableWith(model, columns, "upsertRow");
  for (const column of columns)
    if (row[column] === undefined) throw new Error(`upsertRow: ${model}.${column} is undefined`);
  const updates = Object.keys(data).map((column) => `${quoted(column)} = excluded.${quoted(column)}`);
  const sql = Prisma.sql`${Prisma.raw(`INSERT INTO "${table.name}" (${columns.map(quoted).join(", ")}) VALUES `)}(${Prisma.join(
    columns.map((column) => row[column]),
  )})${Prisma.raw(
    ` ON CONFLICT (${Object.keys(key).map(quoted).join(", ")}) ${updates.length ? `DO UPDATE SET ${updates.join(", ")}` : "DO NOTHING"}`,
  )}`;
  // A query object, not a tag: see insertRows.
  await tx.$executeRaw(sql);
}
