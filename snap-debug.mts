import { copyFileSync } from "node:fs";
import { createSqliteDatabase } from "/work/main/src/db/sqlite.ts";
import { migrateDatabase } from "/work/main/src/cli/migrate.ts";
import { runImport } from "/work/main/src/pipeline/import.ts";
import { claimNextVersion } from "/work/main/src/pipeline/apply.ts";
import { createContentStore } from "/work/main/src/read/store.ts";
const file = "/tmp/snapdebug.db";
for (const f of [file, file+"-wal", file+"-shm"]) try { (await import("node:fs")).rmSync(f) } catch {}
migrateDatabase(file);
const db = createSqliteDatabase(file);
console.log(await runImport(db, { dir: "seeds" }).then(r => r.ok));
const store = createContentStore(db);
console.log((await store.snapshot()).version);
const writer = createSqliteDatabase(file);
for (let i = 0; i < 5; i++) {
  console.log("commit", i);
  await writer.prisma.$transaction(async (tx) => {
    const current = await tx.contentState.findUniqueOrThrow({ where: { id: 1 } });
    console.log("read", current.version);
    const version = await claimNextVersion(tx, current.version);
    await tx.statusCode.update({ where: { code: 404 }, data: { reasonPhrase: `Not Found ${version}` } });
  });
  const s = await store.snapshot();
  console.log("snapshot", s.version, s.model.codes.get(404)?.reasonPhrase);
}
process.exit(0);
