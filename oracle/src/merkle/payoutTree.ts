/**
 * The payout tree of the PayoutDistributor: one cumulative leaf per
 * `(account, token)`, encoded `(address account, address token, uint256 cumulativeAmount)`
 * and hashed as OpenZeppelin's StandardMerkleTree (see ./standardTree.ts).
 */

import { InvalidArgumentError, PAYOUT_LEAF_ENCODING } from "@coherence/protocol";
import { StandardTree } from "./standardTree.ts";

/** One payout leaf: `[account, token, cumulativeAmount]`. */
export type PayoutLeaf = readonly [account: string, token: string, cumulativeAmount: bigint];

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * 32-bit fingerprint of a payout leaf's `(account, token)` from its ABI encoding
 * (`words`: the 96 bytes as 32-bit words; the addresses fill bytes 12-31 and
 * 44-63, words 3-7 and 11-15). Decoded bytes are case-blind already, and reading
 * them costs nothing like parsing a million address strings a second time.
 */
function fingerprint(words: Uint32Array): number {
  let h = 0;
  for (let w = 3; w < 8; w++) h = Math.imul(h ^ words[w]!, 0x9e3779b1);
  for (let w = 11; w < 16; w++) h = Math.imul(h ^ words[w]!, 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Throws unless every `(account, token)` is unique. `keys[i]` holds leaf i's
 * fingerprint above its index; sorting those 64-bit keys natively and comparing
 * only equal fingerprints is several times cheaper than a Map of a million string keys.
 */
function checkUniqueKeys(leaves: readonly PayoutLeaf[], keys: BigUint64Array): void {
  const n = leaves.length;
  const words = new Uint32Array(keys.buffer);
  const lo = LITTLE_ENDIAN ? 0 : 1;
  keys.sort();
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && words[2 * end + 1 - lo] === words[2 * start + 1 - lo]) end++;
    if (end - start > 1) {
      const seen = new Map<string, number>();
      for (let k = start; k < end; k++) {
        const i = words[2 * k + lo]!;
        const [account, token] = leaves[i]!;
        const key = account.toLowerCase() + token.toLowerCase();
        const first = seen.get(key);
        if (first !== undefined) {
          throw new InvalidArgumentError(
            `Payout leaves ${Math.min(first, i)} and ${Math.max(first, i)} are both for account ${account} and token ${token}.`,
          );
        }
        seen.set(key, i);
      }
    }
    start = end;
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
  const keys = new BigUint64Array(leaves.length);
  const keyWords = new Uint32Array(keys.buffer);
  const lo = LITTLE_ENDIAN ? 0 : 1;
  let encodedWords: Uint32Array | undefined;
  const tree = StandardTree.of(leaves, PAYOUT_LEAF_ENCODING, {
    onEncoded(i, encoded) {
      // The tree hands over one reused buffer: one word view of it serves every leaf.
      if (encodedWords?.buffer !== encoded.buffer)
        encodedWords = new Uint32Array(encoded.buffer, encoded.byteOffset, 24);
      keyWords[2 * i + lo] = i;
      keyWords[2 * i + 1 - lo] = fingerprint(encodedWords);
    },
  });
  // Checked once every leaf is known to be well-formed: a bad value is reported as such, not as a duplicate.
  checkUniqueKeys(leaves, keys);
  return tree;
}
