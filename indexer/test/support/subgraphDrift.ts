/**
 * Compares the Ponder schema (tables, enums, relations of ponder.schema.ts) with `subgraph-schema.graphql`
 * (The Graph's dialect) and lists every difference: missing or extra entities and fields, mismatched types,
 * nullability, enum values, references and @derivedFrom targets.
 */
import {
  createTableRelationsHelpers,
  getTableColumns,
  getTableName,
  is,
  type Many,
  One,
  Relations,
  type Table,
} from "drizzle-orm";
import { type FieldDefinitionNode, Kind, parse, print, type TypeNode } from "graphql";

type Column = {
  columnType: string;
  notNull: boolean;
  primary: boolean;
  enumValues?: readonly string[];
  baseColumn?: Column;
  enum?: { enumName: string };
};

const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);
const SCALARS: Record<string, string> = {
  PgHex: "Bytes",
  PgEvmBigint: "BigInt",
  PgInteger: "Int",
  PgText: "String",
  PgBoolean: "Boolean",
};

function typeString(type: TypeNode): string {
  return print(type);
}

/** The Graph type a Ponder column must have. */
function expectedType(key: string, column: Column, enumNames: Map<string, string>): string {
  const nonNull = column.notNull ? "!" : "";
  if (column.primary) return column.columnType === "PgHex" ? "Bytes!" : "ID!";
  if (column.columnType === "PgArray")
    return `[${expectedType(key, { ...column.baseColumn!, notNull: true, primary: false }, enumNames)}]${nonNull}`;
  if (column.columnType === "PgEnumColumn")
    return `${enumNames.get(column.enumValues!.join(",")) ?? "?enum"}${nonNull}`;
  const scalar = SCALARS[column.columnType];
  if (!scalar) return `?unmapped ${column.columnType}`;
  return `${scalar}${nonNull}`;
}

/**
 * Differences between a Ponder schema module and a subgraph schema text; empty when they agree.
 *
 * @example
 * schemaDrift(await import("../../ponder.schema.ts"), readFileSync("subgraph-schema.graphql", "utf8")) // []
 */
export function schemaDrift(ponderSchema: Record<string, unknown>, subgraphText: string): string[] {
  const problems: string[] = [];
  const tables = new Map<string, Table>();
  const enums = new Map<string, readonly string[]>();
  const relations: Relations[] = [];
  for (const [key, value] of Object.entries(ponderSchema)) {
    if (is(value, Relations)) relations.push(value);
    else if (typeof value === "function" && "enumValues" in value)
      enums.set(
        pascal(
          (value as unknown as { enumName: string }).enumName.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()),
        ),
        (value as unknown as { enumValues: readonly string[] }).enumValues,
      );
    else if (
      value !== null &&
      typeof value === "object" &&
      (value as Record<symbol, unknown>)[Symbol.for("ponder:onchain")]
    )
      tables.set(key, value as Table);
  }
  const tableKeyByDbName = new Map([...tables].map(([key, table]) => [getTableName(table), key]));
  const enumNames = new Map([...enums].map(([name, values]) => [values.join(","), name]));

  const document = parse(subgraphText);
  const entities = new Map<string, Map<string, FieldDefinitionNode>>();
  const graphEnums = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION)
      graphEnums.set(
        definition.name.value,
        (definition.values ?? []).map((v) => v.name.value),
      );
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) {
      if (!definition.directives?.some((d) => d.name.value === "entity")) {
        problems.push(`type ${definition.name.value} has no @entity directive`);
        continue;
      }
      entities.set(definition.name.value, new Map((definition.fields ?? []).map((f) => [f.name.value, f])));
    }
  }

  for (const [name, values] of enums) {
    const graph = graphEnums.get(name);
    if (!graph) problems.push(`enum ${name} is missing from the subgraph schema`);
    else if (graph.join(",") !== values.join(","))
      problems.push(`enum ${name}: subgraph has [${graph}], Ponder has [${values}]`);
  }
  for (const name of graphEnums.keys()) if (!enums.has(name)) problems.push(`enum ${name} is not in the Ponder schema`);

  const expectedEntities = new Set([...tables.keys()].map(pascal));
  for (const name of entities.keys())
    if (!expectedEntities.has(name)) problems.push(`entity ${name} is not a Ponder table`);

  // The `one` relations of every table, to resolve @derivedFrom targets.
  const ones = new Map<string, { name: string; relation: One; fieldKeys: string[] }[]>();
  const relationsByTable = new Map<string, [string, One | Many<string>][]>();
  for (const rel of relations) {
    const key = tableKeyByDbName.get(getTableName(rel.table))!;
    const columns = Object.entries(getTableColumns(rel.table));
    const entries = Object.entries(rel.config(createTableRelationsHelpers(rel.table))) as [
      string,
      One | Many<string>,
    ][];
    relationsByTable.set(key, [...(relationsByTable.get(key) ?? []), ...entries]);
    for (const [name, relation] of entries) {
      if (!is(relation, One)) continue;
      const fieldKeys = (relation.config?.fields ?? []).map((f) => columns.find(([, c]) => c === f)?.[0] ?? f.name);
      ones.set(key, [...(ones.get(key) ?? []), { name, relation, fieldKeys }]);
    }
  }

  for (const [key, table] of tables) {
    const entity = pascal(key);
    const fields = entities.get(entity);
    if (!fields) {
      problems.push(`entity ${entity} (table ${key}) is missing from the subgraph schema`);
      continue;
    }
    const expectedFields = new Set<string>();
    for (const [column, definition] of Object.entries(getTableColumns(table)) as [string, unknown][]) {
      expectedFields.add(column);
      const field = fields.get(column);
      const want = expectedType(column, definition as Column, enumNames);
      if (!field) problems.push(`${entity}.${column} is missing (expected ${want})`);
      else if (typeString(field.type) !== want)
        problems.push(`${entity}.${column} is ${typeString(field.type)}, expected ${want}`);
    }
    for (const [name, relation] of relationsByTable.get(key) ?? []) {
      expectedFields.add(name);
      const field = fields.get(name);
      const target = pascal(tableKeyByDbName.get(relation.referencedTableName)!);
      if (is(relation, One)) {
        const own = ones.get(key)!.find((o) => o.name === name)!;
        const columns = getTableColumns(table) as Record<string, Column>;
        const want = `${target}${own.fieldKeys.every((k) => columns[k]?.notNull) ? "!" : ""}`;
        if (!field) problems.push(`${entity}.${name} is missing (expected a reference ${want})`);
        else if (typeString(field.type) !== want)
          problems.push(`${entity}.${name} is ${typeString(field.type)}, expected ${want}`);
        else if (field.directives?.some((d) => d.name.value === "derivedFrom"))
          problems.push(`${entity}.${name} is a stored reference, not @derivedFrom`);
      } else {
        // The inverse: the `one` relation of the target that names this many (by relationName, else the first
        // one of the target that references this table).
        const candidates = ones.get(tableKeyByDbName.get(relation.referencedTableName)!) ?? [];
        const inverse =
          relation.relationName !== undefined &&
          candidates.some((c) => c.relation.relationName === relation.relationName)
            ? candidates.find((c) => c.relation.relationName === relation.relationName)
            : candidates.find((c) => c.relation.referencedTableName === getTableName(table));
        const want = `[${target}!]!`;
        const derived = field?.directives?.find((d) => d.name.value === "derivedFrom");
        const derivedField = derived?.arguments?.find((a) => a.name.value === "field")?.value;
        const derivedName = derivedField?.kind === Kind.STRING ? derivedField.value : undefined;
        if (!field)
          problems.push(`${entity}.${name} is missing (expected ${want} @derivedFrom(field: "${inverse?.name}"))`);
        else if (typeString(field.type) !== want)
          problems.push(`${entity}.${name} is ${typeString(field.type)}, expected ${want}`);
        else if (derivedName !== inverse?.name)
          problems.push(
            `${entity}.${name} must be @derivedFrom(field: "${inverse?.name}"), found ${derivedName ?? "no @derivedFrom"}`,
          );
      }
    }
    for (const name of fields.keys())
      if (!expectedFields.has(name)) problems.push(`${entity}.${name} is not in the Ponder schema`);
  }
  return problems;
}
