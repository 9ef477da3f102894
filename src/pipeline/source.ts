// Whether the content folder still holds what the last import read from it. `status-atlas start` imports
// the content folder on every start, and re-reading, parsing and planning an unchanged folder was about a
// third of a cold start (bench/cold-start.ts); an import of the same files by the same build is a no-op
// by construction (plan.ts: every unit equals its base), so start skips it when the digests match.
import { createHash } from "node:crypto";
import type { Tx } from "../db/database.ts";
import type { ContentRead, ParseOptions } from "./parse.ts";

/** The ImportSource row's id: the table holds the last import's digest only. */
const IMPORT_SOURCE_ID = 1;

/**
 * A digest of everything an import's outcome depends on besides the database: the build doing the
 * import (a new parser may read the same bytes differently), the options it reads with, and each file's
 * name and text, or why it could not be read. Undefined when there is no build id (the TypeScript sources
 * are running and may have changed) or the folder itself could not be read.
 */
export function sourceDigest(read: ContentRead, options: Pick<ParseOptions, "limits" | "allowUnknownFiles">, build: string | undefined): string | undefined {
  if (build === undefined || !read.result.readable) return undefined;
  const hash = createHash("sha256");
  const field = (value: string) => hash.update(`${Buffer.byteLength(value)}:`).update(value);
  field(build);
  field(JSON.stringify({ limits: options.limits ?? null, allowUnknownFiles: options.allowUnknownFiles ?? false }));
  for (const issue of read.result.errors) field(`refused ${issue.file}: ${issue.message}`);
  for (const { relative, read: file } of read.reads) {
    field(relative);
    field("text" in file ? `text ${file.text}` : `refused ${file.error.message}`);
  }
  return hash.digest("hex");
}

export async function readImportedDigest(tx: Tx): Promise<string | undefined> {
  return (await tx.importSource.findUnique({ where: { id: IMPORT_SOURCE_ID } }))?.digest;
}

/** Part of every import that records its bases: what it read, or nothing to match when it did not read a folder. */
export async function recordImportedDigest(tx: Tx, digest: string | undefined): Promise<void> {
  if (digest === undefined) await tx.importSource.deleteMany();
  else await tx.importSource.upsert({ where: { id: IMPORT_SOURCE_ID }, create: { id: IMPORT_SOURCE_ID, digest }, update: { digest } });
}
