/** The ABIs of the indexed contracts, by the names the config and the handlers give them (from @coherence/protocol). */
import {
  assetRegistryAbi,
  coherenceTimelockAbi,
  contributionLedgerAbi,
  forgeLinkRegistryAbi,
  meteringEscrowAbi,
  payoutDistributorAbi,
  revenueRouterAbi,
} from "@coherence/protocol";

export const INDEXED_ABIS = {
  AssetRegistry: assetRegistryAbi,
  ContributionLedger: contributionLedgerAbi,
  PayoutDistributor: payoutDistributorAbi,
  RevenueRouter: revenueRouterAbi,
  CoherenceTimelock: coherenceTimelockAbi,
  ForgeLinkRegistry: forgeLinkRegistryAbi,
  MeteringEscrow: meteringEscrowAbi,
} as const;
