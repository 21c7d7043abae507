import { IndexerError } from "@coherence/protocol";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import type { AssetUsage } from "../lib/assetUsage.ts";
import { textOf } from "../test/markup.ts";
import { AssetUsageView, type UsageState } from "./AssetUsage.tsx";

const RUNNER = "0xfabb0ac9d68b0b445fb7357272ff202c5651694a";
const USD = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const describeToken = () => ({ symbol: "dUSD", decimals: 6 });

function text(state: UsageState) {
  return textOf(
    renderToStaticMarkup(
      <QueryClientProvider client={new QueryClient()}>
        <AssetUsageView state={state} describe={describeToken} />
      </QueryClientProvider>,
    ),
  );
}

const METERED: AssetUsage = {
  totals: { runnerCount: 1, payerCount: 2, channelCount: 2, redemptionCount: 3, units: 18n, lastRedeemedAt: null },
  tokens: [{ token: USD, redemptionCount: 3, units: 18n, amount: 13_000n, hostingFee: 1_300n, payerCount: 2 }],
  terms: [{ token: USD, pricePerUnit: 1_000n, freeUnitsPerPeriod: 5n }],
  runners: [
    {
      runner: RUNNER,
      status: {
        anchorCount: 1,
        recordCount: 2n,
        openDisputeCount: 0,
        frozenFrom: null,
        barred: true,
        barredFrom: 12n,
      },
    },
  ],
  lapsedRunnerCount: 0,
};

describe("the asset page's revenue from use", () => {
  test("metered: units, what use paid per token, the terms and each runner's standing", () => {
    const shown = text({ kind: "loaded", usage: METERED });
    expect(shown).toContain("Units redeemed 18 (free ones included)");
    expect(shown).toContain("Payers 2");
    expect(shown).toContain("Last redeemed never");
    expect(shown).toContain("dUSD 0.013 dUSD 0.0013 dUSD 18 2");
    expect(shown).toContain("0.001 dUSD per unit, 5 free units per payer per period");
    expect(shown).toContain("barred from period 12 on by an upheld dispute");
  });

  test("never metered, loading, an indexer without the escrow's tables, and any other error each say so", () => {
    const none: AssetUsage = { totals: null, tokens: [], terms: [], runners: [], lapsedRunnerCount: 0 };
    expect(text({ kind: "loaded", usage: none })).toContain("No metered use yet");
    expect(text({ kind: "loading" })).not.toContain("No metered use yet");
    const old = new IndexerError(
      "GRAPHQL",
      'The indexer rejected a query: Cannot query field "assetUsage" on type "Query".',
    );
    expect(text({ kind: "error", error: old, retry: () => {} })).toContain("does not index the metering escrow yet");
    const down = new IndexerError("HTTP_500", "The indexer answered HTTP 500.");
    expect(text({ kind: "error", error: down, retry: () => {} })).toContain("Could not load the asset's use");
  });

  test("terms published, nothing redeemed: no revenue from use yet, the price still shown", () => {
    const shown = text({ kind: "loaded", usage: { ...METERED, totals: null, tokens: [], runners: [] } });
    expect(shown).toContain("Units redeemed 0");
    expect(shown).toContain("No revenue from use yet");
    expect(shown).toContain("No runner allowed");
    expect(shown).toContain("0.001 dUSD per unit");
  });
});
