/**
 * The payout tree of the PayoutDistributor: one cumulative leaf per
 * `(account, token)`, encoded `(address account, address token, uint256 cumulativeAmount)`
 * and hashed as OpenZeppelin's StandardMerkleTree (see ./standardTree.ts).
 */
import { InvalidArgumentError } from "../errors.ts";
import { StandardTree } from "./standardTree.ts";

/** The leaf encoding the PayoutDistributor verifies. */
export const PAYOUT_LEAF_ENCODING = Object.freeze(["address", "address", "uint256"] as const);

/** One payout leaf: `[account, token, cumulativeAmount]`. */
export type PayoutLeaf = readonly [account: string, token: string, cumulativeAmount: bigint];

/**
 * Builds the payout tree. Besides the tree's own checks, rejects two leaves for
 * the same `(account, token)` (even with different amounts): the distributor
 * pays `cumulative - claimed`, so a second leaf would let an account claim the larger one.
 *
 * @example
 * const tree = makePayoutTree([["0xaa…", "0xbb…", 10n]]);
 * tree.getProof(0);
 */
export function makePayoutTree(leaves: readonly PayoutLeaf[]): StandardTree<PayoutLeaf> {
  const seen = new Map<string, number>();
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i]!;
    const key = typeof leaf[0] === "string" && typeof leaf[1] === "string" ? `${leaf[0].toLowerCase()}${leaf[1].toLowerCase()}` : "";
    const previous = seen.get(key);
    if (previous !== undefined && key !== "") {
      throw new InvalidArgumentError(`Payout leaves ${previous} and ${i} are both for account ${leaf[0]} and token ${leaf[1]}.`);
    }
    seen.set(key, i);
  }
  return StandardTree.of(leaves, PAYOUT_LEAF_ENCODING);
}
