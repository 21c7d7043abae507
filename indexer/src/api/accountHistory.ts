/**
 * The account history API: what an account earned in every finalised epoch (and in those revoked since), token by
 * token, read from each epoch's verified manifest, and every claim it made, as indexed. The answer is the
 * protocol's `AccountHistoryResponse`.
 */
import type { AccountHistoryResponse, HistoryEpoch } from "@coherence/protocol";
import { asc, eq } from "ponder";

import { accountParameter, type Db, type Tables } from "./claims.ts";
import type { ManifestStore } from "./manifestStore.ts";
import { accountLeavesOf, isSettled, type SettledStatus } from "./settledEpochs.ts";

export async function accountHistoryOf(
  db: Db,
  tables: Tables,
  manifests: ManifestStore,
  rawAccount: string,
): Promise<AccountHistoryResponse> {
  const account = accountParameter(rawAccount);
  const [epochs, claims] = await Promise.all([
    db.select().from(tables.epoch).where(isSettled(tables)).orderBy(asc(tables.epoch.id)),
    db.select().from(tables.claim).where(eq(tables.claim.account, account)).orderBy(asc(tables.claim.blockNumber)),
  ]);
  const history: HistoryEpoch[] = [];
  for (const epoch of epochs) {
    const leaves = await accountLeavesOf(manifests, epoch, account);
    if (leaves.length === 0) continue;
    history.push({
      number: epoch.id,
      status: epoch.status as SettledStatus,
      payoutRoot: epoch.payoutRoot,
      manifestHash: epoch.manifestHash,
      fromBlock: epoch.fromBlock,
      toBlock: epoch.toBlock,
      finalisedAt: epoch.finalisedAt ?? null,
      payouts: leaves.map((l) => ({
        token: l.token,
        previous: l.previous,
        amount: l.amount,
        cumulative: l.cumulative,
      })),
    });
  }
  return {
    account,
    epochs: history,
    claims: claims.map((c) => ({
      kind: c.kind,
      token: c.token,
      recipient: c.recipient,
      amount: c.amount,
      epochNumber: c.epochNumber,
      blockNumber: c.blockNumber,
      timestamp: c.timestamp,
      txHash: c.txHash,
    })),
  };
}
