// The termbases API edits are held to. They live in the content folder (glossary/<locale>.yaml), not the
// database, so the server reads them from there once; a folder without them checks no terms, as an import would.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { GlossaryFile } from "../content/format.ts";
import { classifyContentPath, contentPath } from "../content/paths.ts";
import type { GlossaryRecord } from "../content/records.ts";

export type GlossaryLoad = { glossaries: GlossaryRecord[]; problems: string[] };

/** Every termbase in the folder, or only those of `locales` (a translation file needs its own locale's alone). */
export async function loadGlossaries(contentDir: string, locales?: readonly string[]): Promise<GlossaryLoad> {
  const problems: string[] = [];
  const glossaries: GlossaryRecord[] = [];
  let names: string[];
  try {
    names = await readdir(path.join(contentDir, "glossary"));
  } catch {
    return { glossaries, problems };
  }
  for (const name of names.sort()) {
    const relative = `glossary/${name}`;
    const location = classifyContentPath(relative);
    if (location?.kind !== "glossary" || !location.locale || (locales && !locales.includes(location.locale))) continue;
    try {
      const entries = GlossaryFile.parse(parse(await readFile(path.join(contentDir, relative), "utf8")));
      glossaries.push({ locale: location.locale, entries, file: contentPath.glossary(location.locale) });
    } catch (error) {
      problems.push(
        `${relative}: ${(error as Error).message.split("\n")[0]} (run \`status-atlas check\`); API edits are not held to this termbase`,
      );
    }
  }
  return { glossaries, problems };
}
