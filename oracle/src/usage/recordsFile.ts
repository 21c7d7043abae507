/**
 * A runner's published records file (`coherence-run-records-v1`, written by `periodRecords`), fetched
 * from the URI its anchor names and checked against that anchor before anything in it is believed: its bytes hash to
 * the name they are published under, its runner, period, root and count are the anchor's, the tree of all its records
 * has the anchored root, and every record carries its runner's EIP-712 signature and a proof under that root.
 */
import {
  address,
  array,
  BaseError,
  bytes32,
  decimal,
  type Hex,
  json,
  literal,
  MAX_UINT64,
  MAX_UINT256,
  type MeteringEscrowRef,
  object,
  parseJson,
  RECORD_LEAF_ENCODING,
  recordLeafValues,
  string,
  verifyMetering,
  verifyRecordProof,
} from "@coherence/protocol";
import { type Address, keccak256 } from "viem";

import { StandardTree } from "../merkle/standardTree.ts";
import { RUN_RECORDS_FORMAT } from "./periodRecords.ts";

/** The records file could not be fetched from the URI its anchor names. */
export class RecordsUnreachableError extends BaseError {
  override name = "RecordsUnreachableError";
}

/** The records file is not what was anchored: its bytes, runner, period, root or count differ from the anchor's. */
export class RecordsHashMismatchError extends BaseError {
  override name = "RecordsHashMismatchError";
}

/** A record in the file does not carry its runner's signature. */
export class BadRecordSignatureError extends BaseError {
  override name = "BadRecordSignatureError";
}

/** What the chain says was anchored. */
export type Anchor = {
  readonly runner: Address;
  readonly period: bigint;
  readonly root: Hex;
  readonly count: bigint;
  readonly uri: string;
};

const hex = string({ pattern: /^0x([0-9a-fA-F]{2})*$/, expected: "0x and hex bytes" });

const recordSchema = object({
  assetId: decimal(),
  bundleHash: bytes32(),
  inputHash: bytes32(),
  outputHash: bytes32(),
  runner: address(),
  payer: address(),
  units: decimal({ max: MAX_UINT256 }),
  price: decimal({ max: MAX_UINT256 }),
  nonce: decimal({ max: MAX_UINT64 }),
  time: decimal({ max: MAX_UINT64 }),
});

const recordsFileSchema = object({
  format: literal(RUN_RECORDS_FORMAT),
  runner: address(),
  period: decimal({ max: MAX_UINT64 }),
  root: bytes32(),
  records: array(
    object({
      record: recordSchema,
      input: json(),
      output: json(),
      signature: hex,
      proof: array(bytes32()),
    }),
  ),
});

export type RecordsFile = ReturnType<typeof recordsFileSchema.decode>;
export type PublishedRecord = RecordsFile["records"][number];

/**
 * Fetches and checks the anchor's records file.
 *
 * @example
 * const { records } = await fetchRecordsFile(anchor, escrow); // each record signed and proven under anchor.root
 */
export async function fetchRecordsFile(anchor: Anchor, escrow: MeteringEscrowRef): Promise<RecordsFile> {
  let bytes: Uint8Array;
  try {
    const response = await fetch(anchor.uri);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    throw new RecordsUnreachableError(`the records file of ${anchor.runner}'s period ${anchor.period} is unreachable`, {
      cause,
      metaMessages: [`anchored at ${anchor.uri}`],
    });
  }
  return checkRecordsFile(anchor, escrow, bytes);
}

/** Checks a fetched records file's bytes against its anchor; the decoded file. */
export async function checkRecordsFile(
  anchor: Anchor,
  escrow: MeteringEscrowRef,
  bytes: Uint8Array,
): Promise<RecordsFile> {
  const mismatch = (problem: string) =>
    new RecordsHashMismatchError(`the records file at ${anchor.uri} ${problem}`, {
      metaMessages: [
        `anchored by ${anchor.runner} for period ${anchor.period}: root ${anchor.root}, ${anchor.count} records`,
      ],
    });
  const hash = keccak256(bytes);
  // The name is the content's hash (the gateway publishes `<keccak256>.json`): a file swapped after anchoring shows.
  const named = /(0x[0-9a-fA-F]{64})\.json(?:[?#].*)?$/.exec(anchor.uri)?.[1];
  if (named === undefined || named.toLowerCase() !== hash) {
    throw mismatch(`hashes to ${hash}, not to the ${named ?? "(no hash)"} it is named by`);
  }
  const file = parseJson(recordsFileSchema, new TextDecoder().decode(bytes), { source: anchor.uri });
  if (file.runner.toLowerCase() !== anchor.runner.toLowerCase() || file.period !== anchor.period) {
    throw mismatch(`is ${file.runner}'s for period ${file.period}`);
  }
  if (file.root.toLowerCase() !== anchor.root.toLowerCase() || BigInt(file.records.length) !== anchor.count) {
    throw mismatch(`has root ${file.root} and ${file.records.length} records`);
  }
  if (file.records.length > 0) {
    const tree = StandardTree.of(
      file.records.map(({ record }) => recordLeafValues(record)),
      RECORD_LEAF_ENCODING,
    );
    if (tree.root.toLowerCase() !== anchor.root.toLowerCase())
      throw mismatch(`holds records whose root is ${tree.root}`);
  }
  for (const [i, { record, signature, proof }] of file.records.entries()) {
    const at = `record ${i} (payer ${record.payer}, nonce ${record.nonce})`;
    if (record.runner.toLowerCase() !== anchor.runner.toLowerCase() || !verifyRecordProof(record, proof, anchor.root)) {
      throw mismatch(`has ${at} not proven under the anchored root`);
    }
    if (!(await verifyMetering(escrow, { kind: "recordOfRun", value: record }, signature as Hex))) {
      throw new BadRecordSignatureError(`${at} of ${anchor.uri} is not signed by its runner ${anchor.runner}`);
    }
  }
  return file;
}
