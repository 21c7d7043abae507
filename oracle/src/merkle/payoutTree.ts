/**
 * The payout tree of the PayoutDistributor: one cumulative leaf per
 * `(account, token)`, encoded `(address account, address token, uint256 cumulativeAmount)`
 * and hashed as OpenZeppelin's StandardMerkleTree (see ./standardTree.ts).
 */

import { InvalidArgumentError, PAYOUT_LEAF_ENCODING } from "@coherence/protocol";
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
 * The first two leaves for one `(account, token)`, found as the leaves are encoded: an open-addressing table of
 * their fingerprints (at most half full, so a probe is a step or two), where only equal fingerprints compare
 * the addresses themselves. Cheaper than sorting the fingerprints, and no Map of a million string keys.
 */
class DuplicateKeys {
  readonly #leaves: readonly PayoutLeaf[];
  readonly #fingerprints: Uint32Array;
  /** Leaf index + 1 per slot, 0 for free. */
  readonly #slots: Uint32Array;
  readonly #mask: number;
  first: [number, number] | undefined;

  constructor(leaves: readonly PayoutLeaf[]) {
    this.#leaves = leaves;
    this.#fingerprints = new Uint32Array(leaves.length);
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, 2 * leaves.length)));
    this.#slots = new Uint32Array(size);
    this.#mask = size - 1;
  }

  add(i: number, fingerprint: number): void {
    this.#fingerprints[i] = fingerprint;
    for (let slot = fingerprint & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const held = this.#slots[slot]!;
      if (held === 0) {
        this.#slots[slot] = i + 1;
        return;
      }
      const j = held - 1;
      if (this.#fingerprints[j] === fingerprint && this.first === undefined && this.#sameKey(j, i)) {
        this.first = [j, i];
        return;
      }
    }
  }

  #sameKey(j: number, i: number): boolean {
    const [a, t] = this.#leaves[j]!;
    const [b, u] = this.#leaves[i]!;
    return a.toLowerCase() === b.toLowerCase() && t.toLowerCase() === u.toLowerCase();
  }
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
  const duplicates = new DuplicateKeys(leaves);
  let words: Uint32Array | undefined;
  const tree = StandardTree.of(leaves, PAYOUT_LEAF_ENCODING, {
    onEncoded(i, memory, offset) {
      // The tree encodes into one kernel memory, aligned: one word view of it serves every leaf.
      if (words?.buffer !== memory.buffer)
        words = new Uint32Array(memory.buffer, memory.byteOffset, memory.length >>> 2);
      duplicates.add(i, fingerprint(words, offset >>> 2));
    },
  });
  // Reported once every leaf is known to be well-formed: a bad value is reported as such, not as a duplicate.
  if (duplicates.first !== undefined) {
    const [j, i] = duplicates.first;
    const [account, token] = leaves[i]!;
    throw new InvalidArgumentError(`Payout leaves ${j} and ${i} are both for account ${account} and token ${token}.`);
  }
  return tree;
}
