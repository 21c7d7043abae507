/**
 * Reproduces oracle/docs/worked-example.md exactly: every number below was
 * computed by hand there.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { commitEpoch } from "./commitEpoch.ts";
import { computeEpoch } from "./computeEpoch.ts";
import { explainLeaf } from "./explainLeaf.ts";
import { ALICE, BOB, CAROL, bytes32 as c, DAVE, EVE, TREASURY, U, W, WORKED_EXAMPLE } from "./workedExample.ts";

describe("the worked example of oracle/docs/worked-example.md", () => {
  const result = computeEpoch(WORKED_EXAMPLE);

  test("contribution weights are cost x (5000 + coherence)", () => {
    assert.deepEqual(
      result.contributions.map((x) => [x.costMicroUsd, x.multiplierBps, x.weight]),
      [
        [1_000_000n, 13200, 13_200_000_000n],
        [2_000_000n, 10000, 20_000_000_000n],
        [500_000n, 15000, 7_500_000_000n],
        [500_000n, 5000, 2_500_000_000n],
        [1_000_000n, 11000, 11_000_000_000n],
      ],
    );
  });

  test("asset flows per token match the hand computation", () => {
    const flows = result.flows.map((f) => ({
      asset: f.assetId,
      token: f.token,
      inflow: f.inflow,
      route: f.route,
      up: f.toParents.map((p) => [p.assetId, p.amount]),
      pool: f.toContributors,
      treasury: f.toTreasury,
    }));
    assert.deepEqual(flows, [
      { asset: 1n, token: U, inflow: 500n, route: "split", up: [], pool: 500n, treasury: 0n },
      { asset: 1n, token: W, inflow: 201n, route: "split", up: [], pool: 201n, treasury: 0n },
      { asset: 2n, token: U, inflow: 1001n, route: "split", up: [[1n, 200n]], pool: 801n, treasury: 0n },
      { asset: 2n, token: W, inflow: 999n, route: "split", up: [[1n, 200n]], pool: 799n, treasury: 0n },
      {
        asset: 3n,
        token: U,
        inflow: 2000n,
        route: "split",
        up: [
          [1n, 200n],
          [2n, 600n],
        ],
        pool: 1200n,
        treasury: 0n,
      },
      // The tie: 0.5 and 1.5 both leave remainder 5000; the unit goes to asset 1, listed first.
      {
        asset: 3n,
        token: W,
        inflow: 5n,
        route: "split",
        up: [
          [1n, 1n],
          [2n, 1n],
        ],
        pool: 3n,
        treasury: 0n,
      },
      { asset: 4n, token: U, inflow: 1000n, route: "upstream", up: [[3n, 1000n]], pool: 0n, treasury: 0n },
      { asset: 5n, token: U, inflow: 50n, route: "treasury", up: [], pool: 0n, treasury: 50n },
    ]);
  });

  test("leaves, their sources and the totals match the hand computation", () => {
    assert.deepEqual(
      result.leaves.map((l) => [
        l.account,
        l.token,
        l.previous,
        l.amount,
        l.cumulative,
        l.sources.map((s) => [s.assetId, s.kind, s.amount]),
      ]),
      [
        [
          ALICE,
          U,
          0n,
          399n,
          399n,
          [
            [1n, "contributors", 199n],
            [2n, "contributors", 200n],
          ],
        ],
        [
          ALICE,
          W,
          0n,
          280n,
          280n,
          [
            [1n, "contributors", 80n],
            [2n, "contributors", 200n],
          ],
        ],
        [BOB, U, 1000n, 301n, 1301n, [[1n, "contributors", 301n]]],
        [BOB, W, 0n, 121n, 121n, [[1n, "contributors", 121n]]],
        [CAROL, U, 0n, 601n, 601n, [[2n, "contributors", 601n]]],
        [CAROL, W, 0n, 599n, 599n, [[2n, "contributors", 599n]]],
        [DAVE, U, 0n, 1200n, 1200n, [[3n, "contributors", 1200n]]],
        [DAVE, W, 0n, 3n, 3n, [[3n, "contributors", 3n]]],
        [TREASURY, U, 0n, 50n, 50n, [[5n, "treasury", 50n]]],
        [EVE, W, 42n, 0n, 42n, []],
      ],
    );
    assert.deepEqual(
      result.tokens.map((t) => [t.token, t.funded, t.allocated, t.cumulative]),
      [
        [U, 2551n, 2551n, 3551n],
        [W, 1003n, 1003n, 1045n],
      ],
    );
  });

  test("commits the same payout root as OpenZeppelin and the proposal totals", () => {
    const commitment = commitEpoch(result, WORKED_EXAMPLE.scores);
    const oz = StandardMerkleTree.of(
      result.leaves.map((l) => [l.account, l.token, l.cumulative]),
      ["address", "address", "uint256"],
    );
    assert.equal(commitment.payoutRoot, oz.root);
    assert.deepEqual(commitment.tokens, [U, W]);
    assert.deepEqual(commitment.totals, [3551n, 1045n]);
    const scores = StandardMerkleTree.of(
      WORKED_EXAMPLE.scores.map((s) => [s.contributionId, s.coherenceBps, s.metricsHash]),
      ["bytes32", "uint16", "bytes32"],
    );
    assert.equal(commitment.scoresRoot, scores.root);
  });

  test("explains Alice's U amount down to the revenue of asset 4", () => {
    const lines = explainLeaf(result, ALICE, U, { maxDepth: 5 });
    assert.equal(lines[0], `${ALICE} receives 399 of ${U} in this epoch (cumulative 399, previously 0):`);
    assert.ok(
      lines.includes("- 199 from asset 1's contributor pool of 500: weight 13200000000 of 33200000000 (39.76%)"),
    );
    assert.ok(
      lines.some((l) =>
        l.includes(`contribution ${c(1)} cost 1.000000 USD, coherence 82.00%, multiplier 1.32x, weight 13200000000`),
      ),
    );
    assert.ok(lines.some((l) => l.trim() === "asset 4 inflow 1000: own revenue 1000"));
  });
});
