/** What the history APIs share: which epochs are settled, and an account's payouts in one of them. */
import { inArray } from "ponder";

import type { Tables } from "./claims.ts";
import type { EpochCommitment, ManifestStore } from "./manifestStore.ts";

/** The epochs whose roots were finalised: the live ones and those governance revoked. */
const SETTLED = ["finalised", "revoked"] as const;

export type SettledStatus = (typeof SETTLED)[number];

/** The condition that selects the settled epochs. */
export const isSettled = (tables: Tables) => inArray(tables.epoch.status, [...SETTLED]);

/** `account`'s leaves in the verified manifest of `epoch` (none when it has no payout there). */
export async function accountLeavesOf(
  manifests: ManifestStore,
  epoch: { id: bigint } & Omit<EpochCommitment, "number">,
  account: string,
) {
  const verified = await manifests.get({
    number: epoch.id,
    manifestHash: epoch.manifestHash,
    payoutRoot: epoch.payoutRoot,
  });
  return verified.leavesByAccount.get(account) ?? [];
}
