import type { ClaimLeaf } from "@coherence/protocol";

import { formatBps, formatMicroUsd, formatMultiplier, formatRatio } from "../lib/format.ts";
import { HashValue } from "./Address.tsx";
import { AssetLink } from "./AssetLink.tsx";
import { ScrollTable } from "./ScrollTable.tsx";
import { TokenAmount } from "./TokenAmount.tsx";

/**
 * Why a leaf is what it is: for each asset pool it was paid from, the pool (the revenue that reached the asset's
 * contributors), the account's share of the pool's weight, and each contribution's cost, coherence and
 * multiplier; then the oracle's own explanation with the lineage path of the revenue.
 */
export function ClaimExplanation({ leaf, symbol, decimals }: { leaf: ClaimLeaf; symbol: string; decimals: number }) {
  const amount = (value: bigint) => <TokenAmount value={value} decimals={decimals} symbol={symbol} />;
  return (
    <div className="explanation" data-testid="explanation">
      <p>
        {amount(leaf.amount)} allocated in this epoch; cumulative {amount(leaf.cumulativeAmount)} (previously{" "}
        {amount(leaf.previous)}).
      </p>
      {leaf.sources.length === 0 ? (
        <p>Nothing new this epoch: the cumulative amount carries over from earlier epochs.</p>
      ) : null}
      <ul className="sources">
        {leaf.sources.map((source) =>
          source.kind === "treasury" ? (
            <li key={`treasury-${source.assetId}`}>
              {amount(source.amount)} as treasury: <AssetLink id={source.assetId} /> has no weighted contribution and no
              parents.
            </li>
          ) : (
            <li key={`contributors-${source.assetId}`} data-testid="explanation-source">
              <p>
                {amount(source.amount)} from <AssetLink id={source.assetId} />
                's contributor pool of {amount(source.pool)}: your weight is{" "}
                {formatRatio(source.weight, source.totalWeight)} of the pool.
              </p>
              <ScrollTable
                label={`Contributions to asset ${source.assetId}`}
                caption={<>Your contributions to asset #{source.assetId.toString()} in this epoch</>}
                columns={["Contribution", "Cost", "Coherence", "Multiplier", "Weight (cost × multiplier)"]}
              >
                {source.contributions.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <HashValue value={c.id} label="contribution id" />
                    </td>
                    <td>{formatMicroUsd(c.costMicroUsd)}</td>
                    <td>{formatBps(c.coherenceBps)}</td>
                    <td>{formatMultiplier(c.multiplierBps)}</td>
                    <td className="mono">{c.weight.toString()}</td>
                  </tr>
                ))}
              </ScrollTable>
            </li>
          ),
        )}
      </ul>
      <details>
        <summary>The oracle's explanation, with the lineage path of the revenue (amounts in base units)</summary>
        <pre className="explanation-text">{leaf.explanation.join("\n")}</pre>
      </details>
    </div>
  );
}
