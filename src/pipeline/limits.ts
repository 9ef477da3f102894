// How much any one input may be: the one definition of the size caps that content files and
// translation files share, so neither can store what the other would refuse.

export type InputLimits = {
  /** Bytes of one content file (Markdown or YAML); the largest in seeds/ is about 3 KB. */
  fileBytes: number;
  /** Characters of one text field, the Markdown body included; the longest in seeds/ is about 2,000. */
  fieldChars: number;
  /** Bytes of one XLIFF or PO file: an export of every unit of seeds/ is well under 1 MB. */
  exchangeFileBytes: number;
  /** Errors reported one by one; the rest are counted, so a broken file cannot flood a terminal. */
  reportedErrors: number;
};

export const DEFAULT_LIMITS: InputLimits = {
  fileBytes: 1024 * 1024,
  fieldChars: 20_000,
  exchangeFileBytes: 16 * 1024 * 1024,
  reportedErrors: 100,
};

export function limitsWith(overrides: Partial<InputLimits> = {}): InputLimits {
  return { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}

/** The one wording of a field over the limit, for content and translation files alike. */
export function fieldTooLong(length: number, limits: InputLimits): string {
  return `${length.toLocaleString("en")} characters, over the limit of ${limits.fieldChars.toLocaleString("en")} per field (--max-field-chars)`;
}

/** "1 MiB", "20.5 MiB", "900 bytes": sizes as people read them in an error. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${+(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** At most `max` characters of one line of input, so an error never carries a whole file. */
export function excerpt(text: string, max = 60): string {
  const line = text.split("\n", 1)[0]!;
  return line.length > max || line.length < text.length ? `${line.slice(0, max)}…` : line;
}
