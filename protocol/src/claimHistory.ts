/**
 * The claim history API's answer (`GET /v1/claims/:account/history` of the indexer), declared once: one page of
 * the epochs in which an account has payouts, newest first, each payout with how much of it has been claimed and
 * the claim that completed it, so an integrator can show "paid" or "to claim" per epoch without reading manifests.
 * Claims are cumulative per token: a claim proven against a later epoch's root also pays an earlier epoch's
 * allocation, so `claimEpoch` can be later than the epoch itself.
 */
import { address, array, boolean, bytes32, decimal, type Infer, nullable, object, oneOf, string } from "./schema.ts";

/** One epoch's allocation to the account in one token, and how much of it is claimed. */
export const claimHistoryPayoutSchema = object({
  token: address({ lowerCase: true }),
  /** The cumulative amount of the previous epoch's leaf. */
  previous: decimal(),
  /** Allocated in this epoch: `cumulative - previous`. */
  amount: decimal(),
  cumulative: decimal(),
  /** How much of `amount` the account's claims of the token have paid, in chain order (0 to `amount`). */
  claimedAmount: decimal(),
  /** `claimedAmount === amount`: the allocation is paid. */
  claimed: boolean(),
  /** The claim whose cumulative total first reached `cumulative`; null while it is not (or nothing was due). */
  claimTx: nullable(bytes32()),
  /** The epoch whose root that claim was proven against. */
  claimEpoch: nullable(decimal()),
});
export type ClaimHistoryPayout = Infer<typeof claimHistoryPayoutSchema>;

/** One epoch in which the account has leaves. */
export const claimHistoryEpochSchema = object({
  number: decimal(),
  /** "revoked": finalised, then revoked by governance; its leaves no longer pay. */
  status: oneOf(["finalised", "revoked"]),
  manifestHash: bytes32(),
  payoutRoot: bytes32(),
  finalisedAt: nullable(decimal()),
  payouts: array(claimHistoryPayoutSchema),
});
export type ClaimHistoryEpoch = Infer<typeof claimHistoryEpochSchema>;

export const claimHistoryPageSchema = object({
  account: address({ lowerCase: true }),
  /** Newest first. */
  epochs: array(claimHistoryEpochSchema),
  /** The `cursor` of the next (older) page; null on the last page. */
  nextCursor: nullable(string()),
});
export type ClaimHistoryPage = Infer<typeof claimHistoryPageSchema>;
