// For CLI tests that run the CLI in-process: src/env.ts reads DATABASE_URL when first imported, so the test
// file calls this from vi.hoisted, before its own imports, and imports the CLI afterwards.
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";

/** Copies the migrated template database into a new folder and points DATABASE_URL at the copy; returns its path. */
export function pointDatabaseUrlAtTemplateCopy(name: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), `status-atlas-${name}-`)), "test.db");
  copyFileSync(inject("templateDatabase"), file);
  process.env.DATABASE_URL = `file:${file}`;
  return file;
}
