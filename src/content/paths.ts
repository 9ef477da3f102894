// Where each piece of content lives in the content folder, defined once: the parser classifies file
// names with it, the exporter writes to it, and records created through the API take their `file` from it.

export type FileKind = "locales" | "messages" | "glossary" | "code" | "comparison";

/** What a content file name says about its content. */
export type ContentLocation = { kind: FileKind; locale?: string; nameCodes?: number[] };

/** The paths, relative to the content root with forward slashes, that new files are given. */
export const contentPath = {
  locales: () => "locales.yaml",
  messages: (locale: string) => `messages/${locale}.yaml`,
  glossary: (locale: string) => `glossary/${locale}.yaml`,
  code: (locale: string, code: number) => `codes/${locale}/${code}.md`,
  /** The pair in ascending order whatever order it is given in: a pair is stored, and named, once. */
  comparison: (locale: string, a: number, b: number) =>
    `comparisons/${locale}/${Math.min(a, b)}-vs-${Math.max(a, b)}.md`,
};

// What the parser accepts is a little wider than what contentPath writes: `.yml` is read too, since
// editors save YAML under either name, and a file read as `.yml` keeps that name on export.
const LOCALES_FILE = /^locales\.ya?ml$/;
const CODE_FILE = /^codes\/([^/]+)\/(\d{3})\.md$/;
const COMPARISON_FILE = /^comparisons\/([^/]+)\/(\d{3})-vs-(\d{3})\.md$/;
const MESSAGES_FILE = /^messages\/([^/]+)\.ya?ml$/;
/** A locale's termbase: the terms its translations must use (src/pipeline/termbase.ts checks them). */
const GLOSSARY_FILE = /^glossary\/([^/]+)\.ya?ml$/;

/** The names the parser reads, as error messages spell them out for editors. */
export const EXPECTED_NAMES =
  "locales.yaml, messages/<locale>.yaml, glossary/<locale>.yaml, codes/<locale>/<code>.md or comparisons/<locale>/<a>-vs-<b>.md";

/** What a path relative to the content root holds, or null when it is not a content file name. */
export function classifyContentPath(relative: string): ContentLocation | null {
  if (LOCALES_FILE.test(relative)) return { kind: "locales" };
  const glossary = GLOSSARY_FILE.exec(relative);
  if (glossary) return { kind: "glossary", locale: glossary[1] };
  const messages = MESSAGES_FILE.exec(relative);
  if (messages) return { kind: "messages", locale: messages[1] };
  const code = CODE_FILE.exec(relative);
  if (code) return { kind: "code", locale: code[1], nameCodes: [Number(code[2])] };
  const comparison = COMPARISON_FILE.exec(relative);
  if (comparison)
    return { kind: "comparison", locale: comparison[1], nameCodes: [Number(comparison[2]), Number(comparison[3])] };
  return null;
}

/** Whether `relative` is a name the parser reads as exactly this location (so a record may keep it). */
export function isPathOf(relative: string, location: ContentLocation): boolean {
  const found = classifyContentPath(relative);
  return (
    found !== null &&
    found.kind === location.kind &&
    found.locale === location.locale &&
    (found.nameCodes ?? []).join() === (location.nameCodes ?? []).join()
  );
}
