/**
 * Assertions shared by the PGlite and PostgreSQL suites: every table against the reference model, the event
 * coverage of the scenario, the one-query lineage walk, and hand-computed resonance figures.
 */
import assert from "node:assert/strict";

import { type Row, referenceModel } from "./model.ts";
import { allRows, graphql, type Indexer } from "./ponder.ts";
import { ABIS, addressOf, PROTOCOL_CONTRACTS, type Protocol, type ProtocolContract, ROLES } from "./protocol.ts";
import type { BaseScenario } from "./scenario.ts";
import { NEVER_EMITTED, rateCardHash } from "./scenario.ts";

/**
 * The indexed contracts the reference model leaves out: the forge link registry (its links and linkers are checked
 * by forgeLinks.test.ts). Their rows of the shared tables (`roleMembers`, `parameters`: ids `<contract>:…`) are not
 * compared.
 */
const UNMODELLED_CONTRACTS = ["ForgeLinkRegistry", "MeteringEscrow"];

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
    )
      .filter((row) => !UNMODELLED_CONTRACTS.some((c) => String(row.id).startsWith(`${c}:`)))
      .map((row) => {
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
  // c7 was revoked by its attester, then struck by governance.
  assert.deepStrictEqual(asset.contributions.items.map((c) => c.status).sort(), ["attested", "attested", "struck"]);
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
  const { a1, a2, a3, a4, a5, a6, a7 } = scenario.assets;
  const data = await graphql<{ resonances: { items: Resonance[] } }>(
    indexer,
    `{ resonances(orderBy: "id", limit: 7) { items { id directChildren descendants contributorCount diversityBps totalCostMicroUsd } } }`,
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
  // Built on it: A3, A4, A6 directly, A5 and A7 through them.
  expect(a1, 3, 5, 3, 5568, 5_000_000n);
  // A6 (and A7 through it) left A2 with the reclaim; A7 stays a descendant through A4.
  expect(a2, 1, 3, 0, 0, 0n);
  // A6 joined A3 with the reclaim, A7 along with it; carol's c3 corrected from 1.0 to 0.8.
  expect(a3, 2, 3, 1, 0, 800_000n);
  // Dave's c4 struck by governance.
  expect(a4, 2, 2, 0, 0, 0n);
  // A5: bob's contribution was revoked; alice 1.0 and carol 0.4: HHI = (1 + 0.16) / 1.96, diversity 0.4081.
  expect(a5, 0, 0, 2, 4081, 1_400_000n);
  expect(a6, 1, 1, 1, 0, 2_000_000n);
  expect(a7, 0, 0, 0, 0, 0n);
}

/** An asset as {@link assertAuthorshipAndCorrections} asks for it. */
type Authored = {
  owner: string;
  registrant: string;
  verified: boolean;
  verifiedBy: string | null;
  reclaimedFrom: string | null;
  attestersRestricted: boolean;
  rateCardHash: string | null;
  upstreamShareBps: number;
  parents: { items: { parentId: string; weightBps: number }[] };
  attesters: { items: { attester: string; chosen: boolean }[] };
};

/**
 * The owners' chosen attesters and rate cards (A1's kept by its sale), the verified authorship of A2, the reclaim of
 * A6, the correction of c3 and the strike of c4 (the scenario's runAuthorshipAndCorrections), with the counts they
 * move.
 */
export async function assertAuthorshipAndCorrections(
  indexer: Indexer,
  scenario: BaseScenario,
  protocol: Protocol,
): Promise<void> {
  const { a1, a2, a3, a5, a6 } = scenario.assets;
  type Contribution = {
    status: string;
    attestationCount: number;
    computeMicroUsd: string;
    costMicroUsd: string;
    method: string;
    revokedBy: string | null;
    revokeReason: string | null;
  };
  type Counts = {
    contributionCount: number;
    activeContributionCount: number;
    revokedContributionCount: number;
    struckContributionCount: number;
  };
  const data = await graphql<{
    a1: { owner: string; rateCardHash: string | null };
    a2: Authored;
    a5: Authored;
    a6: Authored & { transfers: { items: { from: string; to: string }[] } };
    corrected: Contribution;
    struck: Contribution;
    bob: Counts;
    carol: Counts;
    dave: Counts & { assetCount: number; totalCostMicroUsd: string };
    networkTotal: Counts & { lineageEdgeCount: number };
    roleMembers: { items: { roleName: string; account: string }[] };
  }>(
    indexer,
    `query($a1: BigInt!, $a2: BigInt!, $a5: BigInt!, $a6: BigInt!, $corrected: String!, $struck: String!,
      $bob: String!, $carol: String!, $dave: String!) {
      a1: asset(id: $a1) { owner rateCardHash }
      a2: asset(id: $a2) { ...authored }
      a5: asset(id: $a5) { ...authored }
      a6: asset(id: $a6) { ...authored transfers(orderBy: "blockNumber") { items { from to } } }
      corrected: contribution(id: $corrected) { ...contribution }
      struck: contribution(id: $struck) { ...contribution }
      bob: contributor(id: $bob) { ...counts }
      carol: contributor(id: $carol) { ...counts }
      dave: contributor(id: $dave) { ...counts assetCount totalCostMicroUsd }
      networkTotal(id: "network") { contributionCount activeContributionCount revokedContributionCount
        struckContributionCount lineageEdgeCount }
      roleMembers(where: { contract: "AssetRegistry", active: true }) { items { roleName account } }
    }
    fragment authored on asset { owner registrant verified verifiedBy reclaimedFrom attestersRestricted rateCardHash
      upstreamShareBps
      parents(orderBy: "position") { items { parentId weightBps } }
      attesters(orderBy: "attester") { items { attester chosen } } }
    fragment contribution on contribution { status attestationCount computeMicroUsd costMicroUsd method revokedBy
      revokeReason }
    fragment counts on contributor { contributionCount activeContributionCount revokedContributionCount
      struckContributionCount }`,
    {
      a1: a1.toString(),
      a2: a2.toString(),
      a5: a5.toString(),
      a6: a6.toString(),
      corrected: scenario.corrected,
      struck: scenario.struck,
      bob: addressOf(ROLES.bob),
      carol: addressOf(ROLES.carol),
      dave: addressOf(ROLES.dave),
    },
  );
  const [alice, bob, dave] = [ROLES.alice, ROLES.bob, ROLES.dave].map(addressOf);
  const verifier = addressOf(ROLES.verifier);
  const attester = addressOf(ROLES.attester);
  // Alice published A1's card before she sold it to dave: the buyer bought the asset with its card.
  assert.deepStrictEqual(data.a1, { owner: dave, rateCardHash: rateCardHash("a1") });
  assert.deepStrictEqual(data.a2, {
    owner: bob,
    registrant: bob,
    verified: true,
    verifiedBy: verifier,
    reclaimedFrom: null,
    attestersRestricted: false,
    // Published, then withdrawn.
    rateCardHash: null,
    upstreamShareBps: 0,
    parents: { items: [] },
    attesters: { items: [] },
  });
  assert.equal(data.a5.verified, false);
  assert.equal(data.a5.attestersRestricted, true);
  assert.equal(data.a5.rateCardHash, rateCardHash("a5"));
  assert.deepStrictEqual(
    data.a5.attesters.items,
    [
      { attester, chosen: true },
      { attester: addressOf(ROLES.extraAttester), chosen: false },
    ].sort((x, y) => (x.attester < y.attester ? -1 : 1)),
  );
  // Dave's choice of attester lapsed with the reclaim, alice's is the only one; his rate card was withdrawn.
  assert.deepStrictEqual(data.a6, {
    owner: alice,
    registrant: dave,
    verified: true,
    verifiedBy: verifier,
    reclaimedFrom: dave,
    attestersRestricted: true,
    rateCardHash: null,
    upstreamShareBps: 4000,
    parents: {
      items: [
        { parentId: a1.toString(), weightBps: 1500 },
        { parentId: a3.toString(), weightBps: 2500 },
      ],
    },
    attesters: { items: [{ attester, chosen: true }] },
    transfers: {
      items: [
        { from: "0x0000000000000000000000000000000000000000", to: dave },
        { from: dave, to: alice },
      ],
    },
  });
  assert.deepStrictEqual(data.corrected, {
    status: "attested",
    attestationCount: 2,
    computeMicroUsd: "300000",
    costMicroUsd: "800000",
    method: "attest",
    revokedBy: null,
    revokeReason: null,
  });
  assert.deepStrictEqual(data.struck, {
    status: "struck",
    attestationCount: 1,
    computeMicroUsd: "0",
    costMicroUsd: "2000000",
    method: "attestBatch",
    revokedBy: protocol.addresses.CoherenceTimelock,
    revokeReason: "the evidence is someone else's work",
  });
  const counts = (contributions: number, active: number, revoked: number, struck: number): Counts => ({
    contributionCount: contributions,
    activeContributionCount: active,
    revokedContributionCount: revoked,
    struckContributionCount: struck,
  });
  // Bob: c2, c7 (revoked, then struck), c9. Carol: c3 (revoked, then attested again), c6, c8. Dave: c4 (struck).
  assert.deepStrictEqual(data.bob, counts(3, 2, 0, 1));
  assert.deepStrictEqual(data.carol, counts(3, 3, 0, 0));
  assert.deepStrictEqual(data.dave, { ...counts(1, 0, 0, 1), assetCount: 0, totalCostMicroUsd: "0" });
  // c1..c9, one edge to each parent of A3, A4, A5, A6 (after the reclaim) and A7.
  assert.deepStrictEqual(data.networkTotal, { ...counts(9, 7, 0, 2), lineageEdgeCount: 9 });
  assert.deepStrictEqual(
    data.roleMembers.items.map((m) => `${m.roleName}:${m.account}`).sort(),
    [`DEFAULT_ADMIN_ROLE:${protocol.addresses.CoherenceTimelock}`, `VERIFIER_ROLE:${verifier}`].sort(),
  );
}
