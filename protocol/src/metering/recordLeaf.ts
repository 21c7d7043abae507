/**
 * The Merkle leaf of a record of run, exactly as `MeteringEscrow.recordLeaf` computes it: OpenZeppelin's
 * StandardMerkleTree leaf of the record's ten fields in `RecordOfRun` order,
 * `keccak256(bytes.concat(keccak256(abi.encode(assetId, bundleHash, …, time))))`. A period's tree built with
 * `StandardMerkleTree.of(records.map(recordLeafValues), RECORD_LEAF_ENCODING)` has the root a runner anchors, and
 * {@link verifyRecordProof} checks one record against it as the escrow's `verifyRecord` does.
 */
import { encodeAbiParameters, type Hex, keccak256 } from "viem";

import { hashPair } from "../merkleProof.ts";
import type { RecordOfRun } from "./typedData.ts";

// The record's fields in `RecordOfRun` order, literal so viem types the values.
const ABI_PARAMETERS = [
  { type: "uint256" },
  { type: "bytes32" },
  { type: "bytes32" },
  { type: "bytes32" },
  { type: "address" },
  { type: "address" },
  { type: "uint256" },
  { type: "uint256" },
  { type: "uint64" },
  { type: "uint64" },
] as const;

/** The leaf's ABI types, in field order (StandardMerkleTree's `leafEncoding`). */
export const RECORD_LEAF_ENCODING: readonly string[] = ABI_PARAMETERS.map((parameter) => parameter.type);

/** The record's values in leaf order, for StandardMerkleTree. */
export function recordLeafValues(record: RecordOfRun) {
  return [
    record.assetId,
    record.bundleHash,
    record.inputHash,
    record.outputHash,
    record.runner,
    record.payer,
    record.units,
    record.price,
    record.nonce,
    record.time,
  ] as const;
}

/**
 * The record's leaf hash.
 *
 * @example
 * const leaf = recordLeafHash(record); // equals escrow.recordLeaf(record)
 */
export function recordLeafHash(record: RecordOfRun): Hex {
  return keccak256(keccak256(encodeAbiParameters(ABI_PARAMETERS, recordLeafValues(record))));
}

/**
 * Whether `proof` proves `record` under `root` (sorted-pair hashing, as OpenZeppelin's `MerkleProof`).
 *
 * @example
 * verifyRecordProof(record, tree.getProof(i) as Hex[], anchor.root);
 */
export function verifyRecordProof(record: RecordOfRun, proof: readonly Hex[], root: Hex): boolean {
  let node = recordLeafHash(record);
  for (const sibling of proof) node = hashPair(node, sibling).result;
  return node.toLowerCase() === root.toLowerCase();
}
