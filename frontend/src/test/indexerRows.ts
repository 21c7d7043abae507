/** For unit tests: epoch and dispute rows as the indexer answers them (the selections of src/lib/queries.ts). */

export const HASH = `0x${"ab".repeat(32)}`;
export const DISPUTER = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";

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
