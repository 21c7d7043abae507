import { IndexerError } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import { fetchAssetUsage } from "../hooks/useAssetUsage.ts";
import { standInIndexer } from "../test/standInIndexer.ts";
import { type AssetUsageRow, freeTierWords, isMetered, isUsageNotIndexed, runnerStanding } from "./assetUsage.ts";
import { ASSET_USAGE_QUERY } from "./queries.ts";

const OWNER = "0xbcd4042de499d14e55001ccbb24a551f3b954096";
const PREVIOUS_OWNER = "0x71be63f3384f5fb98995898a86b02fb2426c5788";
const RUNNER = "0xfabb0ac9d68b0b445fb7357272ff202c5651694a";
const OLD_RUNNER = "0x1cbd3b2770909d4e10f157cabc84c7264073c9ec";
const USD = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

const status = (over: Record<string, unknown> = {}) => ({
  anchorCount: 3,
  recordCount: "120",
  openDisputeCount: 0,
  frozenFrom: null,
  barred: false,
  barredFrom: null,
  ...over,
});

const row = (over: Partial<AssetUsageRow> = {}): AssetUsageRow => ({
  assetUsage: {
    runnerCount: 1,
    payerCount: 2,
    channelCount: 2,
    redemptionCount: 3,
    units: "18",
    lastRedeemedAt: "1700000000",
  },
  assetUsageTokens: {
    items: [{ token: USD, redemptionCount: 3, units: "18", amount: "13000", hostingFee: "1300", payerCount: 2 }],
  },
  assetTerms: { items: [{ token: USD, pricePerUnit: "1000", freeUnitsPerPeriod: "5" }] },
  assetRunners: {
    items: [
      { runner: RUNNER, owner: OWNER, meteringRunner: status() },
      { runner: OLD_RUNNER, owner: PREVIOUS_OWNER, meteringRunner: null },
    ],
  },
  ...over,
});

describe("fetchAssetUsage", () => {
  test("sums, revenue from use per token as bigint, terms, and only the current owner's runners", async () => {
    const { asked, send } = standInIndexer([row()]);
    const usage = await fetchAssetUsage(7n, OWNER.toUpperCase().replace("0X", "0x"), send);
    expect(asked).toEqual([{ query: ASSET_USAGE_QUERY, variables: { id: "7" } }]);
    expect(usage.totals).toEqual({
      runnerCount: 1,
      payerCount: 2,
      channelCount: 2,
      redemptionCount: 3,
      units: 18n,
      lastRedeemedAt: 1_700_000_000n,
    });
    expect(usage.tokens).toEqual([
      { token: USD, redemptionCount: 3, units: 18n, amount: 13_000n, hostingFee: 1_300n, payerCount: 2 },
    ]);
    expect(usage.terms).toEqual([{ token: USD, pricePerUnit: 1_000n, freeUnitsPerPeriod: 5n }]);
    expect(usage.runners.map((r) => r.runner)).toEqual([RUNNER]);
    expect(usage.runners[0]?.status?.recordCount).toBe(120n);
    expect(usage.lapsedRunnerCount).toBe(1);
    expect(isMetered(usage)).toBe(true);
  });

  test("an asset never metered: no totals, nothing listed, not metered", async () => {
    const empty = row({
      assetUsage: null,
      assetUsageTokens: { items: [] },
      assetTerms: { items: [] },
      assetRunners: { items: [] },
    });
    const { send } = standInIndexer([empty]);
    const usage = await fetchAssetUsage(8n, OWNER, send);
    expect(usage).toEqual({ totals: null, tokens: [], terms: [], runners: [], lapsedRunnerCount: 0 });
    expect(isMetered(usage)).toBe(false);
  });

  test("terms published but nothing redeemed yet is metered, with no revenue", async () => {
    const { send } = standInIndexer([row({ assetUsage: null, assetUsageTokens: { items: [] } })]);
    const usage = await fetchAssetUsage(7n, OWNER, send);
    expect(isMetered(usage)).toBe(true);
    expect(usage.tokens).toEqual([]);
  });
});

describe("words", () => {
  test("free tier", () => {
    expect(freeTierWords(0n)).toBe("no free units");
    expect(freeTierWords(1n)).toBe("1 free unit per payer per period");
    expect(freeTierWords(5_000n)).toBe("5,000 free units per payer per period");
  });

  test("a runner's standing, most severe first", () => {
    expect(runnerStanding(null)).toEqual({ tone: "ok", words: "no records anchored yet" });
    expect(runnerStanding({ ...parsed(), anchorCount: 0, recordCount: 0n }).words).toBe("no records anchored yet");
    expect(runnerStanding(parsed()).words).toBe("3 periods anchored, 120 records of run (over every asset it serves)");
    expect(runnerStanding({ ...parsed(), openDisputeCount: 1, frozenFrom: 40n })).toEqual({
      tone: "warning",
      words: "1 open dispute: its vouchers from period 40 on wait for the resolution",
    });
    const barred = runnerStanding({ ...parsed(), openDisputeCount: 2, frozenFrom: 40n, barred: true, barredFrom: 41n });
    expect(barred.tone).toBe("error");
    expect(barred.words).toMatch(/^barred from period 41 on by an upheld dispute/);
  });

  test("an indexer without the metering tables is told apart from other errors", () => {
    const old = new IndexerError(
      "GRAPHQL",
      'The indexer rejected a query: Cannot query field "assetUsage" on type "Query".',
    );
    expect(isUsageNotIndexed(old)).toBe(true);
    expect(isUsageNotIndexed(new IndexerError("NETWORK", "The indexer did not answer."))).toBe(false);
    expect(isUsageNotIndexed(new Error('Cannot query field "asset" on type "Query".'))).toBe(false);
  });
});

function parsed() {
  return {
    anchorCount: 3,
    recordCount: 120n,
    openDisputeCount: 0,
    frozenFrom: null,
    barred: false,
    barredFrom: null,
  };
}
