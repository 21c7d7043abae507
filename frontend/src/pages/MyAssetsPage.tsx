import { useMemo } from "react";
import type { Address as EvmAddress } from "viem";
import { Address, AddressLines } from "../components/Address.tsx";
import { AssetLink } from "../components/AssetLink.tsx";
import { AuthorshipBadge } from "../components/Authorship.tsx";
import { Figure } from "../components/Figure.tsx";
import { IndexerBehind } from "../components/IndexerBehind.tsx";
import { Notice, QueryError } from "../components/Notice.tsx";
import { ScrollTable } from "../components/ScrollTable.tsx";
import { SkeletonBlock } from "../components/Skeleton.tsx";
import { TokenAmount } from "../components/TokenAmount.tsx";
import { WalletGate } from "../components/WalletGate.tsx";
import { useFinalisedManifests } from "../hooks/useFinalisedManifests.ts";
import { useGovernance } from "../hooks/useGovernance.ts";
import { type OwnedAsset, useOwnedAssets } from "../hooks/useOwnedAssets.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { assetName } from "../lib/assetLabel.ts";
import { attesterPolicyWords } from "../lib/attesterPolicy.ts";
import { formatBps, formatMicroUsd, formatRatio, formatTimestamp } from "../lib/format.ts";
import { describeCall, type GovernanceOperation } from "../lib/governance.ts";
import {
  type AssetFlowTotals,
  changesToEveryAsset,
  changesTouching,
  contributorPayouts,
  lineageTotals,
  NO_FLOWS,
} from "../lib/ownerDashboard.ts";
import { routeHref } from "../lib/route.ts";
import type { DescribeToken } from "../lib/txError.ts";

/** The flows of the revenue table, after its direct revenue, in column order. */
const FLOW_COLUMNS = [
  ["fromChildren", "from-children"],
  ["toParents", "to-parents"],
  ["toContributors", "to-contributors"],
] as const satisfies readonly (readonly [keyof AssetFlowTotals, string])[];

/** My assets: the connected account's assets, what each earned and passed on, who works on it, what may change it. */
export default function MyAssetsPage() {
  return (
    <>
      <h1>My assets</h1>
      <IndexerBehind />
      <WalletGate action="Seeing your assets" why="Connect the wallet of the account that owns your assets.">
        {(account) => <OwnerDashboard account={account} />}
      </WalletGate>
    </>
  );
}

function OwnerDashboard({ account }: { account: EvmAddress }) {
  const owned = useOwnedAssets(account);
  const epochs = useFinalisedManifests();
  const governance = useGovernance();
  const ids = useMemo(() => new Set((owned.data ?? []).map((a) => a.id.toString())), [owned.data]);
  const flows = useMemo(() => (epochs.manifests ? lineageTotals(epochs.manifests, ids) : undefined), [epochs, ids]);
  const payouts = useMemo(
    () => (epochs.manifests ? contributorPayouts(epochs.manifests, ids) : undefined),
    [epochs, ids],
  );
  const tokenAddresses = useMemo(() => {
    const all = new Set<string>();
    for (const a of owned.data ?? []) for (const r of a.revenue) all.add(r.token.toLowerCase());
    for (const byToken of flows?.values() ?? []) for (const t of byToken.keys()) all.add(t);
    return [...all];
  }, [owned.data, flows]);
  const { describe } = useTokens(tokenAddresses);

  if (owned.isPending) return <SkeletonBlock lines={8} label="Loading your assets" />;
  if (owned.isError) return <QueryError error={owned.error} retry={() => void owned.refetch()} what="your assets" />;
  if (owned.data.length === 0) {
    return (
      <Notice tone="info" title="You own no asset" testId="no-owned-assets">
        <p>
          This account owns no registered asset. Browse{" "}
          <a href={routeHref({ name: "assets", query: "", sort: "revenue" })}>all assets</a>.
        </p>
      </Notice>
    );
  }
  return (
    <div className="stack">
      <p data-testid="owned-count">
        {owned.data.length === 1 ? "One asset" : `${owned.data.length} assets`} owned by <Address value={account} />.
        Lineage flows are summed over every finalised epoch, from their verified manifests.
      </p>
      {epochs.unreadable ? (
        <Notice tone="warning" title="The epochs' flows cannot be read" testId="flows-unreadable">
          <p>{epochs.unreadable} Revenue paid directly is shown; what flowed through the lineage is not.</p>
        </Notice>
      ) : null}
      <EveryAssetChanges changes={governance.data ? changesToEveryAsset(governance.data.waiting) : undefined} />
      {owned.data.map((asset) => (
        <OwnedAssetCard
          key={asset.id.toString()}
          asset={asset}
          flows={flows?.get(asset.id.toString())}
          flowsLoading={epochs.isLoading}
          payouts={payouts?.get(asset.id.toString())}
          changes={governance.data ? changesTouching(governance.data.waiting, asset.id) : undefined}
          describe={describe}
        />
      ))}
    </div>
  );
}

function OwnedAssetCard({
  asset,
  flows,
  flowsLoading,
  payouts,
  changes,
  describe,
}: {
  asset: OwnedAsset;
  flows: Map<string, AssetFlowTotals> | undefined;
  flowsLoading: boolean;
  payouts: Map<string, Map<string, bigint>> | undefined;
  changes: GovernanceOperation[] | undefined;
  describe: DescribeToken;
}) {
  const id = asset.id.toString();
  const titleId = `owned-${id}-title`;
  const tokens = [...new Set([...asset.revenue.map((r) => r.token.toLowerCase()), ...(flows?.keys() ?? [])])];
  const amount = (value: bigint, token: string) => (
    <TokenAmount value={value} {...describe(token as EvmAddress)} maxFractionDigits={6} />
  );
  return (
    <section className="card stack" aria-labelledby={titleId} data-testid="owned-asset" data-asset={id}>
      <h2 id={titleId}>
        <a href={routeHref({ name: "asset", id: asset.id })}>
          #{id} {assetName(asset.uri)}
        </a>{" "}
        <span className="badge">{asset.kind}</span> <AuthorshipBadge verified={asset.verified} />
      </h2>

      <h3>Revenue</h3>
      {tokens.length === 0 ? (
        <p>No revenue yet.</p>
      ) : (
        <ScrollTable
          label={`Revenue of asset #${id} per token`}
          testId="owned-revenue"
          columns={[
            "Token",
            "Paid to it",
            "Its contributor pool",
            "From descendants",
            "To its parents",
            "To its contributors",
          ]}
        >
          {tokens.map((token) => {
            const direct = asset.revenue.find((r) => r.token.toLowerCase() === token);
            const flow = flows?.get(token) ?? NO_FLOWS;
            return (
              <tr key={token} data-testid="flow-row" data-token={token}>
                <th scope="row">{describe(token as EvmAddress).symbol}</th>
                <td data-testid="direct">{amount(direct?.amount ?? 0n, token)}</td>
                <td data-testid="direct-pool">{amount(direct?.pool ?? 0n, token)}</td>
                {FLOW_COLUMNS.map(([part, testId]) => (
                  <td key={part} data-testid={testId}>
                    {flows === undefined ? (flowsLoading ? "…" : "unknown") : amount(flow[part], token)}
                  </td>
                ))}
              </tr>
            );
          })}
        </ScrollTable>
      )}
      <p className="muted">
        "Paid to it" is every payment to the asset; the flows are its contributor pool as the finalised epochs allocated
        it: what its descendants passed up, what it passed to its parents
        {asset.parents.length === 0 ? " (it has none)" : ""}, and what its contributors earned from it.
      </p>

      <dl className="figures">
        <Figure term="Built from" testId="owned-parents">
          {asset.parents.length === 0
            ? "Nothing: an original work"
            : asset.parents.map((p) => (
                <span key={p.parent.toString()} className="line">
                  <AssetLink id={p.parent} /> ({formatBps(p.weightBps)})
                </span>
              ))}
        </Figure>
        <Figure term="Upstream share">{formatBps(asset.upstreamShareBps)} of its contributor pool</Figure>
        <Figure term="Attesters" testId="owned-attesters">
          <span className="line">{attesterPolicyWords(asset.attesters)}</span>
          {asset.attesters.restricted ? <AddressLines values={asset.attesters.chosen} none="" /> : null}
        </Figure>
      </dl>

      <h3>Contributors</h3>
      {asset.contributors.length === 0 ? (
        <p>No contribution attested yet.</p>
      ) : (
        <ScrollTable
          label={`Contributors of asset #${id}`}
          testId="owned-contributors"
          columns={["Contributor", "Contributions", "Attested cost", "Share of the cost", "Paid from this asset"]}
        >
          {asset.contributors.map((c) => {
            const paid = payouts?.get(c.contributor.toLowerCase());
            return (
              <tr key={c.contributor} data-testid="owned-contributor" data-contributor={c.contributor.toLowerCase()}>
                <td>
                  <Address value={c.contributor} />
                </td>
                <td>{c.contributionCount}</td>
                <td data-testid="contributor-cost">{formatMicroUsd(c.costMicroUsd)}</td>
                <td data-testid="contributor-share">{formatRatio(c.costMicroUsd, asset.totalCostMicroUsd)}</td>
                <td>
                  {paid === undefined || paid.size === 0
                    ? "nothing yet"
                    : [...paid].map(([token, value]) => (
                        <span key={token} className="line" data-testid="contributor-paid" data-token={token}>
                          {amount(value, token)}
                        </span>
                      ))}
                </td>
              </tr>
            );
          })}
        </ScrollTable>
      )}

      <h3>Pending governance changes</h3>
      {changes === undefined ? (
        <p className="muted">Loading the scheduled changes…</p>
      ) : changes.length === 0 ? (
        <p data-testid="owned-no-changes">No scheduled governance change touches it.</p>
      ) : (
        <ChangeList changes={changes} testId="owned-change" />
      )}
    </section>
  );
}

/**
 * Scheduled changes to the terms every asset is paid on (the router's split, the token allowlist), shown once above
 * the assets rather than on each; nothing when none is waiting.
 */
function EveryAssetChanges({ changes }: { changes: GovernanceOperation[] | undefined }) {
  if (changes === undefined || changes.length === 0) return null;
  return (
    <Notice tone="warning" title="Scheduled changes to how every asset is paid" testId="every-asset-changes">
      <p>Governance scheduled these; each takes effect only once its delay has passed, and anyone can watch it.</p>
      <ChangeList changes={changes} testId="every-asset-change" />
    </Notice>
  );
}

/** Waiting operations, each with what its calls do and when it can be executed. */
function ChangeList({ changes, testId }: { changes: GovernanceOperation[]; testId: string }) {
  return (
    <ul>
      {changes.map((operation) => (
        <li key={operation.id} data-testid={testId} data-operation={operation.id}>
          {operation.calls.map((call) => describeCall(call)).join("; ")}: ready from{" "}
          {formatTimestamp(operation.readyAt)} (<a href={routeHref({ name: "governance" })}>Governance</a>)
        </li>
      ))}
    </ul>
  );
}
