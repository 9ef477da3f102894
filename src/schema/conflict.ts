// A CONFLICT's extensions in the API's own shape: the edited record as the client sends it (the fields of the
// mutation's input, enum values as the schema names them) and a field-by-field diff of the refused input
// against it. The values and the diff come from src/editorial/conflict.ts; this only names them, through the
// schema's own input types, so a new input field or enum value needs no change here.
import { getNamedType, isEnumType, isInputObjectType, type GraphQLInputField, type GraphQLSchema } from "graphql";
import { diffFields, type RecordKind, type RecordView } from "../editorial/conflict.ts";

/** The input whose fields a record kind is sent in (a translation's text fields are nested in its input). */
const INPUTS: Record<RecordKind, readonly string[]> = {
  statusCode: ["UpdateStatusCodeInput"],
  comparison: ["UpsertComparisonInput"],
  message: ["UpdateMessageInput"],
  translation: ["SaveTranslationInput", "TranslationTextInput"],
};

/** The input fields a record kind is sent in, by name. */
export function inputFieldsOf(schema: GraphQLSchema, kind: RecordKind): Map<string, GraphQLInputField> {
  const fields = new Map<string, GraphQLInputField>();
  for (const name of INPUTS[kind]) {
    const type = schema.getType(name);
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) fields.set(field.name, field);
  }
  return fields;
}

/** A value as the API names it: an enum's stored value ("after-delay") as its GraphQL name (AFTER_DELAY). */
export function apiValue(field: GraphQLInputField, value: unknown): unknown {
  const type = getNamedType(field.type);
  if (!isEnumType(type) || value === null || value === undefined) return value;
  return Array.isArray(value) ? value.map((v) => type.serialize(v)) : type.serialize(value);
}

/** The record's fields that its input has, named as the API names them; identity and bookkeeping are left out. */
function shaped(fields: Map<string, GraphQLInputField>, value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).flatMap(([name, v]) =>
      fields.has(name) && name !== "expectedRevision" && name !== "draft"
        ? [[name, apiValue(fields.get(name)!, v)]]
        : [],
    ),
  );
}

/**
 * A field's value as the API names it, when the record kind's input has the field; as stored otherwise (state,
 * sourceHash: bookkeeping no input sends).
 */
export function apiValueOf(fields: ReadonlyMap<string, GraphQLInputField>, name: string, value: unknown): unknown {
  const field = fields.get(name);
  return field ? apiValue(field, value) : value;
}

export type ConflictExtensions = {
  current: (Record<string, unknown> & { draft: boolean; state?: string }) | null;
  diff: { field: string; current: unknown; yours: unknown }[];
};

export function conflictExtensions(
  schema: GraphQLSchema,
  view: RecordView,
  sent: Record<string, unknown>,
): ConflictExtensions {
  const fields = inputFieldsOf(schema, view.kind);
  const current = view.current && {
    ...shaped(fields, view.current),
    draft: view.draft,
    ...(view.state ? { state: view.state } : {}),
  };
  const diff = diffFields(view.current, sent)
    .filter((d) => fields.has(d.field))
    .map((d) => ({
      field: d.field,
      current: apiValue(fields.get(d.field)!, d.current),
      yours: apiValue(fields.get(d.field)!, d.yours),
    }));
  return { current, diff };
}
