// Migrates one template database with Prisma's own CLI; each test file copies it instead of migrating again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../src/cli/migrate.ts";

export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "status-atlas-template-"));
  const template = path.join(dir, "template.db");
  migrateDatabase(template);
  project.provide("templateDatabase", template);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
