/**
 * The account history API's answer (`GET /v1/accounts/:account/history` of the indexer), declared once: what an
 * account earned in every finalised epoch (and in those governance revoked since), token by token, and every claim
 * it made, so integrators and the web app can show a payout history without reading manifests themselves.
 */
import { address, array, bytes32, decimal, type Infer, nullable, object, oneOf, string } from "./schema.ts";

/** What one epoch's leaves gave the account in one token. */
export const epochPayoutSchema = object({
  token: address({ lowerCase: true }),
  /** The cumulative amount of the previous epoch's leaf. */
  previous: decimal(),
  /** Allocated in this epoch: `cumulative - previous`. */
  amount: decimal(),
  cumulative: decimal(),
});

/** One epoch in which the account has leaves. */
export const historyEpochSchema = object({
  number: decimal(),
  /** "revoked": finalised, then revoked by governance; its leaves no longer pay. */
  status: oneOf(["finalised", "revoked"]),
  payoutRoot: bytes32(),
  manifestHash: bytes32(),
  fromBlock: decimal(),
  toBlock: decimal(),
  finalisedAt: nullable(decimal()),
  payouts: array(epochPayoutSchema),
});
export type HistoryEpoch = Infer<typeof historyEpochSchema>;

/** One `Claimed` or `ClaimedTo` of the account, as indexed. */
export const historyClaimSchema = object({
  kind: string(),
  token: address({ lowerCase: true }),
  recipient: address({ lowerCase: true }),
  amount: decimal(),
  /** The finalised epoch whose root the claim was proven against. */
  epochNumber: decimal(),
  blockNumber: decimal(),
  timestamp: decimal(),
  txHash: bytes32(),
});

export const accountHistoryResponseSchema = object({
  account: address({ lowerCase: true }),
  /** Ascending by number. */
  epochs: array(historyEpochSchema),
  /** In chain order. */
  claims: array(historyClaimSchema),
});
export type AccountHistoryResponse = Infer<typeof accountHistoryResponseSchema>;
