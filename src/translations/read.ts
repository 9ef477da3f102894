// Reads a translated XLIFF/PO file, safely and with line numbers; src/translations/database.ts writes its
// units into the database.
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { decodeUtf8 } from "../pipeline/parse.ts";
import type { ContentIssue } from "../pipeline/issues.ts";
import { DEFAULT_LIMITS, excerpt, formatBytes, type InputLimits } from "../pipeline/limits.ts";
import type { ExchangeDocument } from "./exchange.ts";
import { fromPo, poLineOf } from "./po.ts";
import { ExchangeSyntaxError, fromXliff, xliffLineOf } from "./xliff.ts";

export type ExchangeFormat = "xliff" | "po";

export function formatOfFile(file: string): ExchangeFormat | null {
  const ext = path.extname(file).toLowerCase();
  return ext === ".xlf" || ext === ".xliff" ? "xliff" : ext === ".po" ? "po" : null;
}

/**
 * Reads an XLIFF/PO file: a regular file (a FIFO would block, a device never end), within the size
 * cap, valid UTF-8. Errors name the file and the line to look at.
 */
export async function readExchangeFile(
  file: string,
  format: ExchangeFormat,
  limits: InputLimits = DEFAULT_LIMITS,
): Promise<ExchangeRead> {
  const refuse = (message: string, line = 0): { errors: ContentIssue[] } => ({
    errors: [{ file, line, field: "", message }],
  });
  let bytes: Buffer;
  try {
    const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const info = await handle.stat();
      if (!info.isFile())
        return refuse("is not a regular file (a folder, FIFO or device): give the path of an .xlf/.xliff or .po file");
      if (info.size > limits.exchangeFileBytes)
        return refuse(
          `is ${formatBytes(info.size)}, over the limit of ${formatBytes(limits.exchangeFileBytes)} per translation file`,
        );
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return refuse(`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return readExchangeBytes(file, bytes, format);
}

/** What an exchange file read gives: the document and where each entry sits, or the reasons it was refused. */
export type ExchangeRead =
  | { doc: ExchangeDocument; lineOf: (entry: { unitId: string; field: string } | null) => number }
  | { errors: ContentIssue[] };

/** Reads an XLIFF/PO file's bytes (from disk, or an upload named `file`): valid UTF-8, then the format's syntax. */
export async function readExchangeBytes(
  file: string,
  bytes: Uint8Array,
  format: ExchangeFormat,
): Promise<ExchangeRead> {
  const refuse = (message: string, line = 0): { errors: ContentIssue[] } => ({
    errors: [{ file, line, field: "", message }],
  });
  const decoded = decodeUtf8(file, bytes);
  if ("error" in decoded) return { errors: [decoded.error] };
  const text = decoded.text;
  try {
    const doc: ExchangeDocument = format === "xliff" ? await fromXliff(text) : fromPo(text);
    return { doc, lineOf: format === "xliff" ? xliffLineOf(text) : poLineOf(text) };
  } catch (error) {
    if (error instanceof ExchangeSyntaxError) return refuse(error.message, error.line);
    return refuse(`cannot read as ${format}: ${excerpt((error as Error).message, 120)}`);
  }
}
