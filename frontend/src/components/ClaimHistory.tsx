import type { AccountHistoryResponse } from "@coherence/protocol";

import { formatTimestamp } from "../lib/format.ts";
import type { DescribeToken } from "../lib/txError.ts";
import { HashValue } from "./Address.tsx";
import { ScrollTable } from "./ScrollTable.tsx";
import { TokenAmount } from "./TokenAmount.tsx";

/**
 * An account's payouts epoch by epoch (what each epoch added, and the running total) and its claims, newest first,
 * so the cumulative figure above reads as the sum it is. A revoked epoch is shown as such: its leaves no longer pay.
 */
export function ClaimHistory({ history, describe }: { history: AccountHistoryResponse; describe: DescribeToken }) {
  const epochs = [...history.epochs].reverse();
  const claims = [...history.claims].reverse();
  return (
    <section className="stack" aria-labelledby="claim-history">
      <h2 id="claim-history">History</h2>
      <ScrollTable
        label="Payouts by epoch"
        caption="Payouts by epoch"
        columns={["Epoch", "Earned in the epoch", "Total earned after it"]}
        testId="payout-history"
      >
        {epochs.map((epoch) => (
          <tr key={epoch.number.toString()} data-testid="history-epoch" data-status={epoch.status}>
            <td>
              {epoch.number.toString()}
              {epoch.status === "revoked" ? <span className="badge badge-bad">revoked</span> : null}
              {epoch.finalisedAt === null ? null : (
                <span className="muted"> · finalised {formatTimestamp(epoch.finalisedAt)}</span>
              )}
            </td>
            <td>
              {epoch.payouts.map((p) => (
                <span key={p.token} className="line">
                  <TokenAmount value={p.amount} {...describe(p.token)} />
                </span>
              ))}
            </td>
            <td>
              {epoch.payouts.map((p) => (
                <span key={p.token} className="line">
                  <TokenAmount value={p.cumulative} {...describe(p.token)} />
                </span>
              ))}
            </td>
          </tr>
        ))}
      </ScrollTable>
      {claims.length === 0 ? (
        <p className="muted" data-testid="no-claims">
          No claims yet.
        </p>
      ) : (
        <ScrollTable
          label="Claims"
          caption="Claims"
          columns={["When", "Amount", "Paid to", "Transaction"]}
          testId="claim-history-claims"
        >
          {claims.map((c) => (
            <tr key={`${c.txHash}-${c.token}`} data-testid="history-claim">
              <td>{formatTimestamp(c.timestamp)}</td>
              <td>
                <TokenAmount value={c.amount} {...describe(c.token)} />
              </td>
              <td>
                {c.recipient === history.account ? "this account" : <HashValue value={c.recipient} label="recipient" />}
              </td>
              <td>
                <HashValue value={c.txHash} label="claim transaction" explorer="tx" />
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
    </section>
  );
}
