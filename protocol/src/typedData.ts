/**
 * The EIP-712 domains and types the contracts verify. One definition, used by the oracle's signers, the
 * web app, tests and benchmarks alike (viem and ethers both accept these shapes).
 */

/** Domain name and version of the PayoutDistributor (chain id and address complete the domain). */
export const DISTRIBUTOR_DOMAIN = { name: "CoherencePayoutDistributor", version: "1" } as const;

/** Domain name and version of the ContributionLedger. */
export const LEDGER_DOMAIN = { name: "CoherenceContributionLedger", version: "1" } as const;

/** Domain name and version of the AssetRegistry. */
export const REGISTRY_DOMAIN = { name: "CoherenceAssetRegistry", version: "1" } as const;

/** What a verifier signs to state that `author` wrote the content `contentHash` (`IAssetRegistry.Authorship`). */
export const AUTHORSHIP_TYPES = {
  Authorship: [
    { name: "contentHash", type: "bytes32" },
    { name: "author", type: "address" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** What oracles sign to propose an epoch; mirrors `IPayoutDistributor.EpochProposal`. */
export const EPOCH_PROPOSAL_TYPES = {
  EpochProposal: [
    { name: "epoch", type: "uint64" },
    { name: "fromBlock", type: "uint64" },
    { name: "toBlock", type: "uint64" },
    { name: "payoutRoot", type: "bytes32" },
    { name: "scoresRoot", type: "bytes32" },
    { name: "manifestHash", type: "bytes32" },
    { name: "tokens", type: "address[]" },
    { name: "totals", type: "uint256[]" },
  ],
} as const;

/** What an account signs to have its claim paid to another recipient. */
export const CLAIM_TYPES = {
  Claim: [
    { name: "account", type: "address" },
    { name: "token", type: "address" },
    { name: "cumulativeAmount", type: "uint256" },
    { name: "recipient", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** What an attester signs to have contributions attested by a relayer. */
export const ATTEST_CONTRIBUTIONS_TYPES = {
  AttestContributions: [
    { name: "contributions", type: "Contribution[]" },
    { name: "attester", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
  Contribution: [
    { name: "contributor", type: "address" },
    { name: "assetId", type: "uint256" },
    { name: "laborMicroUsd", type: "uint64" },
    { name: "toolsMicroUsd", type: "uint64" },
    { name: "computeMicroUsd", type: "uint64" },
    { name: "evidenceHash", type: "bytes32" },
    { name: "evidenceUri", type: "string" },
  ],
} as const;

/**
 * What a payer signs (EIP-2612) to let the RevenueRouter take a payment in the same transaction
 * (`RevenueRouter.payWithPermit`, with the router as spender). The domain is the token's own: read it with the
 * token's `eip712Domain()`.
 */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** An epoch proposal as the contracts take it. */
export interface EpochProposal {
  epoch: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  payoutRoot: `0x${string}`;
  scoresRoot: `0x${string}`;
  manifestHash: `0x${string}`;
  tokens: readonly `0x${string}`[];
  totals: readonly bigint[];
}
