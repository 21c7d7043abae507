/**
 * Limits checked on the GraphQL document before Ponder executes anything, so a query that would read and send
 * too much is refused without a database query.
 *
 * **Cost** is the most values the answer can hold, computed from the document alone:
 *
 *     cost(field)       = 1                                      for a field without a selection
 *     cost(field)       = 1 + offset + cost(selection)           for an object field (a page's `offset`: the
 *                                                                  rows the database reads and skips)
 *     cost(items)       = 1 + pageSize(parent) × cost(selection) for `items`, the rows of a Ponder page
 *     cost(selection)   = sum of cost(field) over its fields, fragments spread in place
 *     pageSize(field)   = its `limit` argument (literal or variable), or Ponder's default of 50
 *
 * so `assets(limit: 100) { items { id contributions { items { id } } } }` costs
 * 1 + 1 + 100 × (1 + 1 + 1 + 50 × 1) = 5,302. The limit (`CCN_GRAPHQL_MAX_COST`, default 50,000) admits every
 * table read 1,000 rows at a time and the README's pages, and refuses fan-outs such as
 * one asset → contributions → contributor → contributions → asset → contributions (50³ rows with default pages).
 *
 * **Depth** is the deepest field nesting. Introspection (`__schema`, `__type`) does not count, as GraphiQL's and
 * the code generators' introspection query nests `ofType` 7 levels deep; what it returns is bounded by the
 * schema, provided it does not walk the schema's type graph over and over (`fields { type { fields { type …`),
 * so an introspection path may cross at most {@link MAX_INTROSPECTION_LISTS} list fields, as that query does.
 *
 * **Arguments** Ponder misreads are refused: a negative or fractional `limit` or `offset` (a `limit` of -1 is
 * silently an empty page), an `orderDirection` other than asc / desc (anything else sorts descending), and a
 * cursor that is not one Ponder wrote (it fails deep in its decoder with a garbled message).
 */
import {
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { ApiError } from "./errors.ts";

/** Ponder's page size when a query gives no `limit`, and the largest it accepts. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
/** The introspection query's nesting of lists: types → fields → args. */
export const MAX_INTROSPECTION_LISTS = 3;

const INTROSPECTION_ROOTS = new Set(["__schema", "__type"]);
const INTROSPECTION_LISTS = new Set([
  "types",
  "fields",
  "inputFields",
  "args",
  "interfaces",
  "possibleTypes",
  "enumValues",
  "directives",
]);

export type QueryLimits = { maxDepth: number; maxCost: number };
export type QueryMeasure = { cost: number; depth: number };

/** Where a selection is: the page size its `items` have, and how many introspection lists it is under. */
type Place = { pageSize: number; introspectionLists: number | undefined };

class Measurer {
  readonly #fragments = new Map<string, FragmentDefinitionNode>();
  readonly #provided: Record<string, unknown>;
  /** The provided variables with the running operation's defaults. */
  #variables: Record<string, unknown> = {};
  // Each fragment is measured once per place: a document spreading fragments into fragments stays linear.
  readonly #measured = new Map<string, QueryMeasure>();
  readonly #inProgress = new Set<string>();

  constructor(document: DocumentNode, variables: Record<string, unknown>) {
    for (const definition of document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.#fragments.set(definition.name.value, definition);
    this.#provided = variables;
  }

  operation(operation: OperationDefinitionNode): QueryMeasure {
    this.#variables = { ...this.#provided };
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      if (this.#variables[name] === undefined && definition.defaultValue)
        this.#variables[name] = this.#literal(definition.defaultValue, {});
    }
    // Fragments read variables: their measures hold for this operation only.
    this.#measured.clear();
    return this.#selection(operation.selectionSet, { pageSize: DEFAULT_PAGE_SIZE, introspectionLists: undefined });
  }

  #selection(set: SelectionSetNode, place: Place): QueryMeasure {
    let cost = 0;
    let depth = 0;
    for (const selection of set.selections) {
      let measure: QueryMeasure;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const introspectionLists =
          place.introspectionLists === undefined
            ? INTROSPECTION_ROOTS.has(name)
              ? 0
              : undefined
            : place.introspectionLists + (INTROSPECTION_LISTS.has(name) ? 1 : 0);
        if (introspectionLists !== undefined && introspectionLists > MAX_INTROSPECTION_LISTS) {
          throw new ApiError(
            "QUERY_TOO_DEEP",
            `Introspection nests at most ${MAX_INTROSPECTION_LISTS} lists (types, fields, args, …), as the standard introspection query does.`,
            { limit: String(MAX_INTROSPECTION_LISTS) },
          );
        }
        const { pageSize, offset } = this.#arguments(name, selection.arguments ?? []);
        const inner = selection.selectionSet
          ? this.#selection(selection.selectionSet, { pageSize, introspectionLists })
          : { cost: 0, depth: 0 };
        const rows = name === "items" && introspectionLists === undefined ? place.pageSize : 1;
        measure = {
          cost: 1 + offset + rows * inner.cost,
          depth: (introspectionLists === undefined ? 1 : 0) + inner.depth,
        };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        measure = this.#selection(selection.selectionSet, place);
      } else {
        measure = this.#fragment(selection.name.value, place);
      }
      cost += measure.cost;
      depth = Math.max(depth, measure.depth);
    }
    return { cost, depth };
  }

  #fragment(name: string, place: Place): QueryMeasure {
    const fragment = this.#fragments.get(name);
    const key = `${name} ${place.pageSize} ${place.introspectionLists}`;
    // An unknown or cyclic spread is a validation error Ponder reports; it costs nothing here.
    if (fragment === undefined || this.#inProgress.has(key)) return { cost: 0, depth: 0 };
    let measure = this.#measured.get(key);
    if (measure === undefined) {
      this.#inProgress.add(key);
      measure = this.#selection(fragment.selectionSet, place);
      this.#inProgress.delete(key);
      this.#measured.set(key, measure);
    }
    return measure;
  }

  /** Checks the pagination arguments of a field and returns its page size and offset. */
  #arguments(field: string, args: readonly ArgumentNode[]): { pageSize: number; offset: number } {
    let pageSize = DEFAULT_PAGE_SIZE;
    let offset = 0;
    for (const argument of args) {
      const name = argument.name.value;
      const value = this.#literal(argument.value, this.#variables);
      if (value === undefined || value === null) continue;
      const refuse = (expected: string): never => {
        throw new ApiError(
          "INVALID_ARGUMENT",
          `${field}(${name}:) expects ${expected}, got ${JSON.stringify(value)}.`,
          { field, argument: name },
        );
      };
      if (name === "limit") {
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_PAGE_SIZE)
          refuse(`an integer 0..${MAX_PAGE_SIZE}`);
        pageSize = value as number;
      } else if (name === "offset") {
        if (!Number.isSafeInteger(value) || (value as number) < 0) refuse("an integer 0 or more");
        offset = value as number;
      } else if (name === "orderDirection") {
        if (value !== "asc" && value !== "desc") refuse('"asc" or "desc"');
      } else if (name === "after" || name === "before") {
        if (!isCursor(value)) refuse("a cursor from pageInfo (startCursor or endCursor)");
      }
    }
    return { pageSize, offset };
  }

  #literal(value: ValueNode, variables: Record<string, unknown>): unknown {
    switch (value.kind) {
      case Kind.VARIABLE:
        return variables[value.name.value];
      case Kind.INT:
      case Kind.FLOAT:
        return Number(value.value);
      case Kind.STRING:
      case Kind.ENUM:
        return value.value;
      case Kind.BOOLEAN:
        return value.value;
      default:
        // Lists, objects and null: no pagination argument takes them (`where` is not checked here).
        return undefined;
    }
  }
}

/** Ponder's cursors are base64 of superjson: `{ "json": { column: value, … } }`. */
function isCursor(value: unknown): boolean {
  if (typeof value !== "string" || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  try {
    const decoded = JSON.parse(Buffer.from(value, "base64").toString("utf8")) as { json?: unknown };
    return typeof decoded.json === "object" && decoded.json !== null && !Array.isArray(decoded.json);
  } catch {
    return false;
  }
}

/**
 * Cost and depth of the operation that will run (`operationName`, or every operation when none is named: the
 * largest counts). Throws {@link ApiError} INVALID_ARGUMENT or QUERY_TOO_DEEP on what it meets.
 */
export function measureQuery(
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
): QueryMeasure {
  const measurer = new Measurer(document, variables);
  let measure: QueryMeasure = { cost: 0, depth: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (operationName !== undefined && definition.name?.value !== operationName) continue;
    const one = measurer.operation(definition);
    measure = { cost: Math.max(measure.cost, one.cost), depth: Math.max(measure.depth, one.depth) };
  }
  return measure;
}

/** Refuses a document over the depth or cost limit, naming the figure and the limit. */
export function checkQuery(
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  limits: QueryLimits,
): QueryMeasure {
  const measure = measureQuery(document, variables, operationName);
  if (measure.depth > limits.maxDepth) {
    throw new ApiError(
      "QUERY_TOO_DEEP",
      `Query depth limit of ${limits.maxDepth} exceeded: the query nests ${measure.depth} fields deep.`,
      { depth: String(measure.depth), limit: String(limits.maxDepth) },
    );
  }
  if (measure.cost > limits.maxCost) {
    throw new ApiError(
      "QUERY_TOO_COSTLY",
      `Query cost ${measure.cost} exceeds the limit of ${limits.maxCost}: the cost is the most values the answer can hold (each field 1, a page's items times its limit, 50 by default); ask for fewer rows or fields.`,
      { cost: String(measure.cost), limit: String(limits.maxCost) },
    );
  }
  return measure;
}
