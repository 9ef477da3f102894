// Whether the content folder still holds what the last import read from it. Parsing and checking an
// unchanged folder of 101 locales took 3 s of a 5 s no-op import (and a third of a cold start); an import
// of the same files by the same importer is a no-op by construction (plan.ts: every unit equals its base,
// and without --force the database's value stays), so runImport and `start` skip it when the digests match.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildId } from "../build-id.ts";
import type { Tx } from "../db/database.ts";
import { projectRoot } from "../paths.ts";
import type { ContentRead, ParseOptions } from "./parse.ts";
import { drain } from "./time-slices.ts";

/** The ImportSource row's id: the table holds the last import's digest only. */
const IMPORT_SOURCE_ID = 1;

/**
 * A digest of everything an import's outcome depends on besides the database: the importer doing the
 * import (`importerVersion`: a new parser may read the same bytes differently), the options it reads with,
 * and each file's name and text, or why it could not be read. Undefined when the folder itself could not
 * be read (or no importer version is given).
 */
export function sourceDigest(
  read: ContentRead,
  options: Pick<ParseOptions, "limits" | "allowUnknownFiles">,
  build: string | undefined,
): string | undefined {
  return drain(digestingSource(read, options, build));
}

/**
 * `sourceDigest` as a step that yields after each file (src/pipeline/time-slices.ts): hashing 101 locales'
 * files held a server's event loop for 90 ms at the start of an import job.
 */
export function* digestingSource(
  read: ContentRead,
  options: Pick<ParseOptions, "limits" | "allowUnknownFiles">,
  build: string | undefined,
): Generator<void, string | undefined> {
  if (build === undefined || !read.result.readable) return undefined;
  const hash = createHash("sha256");
  const field = (value: string) => hash.update(`${Buffer.byteLength(value)}:`).update(value);
  field(build);
  field(JSON.stringify({ limits: options.limits ?? null, allowUnknownFiles: options.allowUnknownFiles ?? false }));
  for (const issue of read.result.errors) field(`refused ${issue.file}: ${issue.message}`);
  for (const { relative, read: file } of read.reads) {
    field(relative);
    field("text" in file ? `text ${file.text}` : `refused ${file.error.message}`);
    yield;
  }
  return hash.digest("hex");
}

let sourcesVersion: string | undefined;

/**
 * The importer's own version: the build id when a build runs (a hash of the sources and locked
 * dependencies it bundled); when the TypeScript sources run (tsx, vitest), a hash of those same inputs,
 * taken once, when first asked (the code running is the code loaded). A changed importer re-imports.
 */
export function importerVersion(): string {
  if (buildId !== undefined) return buildId;
  if (sourcesVersion === undefined) {
    const hash = createHash("sha256");
    const src = path.join(projectRoot, "src");
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).sort();
    for (const file of files)
      hash
        .update(`${file}\0`)
        .update(readFileSync(path.join(src, file)))
        .update("\0");
    // The parser's own dependencies (yaml, zod, gray-matter) at their locked versions, when the lock is there.
    try {
      hash.update(readFileSync(path.join(projectRoot, "package-lock.json")));
    } catch {
      hash.update("no lock file");
    }
    sourcesVersion = `sources-${hash.digest("hex")}`;
  }
  return sourcesVersion;
}

export async function readImportedDigest(tx: Tx): Promise<string | undefined> {
  return (await tx.importSource.findUnique({ where: { id: IMPORT_SOURCE_ID } }))?.digest;
}

/** Part of every import that records its bases: what it read, or nothing to match when it did not read a folder. */
export async function recordImportedDigest(tx: Tx, digest: string | undefined): Promise<void> {
  if (digest === undefined) await tx.importSource.deleteMany();
  else
    await tx.importSource.upsert({
      where: { id: IMPORT_SOURCE_ID },
      create: { id: IMPORT_SOURCE_ID, digest },
      update: { digest },
    });
}
