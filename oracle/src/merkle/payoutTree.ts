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

/** 32-bit fingerprint of an address pair from their last 8 hex digits (case-blind). */
function fingerprint(account: string, token: string): number {
  const a = Number.parseInt(account.slice(-8), 16) | 0;
  const t = Number.parseInt(token.slice(-8), 16) | 0;
  return (a ^ Math.imul(t, 0x9e3779b1)) >>> 0;
}

/**
 * Throws unless every `(account, token)` is unique. Sorting 64-bit keys
 * (fingerprint, index) natively and comparing only equal fingerprints is
 * several times cheaper than a Map of a million string keys.
 */
function checkUniqueKeys(leaves: readonly PayoutLeaf[]): void {
  const n = leaves.length;
  const keys = new BigUint64Array(n);
  const words = new Uint32Array(keys.buffer);
  const lo = LITTLE_ENDIAN ? 0 : 1;
  for (let i = 0; i < n; i++) {
    const [account, token] = leaves[i]!;
    words[2 * i + lo] = i;
    words[2 * i + 1 - lo] = typeof account === "string" && typeof token === "string" ? fingerprint(account, token) : 0;
  }
  keys.sort();
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && words[2 * end + 1 - lo] === words[2 * start + 1 - lo]) end++;
    if (end - start > 1) {
      const seen = new Map<string, number>();
      for (let k = start; k < end; k++) {
        const i = words[2 * k + lo]!;
        const [account, token] = leaves[i]!;
        if (typeof account !== "string" || typeof token !== "string") continue;
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
  checkUniqueKeys(leaves);
  return StandardTree.of(leaves, PAYOUT_LEAF_ENCODING);
}
