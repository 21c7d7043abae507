import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";

import {
  ASSET_KINDS,
  ATTESTER_STATUSES,
  BPS,
  CONTRIBUTION_STATUSES,
  MAX_CHALLENGE_PERIOD,
  MAX_FEE_BPS,
  MAX_PARENTS,
  MIN_CHALLENGE_PERIOD,
} from "./constants.ts";

type AstNode = { nodeType?: string; name?: string; constant?: boolean; [key: string]: unknown };

const ARTIFACTS = new URL("../../artifacts/", import.meta.url);

/** The solc AST of `source` (e.g. "contracts/PayoutDistributor.sol") from the build of `contract`'s artifact. */
async function astOf(contract: string, source: string): Promise<AstNode> {
  const artifactUrl = new URL(`contracts/${contract}.sol/${contract}.json`, ARTIFACTS);
  const artifact = JSON.parse(
    await readFile(artifactUrl, "utf8").catch(() => {
      throw new Error(`${artifactUrl.pathname} is missing: run "npx hardhat build" first`);
    }),
  ) as { buildInfoId: string };
  const output = JSON.parse(
    await readFile(new URL(`build-info/${artifact.buildInfoId}.output.json`, ARTIFACTS), "utf8"),
  ) as {
    output: { sources: Record<string, { ast: AstNode }> };
  };
  const found = output.output.sources[`project/${source}`];
  assert.ok(found, `${source} is not in the build of ${contract}`);
  return found.ast;
}

function* nodes(node: unknown): Generator<AstNode> {
  if (Array.isArray(node)) for (const item of node) yield* nodes(item);
  else if (node !== null && typeof node === "object") {
    yield node as AstNode;
    for (const value of Object.values(node)) yield* nodes(value);
  }
}

/** The value solc computed for a constant with a literal value (`10 minutes` is `int_const 600`). */
function constantOf(ast: AstNode, name: string): number {
  for (const n of nodes(ast)) {
    if (n.nodeType !== "VariableDeclaration" || n.constant !== true || n.name !== name) continue;
    const type = (n.value as { typeDescriptions?: { typeString?: string } }).typeDescriptions?.typeString ?? "";
    const match = /^int_const (\d+)$/.exec(type);
    assert.ok(match, `${name} is not an integer literal constant (${type})`);
    return Number(match[1]);
  }
  assert.fail(`no constant ${name}`);
}

function enumOf(ast: AstNode, name: string): string[] {
  for (const n of nodes(ast)) {
    if (n.nodeType === "EnumDefinition" && n.name === name) return (n.members as { name: string }[]).map((m) => m.name);
  }
  assert.fail(`no enum ${name}`);
}

describe("protocol constants equal the contracts'", () => {
  test("AssetKind, AttesterStatus and Status, in enum order", async () => {
    const registry = await astOf("AssetRegistry", "contracts/interfaces/IAssetRegistry.sol");
    assert.deepEqual(enumOf(registry, "AssetKind"), [...ASSET_KINDS]);
    assert.deepEqual(enumOf(registry, "AttesterStatus"), [...ATTESTER_STATUSES]);
    assert.deepEqual(
      enumOf(await astOf("ContributionLedger", "contracts/interfaces/IContributionLedger.sol"), "Status"),
      [...CONTRIBUTION_STATUSES],
    );
  });

  test("bounds: fee cap, challenge period, parents, basis points", async () => {
    const distributor = await astOf("PayoutDistributor", "contracts/PayoutDistributor.sol");
    assert.equal(constantOf(distributor, "MIN_CHALLENGE_PERIOD"), MIN_CHALLENGE_PERIOD);
    assert.equal(constantOf(distributor, "MAX_CHALLENGE_PERIOD"), MAX_CHALLENGE_PERIOD);
    const router = await astOf("RevenueRouter", "contracts/RevenueRouter.sol");
    assert.equal(constantOf(router, "MAX_FEE_BPS"), MAX_FEE_BPS);
    assert.equal(constantOf(router, "_BPS"), BPS);
    const registry = await astOf("AssetRegistry", "contracts/AssetRegistry.sol");
    assert.equal(constantOf(registry, "MAX_PARENTS"), MAX_PARENTS);
    assert.equal(constantOf(registry, "_BPS"), BPS);
  });
});
