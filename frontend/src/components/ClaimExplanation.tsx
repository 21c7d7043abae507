import type { ClaimLeaf } from "@coherence/protocol";

import type { CheckedCost } from "../lib/checkedCosts.ts";
import { formatBps, formatMicroUsd, formatMultiplier, formatRatio } from "../lib/format.ts";
import { HashValue } from "./Address.tsx";
import { AssetLink } from "./AssetLink.tsx";
import { CostCheckNotes, PaidCost } from "./CostCheck.tsx";
import { ScrollTable } from "./ScrollTable.tsx";
import { TokenAmount } from "./TokenAmount.tsx";

/**
 * Why a leaf is what it is: for each asset pool it was paid from, the pool (the revenue that reached the asset's
 * contributors), the account's share of the pool's weight, and each contribution's paid cost, coherence and
 * multiplier, with how its cost was checked when the epoch's manifest (`costs`, by lower-case id) has been read;
 * then the oracle's own explanation with the lineage path of the revenue.
 */
export function ClaimExplanation({
  leaf,
  symbol,
  decimals,
  costs,
}: {
  leaf: ClaimLeaf;
  symbol: string;
  decimals: number;
  costs: ReadonlyMap<string, CheckedCost> | undefined;
}) {
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
                columns={["Contribution", "Paid cost", "Coherence", "Multiplier", "Weight (cost × multiplier)"]}
              >
                {source.contributions.map((c) => {
                  const cost = costs?.get(c.id.toLowerCase());
                  return (
                    <tr key={c.id}>
                      <td>
                        <HashValue value={c.id} label="contribution id" />
                      </td>
                      <td>{cost === undefined ? formatMicroUsd(c.costMicroUsd) : <PaidCost cost={cost} />}</td>
                      <td>{formatBps(c.coherenceBps)}</td>
                      <td>{formatMultiplier(c.multiplierBps)}</td>
                      <td className="mono">{c.weight.toString()}</td>
                    </tr>
                  );
                })}
              </ScrollTable>
              {source.contributions.map((c) => {
                const cost = costs?.get(c.id.toLowerCase());
                // A check with nothing to add to its badge (no report, no finding) needs no notes.
                if (cost === undefined || cost.check === null) return null;
                if (cost.check.report === null && cost.check.findings.length === 0) return null;
                return (
                  <div key={c.id} className="cost-note" data-testid="claim-cost-check">
                    <p>
                      Cost of contribution <HashValue value={c.id} label="contribution id" />:
                    </p>
                    <CostCheckNotes cost={cost} />
                  </div>
                );
              })}
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
