/**
 * An asset's use through the MeteringEscrow as the asset page shows it: the indexer's rows (ASSET_USAGE_QUERY)
 * parsed, the runners whose allowance still holds (the escrow keys it by the owner who gave it, so it ends when the
 * asset changes hands), and the words for free tiers and a runner's standing.
 */
import { formatInteger } from "./format.ts";
import { big, bigOrNull } from "./indexerValues.ts";

export type UsageTotals = {
  runnerCount: number;
  payerCount: number;
  channelCount: number;
  redemptionCount: number;
  /** Units redeemed, free ones included. */
  units: bigint;
  lastRedeemedAt: bigint | null;
};

/** Revenue from use in one token: `amount` went to the asset through the router, `hostingFee` to runners. */
export type UsageToken = {
  token: string;
  redemptionCount: number;
  units: bigint;
  amount: bigint;
  hostingFee: bigint;
  payerCount: number;
};

export type UsageTerms = { token: string; pricePerUnit: bigint; freeUnitsPerPeriod: bigint };

export type UsageRunner = {
  runner: string;
  /** Null until the runner anchors records or redeems a voucher. */
  status: {
    anchorCount: number;
    recordCount: bigint;
    openDisputeCount: number;
    frozenFrom: bigint | null;
    barred: boolean;
    barredFrom: bigint | null;
  } | null;
};

export type AssetUsage = {
  /** Null before the asset's first runner, terms or redemption. */
  totals: UsageTotals | null;
  tokens: UsageToken[];
  terms: UsageTerms[];
  /** Runners the current owner allows. */
  runners: UsageRunner[];
  /** Runners a previous owner allowed: their allowance ended with the transfer. */
  lapsedRunnerCount: number;
};

type Raw = Record<string, unknown>;
export type AssetUsageRow = {
  assetUsage: Raw | null;
  assetUsageTokens: { items: Raw[] };
  assetTerms: { items: Raw[] };
  assetRunners: { items: (Raw & { meteringRunner: Raw | null })[] };
};

/**
 * The answer of ASSET_USAGE_QUERY for an asset owned by `owner`.
 *
 * @example
 * parseAssetUsage(await graphql(ASSET_USAGE_QUERY, { id: "7" }), asset.owner).runners;
 */
export function parseAssetUsage(row: AssetUsageRow, owner: string): AssetUsage {
  const u = row.assetUsage;
  const current = owner.toLowerCase();
  const allowed = row.assetRunners.items;
  const runners = allowed.filter((r) => String(r.owner).toLowerCase() === current);
  return {
    totals:
      u === null
        ? null
        : {
            runnerCount: Number(u.runnerCount),
            payerCount: Number(u.payerCount),
            channelCount: Number(u.channelCount),
            redemptionCount: Number(u.redemptionCount),
            units: big(u.units),
            lastRedeemedAt: bigOrNull(u.lastRedeemedAt),
          },
    tokens: row.assetUsageTokens.items.map((t) => ({
      token: String(t.token),
      redemptionCount: Number(t.redemptionCount),
      units: big(t.units),
      amount: big(t.amount),
      hostingFee: big(t.hostingFee),
      payerCount: Number(t.payerCount),
    })),
    terms: row.assetTerms.items.map((t) => ({
      token: String(t.token),
      pricePerUnit: big(t.pricePerUnit),
      freeUnitsPerPeriod: big(t.freeUnitsPerPeriod),
    })),
    runners: runners.map((r) => {
      const s = r.meteringRunner;
      return {
        runner: String(r.runner),
        status:
          s === null
            ? null
            : {
                anchorCount: Number(s.anchorCount),
                recordCount: big(s.recordCount),
                openDisputeCount: Number(s.openDisputeCount),
                frozenFrom: bigOrNull(s.frozenFrom),
                barred: s.barred === true,
                barredFrom: bigOrNull(s.barredFrom),
              },
      };
    }),
    lapsedRunnerCount: allowed.length - runners.length,
  };
}

/** Whether the asset was ever set up for metered use or used: a runner, terms or a redemption. */
export function isMetered(usage: AssetUsage): boolean {
  return usage.totals !== null || usage.terms.length > 0 || usage.runners.length > 0;
}

const plural = (n: bigint | number, one: string, many: string) =>
  `${formatInteger(n)} ${n === 1 || n === 1n ? one : many}`;

/** "5 free units per payer per period", or that there is no free tier. */
export function freeTierWords(freeUnitsPerPeriod: bigint): string {
  return freeUnitsPerPeriod === 0n
    ? "no free units"
    : `${plural(freeUnitsPerPeriod, "free unit", "free units")} per payer per period`;
}

/** How a runner stands with the escrow, most severe first: barred, frozen by open disputes, anchoring, or new. */
export function runnerStanding(status: UsageRunner["status"]): { tone: "error" | "warning" | "ok"; words: string } {
  if (status === null) return { tone: "ok", words: "no records anchored yet" };
  if (status.barred)
    return {
      tone: "error",
      words: `barred from period ${status.barredFrom} on by an upheld dispute: its vouchers of that period or later cannot be redeemed`,
    };
  if (status.openDisputeCount > 0)
    return {
      tone: "warning",
      words: `${plural(status.openDisputeCount, "open dispute", "open disputes")}: its vouchers from period ${status.frozenFrom} on wait for the resolution`,
    };
  if (status.anchorCount === 0) return { tone: "ok", words: "no records anchored yet" };
  return {
    tone: "ok",
    words: `${plural(status.anchorCount, "period", "periods")} anchored, ${plural(status.recordCount, "record", "records")} of run (over every asset it serves)`,
  };
}

/**
 * Whether `error` says the indexer has no usage tables: one older than the MeteringEscrow's indexing answers the
 * query with a GraphQL validation error naming the field.
 */
export function isUsageNotIndexed(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Cannot query field "(assetUsage|assetUsageTokens|assetTerms|assetRunners)"/.test(message);
}
