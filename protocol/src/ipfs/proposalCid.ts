/**
 * The manifest's CID recorded with its proposal, on-chain, without a field in the signed `EpochProposal`: the
 * submitter appends it to the `propose` transaction's calldata (`cid ‖ uint8(cid length) ‖ "ccn-manifest-cid"`),
 * which the ABI decoder ignores, so the contract and the quorum's signatures are unchanged and a proposal sent
 * without it is still valid. Anyone reads it back from the proposal transaction's input (the indexer's
 * `proposedTx`). It only says where the manifest is: what is fetched by it must still hash to the on-chain
 * `manifestHash`, so a wrong CID can make a manifest unavailable, never accepted.
 */
import { CID } from "multiformats/cid";
import { bytesToHex, concatHex, type Hex, hexToBytes, stringToHex } from "viem";

const MARKER = stringToHex("ccn-manifest-cid");
const MARKER_BYTES = (MARKER.length - 2) / 2;

/** The calldata suffix recording `cid` (viem's `dataSuffix`). */
export function manifestCidSuffix(cid: CID | string): Hex {
  const bytes = (typeof cid === "string" ? CID.parse(cid) : cid).bytes;
  if (bytes.length > 255) throw new RangeError(`A CID of ${bytes.length} bytes is too long to record.`);
  return concatHex([bytesToHex(bytes), bytesToHex(Uint8Array.of(bytes.length)), MARKER]);
}

/** The `ipfs://` URI of the manifest CID a transaction's input records, or undefined if it records none. */
export function manifestUriOf(input: Hex): string | undefined {
  if (!input.toLowerCase().endsWith(MARKER.slice(2))) return undefined;
  const bytes = hexToBytes(input);
  const end = bytes.length - MARKER_BYTES - 1;
  const length = bytes[end];
  if (length === undefined || length > end) return undefined;
  try {
    return `ipfs://${CID.decode(bytes.subarray(end - length, end)).toString()}`;
  } catch {
    return undefined;
  }
}
