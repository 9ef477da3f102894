// `npm run bench`, translation refusal: how fast a hostile XLIFF with 294,000 unknown units is refused.
// Once each error rescanned the file for its line (8.6 hours); errors are now found in one pass.
// Run alone with `npx tsx bench/refusal.ts`.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Database } from "../src/db/index.ts";
import { limitsWith } from "../src/pipeline/limits.ts";
import { importIntoDatabase } from "../src/translations/database.ts";
import { readExchangeFile } from "../src/translations/read.ts";

const UNITS = Number(process.env.BENCH_REFUSAL_UNITS ?? 294_000);

function hostileXliff(units: number): string {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="vi">\n',
  ];
  for (let i = 0; i < units; i++)
    parts.push(
      `<file id="code.x${i}"><unit id="title"><segment><source>a</source><target>b</target></segment></unit></file>\n`,
    );
  parts.push("</xliff>\n");
  return parts.join("");
}

export async function benchTranslationRefusal(db: Database): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-refusal-"));
  try {
    const file = path.join(dir, "hostile.xlf");
    const xml = hostileXliff(UNITS);
    writeFileSync(file, xml);
    const rows: string[] = [];
    // With the default limits the file is over the size cap and refused before it is parsed;
    // with the cap lifted every unit is read and refused, which is what errors per second measures.
    for (const [label, limits] of [
      ["default limits (size cap)", {}],
      ["size cap lifted: every unit checked", { exchangeFileBytes: xml.length + 1 }],
    ] as const) {
      const started = performance.now();
      // As `translations import` does: read the file within its limits, then plan its units against the database.
      const exchange = await readExchangeFile(file, "xliff", limitsWith(limits));
      const result =
        "errors" in exchange
          ? { ok: false as const, errors: exchange.errors }
          : await importIntoDatabase(db, {
              doc: exchange.doc,
              lineOf: exchange.lineOf,
              locale: "vi",
              file,
              state: "draft",
              actor: "bench",
              limits: limitsWith(limits),
            });
      const seconds = (performance.now() - started) / 1000;
      if (result.ok) throw new Error("the hostile file was accepted");
      const summary = /\(([\d,]+) in all\)/.exec(result.errors.at(-1)!.message);
      const found = summary ? Number(summary[1]!.replace(/,/g, "")) : result.errors.length;
      // One error found before parsing (the size cap) has no meaningful rate: the time says it all.
      rows.push(
        `| ${label} | ${found} | ${result.errors.length} | ${seconds.toFixed(3)} | ${found > 1 ? Math.round(found / seconds) : "—"} |`,
      );
    }
    console.log(
      `\nTranslation import refusing ${UNITS} unknown units (${(xml.length / 1024 / 1024).toFixed(1)} MiB XLIFF); node ${process.version}\n`,
    );
    console.log("| run | errors found | errors reported | seconds | errors per second |");
    console.log("|---|---:|---:|---:|---:|");
    for (const row of rows) console.log(row);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { migrateDatabase } = await import("../src/cli/migrate.ts");
  const { createSqliteDatabase } = await import("../src/db/sqlite.ts");
  const { runImport } = await import("../src/pipeline/import.ts");
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-bench-"));
  try {
    const databaseFile = path.join(dir, "bench.db");
    migrateDatabase(`file:${databaseFile}`);
    const db = createSqliteDatabase(databaseFile);
    const seeds = path.resolve(import.meta.dirname, "../seeds");
    if (!(await runImport(db, { dir: seeds })).ok) throw new Error("seed import failed");
    await benchTranslationRefusal(db);
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
