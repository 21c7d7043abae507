/**
 * Verification of a payout leaf against a Merkle root, step by step, exactly as the
 * PayoutDistributor checks it: the leaf is OpenZeppelin's StandardMerkleTree leaf
 * `keccak256(bytes.concat(keccak256(abi.encode(account, token, cumulativeAmount))))`, and each proof step
 * hashes the running node with its sibling, the smaller of the two first.
 */
import { type Address, concat, encodeAbiParameters, type Hex, hexToBigInt, keccak256 } from "viem";

/** A leaf of the payout tree and its proof. */
export type PayoutLeafProof = {
  account: Address;
  token: Address;
  cumulativeAmount: bigint;
  proof: readonly Hex[];
};

/** One proof step: the running node hashed with the sibling, in sorted order. */
export type ProofStep = {
  index: number;
  node: Hex;
  sibling: Hex;
  /** The pair as hashed: the smaller value first. */
  left: Hex;
  right: Hex;
  result: Hex;
};

export type LeafVerification = {
  /** `abi.encode(account, token, cumulativeAmount)`. */
  encoded: Hex;
  /** `keccak256(encoded)`. */
  innerHash: Hex;
  /** `keccak256(innerHash)`: the leaf. */
  leafHash: Hex;
  steps: ProofStep[];
  computedRoot: Hex;
  expectedRoot: Hex;
  valid: boolean;
};

// The ABI form of PAYOUT_LEAF_ENCODING, literal so viem types the values.
const LEAF_ENCODING = [{ type: "address" }, { type: "address" }, { type: "uint256" }] as const;

/** OpenZeppelin's `standardNodeHash`: keccak256 of the two values, smaller first. */
export function hashPair(a: Hex, b: Hex): { left: Hex; right: Hex; result: Hex } {
  const [left, right] = hexToBigInt(a) <= hexToBigInt(b) ? [a, b] : [b, a];
  return { left, right, result: keccak256(concat([left, right])) };
}

/** The StandardMerkleTree leaf hash of a payout leaf, with its intermediate values. */
export function payoutLeafHash(
  account: Address,
  token: Address,
  cumulativeAmount: bigint,
): Pick<LeafVerification, "encoded" | "innerHash" | "leafHash"> {
  const encoded = encodeAbiParameters(LEAF_ENCODING, [account, token, cumulativeAmount]);
  const innerHash = keccak256(encoded);
  return { encoded, innerHash, leafHash: keccak256(innerHash) };
}

/**
 * Recomputes the root from a leaf and its proof and compares it with `expectedRoot` (case-insensitive).
 *
 * @example
 * const v = verifyPayoutLeaf({ account, token, cumulativeAmount: 115562736n, proof }, onChainRoot);
 * v.valid; // true when the leaf is in the tree whose root is on-chain
 */
export function verifyPayoutLeaf(leaf: PayoutLeafProof, expectedRoot: Hex): LeafVerification {
  const { encoded, innerHash, leafHash } = payoutLeafHash(leaf.account, leaf.token, leaf.cumulativeAmount);
  const steps: ProofStep[] = [];
  let node = leafHash;
  leaf.proof.forEach((sibling, index) => {
    const { left, right, result } = hashPair(node, sibling);
    steps.push({ index, node, sibling, left, right, result });
    node = result;
  });
  return {
    encoded,
    innerHash,
    leafHash,
    steps,
    computedRoot: node,
    expectedRoot,
    valid: node.toLowerCase() === expectedRoot.toLowerCase(),
  };
}
