/**
 * For unit tests: asset, contribution, epoch and dispute rows as the indexer answers them (the selections of
 * src/lib/queries.ts).
 */

export const HASH = `0x${"ab".repeat(32)}`;
export const DISPUTER = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
export const OWNER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
export const VERIFIER = "0xdd2fd4581271e230360230f9337d5c0430bf44c0";
export const ATTESTER = "0x14dc79964da2c08b23698b3d3cc7ca32193d9955";

/** A contribution to asset 7 of $1.20, attested once, with `extra` over it. */
export const rawContribution = (extra: Record<string, unknown> = {}) => ({
  id: HASH,
  assetId: "7",
  contributorId: OWNER,
  attester: ATTESTER,
  laborMicroUsd: "1000000",
  toolsMicroUsd: "200000",
  computeMicroUsd: "0",
  costMicroUsd: "1200000",
  evidenceUri: "git:commit/abc",
  status: "attested",
  attestationCount: 1,
  revokeReason: null,
  attestedAt: "1600",
  ...extra,
});

/** Asset 7 as the asset page asks for it: unverified, attesters open, no contributions, with `extra` over it. */
export const rawAsset = (extra: Record<string, unknown> = {}) => ({
  id: "7",
  kind: "Code",
  uri: "ipfs://demo/merkle-kit",
  owner: OWNER,
  registrant: OWNER,
  contentHash: HASH,
  upstreamShareBps: 1500,
  registeredAt: "1400",
  registeredTx: HASH,
  verified: false,
  verifiedBy: null,
  verifiedAt: null,
  verifiedTx: null,
  reclaimedFrom: null,
  attestersRestricted: false,
  attesters: { totalCount: 0, items: [] },
  resonance: null,
  revenue: { items: [] },
  contributions: { totalCount: 0, items: [] },
  ...extra,
});

/** Epoch 3, proposed and never disputed, with `extra` over it. */
export const rawEpoch = (extra: Record<string, unknown> = {}) => ({
  id: "3",
  status: "proposed",
  proposalHash: HASH,
  fromBlock: "10",
  toBlock: "20",
  payoutRoot: HASH,
  scoresRoot: HASH,
  manifestHash: HASH,
  tokens: ["0x0165878a594ca255338adfa4d48449f69242eb8f"],
  totals: ["1000"],
  signers: [],
  challengeDeadline: "5000",
  proposedAt: "1400",
  proposedTx: HASH,
  finalisedAt: null,
  finalisedTx: null,
  vetoedAt: null,
  vetoReason: null,
  expiredAt: null,
  expiredTx: null,
  revokedAt: null,
  revokedTx: null,
  revokeReason: null,
  restoredEpoch: null,
  disputeCount: 0,
  disputeStatus: null,
  ...extra,
});

/** The `n`-th dispute of epoch `epochId`, open, with `extra` over it. */
export const rawDispute = (epochId: string, n: number, extra: Record<string, unknown> = {}) => ({
  id: `${epochId}-${n}`,
  epochId,
  status: "open",
  disputer: DISPUTER,
  token: "0x0165878a594ca255338adfa4d48449f69242eb8f",
  bond: "100000000",
  reason: `epoch ${epochId} is wrong`,
  disputedAt: String(1500 + n),
  disputedTx: HASH,
  resolvedBy: null,
  reward: null,
  resolutionReason: null,
  resolvedAt: null,
  resolvedTx: null,
  ...extra,
});
