/**
 * Assertions shared by the PGlite and PostgreSQL suites: every table against the reference model, the event
 * coverage of the scenario, the one-query lineage walk, and hand-computed resonance figures.
 */
import assert from "node:assert/strict";

import { type Row, referenceModel } from "./model.ts";
import { allRows, graphql, type Indexer } from "./ponder.ts";
import { ABIS, PROTOCOL_CONTRACTS, type Protocol, type ProtocolContract } from "./protocol.ts";
import type { BaseScenario } from "./scenario.ts";
import { NEVER_EMITTED } from "./scenario.ts";

/** Compares every table the indexer serves with the reference model built from the recorded events. */
export async function assertMatchesModel(indexer: Indexer, protocol: Protocol): Promise<void> {
  const contracts = new Map(Object.entries(protocol.addresses).map(([name, address]) => [address, name]));
  const model = referenceModel(protocol.events, contracts as Map<string, ProtocolContract>);
  for (const [plural, expected] of Object.entries(model)) {
    if (expected.rows.length === 0) {
      const rows = await allRows(indexer, plural, "id");
      assert.equal(rows.length, 0, `${plural}: expected no rows`);
      continue;
    }
    const actual = (
      await allRows<Row>(
        indexer,
        plural,
        expected.fields.includes("id") ? expected.fields.join(" ") : ["id", ...expected.fields].join(" "),
      )
    ).map((row) => {
      const picked: Row = {};
      for (const f of expected.fields) picked[f] = row[f];
      return picked;
    });
    const sort = (rows: Row[]) =>
      [...rows].sort((a, b) => (expected.key(a) < expected.key(b) ? -1 : expected.key(a) > expected.key(b) ? 1 : 0));
    assert.deepStrictEqual(sort(actual), sort(expected.rows), `table ${plural} differs from the reference model`);
  }
}

/** The scenario emitted every event the five contracts can emit. */
export function assertEveryEventCovered(protocol: Protocol): void {
  const missing: string[] = [];
  for (const contract of PROTOCOL_CONTRACTS) {
    for (const item of ABIS[contract]) {
      if (item.type !== "event" || NEVER_EMITTED.has(item.name)) continue;
      if (!protocol.events.some((e) => e.contract === contract && e.eventName === item.name))
        missing.push(`${contract}:${item.name}`);
    }
  }
  assert.deepStrictEqual(missing, [], "the scenario must emit every event");
}

/** The asset as the lineage walk's query asks for it. */
type LineageAsset = {
  id: string;
  kind: string;
  parents: {
    items: {
      weightBps: number;
      parent: {
        id: string;
        contributions: {
          items: { id: string; status: string; contributor: { id: string; totalCostMicroUsd: string } }[];
        };
      };
    }[];
  };
  children: { items: { child: { id: string } }[] };
  contributions: { items: { id: string; status: string; contributor: { id: string } }[] };
  resonance: {
    descendants: number;
    diversityBps: number;
    revenue: { items: { token: string; amount: string }[] };
  } | null;
};

/** One GraphQL query walks asset -> parents/children -> contributions -> contributor. */
export async function assertLineageWalk(indexer: Indexer, scenario: BaseScenario, protocol: Protocol): Promise<void> {
  const { a1, a3, a4, a5 } = scenario.assets;
  const data = await graphql<{ asset: LineageAsset | null }>(
    indexer,
    `query($id: BigInt!) {
      asset(id: $id) {
        id kind
        parents(orderBy: "position") { items { weightBps parent { id contributions { items { id status contributor { id totalCostMicroUsd } } } } } }
        children { items { child { id } } }
        contributions { items { id status contributor { id } } }
        resonance { descendants diversityBps revenue { items { token amount } } }
      }
    }`,
    { id: a5.toString() },
  );
  const asset = data.asset!;
  assert.equal(asset.kind, "Content");
  assert.deepStrictEqual(
    asset.parents.items.map((e) => [e.parent.id, e.weightBps]),
    [
      [a3.toString(), 4000],
      [a4.toString(), 1000],
    ],
  );
  const carol = protocol.events
    .filter((e) => e.eventName === "ContributionAttested")
    .find((e) => e.args.assetId === a3)!
    .args.contributor.toLowerCase();
  const viaA3 = asset.parents.items[0]!.parent.contributions.items;
  assert.deepStrictEqual(
    viaA3.map((c) => c.contributor.id),
    [carol],
  );
  assert.ok(BigInt(viaA3[0]!.contributor.totalCostMicroUsd) > 0n);
  assert.deepStrictEqual(asset.contributions.items.map((c) => c.status).sort(), ["attested", "revoked"]);
  assert.ok(asset.resonance!.revenue.items.length > 0, "A5 has revenue");
  const up = await graphql<{
    asset: {
      children: { items: { child: { id: string; children: { items: { child: { id: string } }[] } } }[] };
    } | null;
  }>(
    indexer,
    `query($id: BigInt!) { asset(id: $id) { children { items { child { id children { items { child { id } } } } } } } }`,
    { id: a1.toString() },
  );
  const grandchildren = up.asset!.children.items.flatMap((e) => e.child.children.items.map((g) => g.child.id));
  assert.ok(grandchildren.includes(a5.toString()), "A5 is a grandchild of A1");
}

/** A resonance row as {@link assertBaseResonance} asks for it. */
type Resonance = {
  id: string;
  directChildren: number;
  descendants: number;
  contributorCount: number;
  diversityBps: number;
  totalCostMicroUsd: string;
};

/** Resonance of the base scenario's lineage, computed by hand (README of the scenario in scenario.ts). */
export async function assertBaseResonance(indexer: Indexer, scenario: BaseScenario): Promise<void> {
  const { a1, a2, a3, a4, a5 } = scenario.assets;
  const data = await graphql<{ resonances: { items: Resonance[] } }>(
    indexer,
    `{ resonances(orderBy: "id", limit: 5) { items { id directChildren descendants contributorCount diversityBps totalCostMicroUsd } } }`,
  );
  const byId = new Map(data.resonances.items.map((r) => [r.id, r]));
  const expect = (
    id: bigint,
    directChildren: number,
    descendants: number,
    contributorCount: number,
    diversityBps: number,
    totalCost: bigint,
  ) =>
    assert.deepStrictEqual(
      byId.get(id.toString()),
      {
        id: id.toString(),
        directChildren,
        descendants,
        contributorCount,
        diversityBps,
        totalCostMicroUsd: totalCost.toString(),
      },
      `resonance of asset ${id}`,
    );
  // A1: alice 1.2, bob 3.0, carol 0.8 (M micro-USD): HHI = 0.0576 + 0.36 + 0.0256 = 0.4432, diversity 0.5568.
  expect(a1, 2, 3, 3, 5568, 5_000_000n);
  expect(a2, 1, 2, 0, 0, 0n);
  expect(a3, 1, 1, 1, 0, 1_000_000n);
  expect(a4, 1, 1, 1, 0, 2_000_000n);
  // A5: bob's contribution was revoked; alice alone.
  expect(a5, 0, 0, 1, 0, 1_000_000n);
}
