// Writes persisted-operations.json from operations/*.graphql: each operation's id is the sha256 of its printed
// document. A test fails when the manifest is stale or a document does not validate against the schema.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, print, validate } from "graphql";
import { sha256Hex } from "../src/http/persisted-operations.ts";
import { schema } from "../src/schema/index.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OPERATIONS_DIR = path.join(ROOT, "operations");
export const MANIFEST_FILE = path.join(ROOT, "persisted-operations.json");

/** The manifest's text: `{ id: document }`, ids in file order, documents printed (no comments or layout). */
export function buildManifest(dir: string = OPERATIONS_DIR): string {
  const manifest: Record<string, string> = {};
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith(".graphql"))
    .sort()) {
    const document = parse(readFileSync(path.join(dir, file), "utf8"));
    const errors = validate(schema, document);
    if (errors.length) throw new Error(`${file}: ${errors.map((error) => error.message).join("; ")}`);
    const printed = print(document);
    manifest[sha256Hex(printed)] = printed;
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(MANIFEST_FILE, buildManifest());
  console.log(`Wrote ${path.relative(process.cwd(), MANIFEST_FILE)}`);
}
