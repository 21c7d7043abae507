/**
 * The escrow's events a usage report aggregates, read from the chain, with each anchor's records file fetched and
 * checked against its anchor (a file that fails a check is reported as unreadable, never counted).
 */
import { BaseError } from "@coherence/protocol";
import type { PublicClient } from "viem";

import { type Escrow, escrowEvents } from "./escrowEvents.ts";
import { fetchRecordsFile } from "./recordsFile.ts";
import type { AnchoredRecords, UsageEvents } from "./usageReport.ts";

export async function readUsageEvents(client: PublicClient, escrow: Escrow): Promise<UsageEvents> {
  const [redeemed, anchored, disputed, resolved] = await Promise.all([
    escrowEvents(client, escrow, "VoucherRedeemed"),
    escrowEvents(client, escrow, "RecordsAnchored"),
    escrowEvents(client, escrow, "RecordDisputed"),
    escrowEvents(client, escrow, "DisputeResolved"),
  ]);
  const anchors: AnchoredRecords[] = [];
  for (const { args } of anchored) {
    const { runner, period, uri } = args;
    try {
      const file = await fetchRecordsFile(args, escrow);
      anchors.push({ runner, period, uri, records: file.records.map((r) => r.record) });
    } catch (error) {
      if (!(error instanceof BaseError)) throw error;
      anchors.push({ runner, period, uri, unreadable: `${error.name}: ${error.shortMessage}` });
    }
  }
  return {
    redemptions: redeemed.map(({ args: { voucher, toAsset, toRunner } }) => ({
      assetId: voucher.assetId,
      token: voucher.token,
      period: voucher.period,
      toAsset,
      toRunner,
    })),
    anchors,
    disputes: disputed.map(({ args: { disputeId, runner, period, recordLeaf } }) => ({
      disputeId,
      runner,
      period,
      recordLeaf,
    })),
    resolutions: resolved.map(({ args: { disputeId, upheld } }) => ({ disputeId, upheld })),
  };
}
