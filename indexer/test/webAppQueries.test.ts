/**
 * Every GraphQL query the web app sends is one the API admits. The documents are the web app's own
 * (`@coherence/frontend/queries`, the only ones its `graphql()` takes); each must be valid against the schema
 * Ponder serves and within the limits measured before execution (src/api/queryCost.ts) at their configured
 * defaults: cost, depth, tokens, aliases and body size. The API hardening of 3e124d5 was reverted once because
 * its cost limit refused the web app's asset list (1,000 assets, each with a nested revenue page): that
 * document is kept here to show the check refuses it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as webApp from "@coherence/frontend/queries";
import { type DocumentNode, Kind, parse, validate, visit } from "graphql";

import { apiSettings } from "../config/env.ts";
import { checkQuery, measureQuery } from "../src/api/queryCost.ts";
import { graphqlSchema } from "./support/graphqlSchema.ts";

const limits = apiSettings({}).graphql;

/** The exported documents: every string the module exports is one. */
const documents = Object.entries(webApp as Record<string, unknown>).filter(
  (entry): entry is [string, string] => typeof entry[1] === "string",
);

/** The asset list of the reverted web app: 1 + 1 + 1 + 1000 × (6 + 4 + 1 + 1 + 50 × 2) + 1 = 112,003. */
const NESTED_ASSET_LIST = `query AssetList($limit: Int!) {
  assets(limit: $limit, orderBy: "id", orderDirection: "desc") {
    totalCount
    items {
      id kind uri owner registeredAt parentIds
      resonance { descendants contributorCount diversityBps }
      revenue { items { token amount } }
    }
  }
}`;

/** Arguments that set how many rows a document reads, with where they are. */
function pageArguments(document: DocumentNode): { where: string; name: string; literal: boolean }[] {
  const found: { where: string; name: string; literal: boolean }[] = [];
  visit(document, {
    Field(field) {
      for (const argument of field.arguments ?? [])
        if (["limit", "offset", "first", "last"].includes(argument.name.value))
          found.push({
            where: `${field.name.value}(${argument.name.value}:)`,
            name: argument.name.value,
            literal: argument.value.kind === Kind.INT,
          });
    },
  });
  return found;
}

test("the web app's documents are found: one named query each", () => {
  assert.ok(documents.length >= 8, `found ${documents.map(([name]) => name).join(", ")}`);
  for (const [name, query] of documents) {
    const operations = parse(query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    assert.equal(operations.length, 1, name);
    assert.equal(operations[0]!.operation, "query", name);
    assert.ok(operations[0]!.name, `${name} is named`);
  }
});

for (const [name, query] of documents) {
  test(`${name} is valid against the indexer's schema and within every limit`, (t) => {
    const document = parse(query, { maxTokens: limits.maxOperationTokens });
    assert.deepStrictEqual(
      validate(graphqlSchema, document).map((e) => e.message),
      [],
    );
    // Page sizes are literals and there is no offset: the cost measured here is the cost of every request.
    for (const argument of pageArguments(document)) {
      assert.notEqual(argument.name, "offset", `${name}: ${argument.where} (page with cursors)`);
      assert.ok(argument.literal, `${name}: ${argument.where} must be a literal, not a variable`);
    }
    let aliases = 0;
    visit(document, {
      Field(field) {
        if (field.alias) aliases++;
      },
    });
    assert.ok(aliases <= limits.maxOperationAliases, `${name}: ${aliases} aliases`);
    assert.ok(Buffer.byteLength(JSON.stringify({ query })) < limits.maxBodyBytes / 2, `${name}: body size`);
    const { cost, depth } = checkQuery(document, {}, undefined, {
      maxCost: limits.maxCost,
      maxDepth: limits.maxOperationDepth,
    });
    t.diagnostic(`${name}: cost ${cost} of ${limits.maxCost}, depth ${depth} of ${limits.maxOperationDepth}`);
  });
}

test("the check refuses the reverted web app's nested asset list; the requests of the paged list are well within", () => {
  const nested = parse(NESTED_ASSET_LIST);
  assert.deepStrictEqual(validate(graphqlSchema, nested), []);
  assert.equal(measureQuery(nested, { limit: 1000 }, undefined).cost, 112_003);
  assert.throws(() => checkQuery(nested, { limit: 1000 }, undefined, { maxCost: limits.maxCost, maxDepth: 12 }), {
    code: "QUERY_TOO_COSTLY",
  });
  // The same assets a page at a time, their revenue as a list of its own.
  const paged = measureQuery(parse(webApp.ASSET_PAGE_QUERY), {}, undefined).cost;
  const revenue = measureQuery(parse(webApp.ASSET_REVENUE_QUERY), {}, undefined).cost;
  assert.equal(paged, 1 + 1 + 3 + 1 + webApp.ASSET_PAGE_SIZE * 11);
  assert.equal(revenue, 1 + 3 + 1 + webApp.ASSET_REVENUE_PAGE_SIZE * 3);
  // A variable page size would be measured at what the request sends, which the document alone does not say.
  assert.deepStrictEqual(pageArguments(nested), [{ where: "assets(limit:)", name: "limit", literal: false }]);
});
