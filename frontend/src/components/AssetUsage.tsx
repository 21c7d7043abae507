import type { ReactNode } from "react";

import { useAssetUsage } from "../hooks/useAssetUsage.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { type AssetUsage, freeTierWords, isMetered, isUsageNotIndexed, runnerStanding } from "../lib/assetUsage.ts";
import { formatInteger, formatTimestamp } from "../lib/format.ts";
import type { DescribeToken } from "../lib/txError.ts";
import { Address } from "./Address.tsx";
import { Figure } from "./Figure.tsx";
import { Notice, QueryError } from "./Notice.tsx";
import { ScrollTable } from "./ScrollTable.tsx";
import { Skeleton } from "./Skeleton.tsx";
import { TokenAmount } from "./TokenAmount.tsx";

/**
 * An asset's revenue from use (the MeteringEscrow): units redeemed, what use paid per token, its published terms and
 * the runners its owner allows, each with its standing. Every state says what it is: loading, an indexer that does
 * not index metered use, an error, never metered, metered.
 */
export function AssetUsageSection({ id, owner }: { id: bigint; owner: string }) {
  const usage = useAssetUsage(id, owner);
  const tokens = usage.data ? [...usage.data.tokens.map((t) => t.token), ...usage.data.terms.map((t) => t.token)] : [];
  const { describe } = useTokens(tokens);
  const state: UsageState = usage.isPending
    ? { kind: "loading" }
    : usage.isError
      ? { kind: "error", error: usage.error, retry: () => void usage.refetch() }
      : { kind: "loaded", usage: usage.data };
  return <AssetUsageView state={state} describe={describe} />;
}

/** What the usage query has come to. */
export type UsageState =
  | { kind: "loading" }
  | { kind: "error"; error: unknown; retry: () => void }
  | { kind: "loaded"; usage: AssetUsage };

/** The section for one state of the usage query (no data fetching: rendered as is by its tests). */
export function AssetUsageView({ state, describe }: { state: UsageState; describe: DescribeToken }) {
  let body: ReactNode;
  if (state.kind === "loading") body = <Skeleton height="6rem" />;
  else if (state.kind === "error")
    body = isUsageNotIndexed(state.error) ? (
      <Notice tone="info" title="Use is not indexed here" testId="usage-not-indexed">
        <p>This indexer does not index the metering escrow yet, so the asset's use cannot be shown.</p>
      </Notice>
    ) : (
      <QueryError error={state.error} retry={state.retry} what="the asset's use" />
    );
  else if (!isMetered(state.usage))
    body = (
      <p data-testid="usage-none">
        No metered use yet: its owner has chosen no runner and published no terms, and no voucher was redeemed for it.
      </p>
    );
  else {
    const u = state.usage;
    body = (
      <>
        <dl className="figures" data-testid="usage">
          <Figure term="Units redeemed">{formatInteger(u.totals?.units ?? 0n)} (free ones included)</Figure>
          <Figure term="Redemptions">{formatInteger(u.totals?.redemptionCount ?? 0)}</Figure>
          <Figure term="Payers">{formatInteger(u.totals?.payerCount ?? 0)}</Figure>
          <Figure term="Last redeemed">
            {u.totals?.lastRedeemedAt == null ? "never" : formatTimestamp(u.totals.lastRedeemedAt)}
          </Figure>
        </dl>
        {u.tokens.length === 0 ? (
          <p>No revenue from use yet: no voucher was redeemed for it.</p>
        ) : (
          <ScrollTable
            label="Revenue from use per token"
            testId="usage-revenue"
            columns={["Token", "Paid to the asset", "Hosting fees (runners)", "Units", "Payers"]}
          >
            {u.tokens.map((t) => {
              const token = describe(t.token as `0x${string}`);
              return (
                <tr key={t.token}>
                  <th scope="row">{token.symbol}</th>
                  <td>
                    <TokenAmount value={t.amount} {...token} maxFractionDigits={6} />
                  </td>
                  <td>
                    <TokenAmount value={t.hostingFee} {...token} maxFractionDigits={6} />
                  </td>
                  <td>{formatInteger(t.units)}</td>
                  <td>{formatInteger(t.payerCount)}</td>
                </tr>
              );
            })}
          </ScrollTable>
        )}
        <h3>Terms</h3>
        {u.terms.length === 0 ? (
          <p>No terms published: a gateway has no price to charge for it.</p>
        ) : (
          <ul data-testid="usage-terms">
            {u.terms.map((t) => {
              const token = describe(t.token as `0x${string}`);
              return (
                <li key={t.token}>
                  <TokenAmount value={t.pricePerUnit} {...token} /> per unit, {freeTierWords(t.freeUnitsPerPeriod)}
                </li>
              );
            })}
          </ul>
        )}
        <h3>Runners</h3>
        {u.runners.length === 0 ? (
          <p>No runner allowed: nobody can redeem vouchers for it.</p>
        ) : (
          <ul data-testid="usage-runners">
            {u.runners.map((r) => {
              const standing = runnerStanding(r.status);
              return (
                <li key={r.runner}>
                  <Address value={r.runner} link={false} />{" "}
                  <span className={standing.tone === "ok" ? "muted" : "error-text"} data-tone={standing.tone}>
                    {standing.words}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        {u.lapsedRunnerCount > 0 ? (
          <p className="muted">
            {formatInteger(u.lapsedRunnerCount)} runner(s) a previous owner allowed no longer may: the allowance ended
            with the transfer.
          </p>
        ) : null}
      </>
    );
  }

  return (
    <section aria-labelledby="usage-title">
      <h2 id="usage-title">Revenue from use</h2>
      {body}
    </section>
  );
}
