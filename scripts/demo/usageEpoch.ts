/**
 * `npm start`'s last epoch: the one after the metering demo's use. It is run as the scenario's epochs are (the
 * same quorum, scoring and cost checks, the challenge window passed by moving the local chain's time), so the
 * vouchers the gateway redeemed through the router are paid out: to the runnable assets' contributors and, through
 * lineage, to their parents. `revenueFromUse` reads back what that epoch's manifest made of the redemptions.
 */
import { type AppliedScenario, runEpoch } from "@coherence/oracle";
import {
  type Address,
  type AssetFlow,
  type Deployment,
  InvalidArgumentError,
  type Manifest,
  meteringEscrowAbi,
  revenueRouterAbi,
} from "@coherence/protocol";
import { formatTokenAmount } from "@coherence/protocol/actions";
import type { PublicClient } from "viem";

export type UsageChain = {
  readonly publicClient: PublicClient;
  readonly rpcUrl: string;
  readonly deployment: Deployment;
};

/** Prepares, proposes (quorum-signed) and finalises the epoch after the demo's use, with the scenario's operators. */
export function runUsageEpoch(
  applied: AppliedScenario,
  chain: UsageChain,
  codeVersion: string,
): Promise<AppliedScenario["epochs"][number]> {
  return runEpoch({
    ...chain,
    operators: applied.operators,
    scoring: applied.scoring,
    reviews: applied.reviews,
    costs: applied.costs,
    codeVersion,
    publishDir: applied.manifestsDir,
    timeTravel: true,
  });
}

/** One metered asset's revenue from use in an epoch, as the chain and the epoch's manifest have it. */
export type AssetRevenueFromUse = {
  readonly assetId: bigint;
  /** What the escrow's redemptions in the epoch's blocks paid the asset through the router. */
  readonly redeemed: bigint;
  /** The contributor pool's part of each redemption, by the router's own split (`previewSplit`), summed. */
  readonly pool: bigint;
  /** The pool revenue the manifest counts for the asset (`inputs.revenue`), and how its flow split it. */
  readonly counted: bigint;
  readonly flow: AssetFlow | undefined;
};

export type RevenueFromUse = {
  readonly epoch: bigint;
  readonly token: Address;
  readonly assets: readonly AssetRevenueFromUse[];
  /** The manifest's totals in the token: pool revenue funded, and the sum of its leaves' allocations. */
  readonly funded: bigint;
  readonly allocated: bigint;
};

/**
 * Reads, for `assetIds` and `token`, the MeteringEscrow's redemptions within the manifest's block range, splits
 * each as the RevenueRouter splits it, and sets them beside what the manifest counted and allocated.
 *
 * @example
 * const use = await revenueFromUse(client, deployment, manifest, [1n, 6n], dUSD);
 * use.assets.every((a) => a.pool === a.counted); // the epoch pays every unit of use's pool revenue
 */
export async function revenueFromUse(
  publicClient: PublicClient,
  deployment: Deployment,
  manifest: Manifest,
  assetIds: readonly bigint[],
  token: Address,
): Promise<RevenueFromUse> {
  const lower = token.toLowerCase();
  const redemptions = await publicClient.getContractEvents({
    address: deployment.contracts.MeteringEscrow!.address,
    abi: meteringEscrowAbi,
    eventName: "VoucherRedeemed",
    fromBlock: manifest.epoch.fromBlock,
    toBlock: manifest.epoch.toBlock,
  });
  const assets: AssetRevenueFromUse[] = [];
  for (const assetId of assetIds) {
    let redeemed = 0n;
    let pool = 0n;
    for (const { args } of redemptions) {
      if (args.voucher!.assetId !== assetId || args.voucher!.token.toLowerCase() !== lower) continue;
      redeemed += args.toAsset!;
      const [, , poolShare] = await publicClient.readContract({
        address: deployment.contracts.RevenueRouter.address,
        abi: revenueRouterAbi,
        functionName: "previewSplit",
        args: [args.toAsset!],
      });
      pool += poolShare;
    }
    const ofAsset = (r: { assetId: bigint; token: string }) => r.assetId === assetId && r.token === lower;
    assets.push({
      assetId,
      redeemed,
      pool,
      counted: manifest.inputs.revenue.find(ofAsset)?.amount ?? 0n,
      flow: manifest.lineageFlows.find(ofAsset),
    });
  }
  const inToken = manifest.leaves.filter((l) => l.token === lower);
  return {
    epoch: manifest.epoch.number,
    token,
    assets,
    funded: manifest.epoch.tokens.find((t) => t.token === lower)?.funded ?? 0n,
    allocated: inToken.reduce((sum, l) => sum + l.amount, 0n),
  };
}

/** The epoch after use does not pay what the use redeemed. */
export class RevenueFromUseError extends InvalidArgumentError {
  override name = "RevenueFromUseError";
}

/**
 * Checks the epoch pays every unit of the redemptions' pool revenue: each asset's redemptions are `redeemed` (its
 * channel's figure), the manifest counts exactly the router's pool share of them and pays its contributors, and the
 * epoch's pool revenue in the token, all of it from use, is allocated to leaves to the unit. Returns the total.
 */
export function checkRevenueFromUse(use: RevenueFromUse, redeemed: ReadonlyMap<bigint, bigint>): bigint {
  const fail: (message: string) => never = (message) => {
    throw new RevenueFromUseError(`epoch ${use.epoch} ${message}`);
  };
  for (const a of use.assets) {
    if (a.redeemed !== redeemed.get(a.assetId))
      fail(`has redemptions of ${a.redeemed} to asset #${a.assetId}, its channel ${redeemed.get(a.assetId)}`);
    if (a.counted !== a.pool || a.flow?.ownRevenue !== a.pool)
      fail(`counts ${a.counted} of asset #${a.assetId}'s ${a.pool} pool revenue from use`);
    if (a.flow.toContributors === 0n) fail(`pays asset #${a.assetId}'s contributors nothing`);
  }
  const pools = use.assets.reduce((t, a) => t + a.pool, 0n);
  if (use.funded !== pools || use.allocated !== pools)
    fail(`funds ${use.funded} and allocates ${use.allocated} of use's ${pools} pool revenue`);
  return pools;
}

/** Where each asset's revenue from use went, a line per asset, amounts at `decimals`. */
export function describeRevenueFromUse(use: RevenueFromUse, names: ReadonlyMap<bigint, string>, decimals: number) {
  const amount = (value: bigint) => formatTokenAmount(value, decimals);
  const asset = (id: bigint) => `${names.get(id) ?? "asset"} (#${id})`;
  return use.assets.map(({ assetId, redeemed, flow }) => {
    const children = (flow?.fromChildren ?? []).reduce((t, c) => t + c.amount, 0n);
    const parents = (flow?.toParents ?? []).map((p) => `${amount(p.amount)} to ${asset(p.assetId)}`);
    return [
      `${asset(assetId)}: ${amount(flow?.ownRevenue ?? 0n)} of its ${amount(redeemed)} redeemed reached its pool`,
      ...(children > 0n ? [`${amount(children)} came up from its children`] : []),
      `${amount(flow?.toContributors ?? 0n)} to its contributors`,
      ...(parents.length > 0 ? [`${parents.join(", ")} (its lineage parents)`] : []),
    ].join(", ");
  });
}
