/**
 * Which records of an anchored period a replay checks. The seed is
 * `keccak256(abi.encode(keccak256("coherence-replay-seed-v1"), blockHash, runner, period))` where `blockHash` is the
 * hash of the block right after the one that includes the anchor, once the chain has finalised it. Why that block:
 * the runner fixes its records, root and file before its anchor is included, and the next block's hash did not exist
 * then, so it cannot choose records that dodge the sample; waiting for finality means a reorganisation cannot swap
 * the block and the sample with it, so every checker draws the same records. Runner and period are mixed in so that
 * two anchors in the same block are sampled independently. (A block producer that is also the runner could withhold
 * the next block to redraw, giving up its reward for one more draw; each draw still samples at random.)
 *
 * The sample is a partial Fisher–Yates shuffle of the record positions driven by `keccak256(abi.encode(seed, i))`:
 * `k` distinct positions, the same for the same seed on every machine.
 */
import { encodeAbiParameters, type Hex, keccak256, stringToHex } from "viem";

const SEED_TAG = keccak256(stringToHex("coherence-replay-seed-v1"));

/** The replay seed of `runner`'s anchor for `period`, from the finalised block after the anchor's. */
export function replaySeed(blockHash: Hex, runner: Hex, period: bigint): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "address" }, { type: "uint64" }],
      [SEED_TAG, blockHash, runner, period],
    ),
  );
}

/**
 * `min(k, count)` distinct record positions in `[0, count)`, ascending, drawn by `seed`.
 *
 * @example
 * sampleIndices(replaySeed(hash, runner, 4n), 2_268, 8); // [103, 377, ...]
 */
export function sampleIndices(seed: Hex, count: number, k: number): number[] {
  // Sparse: a period may hold millions of records, and only the k drawn positions are ever swapped.
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const drawn: number[] = [];
  for (let i = 0; i < Math.min(k, count); i++) {
    const draw = BigInt(keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [seed, BigInt(i)])));
    const j = i + Number(draw % BigInt(count - i));
    drawn.push(at(j));
    swapped.set(j, at(i));
  }
  return drawn.sort((a, b) => a - b);
}
