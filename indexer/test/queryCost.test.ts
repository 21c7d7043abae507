/**
 * The GraphQL limits measured on the document before Ponder executes it (src/api/queryCost.ts): issue 16's
 * fan-out refused with its cost and the limit, the README's queries and the table reads admitted, the standard
 * introspection query admitted whatever its depth while a walk of the type graph is not, pagination arguments
 * Ponder misreads refused, and a cache key that ignores variables the query does not declare.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { getIntrospectionQuery, parse } from "graphql";
import { REPO_ROOT } from "../config/env.ts";
import { ApiError } from "../src/api/errors.ts";
import { type GraphQLRequest, graphqlCacheKey } from "../src/api/graphqlRequest.ts";
import { checkQuery, measureQuery } from "../src/api/queryCost.ts";

const LIMITS = { maxDepth: 12, maxCost: 50_000 };

const measure = (query: string, variables: Record<string, unknown> = {}) =>
  measureQuery(parse(query), variables, undefined);

function refusal(query: string, variables: Record<string, unknown> = {}): ApiError {
  try {
    checkQuery(parse(query), variables, undefined, LIMITS);
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error;
  }
  assert.fail(`expected ${query} to be refused`);
}

test("the formula: each field 1, a page's items times its limit (50 by default)", () => {
  assert.deepStrictEqual(measure(`{ assets(limit: 100) { items { id contributions { items { id } } } } }`), {
    cost: 1 + 1 + 100 * (1 + 1 + 1 + 50 * 1),
    depth: 5,
  });
  // A variable's value counts, or its declared default; fragments count where they are spread.
  const paged = `query($n: Int = 7) { assets(limit: $n) { ...rows totalCount } } fragment rows on assetPage { items { id } }`;
  assert.equal(measure(paged).cost, 1 + 1 + 1 + 7);
  assert.equal(measure(paged, { n: 300 }).cost, 1 + 1 + 1 + 300);
  // The rows an offset skips are read all the same.
  assert.equal(measure(`{ assets(offset: 49000) { items { id } } }`).cost, 1 + 49_000 + 1 + 50);
  assert.equal(refusal(`{ assets(offset: 60000) { items { id } } }`).code, "QUERY_TOO_COSTLY");
});

test("issue 16's fan-out is refused before execution, naming its cost and the limit", () => {
  const fanOut = `{ assets(limit: 1000) { items { contributions(limit: 1000) { items { contributor {
    contributions(limit: 1000) { items { asset { contributions(limit: 1000) { items { id costMicroUsd } } } } } } } } } } }`;
  const error = refusal(fanOut);
  assert.equal(error.code, "QUERY_TOO_COSTLY");
  assert.equal(error.status, 400);
  assert.ok(Number(error.fields.cost) > 1e12, error.fields.cost);
  assert.equal(error.fields.limit, "50000");
  assert.match(error.shortMessage, /^Query cost \d+ exceeds the limit of 50000/);
  assert.deepStrictEqual(error.toGraphQL().errors[0]!.extensions, {
    code: "QUERY_TOO_COSTLY",
    cost: error.fields.cost,
    limit: "50000",
  });
  // With default pages the same nesting is still 50^4 rows.
  assert.equal(
    refusal(
      `{ assets { items { contributions { items { contributor { contributions { items { asset { contributions { items { id } } } } } } } } } } }`,
    ).code,
    "QUERY_TOO_COSTLY",
  );
});

test("a document spreading fragments into fragments is measured in linear time", () => {
  const fragments = Array.from(
    { length: 60 },
    (_, i) => `fragment f${i} on Asset { ...f${i + 1} a${i}: id ...f${i + 1} }`,
  ).join(" ");
  const started = performance.now();
  const error = refusal(`{ asset(id: "1") { ...f0 } } ${fragments} fragment f60 on Asset { id }`);
  assert.equal(error.code, "QUERY_TOO_COSTLY");
  assert.ok(performance.now() - started < 1_000);
});

test("the README's queries and the tests' table reads are admitted", async () => {
  const readme = await readFile(path.join(REPO_ROOT, "indexer", "README.md"), "utf8");
  const queries = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(queries.length >= 3);
  for (const query of queries) checkQuery(parse(query), {}, undefined, LIMITS);
  const wide = Array.from({ length: 40 }, (_, i) => `f${i}: id`).join(" ");
  checkQuery(
    parse(`{ contributions(limit: 1000) { items { ${wide} } pageInfo { hasNextPage endCursor } } }`),
    {},
    undefined,
    LIMITS,
  );
});

test("introspection: the standard query is admitted whatever its depth; a walk of the type graph is not", () => {
  const standard = parse(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
  const { cost, depth } = checkQuery(standard, {}, "IntrospectionQuery", LIMITS);
  assert.ok(cost < 1_000, `cost ${cost}`);
  assert.equal(depth, 0);
  // Data fields still count toward the depth.
  assert.equal(
    refusal(`{ asset(id: "1") { ${"children { items { child { ".repeat(4)} id ${"} } } ".repeat(4)} } }`).code,
    "QUERY_TOO_DEEP",
  );
  const walk = `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`;
  const error = refusal(walk);
  assert.equal(error.code, "QUERY_TOO_DEEP");
  assert.match(error.shortMessage, /Introspection nests at most 3 lists/);
});

test("pagination arguments Ponder misreads are refused with the field and argument named", () => {
  let error = refusal(`{ assets(limit: -1) { items { id } } }`);
  assert.equal(error.code, "INVALID_ARGUMENT");
  assert.equal(error.shortMessage, "assets(limit:) expects an integer 0..1000, got -1.");
  assert.equal(refusal(`query($n: Int) { assets(limit: $n) { items { id } } }`, { n: 1001 }).code, "INVALID_ARGUMENT");
  error = refusal(`{ asset(id: "1") { contributions(orderDirection: "sideways") { items { id } } } }`);
  assert.equal(error.shortMessage, `contributions(orderDirection:) expects "asc" or "desc", got "sideways".`);
  assert.deepStrictEqual(error.fields, { field: "contributions", argument: "orderDirection" });
  error = refusal(`{ assets(after: "not-a-cursor") { items { id } } }`);
  assert.equal(
    error.shortMessage,
    `assets(after:) expects a cursor from pageInfo (startCursor or endCursor), got "not-a-cursor".`,
  );
  assert.equal(refusal(`{ assets(before: "e30=") { items { id } } }`).code, "INVALID_ARGUMENT");
  assert.equal(refusal(`{ assets(offset: -5) { items { id } } }`).code, "INVALID_ARGUMENT");
  // A cursor as Ponder writes it (base64 of superjson) is accepted.
  const cursor = Buffer.from(JSON.stringify({ json: { id: "12" }, meta: { values: { id: ["bigint"] } } })).toString(
    "base64",
  );
  checkQuery(
    parse(`{ assets(after: "${cursor}", orderDirection: "desc", limit: 0) { items { id } } }`),
    {},
    undefined,
    LIMITS,
  );
});

test("the cache key keeps the declared variables only, in any order", () => {
  const query = `query($id: BigInt!, $n: Int) { asset(id: $id) { children(limit: $n) { items { childId } } } }`;
  const key = (variables: Record<string, unknown>): string => {
    const request: GraphQLRequest = { query, operationName: undefined, variables, document: parse(query) };
    return graphqlCacheKey(request);
  };
  assert.equal(key({ id: "1", n: 2 }), key({ n: 2, id: "1", cacheBuster: 42 }));
  assert.notEqual(key({ id: "1", n: 2 }), key({ id: "1", n: 3 }));
});
