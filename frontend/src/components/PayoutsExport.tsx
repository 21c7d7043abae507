import type { AccountHistoryResponse, ManifestLeaf } from "@coherence/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConfig } from "wagmi";

import { USD_FEEDS } from "../config/priceFeeds.ts";
import { epochPayoutsQuery } from "../hooks/useEpochPayouts.ts";
import { sliceErrorText } from "../lib/accountSlice.ts";
import { actionPublicClient } from "../lib/actionClients.ts";
import { feedReader } from "../lib/feedReader.ts";
import { payoutsCsv } from "../lib/payoutsCsv.ts";
import { priceAtTime } from "../lib/priceAtTime.ts";
import type { DescribeToken } from "../lib/txError.ts";
import type { UsdPrice } from "../lib/usdValue.ts";

/**
 * "Download a CSV of payouts and claims": the account's slice of every finalised epoch's manifest (kilobytes each,
 * proven against the epoch's on-chain manifest hash; the whole manifest only for an epoch published before slices)
 * and each priced token's USD price at each payout's and claim's time, read from its feed on the chain, turned into
 * one file for the account's records.
 */
export function PayoutsExport({ history, describe }: { history: AccountHistoryResponse; describe: DescribeToken }) {
  const queryClient = useQueryClient();
  const config = useConfig();
  const [state, setState] = useState<{ status: "idle" | "working" } | { status: "failed"; message: string }>({
    status: "idle",
  });

  const download = async () => {
    setState({ status: "working" });
    try {
      const finalised = history.epochs.filter((e) => e.status === "finalised");
      const account = history.account;
      const leaves = new Map<bigint, readonly ManifestLeaf[]>(
        await Promise.all(
          finalised.map(
            async (e) =>
              [e.number, (await queryClient.fetchQuery(epochPayoutsQuery(account, e, queryClient))).leaves] as const,
          ),
        ),
      );
      const prices = await pricesAtTimes(actionPublicClient(config), history);
      const csv = payoutsCsv({
        history,
        leaves,
        describe,
        priceAt: (token, at) => prices.get(`${token.toLowerCase()}@${at}`),
      });
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `coherence-payouts-${history.account}.csv`;
      link.click();
      // The browser has started the download from the URL by the time the click returns.
      setTimeout(() => URL.revokeObjectURL(url), 0);
      setState({ status: "idle" });
    } catch (error) {
      setState({ status: "failed", message: sliceErrorText(error) });
    }
  };

  return (
    <div className="export">
      <button
        type="button"
        className="button-quiet"
        data-testid="export-csv"
        disabled={state.status === "working"}
        onClick={() => void download()}
      >
        {state.status === "working"
          ? "Proving your payouts epoch by epoch and preparing the CSV…"
          : "Download a CSV of payouts and claims"}
      </button>
      {state.status === "failed" ? (
        <p className="muted" role="alert" data-testid="export-failed">
          The CSV could not be made: {state.message}
        </p>
      ) : null}
    </div>
  );
}

/** The price of each priced token at each time the history has an amount of it, keyed `token@time`. */
async function pricesAtTimes(
  client: ReturnType<typeof actionPublicClient>,
  history: AccountHistoryResponse,
): Promise<Map<string, UsdPrice>> {
  const wanted = new Map<string, { token: string; at: bigint }>();
  const add = (token: string, at: bigint | null) => {
    if (at !== null && USD_FEEDS.has(token.toLowerCase())) wanted.set(`${token.toLowerCase()}@${at}`, { token, at });
  };
  for (const epoch of history.epochs) for (const payout of epoch.payouts) add(payout.token, epoch.finalisedAt);
  for (const claim of history.claims) add(claim.token, claim.timestamp);
  const prices = new Map<string, UsdPrice>();
  await Promise.all(
    [...wanted].map(async ([key, { token, at }]) => {
      const price = await priceAtTime(feedReader(client, USD_FEEDS.get(token.toLowerCase())!), at);
      if (price !== undefined) prices.set(key, price);
    }),
  );
  return prices;
}
