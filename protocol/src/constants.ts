/**
 * The contracts' enums and bounds, in one place for every package. `constants.test.ts` checks each against the
 * compiled contracts (the constants' values and the enums' members in solc's AST), so they cannot drift.
 */

/** `IAssetRegistry.AssetKind`, in enum order (the index is the on-chain value). */
export const ASSET_KINDS = ["Code", "Model", "Design", "Docs", "Content", "Data", "Other"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** `IContributionLedger.Status`, in enum order. */
export const CONTRIBUTION_STATUSES = ["None", "Attested", "Revoked", "Struck"] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

/** `IAssetRegistry.AttesterStatus`, in enum order: whether an attester may attest to an asset. */
export const ATTESTER_STATUSES = ["UnknownAsset", "Allowed", "NotChosen"] as const;
export type AttesterStatus = (typeof ATTESTER_STATUSES)[number];

/** 100% in basis points: edge weights, fee and pool shares, coherence. */
export const BPS = 10_000;
/** `RevenueRouter.MAX_FEE_BPS`: the distribution fee can never exceed 10%. */
export const MAX_FEE_BPS = 1_000;
/** `AssetRegistry.MAX_PARENTS`: the most parents one asset can name. */
export const MAX_PARENTS = 32;
/** `PayoutDistributor.MIN_CHALLENGE_PERIOD`, seconds. */
export const MIN_CHALLENGE_PERIOD = 600;
/** `PayoutDistributor.MAX_CHALLENGE_PERIOD`, seconds. */
export const MAX_CHALLENGE_PERIOD = 30 * 24 * 3600;
/** The largest admin delay `AccessControlDefaultAdminRules` takes (a uint48), seconds. */
export const MAX_ADMIN_DELAY = 2 ** 48 - 1;
