// Run as a separate process by tests: commits `count` content versions to the SQLite database given,
// each changing a fact and a text of 404 in two tables, as fast as another writer process would.
import { createDatabase } from "../../src/db/index.ts";
import { claimNextVersion } from "../../src/pipeline/apply.ts";

const [url = "", count = "50"] = process.argv.slice(2);
const db = createDatabase(url);
for (let i = 0; i < Number(count); i++) {
  await db.write(async (tx) => {
    const current = await tx.contentState.findUniqueOrThrow({ where: { id: 1 } });
    const version = await claimNextVersion(tx, current.version);
    await tx.statusCode.update({ where: { code: 404 }, data: { reasonPhrase: `Not Found ${version}` } });
    await tx.statusCodeTranslation.update({
      where: { code_locale: { code: 404, locale: "en" } },
      data: { title: `Title ${version}` },
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 2));
}
await db.close();
