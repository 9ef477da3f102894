// The flags every command that reads the content folder shares, and their one translation into options.
import { env } from "../env.ts";
import type { ContentOptions } from "../pipeline/import.ts";
import { DEFAULT_LIMITS } from "../pipeline/limits.ts";
import { CliError } from "./errors.ts";

export const contentArgs = {
  dir: { type: "string", description: "content folder", default: env.SEEDS_DIR },
  "allow-unknown-files": {
    type: "boolean",
    description: "skip misnamed Markdown/YAML files with a warning instead of failing",
    default: false,
  },
  "max-file-bytes": {
    type: "string",
    valueHint: "bytes",
    description: `largest content file accepted (default ${DEFAULT_LIMITS.fileBytes})`,
  },
  "max-field-chars": {
    type: "string",
    valueHint: "characters",
    description: `longest text field accepted, Markdown body included (default ${DEFAULT_LIMITS.fieldChars})`,
  },
} as const;

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) === 0)
    throw CliError.usage(`--${flag}: expected a positive whole number, got "${value}"`);
  return Number(value);
}

export function contentOptions(args: {
  "allow-unknown-files"?: boolean;
  "max-file-bytes"?: string;
  "max-field-chars"?: string;
}): ContentOptions {
  return {
    allowUnknownFiles: args["allow-unknown-files"] ?? false,
    limits: {
      fileBytes: positiveInteger("max-file-bytes", args["max-file-bytes"]),
      fieldChars: positiveInteger("max-field-chars", args["max-field-chars"]),
    },
  };
}
