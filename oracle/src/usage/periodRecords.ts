/**
 * A period's records of run as a runner anchors them: the tree of their leaves (OpenZeppelin's StandardMerkleTree
 * of the record's ten fields, `recordLeafHash` of @coherence/protocol, the leaf `MeteringEscrow.recordLeaf`
 * computes), whose root, with the count, goes on-chain; and the records file anyone fetches to check any record
 * against that root, each record with what it ran on and answered (so anyone can replay it), its runner signature
 * and proof. The file is canonical JSON, so the same
 * runs give the same bytes and the same content hash on any machine.
 */
import {
  canonicalJson,
  type Hex,
  InvalidArgumentError,
  type JsonValue,
  RECORD_LEAF_ENCODING,
  type RecordOfRun,
  recordLeafValues,
} from "@coherence/protocol";
import type { Address } from "viem";

import { StandardTree } from "../merkle/standardTree.ts";

export const RUN_RECORDS_FORMAT = "coherence-run-records-v1";

/** A run as its runner committed it: the signed record, with what it ran on and answered. */
export type RecordedRun = {
  readonly record: RecordOfRun;
  readonly input: JsonValue;
  readonly output: JsonValue;
  /** The runner's EIP-712 signature of the record. */
  readonly signature: Hex;
  readonly period: bigint;
};

export type PeriodRecords = {
  readonly runner: Address;
  readonly period: bigint;
  readonly root: Hex;
  readonly count: number;
  /** Canonical JSON: `{ format, runner, period, root, records: [{ record, input, output, signature, proof }] }`. */
  readonly file: string;
};

/**
 * @example
 * const { root, count, file } = periodRecords(runner.address, period, book.runsOf(period));
 */
export function periodRecords(runner: Address, period: bigint, runs: readonly RecordedRun[]): PeriodRecords {
  if (runs.length === 0) throw new InvalidArgumentError(`period ${period} has no runs to anchor`);
  for (const [i, run] of runs.entries()) {
    if (run.period !== period || run.record.runner.toLowerCase() !== runner.toLowerCase()) {
      throw new InvalidArgumentError(
        `run ${i} is of period ${run.period} by ${run.record.runner}, not of period ${period} by ${runner}`,
      );
    }
  }
  const tree = StandardTree.of(
    runs.map((run) => recordLeafValues(run.record)),
    RECORD_LEAF_ENCODING,
  );
  const records = runs.map((run, i) => ({
    record: run.record,
    input: run.input,
    output: run.output,
    signature: run.signature,
    proof: tree.getProof(i),
  }));
  const file = canonicalJson({ format: RUN_RECORDS_FORMAT, runner, period, root: tree.root, records });
  return { runner, period, root: tree.root, count: runs.length, file };
}
