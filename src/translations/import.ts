// Applies a translated XLIFF/PO file: plan → render files → validate the whole folder as it would be →
// write the files → import them into the database in one transaction. Any error stops before writing.
import { constants } from "node:fs";
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../db/index.ts";
import type { EditorialState } from "../content/format.ts";
import { translatableLocaleProblem } from "../domain/translation-units.ts";
import { checkContent, runImport, type ContentOptions, type ImportReport } from "../pipeline/import.ts";
import { decodeUtf8, displayPath } from "../pipeline/parse.ts";
import { capIssues, type ContentIssue } from "../pipeline/issues.ts";
import { DEFAULT_LIMITS, excerpt, formatBytes, limitsWith, type InputLimits } from "../pipeline/limits.ts";
import { planTranslationImport, type ExchangeDocument } from "./exchange.ts";
import { fromPo, poLineOf } from "./po.ts";
import { renderCodeTranslation, renderComparisonTranslation, renderMessages } from "./write.ts";
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
export async function readExchangeFile(file: string, format: ExchangeFormat, limits: InputLimits = DEFAULT_LIMITS) {
  const refuse = (message: string, line = 0): { errors: ContentIssue[] } => ({ errors: [{ file, line, field: "", message }] });
  let bytes: Buffer;
  try {
    const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const info = await handle.stat();
      if (!info.isFile()) return refuse("is not a regular file (a folder, FIFO or device): give the path of an .xlf/.xliff or .po file");
      if (info.size > limits.exchangeFileBytes) return refuse(`is ${formatBytes(info.size)}, over the limit of ${formatBytes(limits.exchangeFileBytes)} per translation file`);
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return refuse(`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
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

export type TranslationImportResult =
  | { ok: false; errors: ContentIssue[] }
  | { ok: true; files: string[]; units: number; skipped: number; report: ImportReport };

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}

export async function importTranslations(
  db: Database,
  options: ContentOptions & { dir: string; file: string; locale?: string; state: EditorialState; format?: ExchangeFormat },
): Promise<TranslationImportResult> {
  const format = options.format ?? formatOfFile(options.file);
  if (!format) return { ok: false, errors: [{ file: options.file, line: 0, field: "", message: "unknown format: use a .xlf/.xliff or .po file, or pass --format" }] };
  const limits = limitsWith(options.limits);
  const exchange = await readExchangeFile(options.file, format, limits);
  if ("errors" in exchange) return { ok: false, errors: exchange.errors };
  const content = { limits: options.limits, allowUnknownFiles: options.allowUnknownFiles };
  const current = await checkContent(options.dir, content);
  if (current.errors.length) return { ok: false, errors: current.errors };
  // Without --locale the file's own target language decides; with it, the two must agree.
  const locale = options.locale ?? exchange.doc.targetLanguage;
  const problem = translatableLocaleProblem(current.content.locales.map((l) => l.code), locale);
  if (problem) {
    return { ok: false, errors: [{ file: options.file, line: exchange.lineOf(null), field: options.locale ? "--locale" : "targetLanguage", message: problem }] };
  }
  const plan = planTranslationImport(current.content, locale, exchange.doc, { file: options.file, state: options.state, lineOf: exchange.lineOf, limits });
  if (plan.errors.length) return { ok: false, errors: capIssues(plan.errors, limits.reportedErrors) };

  // Record files are relative to the content folder; `rendered` keeps them so, as checkContent's overrides.
  const inDir = (file: string) => path.join(options.dir, file);
  const rendered = new Map<string, string>();
  for (const record of plan.codeTranslations) rendered.set(record.file, renderCodeTranslation(await readIfExists(inDir(record.file)), record));
  for (const record of plan.comparisonTranslations) rendered.set(record.file, renderComparisonTranslation(await readIfExists(inDir(record.file)), record));
  const messageFiles = new Set(plan.messages.map((m) => m.file));
  for (const file of messageFiles) rendered.set(file, renderMessages(await readIfExists(inDir(file)), plan.messages.filter((m) => m.file === file)));

  // The folder as it would be after writing must still be valid content, or nothing is written.
  const after = await checkContent(options.dir, { ...content, overrides: rendered });
  if (after.errors.length) return { ok: false, errors: after.errors };

  // Write every file beside its target first, then rename: a failure while writing leaves no file
  // half-done and no temporary file behind (the next import would warn about it).
  const temporary = [...rendered].map(([file, text]) => ({ file: inDir(file), temp: `${inDir(file)}.${process.pid}.tmp`, text }));
  try {
    for (const { temp } of temporary) await mkdir(path.dirname(temp), { recursive: true });
    await Promise.all(temporary.map(({ temp, text }) => writeFile(temp, text)));
  } catch (error) {
    await Promise.all(temporary.map(({ temp }) => rm(temp, { force: true })));
    return { ok: false, errors: [{ file: options.file, line: 0, field: "", message: `nothing written: ${(error as Error).message}` }] };
  }
  for (const { file, temp } of temporary) await rename(temp, file);

  const units = plan.codeTranslations.length + plan.comparisonTranslations.length + plan.messages.length;
  const report = await runImport(db, { dir: options.dir, ...content });
  return { ok: true, files: [...rendered.keys()].map((file) => displayPath(options.dir, file)), units, skipped: plan.skipped, report };
}
