// No partial writes on a refusal: scope-auth checks each field as it resolves, so in `mutation { a b }`
// `a` would already have written when `b` is refused. Before a mutation executes, this checks the scopes
// every root field declares (`authScopes`, read from the built schema) and runs none of them if any is
// refused. The per-field check still runs during execution; this one only moves the refusal earlier.
// Field-level `authScopes` only (maps or functions, which get the mapped arguments but no `info`: nothing
// has executed yet); scopes on the Mutation type itself are left to scope-auth.
import {
  getArgumentValues,
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  GraphQLError,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import { decide, refusal, type ScopeLoaders, type ScopeMap } from "../auth/access.ts";
import type { Viewer } from "../auth/roles.ts";

type AuthScopesOption =
  | ScopeMap
  | ((
      parent: unknown,
      args: Record<string, unknown>,
      context: unknown,
      info: unknown,
    ) => ScopeMap | boolean | Promise<ScopeMap | boolean>);

type PothosExtensions = {
  pothosOptions?: { authScopes?: AuthScopesOption };
  /** What Pothos plugins do to arguments before a resolver sees them (the Relay plugin decodes global ids). */
  pothosArgMappers?: ((
    args: Record<string, unknown>,
    context: unknown,
    info: unknown,
  ) => Record<string, unknown> | Promise<Record<string, unknown>>)[];
};

/** The scopes a field declares through Pothos scope-auth, if any (Pothos keeps its options in `extensions`). */
export function declaredScopes(field: { extensions?: unknown }): AuthScopesOption | undefined {
  return (field.extensions as PothosExtensions | undefined)?.pothosOptions?.authScopes;
}

/** The arguments as the field's authScopes function sees them during execution: mapped as Pothos maps them. */
async function mappedArguments(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
  context: unknown,
): Promise<Record<string, unknown>> {
  let args = getArgumentValues(field, node, variables);
  for (const map of (field.extensions as PothosExtensions).pothosArgMappers ?? [])
    args = await map(args, context, undefined);
  return args;
}

/** The root fields an operation selects, through fragments, as execution would see them (honouring @skip/@include). */
function rootFields(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  seen = new Set<string>(),
): FieldNode[] {
  const included = (node: FieldNode | SelectionSetNode["selections"][number]) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  return selectionSet.selections.flatMap((selection): FieldNode[] => {
    if (!included(selection)) return [];
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, variables, seen);
    const fragment = fragments[selection.name.value];
    if (!fragment || seen.has(fragment.name.value)) return [];
    seen.add(fragment.name.value);
    return rootFields(fragment.selectionSet, fragments, variables, seen);
  });
}

type Loaders = (context: { viewer: Viewer | null }) => ScopeLoaders;

/** The refusals of a mutation's root fields, each at its path; none when every field is allowed. */
async function refusedRootFields(
  args: ExecutionArgs,
  operation: OperationDefinitionNode,
  mutationType: GraphQLObjectType,
  loadersOf: Loaders,
): Promise<GraphQLError[]> {
  // Variables that do not coerce fail execution anyway, with graphql-js's own error.
  const variables = getVariableValues(
    args.schema,
    operation.variableDefinitions ?? [],
    (args.variableValues ?? {}) as Record<string, unknown>,
  );
  if (variables.errors) return [];
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of args.document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const context = args.contextValue as { viewer: Viewer | null };
  const loaders = loadersOf(context);
  const errors: GraphQLError[] = [];
  for (const node of rootFields(operation.selectionSet, fragments, variables.coerced)) {
    const field = mutationType.getFields()[node.name.value];
    const scopes = field && declaredScopes(field);
    if (!field || !scopes) continue;
    const declared =
      typeof scopes === "function"
        ? await scopes(
            args.rootValue,
            await mappedArguments(field, node, variables.coerced, context),
            context,
            undefined,
          )
        : scopes;
    const decision = decide(declared, loaders);
    if (decision.allowed) continue;
    const { message, extensions } = refusal(context.viewer, decision.missing);
    errors.push(new GraphQLError(message, { nodes: [node], path: [node.alias?.value ?? node.name.value], extensions }));
  }
  return errors;
}

/**
 * `loadersOf` gives the viewer's scopes for a context (src/builder.ts's `scopesOf`). Refused fields are
 * reported together, each at its path, with the 401/403 status and challenge their errors carry.
 */
export function useMutationAuthorization(loadersOf: Loaders): Plugin<{ viewer: Viewer | null }> {
  return {
    // Synchronous for queries, which are most requests: only a mutation waits for the check.
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      const mutationType = args.schema.getMutationType();
      if (operation?.operation !== "mutation" || !mutationType) return;
      return refusedRootFields(args, operation, mutationType, loadersOf).then((errors) => {
        if (errors.length) setResultAndStopExecution({ data: null, errors });
      });
    },
  };
}
