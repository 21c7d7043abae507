import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MalformedFieldError } from "@coherence/protocol";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { commitEpoch, EMPTY_ROOT, makeScoresTree } from "./commitEpoch.ts";
import { computeEpoch } from "./computeEpoch.ts";
import { DEFAULT_MULTIPLIER } from "./multiplier.ts";
import { bytes32, WORKED_EXAMPLE } from "./workedExample.ts";

describe("commitEpoch", () => {
  test("an epoch without revenue, contributions or history commits two empty roots", () => {
    const input = {
      assets: [{ id: 1n, parents: [] }],
      contributions: [],
      scores: [],
      revenue: [],
      previous: [],
      config: { multiplier: DEFAULT_MULTIPLIER, treasury: `0x${"77".repeat(20)}` as const },
    };
    const c = commitEpoch(computeEpoch(input), input.scores);
    assert.deepEqual(
      [c.payoutRoot, c.scoresRoot, c.tokens, c.totals, c.payoutTree, c.scoresTree],
      [EMPTY_ROOT, EMPTY_ROOT, [], [], undefined, undefined],
    );
  });

  test("every payout proof verifies against the root for its leaf", () => {
    const result = computeEpoch(WORKED_EXAMPLE);
    const c = commitEpoch(result, WORKED_EXAMPLE.scores);
    result.leaves.forEach((l, i) => {
      assert.ok(
        StandardMerkleTree.verify(
          c.payoutRoot,
          ["address", "address", "uint256"],
          [l.account, l.token, l.cumulative],
          c.payoutTree!.getProof(i),
        ),
      );
    });
  });
});

describe("makeScoresTree", () => {
  test("orders scores by contribution id and matches OpenZeppelin", () => {
    const scores = [...WORKED_EXAMPLE.scores].reverse();
    const tree = makeScoresTree(scores)!;
    assert.deepEqual(
      [...tree.entries()].map(([, v]) => v[0]),
      [1, 2, 3, 4, 5].map(bytes32),
    );
    assert.equal(
      tree.root,
      StandardMerkleTree.of(
        scores.map((s) => [s.contributionId, s.coherenceBps, s.metricsHash]),
        ["bytes32", "uint16", "bytes32"],
      ).root,
    );
  });

  test("rejects two scores for one contribution and out-of-range coherence", () => {
    const s = WORKED_EXAMPLE.scores[0]!;
    assert.throws(
      () => makeScoresTree([s, { ...s, coherenceBps: 1 }]),
      (e: unknown) => e instanceof MalformedFieldError && /two scores/.test(e.message),
    );
    assert.throws(
      () => makeScoresTree([{ ...s, coherenceBps: 10001 }]),
      (e: unknown) => e instanceof MalformedFieldError && e.field === "scores[0].coherenceBps",
    );
  });
});
