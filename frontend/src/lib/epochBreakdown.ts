import type { AccountHistoryResponse } from "@coherence/protocol";

/** What each epoch added to an account's cumulative amount in one token, and what they add up to. */
export type EpochBreakdown = { rows: { epoch: bigint; amount: bigint }[]; total: bigint };

/**
 * The epochs that still pay (revoked ones excluded: their leaves no longer count) and what each added in `token`,
 * so the cumulative amount reads as the sum it is.
 *
 * @example
 * epochBreakdown(history, usd) // { rows: [{ epoch: 1n, amount: 10n }, { epoch: 2n, amount: 5n }], total: 15n }
 */
export function epochBreakdown(history: AccountHistoryResponse, token: string): EpochBreakdown {
  const rows: EpochBreakdown["rows"] = [];
  for (const epoch of history.epochs) {
    if (epoch.status !== "finalised") continue;
    const payout = epoch.payouts.find((p) => p.token.toLowerCase() === token.toLowerCase());
    if (payout !== undefined && payout.amount > 0n) rows.push({ epoch: epoch.number, amount: payout.amount });
  }
  return { rows, total: rows.reduce((sum, r) => sum + r.amount, 0n) };
}
