/**
 * An operator signs an epoch only if it computed the very same epoch itself: the proposal it was asked to sign
 * is compared field by field with its own, and any difference is refused with the fields named.
 */

import { BaseError, DISTRIBUTOR_DOMAIN, EPOCH_PROPOSAL_TYPES, type EpochProposal, jsonText } from "@coherence/protocol";
import {
  type Address,
  type Hex,
  hashTypedData,
  type LocalAccount,
  parseSignature,
  recoverTypedDataAddress,
  serializeSignature,
  signatureToCompactSignature,
} from "viem";
import type { QuorumSignature } from "./epochFiles.ts";

/** The operator's own computation differs from the proposal it was asked to sign; it refuses. */
export class ProposalMismatchError extends BaseError {
  override name = "ProposalMismatchError";
  readonly fields: string[];

  constructor(epoch: bigint, fields: string[], metaMessages: string[]) {
    super(`Refusing to sign epoch ${epoch}: this operator computed a different ${fields.join(", ")}.`, {
      metaMessages,
    });
    this.fields = fields;
  }
}

/** The EIP-712 domain of a distributor. */
export function distributorDomain(chainId: number, verifyingContract: Address) {
  return { ...DISTRIBUTOR_DOMAIN, chainId, verifyingContract } as const;
}

/** The fields in which two proposals differ, with both values. */
export function diffProposals(ours: EpochProposal, theirs: EpochProposal): { fields: string[]; lines: string[] } {
  const fields: string[] = [];
  const lines: string[] = [];
  const keys = [
    "epoch",
    "fromBlock",
    "toBlock",
    "payoutRoot",
    "scoresRoot",
    "manifestHash",
    "tokens",
    "totals",
  ] as const;
  for (const key of keys) {
    const a = jsonText(ours[key]).toLowerCase();
    const b = jsonText(theirs[key]).toLowerCase();
    if (a !== b) {
      fields.push(key);
      lines.push(`${key}: ours ${a}, asked to sign ${b}`);
    }
  }
  return { fields, lines };
}

/**
 * Signs `requested` with `account` if it equals the operator's own computation `ours`. Compute `ours` with
 * `prepareEpoch` at `requested.toBlock`, which refuses a block the chain has not finalised: then nothing past the
 * finalised head is signed.
 *
 * @example
 * const mine = await prepareEpoch({ ... });                  // recomputed independently
 * const signature = await signEpoch({ account, chainId, distributor, ours: mine.proposal, requested });
 */
export async function signEpoch(parameters: {
  account: LocalAccount;
  chainId: number;
  distributor: Address;
  ours: EpochProposal;
  requested: EpochProposal;
}): Promise<QuorumSignature> {
  const { account, ours, requested } = parameters;
  const { fields, lines } = diffProposals(ours, requested);
  if (fields.length > 0) throw new ProposalMismatchError(requested.epoch, fields, lines);
  if (account.signTypedData === undefined) throw new BaseError(`Account ${account.address} cannot sign typed data.`);
  const signature = await account.signTypedData({
    domain: distributorDomain(parameters.chainId, parameters.distributor),
    types: EPOCH_PROPOSAL_TYPES,
    primaryType: "EpochProposal",
    message: requested,
  });
  const { r, yParityAndS } = signatureToCompactSignature(parseSignature(signature));
  return { signer: account.address, r, vs: yParityAndS };
}

/** The address that produced a quorum signature, recovered (to check a signature file before submitting it). */
export async function recoverQuorumSigner(
  chainId: number,
  distributor: Address,
  proposal: EpochProposal,
  signature: { r: Hex; vs: Hex },
): Promise<Address> {
  const vs = BigInt(signature.vs);
  const yParity = Number(vs >> 255n);
  const s = `0x${(vs & ((1n << 255n) - 1n)).toString(16).padStart(64, "0")}` as Hex;
  return recoverTypedDataAddress({
    domain: distributorDomain(chainId, distributor),
    types: EPOCH_PROPOSAL_TYPES,
    primaryType: "EpochProposal",
    message: proposal,
    signature: serializeSignature({ r: signature.r, s, yParity }),
  });
}

/** The EIP-712 digest of a proposal (what `proposalDigest` returns on-chain). */
export function proposalDigest(chainId: number, distributor: Address, proposal: EpochProposal): Hex {
  return hashTypedData({
    domain: distributorDomain(chainId, distributor),
    types: EPOCH_PROPOSAL_TYPES,
    primaryType: "EpochProposal",
    message: proposal,
  });
}
