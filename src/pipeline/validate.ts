// Step 2 of an import: check every parsed file against the content format and the cross-file rules,
// collecting all problems of the run, and build the ContentSet the planner works from.
import type { z } from "zod";
import {
  classOfCode,
  SOURCE_LOCALE,
  knownKeys,
  LocalesFile,
  SourceCodeFrontmatter,
  SourceComparisonFrontmatter,
  SourceMessagesFile,
  TranslatedCodeFrontmatter,
  TranslatedComparisonFrontmatter,
  TranslatedMessagesFile,
  type CodeText,
} from "../content/format.ts";
import { placeholderMismatch, placeholdersOf } from "../content/icu.ts";
import { engineMessageProblems, selectCoverageProblem } from "../domain/messages.ts";
import { pairKey, type ContentSet, type GlossaryRecord } from "../content/records.ts";
import type { ContentIssue } from "./issues.ts";
import { excerpt } from "./limits.ts";
import type { FailedFile, ParsedFile } from "./parse.ts";
import { checkingTermbases } from "./termbase.ts";
import { drain } from "./time-slices.ts";

export type ValidationResult = { content: ContentSet; errors: ContentIssue[]; warnings: ContentIssue[] };

/**
 * Facts live in the English file only; a translation carrying one would silently disagree with it. They
 * are the English file's fields a translation does not have (class, registry, spec, related, …).
 */
const FACT_KEYS = knownKeys(SourceCodeFrontmatter).filter((key) => !knownKeys(TranslatedCodeFrontmatter).includes(key));

function describeIssue(issue: z.core.$ZodIssue): string {
  // An excerpt only: a file that is not what it claims (say, /etc/passwd as YAML) must not be echoed whole.
  const got =
    "input" in issue && issue.input !== undefined
      ? `, got ${excerpt(JSON.stringify(issue.input) ?? String(issue.input))}`
      : "";
  switch (issue.code) {
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join(", ")}${got}`;
    case "invalid_type":
      return issue.input === undefined ? "is required" : `expected ${issue.expected}${got}`;
    case "unrecognized_keys":
      return `unknown keys ${issue.keys.join(", ")}`;
    default:
      return `${issue.message}${issue.code === "custom" ? "" : got}`;
  }
}

function check<T>(schema: z.ZodType<T>, file: ParsedFile, errors: ContentIssue[]): T | undefined {
  const result = schema.safeParse(file.data, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const fieldPath = issue.path as (string | number)[];
    errors.push({
      file: file.file,
      line: file.lineOf(fieldPath),
      field: fieldPath.join(".") || "frontmatter",
      message: describeIssue(issue),
    });
  }
  return undefined;
}

function warnUnknownKeys(file: ParsedFile, allowed: string[], warnings: ContentIssue[]): void {
  for (const { key, line } of file.keys) {
    if (!allowed.includes(key))
      warnings.push({
        file: file.file,
        line,
        field: key,
        message: `unknown field, ignored (known fields: ${allowed.join(", ")})`,
      });
  }
}

/**
 * `failed` lists files that exist but could not be parsed: their own errors are already reported, so
 * nothing here reports them missing or what they define unknown (one root cause, reported once).
 */
/**
 * What the content holds beyond the files being checked, when they are only part of it (an edit checks the
 * records it changes and those they depend on, src/editorial/scope.ts): the codes defined elsewhere, and
 * whether the English catalogue is among the files because the check needs it or is elsewhere.
 */
export type Surroundings = {
  codes: ReadonlySet<number>;
  /**
   * The locales the content defines, when the files hold no locales.yaml: an edit never changes the locale
   * list, so rendering all of it (101 entries at scale) to parse it back on every save would check nothing.
   */
  locales?: ReadonlySet<string>;
  /** Termbases held beside the files (checked when they were loaded), for locales whose termbase is not among them. */
  glossaries?: readonly GlossaryRecord[];
};

export function validateContent(
  files: ParsedFile[],
  failed: readonly FailedFile[] = [],
  surroundings?: Surroundings,
): ValidationResult {
  return drain(validating(files, failed, surroundings));
}

/** One validation run: what every kind's checks read and write. */
type Run = {
  files: ParsedFile[];
  failed: readonly FailedFile[];
  surroundings: Surroundings | undefined;
  content: ContentSet;
  errors: ContentIssue[];
  warnings: ContentIssue[];
  err(file: ParsedFile, field: (string | number)[], message: string): void;
};

/** validateContent as a step that yields after each file (src/pipeline/time-slices.ts). */
export function* validating(
  files: ParsedFile[],
  failed: readonly FailedFile[] = [],
  surroundings?: Surroundings,
): Generator<void, ValidationResult> {
  const errors: ContentIssue[] = [];
  const warnings: ContentIssue[] = [];
  const content: ContentSet = {
    locales: [],
    codes: [],
    codeTranslations: [],
    comparisons: [],
    comparisonTranslations: [],
    messages: [],
  };
  const err = (file: ParsedFile, field: (string | number)[], message: string) =>
    errors.push({ file: file.file, line: file.lineOf(field), field: field.join("."), message });
  const run: Run = { files, failed, surroundings, content, errors, warnings, err };
  // Locales first: every other file is checked against them.
  const checkLocale = checkLocales(run);
  const knownCodes = yield* checkingCodes(run, checkLocale);
  yield* checkingComparisons(run, checkLocale, knownCodes);
  yield* checkingMessages(run, checkLocale);
  // Termbases last: they report on text the checks above have read.
  yield* checkingTermbases(files, content, errors, warnings, surroundings);
  return { content, errors, warnings };
}

/** locales.yaml: each locale once, English among them, fallbacks that exist and do not loop. Returns the check of a file's locale. */
function checkLocales({ files, failed, surroundings, content, errors, err }: Run): (file: ParsedFile) => boolean {
  const localeFiles = files.filter((f) => f.kind === "locales");
  if (localeFiles.length === 0 && !surroundings?.locales && !failed.some((f) => f.kind === "locales")) {
    errors.push({
      file: "locales.yaml",
      line: 0,
      field: "",
      message: "missing: the content folder needs a locales.yaml",
    });
  } else if (localeFiles.length > 1) {
    for (const f of localeFiles.slice(1)) err(f, [], `duplicate of ${localeFiles[0]!.file}`);
  }
  const localesFile = localeFiles[0];
  const locales = localesFile ? check(LocalesFile, localesFile, errors) : undefined;
  const localeCodes = new Set<string>();
  if (localesFile && locales) {
    locales.forEach((locale, i) => {
      if (localeCodes.has(locale.code)) err(localesFile, [i, "code"], `locale "${locale.code}" is listed twice`);
      localeCodes.add(locale.code);
      content.locales.push({ ...locale, fallback: locale.fallback ?? null, position: i });
    });
    if (!localeCodes.has(SOURCE_LOCALE)) err(localesFile, [], `the source locale "${SOURCE_LOCALE}" must be listed`);
    locales.forEach((locale, i) => {
      if (locale.fallback && !localeCodes.has(locale.fallback))
        err(localesFile, [i, "fallback"], `unknown locale "${locale.fallback}"`);
      if (locale.code === SOURCE_LOCALE && locale.fallback)
        err(localesFile, [i, "fallback"], "the source locale cannot fall back to another locale");
      const seen = new Set([locale.code]);
      for (let next = locale.fallback; next; next = locales.find((l) => l.code === next)?.fallback) {
        if (seen.has(next)) {
          err(localesFile, [i, "fallback"], `fallback chain loops back to "${next}"`);
          break;
        }
        seen.add(next);
      }
    });
  }
  const known = localesFile ? localeCodes : surroundings?.locales;
  const checkLocale = (file: ParsedFile): boolean => {
    if (!known) return true;
    if (known.has(file.locale!)) return true;
    errors.push({
      file: file.file,
      line: 1,
      field: "locale",
      message: `unknown locale "${file.locale}" (from the folder name); locales.yaml lists ${[...known].join(", ")}`,
    });
    return false;
  };

  return checkLocale;
}

/** Status codes: the English file holds the facts, every file holds text for its locale. Returns the codes that exist. */
function* checkingCodes(
  { files, failed, surroundings, content, errors, warnings, err }: Run,
  checkLocale: (file: ParsedFile) => boolean,
): Generator<void, ReadonlySet<number>> {
  const codeFiles = files.filter((f) => f.kind === "code");
  // A code exists when its English file does, even if that file has errors of its own: reporting
  // "unknown code" everywhere it is mentioned would bury the one real error.
  const knownCodes = new Set(
    [...codeFiles, ...failed.filter((f) => f.kind === "code")]
      .filter((f) => f.locale === SOURCE_LOCALE)
      .map((f) => f.nameCodes![0]!),
  );
  for (const code of surroundings?.codes ?? []) knownCodes.add(code);
  const sourceCodes = new Map<number, ParsedFile>();
  for (const file of codeFiles.filter((f) => f.locale === SOURCE_LOCALE)) {
    yield;
    warnUnknownKeys(file, knownKeys(SourceCodeFrontmatter), warnings);
    const data = check(SourceCodeFrontmatter, file, errors);
    if (!data) continue;
    const [nameCode] = file.nameCodes!;
    if (data.code !== nameCode) {
      err(file, ["code"], `${data.code} does not match the file name ${nameCode}.md`);
      continue;
    }
    if (data.class !== classOfCode(data.code))
      err(file, ["class"], `${data.code} belongs to class ${classOfCode(data.code)}, not ${data.class}`);
    // A facet that cannot apply must say so, and one that applies must have a value: comparisons rely on both.
    if ((data.redirect === "none") !== (data.redirectMethod === "not-applicable"))
      err(
        file,
        ["redirectMethod"],
        data.redirect === "none"
          ? `must be not-applicable when redirect is none`
          : data.redirect === "indirect"
            ? "an indirect response (303) is followed with GET: changed-to-get"
            : `a ${data.redirect} redirect needs kept or may-change-to-get`,
      );
    // A cache stores final responses only (RFC 9111 §3), and one it must not store is not heuristically cacheable.
    if (data.class === "1xx" && data.storage !== "forbidden")
      err(file, ["storage"], "must be forbidden for a 1xx: caches store final responses only (RFC 9111 §3)");
    if (data.storage === "forbidden" && data.cacheable)
      err(file, ["cacheable"], "must be false when storage is forbidden");
    // RFC 9110 §15.4.4: the client retrieves a 303's Location with GET, and only a 303 changes the method so.
    else if (data.redirect === "indirect" && data.redirectMethod !== "changed-to-get")
      err(file, ["redirectMethod"], "an indirect response (303) is followed with GET: changed-to-get");
    else if (data.redirectMethod === "changed-to-get" && data.redirect !== "indirect")
      err(file, ["redirect"], "changed-to-get belongs to an indirect response: redirect indirect");
    if (data.retryCondition === "after-network-login" && data.retry !== "yes")
      err(file, ["retryCondition"], "after-network-login needs retry: yes");
    if (data.retry === "not-applicable" && data.retryCondition !== "unconditional")
      err(file, ["retryCondition"], "must be unconditional when retry is not-applicable");
    if (data.related.includes(data.code)) err(file, ["related"], "a code cannot be related to itself");
    const duplicateRelated = data.related.filter((c, i) => data.related.indexOf(c) !== i);
    if (duplicateRelated.length) err(file, ["related"], `lists ${duplicateRelated.join(", ")} more than once`);
    sourceCodes.set(data.code, file);
    content.codes.push({
      code: data.code,
      class: data.class,
      reasonPhrase: data.title,
      registryStatus: data.registry.status,
      registryExpires: data.registry.expires ?? null,
      registryNote: data.registry.note ?? null,
      spec: { document: data.spec.document, section: String(data.spec.section), url: data.spec.url },
      related: data.related,
      headers: data.headers,
      cacheable: data.cacheable,
      storage: data.storage,
      retry: data.retry,
      hasBody: data.body,
      auth: data.auth,
      redirect: data.redirect,
      redirectMethod: data.redirectMethod,
      outcome: data.outcome,
      producer: data.producer,
      actor: data.actor,
      retryCondition: data.retryCondition,
      file: file.file,
    });
    if (!file.body) err(file, [], "body: the Markdown body after the frontmatter is empty");
    content.codeTranslations.push({
      code: data.code,
      locale: SOURCE_LOCALE,
      text: codeText(data, file.body),
      state: "published",
      sourceHash: null,
      file: file.file,
    });
  }
  for (const facts of content.codes) {
    const file = sourceCodes.get(facts.code)!;
    facts.related.forEach((related, i) => {
      if (!knownCodes.has(related))
        err(file, ["related", i], `${related} is not a known status code (no codes/${SOURCE_LOCALE}/${related}.md)`);
    });
  }
  for (const file of codeFiles.filter((f) => f.locale !== SOURCE_LOCALE)) {
    yield;
    if (!checkLocale(file)) continue;
    warnUnknownKeys(file, [...knownKeys(TranslatedCodeFrontmatter), ...FACT_KEYS], warnings);
    for (const { key } of file.keys) {
      if (FACT_KEYS.includes(key))
        err(file, [key], `facts belong in codes/${SOURCE_LOCALE}/${file.nameCodes![0]}.md, not in a translation`);
    }
    const data = check(TranslatedCodeFrontmatter, file, errors);
    if (!data) continue;
    if (data.code !== file.nameCodes![0]) {
      err(file, ["code"], `${data.code} does not match the file name ${file.nameCodes![0]}.md`);
      continue;
    }
    if (!knownCodes.has(data.code)) {
      err(file, ["code"], `no English source codes/${SOURCE_LOCALE}/${data.code}.md to translate from`);
      continue;
    }
    if (!file.body) err(file, [], "body: the Markdown body after the frontmatter is empty");
    content.codeTranslations.push({
      code: data.code,
      locale: file.locale!,
      text: codeText(data, file.body),
      state: data.state,
      sourceHash: data.source ?? null,
      file: file.file,
    });
  }

  return knownCodes;
}

/** Curated comparisons: two known codes, advice for each, and an English source for every translation. */
function* checkingComparisons(
  { files, failed, content, errors, warnings, err }: Run,
  checkLocale: (file: ParsedFile) => boolean,
  knownCodes: ReadonlySet<number>,
): Generator<void, void> {
  const comparisonFiles = files.filter((f) => f.kind === "comparison");
  const sourcePairs = new Set(
    [...comparisonFiles, ...failed.filter((f) => f.kind === "comparison")]
      .filter((f) => f.locale === SOURCE_LOCALE)
      .map((f) => pairKey(f.nameCodes![0]!, f.nameCodes![1]!)),
  );
  for (const file of comparisonFiles) {
    yield;
    const isSource = file.locale === SOURCE_LOCALE;
    if (!isSource && !checkLocale(file)) continue;
    const schema = isSource ? SourceComparisonFrontmatter : TranslatedComparisonFrontmatter;
    warnUnknownKeys(file, knownKeys(schema), warnings);
    const data = check(schema, file, errors);
    if (!data) continue;
    const [a, b] = data.codes;
    const [nameA, nameB] = file.nameCodes!;
    if (a !== nameA || b !== nameB) {
      err(file, ["codes"], `[${a}, ${b}] does not match the file name ${nameA}-vs-${nameB}.md`);
      continue;
    }
    let ok = true;
    data.codes.forEach((code, i) => {
      if (!knownCodes.has(code)) {
        err(file, ["codes", i], `${code} is not a known status code`);
        ok = false;
      }
    });
    const keys = Object.keys(data.whenToUse).sort();
    if (keys.join() !== [String(a), String(b)].join()) {
      err(file, ["whenToUse"], `needs exactly one entry for ${a} and one for ${b}, found ${keys.join(", ") || "none"}`);
      ok = false;
    }
    if (!isSource && !sourcePairs.has(pairKey(a, b))) {
      err(file, ["codes"], `no English source comparisons/${SOURCE_LOCALE}/${a}-vs-${b}.md to translate from`);
      ok = false;
    }
    if (!ok) continue;
    const text = {
      summary: data.summary,
      differences: data.differences,
      similarities: data.similarities,
      whenToUseA: data.whenToUse[String(a)]!,
      whenToUseB: data.whenToUse[String(b)]!,
      body: file.body,
    };
    if (isSource) {
      content.comparisons.push({ codeA: a, codeB: b });
      content.comparisonTranslations.push({
        codeA: a,
        codeB: b,
        locale: SOURCE_LOCALE,
        text,
        state: "published",
        sourceHash: null,
        file: file.file,
      });
    } else {
      const translated = data as typeof data & { state: "draft" | "reviewed" | "published"; source?: string };
      content.comparisonTranslations.push({
        codeA: a,
        codeB: b,
        locale: file.locale!,
        text,
        state: translated.state,
        sourceHash: translated.source ?? null,
        file: file.file,
      });
    }
  }
}

/** Message catalogues: English defines the keys and placeholders; translations must match them. */
function* checkingMessages(
  { files, failed, surroundings, content, errors, err }: Run,
  checkLocale: (file: ParsedFile) => boolean,
): Generator<void, void> {
  const messageFiles = files.filter((f) => f.kind === "messages");
  const seenMessageLocales = new Map<string, string>();
  for (const file of messageFiles) {
    const previous = seenMessageLocales.get(file.locale!);
    if (previous) err(file, [], `duplicate catalogue for "${file.locale}" (also ${previous})`);
    seenMessageLocales.set(file.locale!, file.file);
  }
  const sourceMessagesFile = messageFiles.find((f) => f.locale === SOURCE_LOCALE);
  const sourceMessagesFailed = failed.some((f) => f.kind === "messages" && f.locale === SOURCE_LOCALE);
  const sourceMessages = new Map<string, string>();
  if (!sourceMessagesFile) {
    // Part of the content: the catalogue is there, only not needed by what is checked.
    if (!sourceMessagesFailed && !surroundings)
      errors.push({
        file: `messages/${SOURCE_LOCALE}.yaml`,
        line: 0,
        field: "",
        message: "missing: the English message catalogue is required",
      });
  } else {
    const data = check(SourceMessagesFile, sourceMessagesFile, errors) ?? {};
    const placeholders = new Map<string, string[] | null>();
    for (const [key, text] of Object.entries(data)) {
      const parsed = placeholdersOf(text);
      if ("error" in parsed) err(sourceMessagesFile, [key], parsed.error);
      placeholders.set(key, "error" in parsed ? null : parsed.names);
      const coverage = selectCoverageProblem(key, text);
      if (coverage) err(sourceMessagesFile, [key], coverage);
      sourceMessages.set(key, text);
      content.messages.push({
        locale: SOURCE_LOCALE,
        key,
        text,
        state: "published",
        sourceHash: null,
        file: sourceMessagesFile.file,
      });
    }
    // A template the engine cannot fill would only fail when someone asks for a comparison.
    if (Object.keys(data).length) {
      for (const { key, problem } of engineMessageProblems(placeholders)) err(sourceMessagesFile, [key], problem);
    }
  }
  for (const file of messageFiles.filter((f) => f.locale !== SOURCE_LOCALE)) {
    yield;
    if (!checkLocale(file)) continue;
    // Without a readable English catalogue every key would be reported unknown.
    if (sourceMessagesFailed) continue;
    const data = check(TranslatedMessagesFile, file, errors) ?? {};
    for (const [key, message] of Object.entries(data)) {
      const source = sourceMessages.get(key);
      if (source === undefined) {
        err(file, [key], `no such key in messages/${SOURCE_LOCALE}.yaml`);
        continue;
      }
      const mismatch = placeholderMismatch(source, message.text) ?? selectCoverageProblem(key, message.text);
      if (mismatch) {
        err(file, [key], mismatch);
        continue;
      }
      content.messages.push({
        locale: file.locale!,
        key,
        text: message.text,
        state: message.state,
        sourceHash: message.source ?? null,
        file: file.file,
      });
    }
  }
}

function codeText(data: Omit<CodeText, "body">, body: string): CodeText {
  return {
    title: data.title,
    summary: data.summary,
    description: data.description,
    whenYouSeeIt: data.whenYouSeeIt,
    howToFix: data.howToFix,
    useWhen: data.useWhen,
    body,
  };
}
