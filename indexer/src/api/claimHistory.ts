/**
 * The claim history API: one page of the epochs in which an account has payouts (finalised ones and those revoked
 * since), newest first, each payout read from the epoch's verified manifest and set against the account's indexed
 * claims: how much of it is claimed and by which transaction. Paged by cursor (the last epoch number a page holds),
 * so a long-lived account is read a few epochs at a time. The answer is the protocol's `ClaimHistoryPage`.
 */
import type { ClaimHistoryEpoch, ClaimHistoryPage, Hex } from "@coherence/protocol";
import { and, asc, desc, eq, lt } from "ponder";

import { accountParameter, type Db, epochParameter, type Tables } from "./claims.ts";
import { ApiError } from "./errors.ts";
import type { ManifestStore } from "./manifestStore.ts";
import { accountLeavesOf, isSettled, type SettledStatus } from "./settledEpochs.ts";

export const HISTORY_PAGE_DEFAULT = 20;
export const HISTORY_PAGE_MAX = 50;

/** What a page is asked for: `limit` (1 to {@link HISTORY_PAGE_MAX}) and `cursor` (a previous page's `nextCursor`). */
export type HistoryQuery = Record<string, string[]>;

function pageParameters(query: HistoryQuery): { limit: number; before: bigint | undefined } {
  const unknown = Object.keys(query).find((k) => k !== "limit" && k !== "cursor");
  if (unknown !== undefined)
    throw new ApiError("INVALID_ARGUMENT", `Unknown parameter "${unknown}": expected limit and cursor.`, {
      parameter: unknown,
    });
  const single = (name: string): string | undefined => {
    const values = query[name] ?? [];
    if (values.length > 1)
      throw new ApiError("INVALID_ARGUMENT", `"${name}" is given ${values.length} times.`, { parameter: name });
    return values[0];
  };
  const rawLimit = single("limit");
  let limit = HISTORY_PAGE_DEFAULT;
  if (rawLimit !== undefined) {
    limit = /^[1-9][0-9]{0,2}$/.test(rawLimit) ? Number(rawLimit) : 0;
    if (limit < 1 || limit > HISTORY_PAGE_MAX)
      throw new ApiError(
        "INVALID_ARGUMENT",
        `limit "${rawLimit}" is not a whole number from 1 to ${HISTORY_PAGE_MAX}.`,
        {
          parameter: "limit",
        },
      );
  }
  const rawCursor = single("cursor");
  let before: bigint | undefined;
  if (rawCursor !== undefined) {
    try {
      before = epochParameter(rawCursor);
    } catch {
      throw new ApiError(
        "INVALID_ARGUMENT",
        `cursor "${rawCursor}" is not one this API gave: expected an epoch number.`,
        {
          parameter: "cursor",
        },
      );
    }
  }
  return { limit, before };
}

/** The claim history page of `rawAccount` (any case) that `query` asks for. */
export async function claimHistoryOf(
  db: Db,
  tables: Tables,
  manifests: ManifestStore,
  rawAccount: string,
  query: HistoryQuery,
): Promise<ClaimHistoryPage> {
  const account = accountParameter(rawAccount);
  const { limit, before } = pageParameters(query);
  const settled = isSettled(tables);
  const [epochs, claims] = await Promise.all([
    db
      .select()
      .from(tables.epoch)
      .where(before === undefined ? settled : and(settled, lt(tables.epoch.id, before)))
      .orderBy(desc(tables.epoch.id)),
    db
      .select()
      .from(tables.claim)
      .where(eq(tables.claim.account, account))
      .orderBy(asc(tables.claim.blockNumber), asc(tables.claim.id)),
  ]);
  const page: ClaimHistoryEpoch[] = [];
  let index = 0;
  for (; index < epochs.length && page.length < limit; index++) {
    const epoch = epochs[index]!;
    const leaves = await accountLeavesOf(manifests, epoch, account);
    if (leaves.length === 0) continue;
    page.push({
      number: epoch.id,
      status: epoch.status as SettledStatus,
      manifestHash: epoch.manifestHash,
      payoutRoot: epoch.payoutRoot,
      finalisedAt: epoch.finalisedAt ?? null,
      payouts: leaves.map((leaf) => {
        const { claimedAmount, completedBy } = claimedOf(claims, leaf.token, leaf.previous, leaf.cumulative);
        return {
          token: leaf.token,
          previous: leaf.previous,
          amount: leaf.amount,
          cumulative: leaf.cumulative,
          claimedAmount,
          claimed: claimedAmount === leaf.amount,
          claimTx: completedBy?.txHash ?? null,
          claimEpoch: completedBy?.epochNumber ?? null,
        };
      }),
    });
  }
  const more = page.length === limit && index < epochs.length;
  return { account, epochs: page, nextCursor: more ? page.at(-1)!.number.toString() : null };
}

type ClaimRow = { token: Hex; amount: bigint; txHash: Hex; epochNumber: bigint };

/**
 * How much of the allocation (previous, cumulative] of `token` the claims (in chain order) have paid, and the claim
 * whose running total first reached `cumulative`.
 */
export function claimedOf(
  claims: readonly ClaimRow[],
  token: Hex,
  previous: bigint,
  cumulative: bigint,
): { claimedAmount: bigint; completedBy: ClaimRow | undefined } {
  let total = 0n;
  let completedBy: ClaimRow | undefined;
  for (const claim of claims) {
    if (claim.token.toLowerCase() !== token.toLowerCase()) continue;
    total += claim.amount;
    if (total >= cumulative && cumulative > 0n) {
      completedBy = claim;
      break;
    }
  }
  const paid = total < previous ? 0n : total - previous;
  const amount = cumulative - previous;
  return { claimedAmount: paid > amount ? amount : paid, completedBy };
}
