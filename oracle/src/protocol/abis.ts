/**
 * The contracts' ABIs, read from the Hardhat build artifacts and typed by the declarations Hardhat generates
 * beside them: never copied by hand, so a contract change reaches the oracle at the next build.
 */
import type { AssetRegistry$Type } from "../../../artifacts/contracts/AssetRegistry.sol/artifacts.d.ts";
import type { ContributionLedger$Type } from "../../../artifacts/contracts/ContributionLedger.sol/artifacts.d.ts";
import type { DemoToken$Type } from "../../../artifacts/contracts/dev/DemoToken.sol/artifacts.d.ts";
import type { PayoutDistributor$Type } from "../../../artifacts/contracts/PayoutDistributor.sol/artifacts.d.ts";
import type { RevenueRouter$Type } from "../../../artifacts/contracts/RevenueRouter.sol/artifacts.d.ts";
import assetRegistry from "../../../artifacts/contracts/AssetRegistry.sol/AssetRegistry.json" with { type: "json" };
import contributionLedger from "../../../artifacts/contracts/ContributionLedger.sol/ContributionLedger.json" with { type: "json" };
import demoToken from "../../../artifacts/contracts/dev/DemoToken.sol/DemoToken.json" with { type: "json" };
import payoutDistributor from "../../../artifacts/contracts/PayoutDistributor.sol/PayoutDistributor.json" with { type: "json" };
import revenueRouter from "../../../artifacts/contracts/RevenueRouter.sol/RevenueRouter.json" with { type: "json" };

export const assetRegistryAbi = assetRegistry.abi as unknown as AssetRegistry$Type["abi"];
export const contributionLedgerAbi = contributionLedger.abi as unknown as ContributionLedger$Type["abi"];
export const payoutDistributorAbi = payoutDistributor.abi as unknown as PayoutDistributor$Type["abi"];
export const revenueRouterAbi = revenueRouter.abi as unknown as RevenueRouter$Type["abi"];
/** The mintable ERC-20 of local networks and demos. */
export const demoTokenAbi = demoToken.abi as unknown as DemoToken$Type["abi"];
