// The corpora the write-path bench runs on (`BENCH_LOCALES=N`): seeds/ with N−2 extra locales, each a copy
// of `vi` under its own code ("xaa", "xab", …), complete and published, falling back to English. 101 locales
// is 70 codes in 13,614 units: the size the write path is designed for.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const SEEDS = path.resolve(import.meta.dirname, "../seeds");

/** The extra locales' codes: three letters, never a real locale of the seeds. */
export function extraLocales(count: number): string[] {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  return Array.from({ length: count }, (_, i) => `x${letters[Math.floor(i / 26) % 26]}${letters[i % 26]}`);
}

/** A content folder with `locales` locales in all (at least 2: en and vi); the caller removes it. */
export function generateCorpus(locales: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), `status-atlas-corpus-${locales}-`));
  cpSync(SEEDS, dir, { recursive: true });
  const extra = extraLocales(Math.max(0, locales - 2));
  const listed = extra
    .map((code) => `- code: ${code}\n  name: Clone ${code}\n  nativeName: Clone ${code}\n  fallback: en\n`)
    .join("");
  writeFileSync(path.join(dir, "locales.yaml"), readFileSync(path.join(dir, "locales.yaml"), "utf8") + listed);
  for (const code of extra) {
    for (const folder of ["codes", "comparisons"])
      cpSync(path.join(SEEDS, folder, "vi"), path.join(dir, folder, code), { recursive: true });
    for (const folder of ["messages", "glossary"])
      cpSync(path.join(SEEDS, folder, "vi.yaml"), path.join(dir, folder, `${code}.yaml`));
  }
  return dir;
}
