/**
 * What use an asset saw, per period, from the chain alone: the records of run its runners anchored (runs, payers,
 * units, free runs: those priced 0), what redemptions paid (to the asset through the router, and the runners'
 * hosting fees, per token, counted in the period of the voucher that paid them), the anchors, and the disputes the
 * replay checks opened on those records and how they were resolved. Figures are exact integers in base units.
 */
import { type Hex, type RecordOfRun, recordLeafHash } from "@coherence/protocol";
import type { Address } from "viem";

export type Redemption = {
  readonly assetId: bigint;
  readonly token: Address;
  readonly period: bigint;
  readonly toAsset: bigint;
  readonly toRunner: bigint;
};

export type AnchoredRecords = {
  readonly runner: Address;
  readonly period: bigint;
  readonly uri: string;
  /** The checked records file's records; absent when it could not be read, with why. */
  readonly records?: readonly RecordOfRun[];
  readonly unreadable?: string;
};

export type OpenedRecordDispute = {
  readonly disputeId: bigint;
  readonly runner: Address;
  readonly period: bigint;
  readonly recordLeaf: Hex;
};

export type Resolution = { readonly disputeId: bigint; readonly upheld: boolean };

export type UsageEvents = {
  readonly redemptions: readonly Redemption[];
  readonly anchors: readonly AnchoredRecords[];
  readonly disputes: readonly OpenedRecordDispute[];
  readonly resolutions: readonly Resolution[];
};

export type PeriodUsage = {
  assetId: bigint;
  period: bigint;
  runs: number;
  payers: number;
  units: bigint;
  freeRuns: number;
  redemptions: number;
  /** Per token, ascending by address. */
  revenue: { token: Address; toAsset: bigint; toRunner: bigint }[];
  /** Runners that anchored records of this asset for the period, with how many. */
  anchors: { runner: Address; records: number; uri: string }[];
  disputes: { opened: number; upheld: number; rejected: number; open: number };
};

export type UsageReport = {
  periods: PeriodUsage[];
  /** Anchors whose records file could not be read: their runs are counted nowhere. */
  unreadableAnchors: { runner: Address; period: bigint; uri: string; problem: string }[];
};

/**
 * Aggregates the escrow's events per asset and period, ascending, only `assetId`'s when given.
 *
 * @example
 * const { periods } = usageReport(await readUsageEvents(client, escrow), 3n);
 */
export function usageReport(events: UsageEvents, assetId?: bigint): UsageReport {
  const rows = new Map<string, PeriodUsage & { payerSet: Set<string> }>();
  const row = (asset: bigint, period: bigint) => {
    const key = `${asset}:${period}`;
    let found = rows.get(key);
    if (found === undefined) {
      found = {
        assetId: asset,
        period,
        runs: 0,
        payers: 0,
        units: 0n,
        freeRuns: 0,
        redemptions: 0,
        revenue: [],
        anchors: [],
        disputes: { opened: 0, upheld: 0, rejected: 0, open: 0 },
        payerSet: new Set(),
      };
      rows.set(key, found);
    }
    return found;
  };
  const wanted = (asset: bigint) => assetId === undefined || asset === assetId;

  const assetOfLeaf = new Map<string, bigint>();
  for (const anchor of events.anchors) {
    const perAsset = new Map<bigint, number>();
    for (const record of anchor.records ?? []) {
      assetOfLeaf.set(`${anchor.runner.toLowerCase()}:${anchor.period}:${recordLeafHash(record)}`, record.assetId);
      if (!wanted(record.assetId)) continue;
      const usage = row(record.assetId, anchor.period);
      usage.runs++;
      usage.units += record.units;
      if (record.price === 0n) usage.freeRuns++;
      usage.payerSet.add(record.payer.toLowerCase());
      perAsset.set(record.assetId, (perAsset.get(record.assetId) ?? 0) + 1);
    }
    for (const [asset, records] of perAsset) {
      row(asset, anchor.period).anchors.push({ runner: anchor.runner, records, uri: anchor.uri });
    }
  }

  for (const redemption of events.redemptions) {
    if (!wanted(redemption.assetId)) continue;
    const usage = row(redemption.assetId, redemption.period);
    usage.redemptions++;
    let revenue = usage.revenue.find((r) => r.token.toLowerCase() === redemption.token.toLowerCase());
    if (revenue === undefined) {
      revenue = { token: redemption.token, toAsset: 0n, toRunner: 0n };
      usage.revenue.push(revenue);
    }
    revenue.toAsset += redemption.toAsset;
    revenue.toRunner += redemption.toRunner;
  }

  const resolved = new Map(events.resolutions.map((r) => [r.disputeId, r.upheld]));
  for (const dispute of events.disputes) {
    const asset = assetOfLeaf.get(`${dispute.runner.toLowerCase()}:${dispute.period}:${dispute.recordLeaf}`);
    if (asset === undefined || !wanted(asset)) continue;
    const { disputes } = row(asset, dispute.period);
    disputes.opened++;
    const upheld = resolved.get(dispute.disputeId);
    if (upheld === undefined) disputes.open++;
    else if (upheld) disputes.upheld++;
    else disputes.rejected++;
  }

  const periods = [...rows.values()]
    .sort((a, b) => compare(a.assetId, b.assetId) || compare(a.period, b.period))
    .map(({ payerSet, ...usage }) => ({
      ...usage,
      payers: payerSet.size,
      revenue: usage.revenue.sort((a, b) => a.token.toLowerCase().localeCompare(b.token.toLowerCase())),
    }));
  const unreadableAnchors = events.anchors.flatMap((a) =>
    a.records === undefined
      ? [{ runner: a.runner, period: a.period, uri: a.uri, problem: a.unreadable ?? "unreadable" }]
      : [],
  );
  return { periods, unreadableAnchors };
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
