/**
 * subgraph-schema.graphql documents the Ponder schema in The Graph's dialect; these tests fail when the two
 * drift apart (entities, fields, types, nullability, enums, references, @derivedFrom).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { REPO_ROOT } from "../config/env.ts";
import * as ponderSchema from "../ponder.schema.ts";
import { schemaDrift } from "./support/subgraphDrift.ts";

const subgraph = readFileSync(path.join(REPO_ROOT, "subgraph-schema.graphql"), "utf8");

test("subgraph-schema.graphql matches ponder.schema.ts", () => {
  assert.deepStrictEqual(schemaDrift(ponderSchema, subgraph), []);
});

test("the drift check notices a missing field, a wrong type, a wrong @derivedFrom and an extra entity", () => {
  const drifted = subgraph
    .replace("  uri: String!\n", "")
    .replace("  diversityBps: Int!\n", "  diversityBps: BigInt!\n")
    .replace(
      'contributions: [Contribution!]! @derivedFrom(field: "contributor")',
      'contributions: [Contribution!]! @derivedFrom(field: "asset")',
    )
    .concat("\ntype Ghost @entity(immutable: true) {\n  id: ID!\n}\n");
  const problems = schemaDrift(ponderSchema, drifted);
  assert.deepStrictEqual(
    problems.sort(),
    [
      'Contributor.contributions must be @derivedFrom(field: "contributor"), found asset',
      "Asset.uri is missing (expected String!)",
      "Resonance.diversityBps is BigInt!, expected Int!",
      "entity Ghost is not a Ponder table",
    ].sort(),
  );
});

test("the drift check notices a nullable column documented as non-null and a changed enum", () => {
  const drifted = subgraph
    .replace("  revokedBy: Bytes\n  revokeReason", "  revokedBy: Bytes!\n  revokeReason")
    .replace("  vetoed\n", "");
  assert.deepStrictEqual(schemaDrift(ponderSchema, drifted).sort(), [
    "Contribution.revokedBy is Bytes!, expected Bytes",
    "enum EpochStatus: subgraph has [proposed,finalised,expired,revoked], Ponder has [proposed,vetoed,finalised,expired,revoked]",
  ]);
});
