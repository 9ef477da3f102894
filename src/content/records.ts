// The validated content, as the importer hands it to the planner and the exporter reads it back.
import type {
  Actor,
  AuthKind,
  GlossaryEntry,
  CodeText,
  ComparisonText,
  EditorialState,
  Outcome,
  Producer,
  RedirectKind,
  RedirectMethod,
  RegistryStatus,
  RetryCondition,
  RetryPolicy,
  StatusClass,
  StorageRule,
} from "./format.ts";

export type LocaleRecord = {
  code: string;
  name: string;
  nativeName: string;
  fallback: string | null;
  position: number;
};

export type CodeFacts = {
  code: number;
  class: StatusClass;
  reasonPhrase: string;
  registryStatus: RegistryStatus;
  registryExpires: string | null;
  registryNote: string | null;
  spec: { document: string; section: string; url: string };
  related: number[];
  headers: string[];
  cacheable: boolean;
  storage: StorageRule;
  retry: RetryPolicy;
  hasBody: boolean;
  auth: AuthKind;
  redirect: RedirectKind;
  redirectMethod: RedirectMethod;
  outcome: Outcome;
  producer: Producer;
  actor: Actor;
  retryCondition: RetryCondition;
  file: string;
};

export type CodeTranslationRecord = {
  code: number;
  locale: string;
  text: CodeText;
  state: EditorialState;
  /** English text hash this translation was made from; null for the source locale or when never stamped. */
  sourceHash: string | null;
  file: string;
};

export type ComparisonTranslationRecord = {
  codeA: number;
  codeB: number;
  locale: string;
  text: ComparisonText;
  state: EditorialState;
  sourceHash: string | null;
  file: string;
};

export type MessageRecord = {
  locale: string;
  key: string;
  text: string;
  state: EditorialState;
  sourceHash: string | null;
  file: string;
};

/** Any locale's text of a code, a curated comparison or a message. */
export type TextRecord = CodeTranslationRecord | ComparisonTranslationRecord | MessageRecord;

/**
 * A translation being worked on through the API while the translation row (published, or whatever the
 * files say) stays as it is: state draft or reviewed, `file` empty. Publishing moves it into the row.
 */
export type DraftRecord = TextRecord;

export type ContentSet = {
  locales: LocaleRecord[];
  codes: CodeFacts[];
  codeTranslations: CodeTranslationRecord[];
  comparisons: { codeA: number; codeB: number }[];
  comparisonTranslations: ComparisonTranslationRecord[];
  messages: MessageRecord[];
  /** Working copies saved through the API; never in the files, so imports neither write nor delete them. */
  drafts?: DraftRecord[];
  /** Termbases by locale; checked on import and shown to translators, never stored in the database. */
  glossaries?: GlossaryRecord[];
};

export type GlossaryRecord = { locale: string; entries: GlossaryEntry[]; file: string };

export function pairKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}
