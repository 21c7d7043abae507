/**
 * The payout tree of the PayoutDistributor: one cumulative leaf per
 * `(account, token)`, encoded `(address account, address token, uint256 cumulativeAmount)`
 * and hashed as OpenZeppelin's StandardMerkleTree (see ./standardTree.ts).
 */

import { InvalidArgumentError, PAYOUT_LEAF_ENCODING } from "@coherence/protocol";
import { radixOrder } from "./radixOrder.ts";
import { StandardTree } from "./standardTree.ts";

/** One payout leaf: `[account, token, cumulativeAmount]`. */
export type PayoutLeaf = readonly [account: string, token: string, cumulativeAmount: bigint];

/**
 * 32-bit fingerprint of a payout leaf's `(account, token)` from its ABI encoding at word `w` of `words` (the 96
 * bytes as 32-bit words; the addresses fill bytes 12-31 and 44-63, words 3-7 and 11-15). Decoded bytes are
 * case-blind already, and reading them costs nothing like parsing a million address strings a second time.
 */
function fingerprint(words: Uint32Array, w: number): number {
  let h = 0;
  for (let k = w + 3; k < w + 8; k++) h = Math.imul(h ^ words[k]!, 0x9e3779b1);
  for (let k = w + 11; k < w + 16; k++) h = Math.imul(h ^ words[k]!, 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * The first leaf (lowest index) for an `(account, token)` some earlier leaf has too, and that earlier leaf: the
 * fingerprints in radix order, where equal ones sit side by side and only those compare their addresses. No
 * Map of a million string keys, nor a cache miss per leaf into a table of them.
 */
function firstDuplicate(leaves: readonly PayoutLeaf[], fingerprints: Uint32Array): [number, number] | undefined {
  const { order, sorted } = radixOrder(fingerprints);
  let first: [number, number] | undefined;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && sorted[end] === sorted[start]) end++;
    // A run's indices ascend: the first one with an equal key before it is the run's candidate.
    for (let q = start + 1; q < end; q++) {
      const i = order[q]!;
      if (first !== undefined && i > first[1]) break;
      let p = start;
      while (p < q && !sameKey(leaves[order[p]!]!, leaves[i]!)) p++;
      if (p < q) {
        first = [order[p]!, i];
        break;
      }
    }
    start = end;
  }
  return first;
}

function sameKey([a, t]: PayoutLeaf, [b, u]: PayoutLeaf): boolean {
  return a.toLowerCase() === b.toLowerCase() && t.toLowerCase() === u.toLowerCase();
}

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
  const fingerprints = new Uint32Array(leaves.length);
  let words: Uint32Array | undefined;
  return StandardTree.of(leaves, PAYOUT_LEAF_ENCODING, {
    onEncoded(i, memory, offset) {
      // The tree encodes into one kernel memory, aligned: one word view of it serves every leaf.
      if (words?.buffer !== memory.buffer)
        words = new Uint32Array(memory.buffer, memory.byteOffset, memory.length >>> 2);
      fingerprints[i] = fingerprint(words, offset >>> 2);
    },
    // Once every leaf is known to be well-formed (a bad value is reported as such, not as a duplicate), and before
    // the tree's own check, so that a repeated leaf is named as the (account, token) pair it repeats.
    onAllEncoded() {
      const duplicate = firstDuplicate(leaves, fingerprints);
      if (duplicate === undefined) return;
      const [j, i] = duplicate;
      const [account, token] = leaves[i]!;
      throw new InvalidArgumentError(`Payout leaves ${j} and ${i} are both for account ${account} and token ${token}.`);
    },
  });
}
