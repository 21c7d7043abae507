import type { AssetFlow, ClaimLeaf } from "@coherence/protocol";
import type { ReactNode } from "react";

import type { CheckedCost } from "../lib/checkedCosts.ts";
import type { EpochBreakdown } from "../lib/epochBreakdown.ts";
import { formatBps, formatMicroUsd, formatMultiplier, formatRatio } from "../lib/format.ts";
import { lineageHops } from "../lib/lineageHops.ts";
import { HashValue } from "./Address.tsx";
import { AssetLink } from "./AssetLink.tsx";
import { CostCheckNotes, PaidCost } from "./CostCheck.tsx";
import { ScrollTable } from "./ScrollTable.tsx";
import { TokenAmount } from "./TokenAmount.tsx";

/**
 * Why a leaf is what it is: for each asset pool it was paid from, the pool (the revenue that reached the asset's
 * contributors), the account's share of the pool's weight, and each contribution's paid cost, coherence and
 * multiplier, with how its cost was checked when the epoch's manifest (`costs`, by lower-case id) has been read;
 * how the revenue reached that pool, a sentence per lineage hop (from the manifest's `flows`); what each epoch
 * added to the cumulative amount (`breakdown`, from the account's history); then the oracle's own explanation.
 */
export function ClaimExplanation({
  leaf,
  symbol,
  decimals,
  costs,
  flows,
  breakdown,
}: {
  leaf: ClaimLeaf;
  symbol: string;
  decimals: number;
  costs: ReadonlyMap<string, CheckedCost> | undefined;
  flows?: readonly AssetFlow[] | undefined;
  breakdown?: EpochBreakdown | undefined;
}) {
  const amount = (value: bigint) => <TokenAmount value={value} decimals={decimals} symbol={symbol} />;
  return (
    <div className="explanation" data-testid="explanation">
      <p>
        {amount(leaf.amount)} allocated in this epoch; cumulative {amount(leaf.cumulativeAmount)} (previously{" "}
        {amount(leaf.previous)}).
      </p>
      {breakdown === undefined ? null : (
        <EpochSum breakdown={breakdown} cumulative={leaf.cumulativeAmount} amount={amount} />
      )}
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
              {flows === undefined ? null : (
                <RevenuePath flows={flows} token={leaf.token} assetId={source.assetId} amount={amount} />
              )}
              <ScrollTable
                label={`Contributions to asset ${source.assetId}`}
                caption={<>Your contributions to asset #{source.assetId.toString()} in this epoch</>}
                columns={["Contribution", "Paid cost", "Coherence", "Multiplier"]}
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
      <details data-testid="technical-details">
        <summary>Technical details: weights, base units and the oracle's own explanation</summary>
        <ul>
          {leaf.sources.map((source) =>
            source.kind === "contributors" ? (
              <li key={source.assetId.toString()} className="mono">
                asset {source.assetId.toString()}: weight {source.weight.toString()} of {source.totalWeight.toString()}{" "}
                (each contribution's weight is its paid cost in micro-USD × its multiplier in bps:{" "}
                {source.contributions.map((c) => c.weight.toString()).join(" + ")}); pool {source.pool.toString()}, paid{" "}
                {source.amount.toString()} base units
              </li>
            ) : null,
          )}
        </ul>
        <pre className="explanation-text">{leaf.explanation.join("\n")}</pre>
      </details>
      <Glossary />
    </div>
  );
}

type Amount = (value: bigint) => ReactNode;

/** The cumulative amount as the sum of what each epoch that still pays added. */
function EpochSum({
  breakdown,
  cumulative,
  amount,
}: {
  breakdown: EpochBreakdown;
  cumulative: bigint;
  amount: Amount;
}) {
  return (
    <div data-testid="epoch-breakdown">
      <p>Your cumulative amount is what each epoch added:</p>
      <ul>
        {breakdown.rows.map((row) => (
          <li key={row.epoch.toString()} data-testid="epoch-breakdown-row" data-epoch={row.epoch.toString()}>
            epoch {row.epoch.toString()}: {amount(row.amount)}
          </li>
        ))}
      </ul>
      <p data-testid="epoch-breakdown-total">
        {breakdown.total === cumulative ? (
          <>Together {amount(breakdown.total)}, the cumulative amount.</>
        ) : (
          <>
            Together {amount(breakdown.total)}, not {amount(cumulative)}: the indexer's history is behind this epoch.
          </>
        )}
      </p>
    </div>
  );
}

/** How revenue reached an asset's pool in this epoch: paid to it directly, and a sentence per lineage hop. */
function RevenuePath({
  flows,
  token,
  assetId,
  amount,
}: {
  flows: readonly AssetFlow[];
  token: string;
  assetId: bigint;
  amount: Amount;
}) {
  const flow = flows.find((f) => f.assetId === assetId && f.token.toLowerCase() === token.toLowerCase());
  if (flow === undefined) return null;
  const upstream = flow.toParents.reduce((sum, p) => sum + p.amount, 0n);
  return (
    <ul className="lineage-sentences" data-testid="lineage-sentences">
      {flow.ownRevenue > 0n ? (
        <li>
          <AssetLink id={assetId} /> was paid {amount(flow.ownRevenue)} of revenue for its pool directly.
        </li>
      ) : null}
      {lineageHops(flows, token, assetId).map((hop) => (
        <li key={`${hop.parent}-${hop.child}`} data-testid="lineage-hop">
          <AssetLink id={hop.parent} /> received {amount(hop.amount)} because <AssetLink id={hop.child} />, built on it,
          earned revenue.
        </li>
      ))}
      {upstream > 0n ? (
        <li>
          <AssetLink id={assetId} /> passed {amount(upstream)} on to the work it was built from;{" "}
          {amount(flow.toContributors)} stayed with its contributors.
        </li>
      ) : null}
    </ul>
  );
}

/** The words the explanation uses, for someone reading it for the first time. */
function Glossary() {
  return (
    <details className="glossary" data-testid="glossary">
      <summary>What these words mean</summary>
      <dl>
        <dt>Epoch</dt>
        <dd>
          A period of the network's revenue. At its end the oracles compute everyone's payouts, publish why, and commit
          them on-chain; after a challenge window anyone can claim.
        </dd>
        <dt>Cumulative</dt>
        <dd>Everything you earned over all epochs. What you can claim now is that minus what you have claimed.</dd>
        <dt>Coherence</dt>
        <dd>
          A quality score of a contribution from 0% to 100%, measured on the work itself (tests, complexity, lint,
          novelty for code; a reviewer's score for other work).
        </dd>
        <dt>Multiplier</dt>
        <dd>
          0.5× plus the coherence: from 0.5× to 1.5×. A contribution's share of its asset's pool is its paid cost times
          its multiplier.
        </dd>
        <dt>Lineage</dt>
        <dd>
          The assets a work was built from. Part of the revenue an asset earns flows to them, by the weights its owner
          registered, and on to theirs.
        </dd>
      </dl>
    </details>
  );
}
