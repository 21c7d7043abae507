/**
 * The files operators pass each other to put an epoch on-chain: the proposal `ccn epoch prepare` writes and every
 * operator recomputes before signing, and the signature each one writes back for the submitter. Declared once
 * here; written with the schema's `encode` and read back through the same schema, so a hand-edited, truncated
 * or mistyped file fails with its name and the field (`proposal-3.json: payoutRoot: expected …`) before anything
 * is signed or sent.
 */
import {
  address,
  array,
  bytes32,
  decimal,
  type EpochProposal,
  type Infer,
  MAX_UINT64,
  object,
  refine,
  type Schema,
} from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";

import { writeJsonFile } from "./jsonFile.ts";

const uint64 = decimal({ max: MAX_UINT64 });

/** An epoch proposal as the contracts take it; numbers are decimal strings, as they exceed 2^53. */
export const proposalFileSchema: Schema<EpochProposal> = refine(
  object({
    epoch: uint64,
    fromBlock: uint64,
    toBlock: uint64,
    payoutRoot: bytes32(),
    scoresRoot: bytes32(),
    manifestHash: bytes32(),
    tokens: array(address()),
    totals: array(decimal()),
  }),
  (proposal, problem) => {
    // `propose` pairs them by index; a file that lost one would be refused on-chain, after the signatures.
    if (proposal.totals.length !== proposal.tokens.length) {
      problem(["totals"], `lists ${proposal.totals.length} total(s) for ${proposal.tokens.length} token(s)`);
    }
  },
);

/** A 64-byte ERC-2098 signature of a proposal with its signer, as `propose` takes it (once sorted by signer). */
export const signatureFileSchema = object({ signer: address(), r: bytes32(), vs: bytes32() });
export type QuorumSignature = Infer<typeof signatureFileSchema>;

/** Reads a proposal file written by `ccn epoch prepare`. */
export function readProposalFile(file: string): Promise<EpochProposal> {
  return readJsonFile(proposalFileSchema, file, "write it with `ccn epoch prepare`");
}

export function writeProposalFile(file: string, proposal: EpochProposal): Promise<void> {
  return writeJsonFile(proposalFileSchema, file, proposal);
}

/** Reads a signature file written by `ccn epoch sign`. */
export function readSignatureFile(file: string): Promise<QuorumSignature> {
  return readJsonFile(signatureFileSchema, file, "write it with `ccn epoch sign`");
}

export function writeSignatureFile(file: string, signature: QuorumSignature): Promise<void> {
  return writeJsonFile(signatureFileSchema, file, signature);
}
