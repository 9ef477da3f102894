// Where the project's own files are (package.json, prisma/, migrations), wherever this module runs from:
// src/ under tsx and vitest, or a bundled chunk in dist/ (scripts/build.ts). A path counted in "../.."
// from the module would be right in one layout only.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Status Atlas: no package.json above ${from}`);
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
