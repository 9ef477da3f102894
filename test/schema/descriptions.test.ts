import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  type GraphQLArgument,
  type GraphQLSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../../src/schema/index.ts";

/** Every schema coordinate ("Type.field(arg:)", "Enum.VALUE") a client can introspect that has no description. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const blank = (text: string | null | undefined) => !text?.trim();
  const checkArgs = (owner: string, args: readonly GraphQLArgument[]) => {
    for (const arg of args) if (blank(arg.description)) missing.push(`${owner}(${arg.name}:)`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    // Introspection types and the built-in scalars are described by graphql-js itself.
    if (type.name.startsWith("__") || isSpecifiedScalarType(type)) continue;
    if (blank(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
        checkArgs(`${type.name}.${field.name}`, field.args);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
    }
  }
  for (const directive of schema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    if (blank(directive.description)) missing.push(`@${directive.name}`);
    checkArgs(`@${directive.name}`, directive.args);
  }
  return missing.sort();
}

describe("schema descriptions", () => {
  it("describes every type, field, argument and enum value a client can introspect", () => {
    expect(undescribed(schema)).toEqual([]);
  });

  it("names each undescribed type, field, argument, input field, enum value and directive", () => {
    // Guards the walk itself, so the test above cannot pass by visiting nothing.
    const bare = buildSchema(`
      directive @tag(name: String) on FIELD_DEFINITION
      interface Named { name: String }
      type Query implements Named { """described""" name: String, find(filter: Filter, limit: Int): Kind }
      input Filter { kind: Kind }
      enum Kind { A B }
      scalar Date
    `);
    expect(undescribed(bare)).toEqual([
      "@tag",
      "@tag(name:)",
      "Date",
      "Filter",
      "Filter.kind",
      "Kind",
      "Kind.A",
      "Kind.B",
      "Named",
      "Named.name",
      "Query",
      "Query.find",
      "Query.find(filter:)",
      "Query.find(limit:)",
    ]);
  });
});
