// ContentSet → the content folder's files: parse.ts's inverse, in the format src/content/format.ts defines and
// the importer reads: keys in schema order, file names from src/content/paths.ts. Pure: what to do with the files is
// the caller's business (the export command writes them, the API checks them with checkContentFiles).
import { Document, isMap, isPair, isScalar, isSeq, visit, Scalar } from "yaml";
import { z } from "zod";
import {
  CODE_TEXT_FIELDS,
  GlossaryFile,
  LocalesFile,
  SOURCE_LOCALE,
  SourceCodeFrontmatter,
  SourceComparisonFrontmatter,
  TranslatedCodeFrontmatter,
  TranslatedComparisonFrontmatter,
  TranslatedMessage,
  type CodeText,
  type EditorialState,
} from "../content/format.ts";
import { contentPath, isPathOf, type ContentLocation } from "../content/paths.ts";
import type {
  CodeFacts,
  CodeTranslationRecord,
  ComparisonTranslationRecord,
  ContentSet,
  GlossaryRecord,
  MessageRecord,
} from "../content/records.ts";

export type ContentFile = {
  /** Relative to the content root, with forward slashes: "codes/en/404.md". */
  path: string;
  text: string;
};

export type RenderOptions = {
  /**
   * Only these locales' messages, codes, comparisons and glossaries. `locales.yaml` is always rendered:
   * it is what every other file is read against.
   */
  locales?: readonly string[];
};

/** Lists of short tokens, written on one line as editors write them: `related: [200, 201, 303]`. */
const FLOW_LISTS = new Set(["codes", "related", "headers", "avoid"]);
/**
 * Always in double quotes: a hash such as 889178135e31 or a section such as 15.10 would otherwise be read
 * back as a number (the second as 15.1). Every other string is quoted only when YAML needs it to stay text.
 */
const QUOTED = new Set(["source", "section"]);

// One style for every file, so that rendering what was parsed from a rendering gives the same bytes.
const YAML_STYLE = { lineWidth: 0, flowCollectionPadding: false } as const;

type Schema = z.ZodType;

/** `values` with its keys in the order `schema` lists them (nested objects too), dropping absent ones. */
function ordered(schema: Schema, values: unknown): unknown {
  if (schema instanceof z.ZodArray && Array.isArray(values))
    return values.map((v) => ordered(schema.element as Schema, v));
  if (!(schema instanceof z.ZodObject) || !values || typeof values !== "object" || Array.isArray(values)) return values;
  const record = values as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !(key in schema.shape));
  // A key the format does not know would be written and then ignored with a warning: a bug here, not data.
  if (unknown.length) throw new Error(`rendering keys the content format does not define: ${unknown.join(", ")}`);
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    if (record[key] !== undefined) out[key] = ordered(field as Schema, record[key]);
  }
  return out;
}

function yamlText(value: unknown, options: { groupKeys?: boolean } = {}): string {
  const doc = new Document(value);
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key)) return;
      const key = String(pair.key.value);
      // whenToUse is keyed by status code: written bare (`401:`), as editors write it.
      if (/^\d+$/.test(key)) pair.key = new Scalar(Number(key));
      if (FLOW_LISTS.has(key) && isSeq(pair.value)) pair.value.flow = true;
      if (QUOTED.has(key) && isScalar(pair.value)) pair.value.type = "QUOTE_DOUBLE";
    },
  });
  if (options.groupKeys && isMap(doc.contents)) {
    // A blank line between groups of message keys (heading.*, class.*): the catalogue stays readable.
    let group: string | undefined;
    for (const pair of doc.contents.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const next = String(pair.key.value).split(".")[0];
      if (group !== undefined && next !== group) pair.key.spaceBefore = true;
      group = next;
    }
  }
  return doc.toString(YAML_STYLE);
}

/** A Markdown file as the parser splits it: frontmatter between `---` lines, a blank line, the body. */
function markdown(frontmatter: unknown, body: string): string {
  const trimmed = body.trim();
  return `---\n${yamlText(frontmatter)}---\n${trimmed ? `\n${trimmed}\n` : ""}`;
}

/** The record's own file when it names this location (`messages/vi.yml` stays so), else where new files go. */
function fileFor(candidates: readonly (string | undefined)[], location: ContentLocation, fallback: string): string {
  return candidates.find((file): file is string => file !== undefined && isPathOf(file, location)) ?? fallback;
}

const byCodepoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const proseOf = (text: CodeText) =>
  Object.fromEntries(CODE_TEXT_FIELDS.filter((f) => f !== "body").map((f) => [f, text[f]]));
const translationState = (record: { state: EditorialState; sourceHash: string | null }) => ({
  state: record.state,
  source: record.sourceHash ?? undefined,
});

/** A code with no text yet is still rendered, with empty text the importer reports field by field. */
const EMPTY_CODE_TEXT = Object.fromEntries(CODE_TEXT_FIELDS.map((f) => [f, ""])) as CodeText;

function renderSourceCode(facts: CodeFacts, text: CodeTranslationRecord | undefined): ContentFile {
  const prose = text?.text ?? { ...EMPTY_CODE_TEXT, title: facts.reasonPhrase };
  const values: z.input<typeof SourceCodeFrontmatter> = {
    code: facts.code,
    class: facts.class,
    registry: {
      status: facts.registryStatus,
      expires: facts.registryExpires ?? undefined,
      note: facts.registryNote ?? undefined,
    },
    spec: facts.spec,
    related: facts.related,
    headers: facts.headers,
    cacheable: facts.cacheable,
    storage: facts.storage,
    retry: facts.retry,
    body: facts.hasBody,
    auth: facts.auth,
    redirect: facts.redirect,
    redirectMethod: facts.redirectMethod,
    outcome: facts.outcome,
    producer: facts.producer,
    actor: facts.actor,
    retryCondition: facts.retryCondition,
    // The title is the English reason phrase: the importer stores it as both the facts' and the text's.
    ...(proseOf(prose) as Omit<CodeText, "body">),
  };
  const location = { kind: "code" as const, locale: SOURCE_LOCALE, nameCodes: [facts.code] };
  return {
    path: fileFor([facts.file, text?.file], location, contentPath.code(SOURCE_LOCALE, facts.code)),
    text: markdown(ordered(SourceCodeFrontmatter, values), prose.body),
  };
}

function renderTranslatedCode(record: CodeTranslationRecord): ContentFile {
  const values: z.input<typeof TranslatedCodeFrontmatter> = {
    code: record.code,
    ...(proseOf(record.text) as Omit<CodeText, "body">),
    ...translationState(record),
  };
  const location = { kind: "code" as const, locale: record.locale, nameCodes: [record.code] };
  return {
    path: fileFor([record.file], location, contentPath.code(record.locale, record.code)),
    text: markdown(ordered(TranslatedCodeFrontmatter, values), record.text.body),
  };
}

function renderComparison(
  codeA: number,
  codeB: number,
  locale: string,
  record: ComparisonTranslationRecord | undefined,
): ContentFile {
  const text = record?.text ?? {
    summary: "",
    differences: [],
    similarities: [],
    whenToUseA: "",
    whenToUseB: "",
    body: "",
  };
  const values = {
    codes: [codeA, codeB] as [number, number],
    ...(locale === SOURCE_LOCALE || !record ? {} : translationState(record)),
    summary: text.summary,
    differences: text.differences,
    // Optional and empty by default: left out when empty, as editors leave it out.
    similarities: text.similarities.length ? text.similarities : undefined,
    whenToUse: { [codeA]: text.whenToUseA, [codeB]: text.whenToUseB },
  };
  const schema = locale === SOURCE_LOCALE ? SourceComparisonFrontmatter : TranslatedComparisonFrontmatter;
  const location = { kind: "comparison" as const, locale, nameCodes: [codeA, codeB] };
  return {
    path: fileFor([record?.file], location, contentPath.comparison(locale, codeA, codeB)),
    text: markdown(ordered(schema, values), text.body),
  };
}

/** The long form of a translated message object, whose keys (text, state, source) the format orders. */
const TranslatedMessageObject = TranslatedMessage.options[1];

function renderMessages(locale: string, records: MessageRecord[]): ContentFile {
  const sorted = [...records].sort((a, b) => byCodepoint(a.key, b.key));
  const values =
    locale === SOURCE_LOCALE
      ? Object.fromEntries(sorted.map((m) => [m.key, m.text]))
      : Object.fromEntries(
          sorted.map((m) => [
            m.key,
            // `published` is the default state: written only when it is something else.
            ordered(TranslatedMessageObject, {
              text: m.text,
              state: m.state === "published" ? undefined : m.state,
              source: m.sourceHash ?? undefined,
            }),
          ]),
        );
  const location = { kind: "messages" as const, locale };
  return {
    path: fileFor(
      sorted.map((m) => m.file),
      location,
      contentPath.messages(locale),
    ),
    text: yamlText(values, { groupKeys: true }),
  };
}

function renderGlossary(glossary: GlossaryRecord): ContentFile {
  const entries = glossary.entries.map((e) => ({ ...e, avoid: e.avoid.length ? e.avoid : undefined }));
  const location = { kind: "glossary" as const, locale: glossary.locale };
  return {
    path: fileFor([glossary.file], location, contentPath.glossary(glossary.locale)),
    text: yamlText(ordered(GlossaryFile, entries)),
  };
}

/**
 * Every file of the content folder that holds `content`, sorted by path. Parsing the files back
 * (`checkContentFiles`) gives the same records, so the same unit ids and hashes, and rendering those again
 * gives the same bytes. Records are written in a fixed order (codes by number, messages by key), never in
 * the order a database happened to return them.
 */
export function renderContentFiles(content: ContentSet, options: RenderOptions = {}): ContentFile[] {
  const wanted = options.locales ? new Set(options.locales) : null;
  const included = (locale: string) => !wanted || wanted.has(locale);
  const files: ContentFile[] = [];

  const locales = [...content.locales].sort((a, b) => a.position - b.position);
  if (locales.length) {
    const values = locales.map((l) => ({
      code: l.code,
      name: l.name,
      nativeName: l.nativeName,
      fallback: l.fallback ?? undefined,
    }));
    files.push({ path: contentPath.locales(), text: yamlText(ordered(LocalesFile, values)) });
  }

  const messageLocales = [...new Set(content.messages.map((m) => m.locale))].filter(included);
  for (const locale of messageLocales)
    files.push(
      renderMessages(
        locale,
        content.messages.filter((m) => m.locale === locale),
      ),
    );

  for (const glossary of content.glossaries ?? []) if (included(glossary.locale)) files.push(renderGlossary(glossary));

  if (included(SOURCE_LOCALE)) {
    const sourceTexts = new Map(
      content.codeTranslations.filter((t) => t.locale === SOURCE_LOCALE).map((t) => [t.code, t]),
    );
    for (const facts of content.codes) files.push(renderSourceCode(facts, sourceTexts.get(facts.code)));
    const sourceComparisons = new Map(
      content.comparisonTranslations.filter((t) => t.locale === SOURCE_LOCALE).map((t) => [`${t.codeA}-${t.codeB}`, t]),
    );
    for (const { codeA, codeB } of content.comparisons)
      files.push(renderComparison(codeA, codeB, SOURCE_LOCALE, sourceComparisons.get(`${codeA}-${codeB}`)));
  }
  // English text lives in the files of the facts and pairs above: a code's English text with no facts has no file.
  for (const record of content.codeTranslations)
    if (record.locale !== SOURCE_LOCALE && included(record.locale)) files.push(renderTranslatedCode(record));
  for (const record of content.comparisonTranslations) {
    if (record.locale !== SOURCE_LOCALE && included(record.locale))
      files.push(renderComparison(record.codeA, record.codeB, record.locale, record));
  }

  return files.sort((a, b) => byCodepoint(a.path, b.path));
}
