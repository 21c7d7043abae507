import type { AccountHistoryResponse, ManifestLeaf } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import { PAYOUTS_CSV_COLUMNS, payoutsCsv } from "./payoutsCsv.ts";

const ADA = "0x00000000000000000000000000000000000000a1";
const USD = "0x00000000000000000000000000000000000000aa";
const ETH = "0x00000000000000000000000000000000000000bb";
const TX = `0x${"cd".repeat(32)}`;

const leaf = (token: string, sources: [bigint, bigint, "contributors" | "treasury"][]) => ({
  token,
  sources: sources.map(([assetId, amount, kind]) => ({ assetId, amount, kind })),
});
// Ada's own leaves, as her slices of epochs 1 and 3 prove them.
const leaves = new Map([
  [1n, [leaf(USD, [[2n, 1_500_000n, "contributors"]])]],
  [
    3n,
    [
      leaf(ETH, [
        [1n, 10n ** 18n / 4n, "contributors"],
        [7n, 5n, "treasury"],
      ]),
    ],
  ],
]) as unknown as Map<bigint, ManifestLeaf[]>;
const history = {
  account: ADA,
  epochs: [
    { number: 1n, status: "finalised", finalisedAt: 1_700_000_000n },
    { number: 2n, status: "revoked", finalisedAt: 1_700_100_000n },
    { number: 3n, status: "finalised", finalisedAt: 1_700_200_000n },
  ],
  claims: [{ token: USD, amount: 1_500_000n, epochNumber: 3n, timestamp: 1_700_300_000n, txHash: TX }],
} as unknown as AccountHistoryResponse;
const describeToken = (token: string) =>
  token === USD ? { symbol: "dUSD", decimals: 6 } : { symbol: "d,ETH", decimals: 18 };

describe("payoutsCsv", () => {
  test("a row per epoch, token and asset pool, then per claim; exact amounts; dollars at the time when priced", () => {
    const csv = payoutsCsv({
      history,
      leaves,
      describe: describeToken,
      // dUSD is $1 from the start; dETH has a price only from 1_700_150_000, $3,000.
      priceAt: (token, at) =>
        token === USD
          ? { answer: 100_000_000n, decimals: 8, updatedAt: 0n }
          : at >= 1_700_150_000n
            ? { answer: 3_000n * 10n ** 8n, decimals: 8, updatedAt: 1_700_150_000n }
            : undefined,
    });
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.split("\r\n").slice(0, -1)).toEqual([
      PAYOUTS_CSV_COLUMNS.join(","),
      `payout,1,2023-11-14T22:13:20.000Z,dUSD,${USD},2,contributors,1.5,1500000,1.50,`,
      `payout,3,2023-11-17T05:46:40.000Z,"d,ETH",${ETH},1,contributors,0.25,250000000000000000,750.00,`,
      `payout,3,2023-11-17T05:46:40.000Z,"d,ETH",${ETH},7,treasury,0.000000000000000005,5,0.00,`,
      `claim,3,2023-11-18T09:33:20.000Z,dUSD,${USD},,,1.5,1500000,1.50,${TX}`,
    ]);
  });

  test("a token without a price then leaves the dollars blank; an epoch's missing payouts are an error, not a gap", () => {
    const csv = payoutsCsv({ history, leaves, describe: describeToken, priceAt: () => undefined });
    expect(csv.split("\r\n")[1]!.endsWith(",1500000,,")).toBe(true);
    expect(() => payoutsCsv({ history, leaves: new Map(), describe: describeToken, priceAt: () => undefined })).toThrow(
      "The payouts of epoch 1 are missing.",
    );
  });
});
