// Who may run what, read from the schema itself: every mutation, every scope-guarded query and every type
// that guards its objects has a row here, and each row is checked for every kind of caller by running the
// field with arguments made from its GraphQL types (a type: by fetching one of its objects with node(id:)).
// A new mutation without a row fails this file, so nothing new ships unguarded.
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/auth/roles.ts";
import { declaredScopes } from "../../src/http/mutation-authorization.ts";
import { schema } from "../../src/schema/index.ts";
import { useSeededServer } from "../helpers/graphql.ts";
import { bearer, createToken } from "../helpers/tokens.ts";

/** The callers: vi is the locale every generated argument names; fr is "a locale other than the one asked". */
const CALLERS = [
  "anonymous",
  "admin",
  "editor",
  "reviewer(vi)",
  "translator(vi)",
  "reviewer(fr)",
  "translator(fr)",
] as const;
type Caller = (typeof CALLERS)[number];

const EDITORS: Caller[] = ["admin", "editor"];
const REVIEWERS_VI: Caller[] = ["admin", "reviewer(vi)"];
const TRANSLATORS_VI: Caller[] = ["admin", "reviewer(vi)", "translator(vi)"];

/**
 * Operation → the callers allowed to run it; everyone else must be refused (401 anonymous, 403 otherwise).
 * From issue #9: anonymous reads published content; a translator writes drafts in their locales; a reviewer
 * also reviews and publishes in theirs; an editor changes English text, facts, comparisons and messages;
 * an admin does everything.
 */
const MATRIX: Record<string, readonly Caller[]> = {
  "Query.translationTasks": TRANSLATORS_VI,
  "Mutation.saveTranslation": TRANSLATORS_VI,
  "Mutation.reviewTranslation": REVIEWERS_VI,
  "Mutation.publishTranslation": REVIEWERS_VI,
  "Mutation.unpublishTranslation": REVIEWERS_VI,
  "Mutation.updateStatusCode": EDITORS,
  "Mutation.upsertComparison": EDITORS,
  "Mutation.deleteComparison": EDITORS,
  "Mutation.updateMessage": EDITORS,
  "Mutation.publishEnglishDraft": EDITORS,
  "Mutation.discardEnglishDraft": EDITORS,
  // A locale's history is its translators' too; the generated arguments ask for vi's.
  "Query.history": [...EDITORS, "reviewer(vi)", "translator(vi)"],
  // A unit's comment thread in a locale is its translators' and reviewers' (the workbench's send-back and replies).
  "Query.translationComments": TRANSLATORS_VI,
  "Mutation.addTranslationComment": TRANSLATORS_VI,
  // The generated entry id names no entry, which is judged as English or facts: editors'.
  "Mutation.revert": EDITORS,
  // Import jobs (issue #10): who may POST /imports may start and read them here. The generated start imports
  // seeds/ again, changing nothing; the second caller is answered with that job (started: false).
  "Query.importJob": EDITORS,
  "Query.importJobs": EDITORS,
  "Mutation.startImport": EDITORS,
  "Mutation.cancelImport": EDITORS,
  // Webhooks (issue #10) are the admin's alone, as on the CLI: a subscription's secret signs what receivers trust.
  "Query.webhooks": ["admin"],
  "Query.webhookDeliveries": ["admin"],
  "Mutation.addWebhook": ["admin"],
  "Mutation.removeWebhook": ["admin"],
  "Mutation.redeliverWebhook": ["admin"],
  // Tokens (issue #23) likewise, as `status-atlas tokens`: a token grants what its role grants.
  "Query.tokens": ["admin"],
  "Mutation.createToken": ["admin"],
  "Mutation.revokeToken": ["admin"],
  // The versions timeline (issue #23): who changed what, for those who may change it.
  "Query.contentVersions": EDITORS,
  // A type's own scopes guard its objects wherever they are reached; node(id:) reaches any of them by id. To
  // whoever may not read it, such an object does not exist: node(id:) answers as for an id naming nothing.
  "node(id:) → TranslationTask": TRANSLATORS_VI,
};

/** A global id as the relay plugin spells it. */
const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString("base64");
/** For each type that declares scopes: the global id of one of its objects in vi, which node(id:) fetches. */
const NODE_IDS: Record<string, string> = {
  TranslationTask: globalId("TranslationTask", "code.404:vi"),
};
/** Rows written ahead of their fields (issue #9's editorial mutations, in progress): remove a name once its field exists. */
const NOT_IN_SCHEMA_YET = new Set<string>();

type Operation = { key: string; kind: "query" | "mutation"; field: GraphQLField<unknown, unknown> };
/** A row and what checks it: its request, and whether an allowed caller's answer shows the thing asked for. */
type Check = {
  key: string;
  query: string;
  variables: Record<string, unknown>;
  answered?: (data: Record<string, unknown> | null | undefined) => boolean;
  /** A node(id:) check: a refused caller gets null and no error, exactly as for an id that names nothing. */
  node?: true;
};

/** Every mutation, and every query that declares scopes: what the matrix must cover. */
function guardedOperations(): Operation[] {
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({
    key: `Mutation.${field.name}`,
    kind: "mutation" as const,
    field,
  }));
  const queries = Object.values(schema.getQueryType()!.getFields())
    .filter((field) => declaredScopes(field))
    .map((field) => ({ key: `Query.${field.name}`, kind: "query" as const, field }));
  return [...queries, ...mutations];
}

/** Every object type that declares scopes on itself (Pothos keeps a type's options in `extensions`, as a field's). */
function guardedTypes(): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && declaredScopes(type))
    .map((type) => type.name);
}

/** Fetches a guarded type's sample object through node(id:); allowed callers must get it, not null. */
function nodeCheck(typename: string): Check {
  const id = NODE_IDS[typename];
  if (!id) throw new Error(`add a global id of a ${typename} in vi to NODE_IDS`);
  return {
    key: `node(id:) → ${typename}`,
    query: `query($id: ID!) { node(id: $id) { __typename id } }`,
    variables: { id },
    answered: (data) => (data?.node as { __typename?: string } | null | undefined)?.__typename === typename,
    node: true,
  };
}

/** A plausible value of an input type: required input fields filled, locales "vi", numbers that look like status codes. */
function dummyValue(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return dummyValue(type.ofType, name);
  if (isListType(type)) return [dummyValue(type.ofType, name)];
  // Variables carry an enum value's name; its internal value (e.g. "content.published") would fail coercion before any check.
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || /locale/i.test(f.name));
    return Object.fromEntries(fields.map((f) => [f.name, dummyValue(f.type, f.name)]));
  }
  if (isScalarType(type)) {
    if (/locale/i.test(name)) return "vi";
    switch (type.name) {
      case "Int":
        return /first|last/i.test(name) ? 1 : 404;
      case "Float":
        return 1.5;
      case "Boolean":
        return true;
      case "DateTime":
        return "2026-01-01T00:00:00.000Z";
      default:
        return "x";
    }
  }
  throw new Error(`no dummy value for ${String(type)}`);
}

/** `query($locale: String!, …) { field(locale: $locale, …) { __typename } }` and its variables. */
function requestFor({ kind, field }: Operation): { query: string; variables: Record<string, unknown> } {
  const args = field.args.filter((arg: GraphQLArgument) => isNonNullType(arg.type) || /locale/i.test(arg.name));
  const definitions = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
  const selection = isLeafType(getNamedType(field.type)) ? "" : " { __typename }";
  const query = `${kind}${definitions ? `(${definitions})` : ""} { ${field.name}${passed ? `(${passed})` : ""}${selection} }`;
  return { query, variables: Object.fromEntries(args.map((arg) => [arg.name, dummyValue(arg.type, arg.name)])) };
}

/** What the matrix covers: the guarded operations, each run with generated arguments, and the guarded types. */
function checks(): Check[] {
  return [
    ...guardedOperations().map((operation) => ({ key: operation.key, ...requestFor(operation) })),
    ...guardedTypes().map(nodeCheck),
  ];
}

const seeded = useSeededServer();
const headersOf = {} as Record<Caller, Record<string, string>>;
beforeAll(async () => {
  const roleOf: Record<Exclude<Caller, "anonymous">, [Role, string[]?]> = {
    admin: ["admin"],
    editor: ["editor"],
    "reviewer(vi)": ["reviewer", ["vi"]],
    "translator(vi)": ["translator", ["vi"]],
    "reviewer(fr)": ["reviewer", ["fr"]],
    "translator(fr)": ["translator", ["fr"]],
  };
  headersOf.anonymous = {};
  for (const [caller, [role, locales]] of Object.entries(roleOf))
    headersOf[caller as Caller] = bearer(await createToken(seeded.db, { role, locales }));
});

describe("the access matrix", () => {
  it("has a row for every mutation, every scope-guarded query and every guarded type of the schema", () => {
    const missing = checks()
      .map((c) => c.key)
      .filter((key) => !(key in MATRIX));
    expect(missing, "add a row to MATRIX for each (and declare authScopes on the field)").toEqual([]);
    expect(checks().map((c) => c.key)).toEqual(
      expect.arrayContaining(["Query.translationTasks", "node(id:) → TranslationTask"]),
    );
  });

  it("has no row for a field the schema lacks, except those written ahead of their field", () => {
    const present = new Set(checks().map((c) => c.key));
    const stale = Object.keys(MATRIX).filter((key) => !present.has(key) && !NOT_IN_SCHEMA_YET.has(key));
    expect(stale).toEqual([]);
    const arrived = [...NOT_IN_SCHEMA_YET].filter((key) => present.has(key));
    expect(arrived, "these fields exist now: remove them from NOT_IN_SCHEMA_YET").toEqual([]);
  });

  it("declares scopes on every mutation: a field without authScopes would be open to anonymous callers", () => {
    const open = guardedOperations()
      .filter((o) => o.kind === "mutation" && !declaredScopes(o.field))
      .map((o) => o.key);
    expect(open).toEqual([]);
  });

  it("is what the server enforces, for every operation and every caller", async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const { key, query, variables, answered, node } of checks()) {
      for (const caller of CALLERS) {
        const response = await seeded.server.yoga.fetch("http://localhost/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", ...headersOf[caller] },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as {
          data?: Record<string, unknown> | null;
          errors?: { extensions?: { code?: string } }[];
        };
        const refusedWith = body.errors
          ?.map((e) => e.extensions?.code)
          .find((code) => code === "UNAUTHENTICATED" || code === "FORBIDDEN");
        const asIfMissing = node && response.status === 200 && body.data?.node === null && body.errors === undefined;
        const outcome = refusedWith
          ? `${response.status} ${refusedWith}`
          : asIfMissing
            ? "null, as for no such id"
            : !answered || answered(body.data)
              ? "allowed"
              : "allowed, but not answered";
        outcomes.push(`${key} ${caller}: ${outcome}`);
        const allowed = MATRIX[key]?.includes(caller);
        const refused = node
          ? "null, as for no such id"
          : caller === "anonymous"
            ? "401 UNAUTHENTICATED"
            : "403 FORBIDDEN";
        expected.push(`${key} ${caller}: ${allowed ? "allowed" : refused}`);
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
