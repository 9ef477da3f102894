// The messages the comparison engine and the API format, each with the arguments it is given: the
// contract every English catalogue must meet. The type checker holds the code to it, the importer the files.

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
  "difference.cacheability.interim": ["interim", "final", "finalPolicy"],
  "difference.cacheability.freshens": ["validator", "other", "otherPolicy"],
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
export type MessageValues<K extends MessageKey> = { [A in (typeof ENGINE_MESSAGES)[K][number]]: string | number };
/** No second argument for a message without placeholders, exactly its arguments otherwise. */
export type MessageArgs<K extends MessageKey> = (typeof ENGINE_MESSAGES)[K] extends readonly [] ? [] : [values: MessageValues<K>];

/**
 * What is wrong with an English catalogue (placeholders by key) for the engine: a message it needs is
 * missing, or a template uses a placeholder the engine never fills (formatting would fail at request time).
 */
export function engineMessageProblems(placeholders: ReadonlyMap<string, readonly string[] | null>): { key: string; problem: string }[] {
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
