import type { ClaimLeaf } from "@coherence/protocol";
import { useMemo } from "react";
import type { Address } from "viem";
import { HashValue } from "../components/Address.tsx";
import { ClaimExplanation } from "../components/ClaimExplanation.tsx";
import { ClaimHistory } from "../components/ClaimHistory.tsx";
import { ConnectWallet } from "../components/ConnectWallet.tsx";
import { Countdown } from "../components/Countdown.tsx";
import { Figure } from "../components/Figure.tsx";
import { NewPayouts } from "../components/NewPayouts.tsx";
import { Notice, QueryError } from "../components/Notice.tsx";
import { NoWallet } from "../components/NoWallet.tsx";
import { PayoutsExport } from "../components/PayoutsExport.tsx";
import { Skeleton, SkeletonBlock } from "../components/Skeleton.tsx";
import { TokenAmount } from "../components/TokenAmount.tsx";
import { TxStatus } from "../components/TxStatus.tsx";
import { WrongNetwork } from "../components/WrongNetwork.tsx";
import { settings } from "../config/settings.ts";
import { useAccountHistory } from "../hooks/useAccountHistory.ts";
import { useAccountSlice } from "../hooks/useAccountSlice.ts";
import { useClaimedOnChain } from "../hooks/useClaimedOnChain.ts";
import { type ClaimsResult, indexedFinality, useClaims } from "../hooks/useClaims.ts";
import { useClaimTransaction } from "../hooks/useClaimTransaction.ts";
import { useDistributorState } from "../hooks/useDistributorState.ts";
import { useManifest } from "../hooks/useManifest.ts";
import { useTokenBalances } from "../hooks/useTokenBalances.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { useUsdPrices } from "../hooks/useUsdPrices.ts";
import { useWalletStatus } from "../hooks/useWalletStatus.ts";
import { sliceInputs } from "../lib/accountSlice.ts";
import { checkedCostsOf } from "../lib/checkedCosts.ts";
import { claimsAgreement } from "../lib/claimsAgreement.ts";
import { epochBreakdown } from "../lib/epochBreakdown.ts";
import { formatTimestamp } from "../lib/format.ts";
import { formatAmount } from "../lib/formatAmount.ts";
import { routeHref } from "../lib/route.ts";
import type { DescribeToken } from "../lib/txError.ts";
import { formatUsd, isPriceUnusable, usdCents } from "../lib/usdValue.ts";

/** The Claim page: connect, see each token's claimable amount and why, claim one or all. */
export default function ClaimPage() {
  const wallet = useWalletStatus();
  return (
    <>
      <h1>Claim your payouts</h1>
      {wallet.kind === "no-wallet" ? (
        <NoWallet />
      ) : wallet.kind === "disconnected" || wallet.kind === "connecting" ? (
        <ConnectWallet />
      ) : wallet.kind === "reconnecting" ? (
        <ClaimSkeleton />
      ) : wallet.kind === "wrong-network" ? (
        <WrongNetwork chainId={wallet.chainId} />
      ) : (
        <ClaimPanel account={wallet.address} />
      )}
    </>
  );
}

/** A leaf with what the chain says is left to claim. */
type Row = { leaf: ClaimLeaf; claimed: bigint; claimable: bigint };

function ClaimPanel({ account }: { account: Address }) {
  const distributor = useDistributorState();
  const state = distributor.data;
  const behindChain = (result: ClaimsResult) =>
    state !== undefined && claimsAgreement(state, indexedFinality(result)).kind === "behind";
  const claims = useClaims(account, { pollWhile: behindChain });
  const leaves = useMemo(() => (claims.data?.kind === "claims" ? claims.data.claims.leaves : []), [claims.data]);
  const tokens = useMemo(() => leaves.map((l) => l.token), [leaves]);
  const { describe } = useTokens(tokens);
  const claimedOnChain = useClaimedOnChain(account, tokens);
  const balances = useTokenBalances(account, tokens);
  const tx = useClaimTransaction(account, describe);
  const history = useAccountHistory(account, tx.state.status === "confirmed" ? tx.state.hash : undefined);

  const rows: Row[] = leaves.map((leaf, i) => {
    // What the distributor has recorded beats what the indexer has seen so far.
    const claimed = claimedOnChain.data?.[i] ?? leaf.claimed;
    return { leaf, claimed, claimable: leaf.cumulativeAmount > claimed ? leaf.cumulativeAmount - claimed : 0n };
  });
  const open = rows.filter((r) => r.claimable > 0n);
  const busy =
    tx.state.status === "preparing" || tx.state.status === "awaiting-signature" || tx.state.status === "pending";
  const paused = state?.paused === true;
  const claimsEpoch = claims.data?.kind === "claims" ? claims.data.claims.epoch : undefined;
  // The epoch's manifest says how each contribution's cost was checked and how revenue reached each pool; the claims
  // API carries only the paid cost. The account's slice of it (kilobytes, proven against the on-chain manifest hash)
  // has what the explanation cites; an epoch published before slices existed is read whole.
  const slice = useAccountSlice(account, claimsEpoch);
  const proven = useMemo(
    () => (slice.data?.kind === "slice" ? sliceInputs(slice.data.slice) : undefined),
    [slice.data],
  );
  const manifest = useManifest(slice.data?.kind === "not-chunked" ? claimsEpoch : undefined);
  const costs = useMemo(
    () => (proven ? checkedCostsOf(proven.costs) : manifest.data ? checkedCostsOf(manifest.data.manifest) : undefined),
    [proven, manifest.data],
  );
  const flows = proven?.flows ?? manifest.data?.manifest.lineageFlows;
  const agreement =
    state !== undefined && claims.data !== undefined ? claimsAgreement(state, indexedFinality(claims.data)) : undefined;

  return (
    <div className="stack">
      {paused ? (
        <Notice tone="warning" title="Claims are paused" testId="paused">
          <p>
            A guardian has paused claims for an emergency. Your amounts are safe and stay claimable once claims resume.
          </p>
        </Notice>
      ) : null}
      {state?.pending ? (
        <Notice tone="info" title={`Epoch ${state.pending.epoch} is in its challenge window`} testId="challenge-window">
          <p>
            It can be finalised in <Countdown deadline={state.pending.challengeDeadline} /> (a guardian may veto it
            until then). The amounts below are from the latest finalised epoch; epoch {state.pending.epoch.toString()}'s
            become claimable once it is finalised.{" "}
            <a href={routeHref({ name: "epoch", id: state.pending.epoch.toString() })}>Epoch details</a>
          </p>
        </Notice>
      ) : null}
      <NewPayouts
        epoch={agreement?.kind === "agrees" ? claimsEpoch?.number : undefined}
        what={
          open.length === 0
            ? "nothing left to claim"
            : `${open.map((r) => `${formatAmount(r.claimable, describe(r.leaf.token).decimals)} ${describe(r.leaf.token).symbol}`).join(" and ")} to claim`
        }
        feedUrl={`${settings.indexerUrl}/v1/accounts/${account}/feed.atom`}
      />
      <TxStatus state={tx.state} describe={describe} onDismiss={tx.reset} />
      {slice.isError ? (
        <Notice tone="warning" title="The explanation's inputs could not be verified" testId="slice-refused">
          <p>
            {slice.error.message.split("\n")[0]} The amounts and proofs below are still checked against the chain when
            you claim; how each cost was checked and how revenue reached each pool are not shown.
          </p>
        </Notice>
      ) : null}

      {/* Figures wait for the chain: without its finalised epoch nothing says whether they are current. */}
      {claims.isPending || distributor.isPending ? (
        <ClaimSkeleton />
      ) : claims.isError ? (
        <QueryError error={claims.error} retry={() => void claims.refetch()} what="your claims" />
      ) : agreement?.kind === "behind" ? (
        <CatchingUp chainEpoch={agreement.chainEpoch} indexedEpoch={agreement.indexedEpoch} account={account} />
      ) : claims.data.kind === "none" ? (
        <Notice tone="info" title="Nothing to claim" testId="nothing-to-claim">
          <p>
            {claims.data.code === "NO_FINALISED_EPOCH"
              ? "No epoch has been finalised yet, so there are no payouts to claim."
              : "This account has no payout in the latest finalised epoch. Payouts go to the accounts of attested contributions to assets that earned revenue."}
          </p>
          <p>
            See <a href={routeHref({ name: "contributors", address: account })}>this account's contributions</a>.
          </p>
        </Notice>
      ) : (
        <>
          <div className="claim-summary">
            <p>
              Epoch {claimsEpoch!.number.toString()}
              {claimsEpoch!.finalisedAt === null ? "" : `, finalised ${formatTimestamp(claimsEpoch!.finalisedAt)}`} ·
              root <HashValue value={claimsEpoch!.payoutRoot} label="payout root" /> ·{" "}
              <a href={routeHref({ name: "verify", account })}>verify in your browser</a>
              <br />
              <span className="muted" data-testid="next-epoch">
                {state?.pending === undefined ? (
                  "Next epoch: not proposed yet."
                ) : (
                  <>
                    Next epoch: {state.pending.epoch.toString()}, in its challenge window, finalisable in{" "}
                    <Countdown deadline={state.pending.challengeDeadline} />.
                  </>
                )}
              </span>
            </p>
            {open.length > 1 ? (
              <button
                type="button"
                className="button-primary"
                disabled={busy || paused}
                onClick={() => void tx.claim(open.map((r) => r.leaf))}
                data-testid="claim-all"
              >
                Claim all ({open.length} tokens)
              </button>
            ) : null}
          </div>
          <ClaimHeadline rows={open} describe={describe} />
          {open.length === 0 ? (
            <Notice tone="success" title="Everything is claimed" testId="all-claimed">
              <p>
                You have claimed all of your payouts up to this epoch. New ones appear here after the next epoch is
                finalised.
              </p>
            </Notice>
          ) : null}
          <ul className="claim-list">
            {rows.map((row, i) => {
              const token = describe(row.leaf.token);
              const balance = balances.data?.[i];
              return (
                <li key={row.leaf.token} className="claim-card" data-testid="claim-card" data-token={token.symbol}>
                  <h2>{token.symbol}</h2>
                  <dl className="figures">
                    <Figure term="Claimable" testId="claimable">
                      <TokenAmount value={row.claimable} {...token} address={row.leaf.token} usd />
                    </Figure>
                    <Figure term="Already claimed" testId="claimed">
                      <TokenAmount value={row.claimed} {...token} address={row.leaf.token} usd />
                    </Figure>
                    <Figure term="Total earned (cumulative)">
                      <TokenAmount value={row.leaf.cumulativeAmount} {...token} address={row.leaf.token} usd />
                    </Figure>
                    <Figure term="In your wallet" testId="balance">
                      {balance !== undefined ? (
                        <TokenAmount value={balance} {...token} maxFractionDigits={6} />
                      ) : balances.isError ? (
                        <span className="muted" data-testid="balance-unavailable">
                          cannot be read now
                        </span>
                      ) : (
                        <Skeleton width="8rem" />
                      )}
                    </Figure>
                  </dl>
                  {row.claimable === 0n ? (
                    <p className="badge badge-done" data-testid="already-claimed">
                      Already claimed
                    </p>
                  ) : (
                    <button
                      type="button"
                      className="button-primary"
                      disabled={busy || paused}
                      onClick={() => void tx.claim([row.leaf])}
                      data-testid="claim-one"
                    >
                      Claim {token.symbol}
                    </button>
                  )}
                  <details open={i === 0}>
                    <summary>Why this amount</summary>
                    <ClaimExplanation
                      leaf={row.leaf}
                      symbol={token.symbol}
                      decimals={token.decimals}
                      costs={costs}
                      flows={flows}
                      breakdown={history.data ? epochBreakdown(history.data, row.leaf.token) : undefined}
                    />
                  </details>
                </li>
              );
            })}
          </ul>
          {history.data === undefined ? null : (
            <>
              <ClaimHistory history={history.data} describe={describe} />
              <PayoutsExport history={history.data} describe={describe} />
            </>
          )}
        </>
      )}
    </div>
  );
}

/**
 * "You can claim about $X across N tokens": the claimable amounts in dollars, from each token's USD feed; tokens
 * without a live price are counted apart, never guessed.
 */
function ClaimHeadline({ rows, describe }: { rows: Row[]; describe: DescribeToken }) {
  const prices = useUsdPrices();
  if (rows.length === 0) return null;
  const now = BigInt(Math.floor(Date.now() / 1000));
  let cents = 0n;
  let priced = 0;
  for (const row of rows) {
    const price = prices.get(row.leaf.token.toLowerCase());
    if (price === undefined || isPriceUnusable(price, now)) continue;
    cents += usdCents(row.claimable, describe(row.leaf.token).decimals, price);
    priced++;
  }
  if (priced === 0) return null;
  const tokens = (n: number) => (n === 1 ? "1 token" : `${n} tokens`);
  return (
    <p className="claim-headline" data-testid="claim-headline" data-cents={cents.toString()}>
      You can claim about <strong>{formatUsd(cents, true)}</strong>
      {priced === rows.length
        ? ` across ${tokens(rows.length)}.`
        : ` in ${tokens(priced)}, plus ${tokens(rows.length - priced)} without a USD price.`}
    </p>
  );
}

/**
 * In place of every figure while the indexer has not reached the chain's finalised epoch: its answer would say
 * "nothing to claim" or show amounts the chain contradicts.
 */
function CatchingUp({
  chainEpoch,
  indexedEpoch,
  account,
}: {
  chainEpoch: bigint;
  indexedEpoch: bigint;
  account: Address;
}) {
  return (
    <Notice tone="warning" title="The indexer is catching up" testId="indexer-behind" focus>
      <p>
        Epoch {chainEpoch.toString()} is finalised on-chain, but the indexer has{" "}
        {indexedEpoch === 0n ? "not reached any finalised epoch yet" : `only reached epoch ${indexedEpoch}`}. Your
        payouts are safe: they appear here once it catches up, and this page checks again every few seconds.
      </p>
      <p>
        Meanwhile you can <a href={routeHref({ name: "verify", account })}>check a payout against the chain</a> with a
        leaf from the epoch's published manifest.
      </p>
    </Notice>
  );
}

/** The Claim page's shape while the wallet reconnects and the claims load, so nothing jumps when they arrive. */
function ClaimSkeleton() {
  return (
    <div className="stack">
      <div className="claim-summary" aria-hidden="true">
        <Skeleton width="min(32rem, 100%)" height="1.5rem" />
        <Skeleton width="10rem" height="2.25rem" />
      </div>
      <ul className="claim-list" aria-busy="true" aria-label="Loading your claims">
        {[0, 1].map((i) => (
          <li key={i} className="claim-card">
            <Skeleton width="5rem" height="1.6rem" />
            <SkeletonBlock lines={4} lineHeight="2.6rem" label="Loading a claim" />
            <Skeleton width="9rem" height="2.5rem" />
          </li>
        ))}
      </ul>
    </div>
  );
}
