// The messages the comparison engine and the API format, each with the arguments it is given: the
// contract every English catalogue must meet. The type checker holds the code to it, the importer the files.
import {
  ACTORS,
  AUTH_KINDS,
  OUTCOMES,
  PRODUCERS,
  REDIRECT_KINDS,
  REDIRECT_METHODS,
  REGISTRY_STATUSES,
  RETRY_POLICIES,
} from "../content/format.ts";
import { selectOptionsOf } from "../content/icu.ts";

export const ENGINE_MESSAGES = {
  "heading.description": [],
  "heading.whenYouSeeIt": [],
  "heading.howToFix": [],
  "heading.keyDifferences": [],
  "heading.similarities": [],
  "heading.whenToUse": [],
  "heading.editorsNotes": [],
  "heading.learnMore": [],
  "class.1xx": [],
  "class.2xx": [],
  "class.3xx": [],
  "class.4xx": [],
  "class.5xx": [],
  "code.heading": ["code", "reasonPhrase"],
  "comparison.headline": ["a", "reasonA", "b", "reasonB"],
  "comparison.intro": ["sameClass", "a", "reasonA", "b", "reasonB", "classA", "classB"],
  "comparison.meanings": ["a", "b", "descriptionA", "descriptionB"],
  "comparison.specLink": ["document", "section", "code", "reasonPhrase"],
  "comparison.specLink.named": ["document", "section", "code", "reasonPhrase"],
  "difference.class": ["a", "b", "sameClass", "classA", "classB"],
  "difference.meaning": ["code", "description"],
  "difference.situation": ["code", "situation"],
  "difference.cacheability": ["cacheable", "notCacheable"],
  "difference.cacheability.interim": ["interim", "final", "finalPolicy", "finalRule"],
  "difference.cacheability.freshens": ["validator", "other", "otherPolicy", "otherRule"],
  "difference.cacheability.neverStored": ["forbidden", "forbiddenRule", "other", "otherPolicy"],
  "difference.retry": ["a", "b", "retryA", "retryB"],
  "difference.body": ["withBody", "withoutBody"],
  "difference.auth": ["a", "b", "authA", "authB"],
  "difference.headers": ["a", "b", "headersA", "headersB"],
  "difference.registry": ["a", "b", "registryA", "registryB"],
  "difference.redirect": ["a", "b", "redirectA", "redirectB"],
  "difference.redirectMethod": ["a", "b", "methodA", "methodB"],
  "difference.outcome": ["a", "b", "outcomeA", "outcomeB"],
  "difference.producer": ["a", "b", "producerA", "producerB"],
  "difference.actor": ["a", "b", "actorA", "actorB"],
  "similarity.class": ["a", "b", "className"],
  "similarity.shared": ["aspect", "a", "b", "value"],
  "value.cacheable.yes": [],
  "value.cacheable.no": [],
  "value.cacheable.never": [],
  "value.cacheable.freshens": [],
  "value.cacheable.neverStored": [],
  "value.retry": ["retry", "condition"],
  "value.body.yes": [],
  "value.body.no": [],
  "value.auth": ["auth"],
  "value.headers.none": [],
  "value.registry": ["status", "note", "expires"],
  "value.redirect": ["redirect"],
  "value.redirectMethod": ["method"],
  "value.outcome": ["outcome"],
  "value.producer": ["producer"],
  "value.actor": ["actor"],
  "whenToUse.advice": ["code", "reasonPhrase", "advice"],
} as const satisfies Record<string, readonly string[]>;

export type MessageKey = keyof typeof ENGINE_MESSAGES;

/** ICU select keys cannot contain "-", so enum values are passed camel-cased ("after-delay" → "afterDelay"). */
export function selectKey(value: string): string {
  return value.replace(/-(\w)/g, (_m, letter: string) => letter.toUpperCase());
}

/**
 * Select arguments whose values are a list of the content format: every value needs its own wording,
 * in every locale, or two facts would read the same. One value may be left to the `other` branch.
 */
export const ENGINE_SELECTS: Partial<Record<MessageKey, Record<string, readonly string[]>>> = {
  "value.redirect": { redirect: REDIRECT_KINDS },
  "value.redirectMethod": { method: REDIRECT_METHODS },
  "value.outcome": { outcome: OUTCOMES },
  "value.producer": { producer: PRODUCERS },
  "value.actor": { actor: ACTORS },
  "value.auth": { auth: AUTH_KINDS },
  "value.registry": { status: REGISTRY_STATUSES },
  "value.retry": { retry: RETRY_POLICIES },
};

/** What keeps a template (of any locale) from wording every value of its facet, or null. */
export function selectCoverageProblem(key: string, template: string): string | null {
  const selects = ENGINE_SELECTS[key as MessageKey];
  if (!selects) return null;
  for (const [argument, values] of Object.entries(selects)) {
    const keys = values.map(selectKey);
    for (const options of selectOptionsOf(template, argument)) {
      const unknown = [...options].filter((o) => o !== "other" && !keys.includes(o));
      if (unknown.length)
        return `{${argument}} has options for no value: ${unknown.join(", ")} (values: ${keys.join(", ")})`;
      const unworded = keys.filter((k) => !options.has(k));
      if (unworded.length > 1)
        return `{${argument}} words ${unworded.join(", ")} alike through "other": give all but one its own option`;
    }
  }
  return null;
}
export type MessageValues<K extends MessageKey> = { [A in (typeof ENGINE_MESSAGES)[K][number]]: string | number };
/** No second argument for a message without placeholders, exactly its arguments otherwise. */
export type MessageArgs<K extends MessageKey> = (typeof ENGINE_MESSAGES)[K] extends readonly []
  ? []
  : [values: MessageValues<K>];

/**
 * What is wrong with an English catalogue (placeholders by key) for the engine: a message it needs is
 * missing, or a template uses a placeholder the engine never fills (formatting would fail at request time).
 */
export function engineMessageProblems(
  placeholders: ReadonlyMap<string, readonly string[] | null>,
): { key: string; problem: string }[] {
  const problems: { key: string; problem: string }[] = [];
  for (const [key, given] of Object.entries(ENGINE_MESSAGES) as [MessageKey, readonly string[]][]) {
    const used = placeholders.get(key);
    // null: the template does not parse, which is reported on its own.
    if (used === null) continue;
    if (!used) {
      const args = given.length ? `, with ${given.map((a) => `{${a}}`).join(", ")}` : "";
      problems.push({ key, problem: `missing: comparison pages need this message${args}` });
      continue;
    }
    const unknown = used.filter((name) => !given.includes(name));
    if (unknown.length) {
      const allowed = given.length ? `it can use ${given.map((a) => `{${a}}`).join(", ")}` : "it takes no placeholders";
      problems.push({ key, problem: `unknown placeholder ${unknown.map((a) => `{${a}}`).join(", ")}: ${allowed}` });
    }
  }
  return problems;
}
