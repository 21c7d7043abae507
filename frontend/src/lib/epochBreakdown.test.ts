import type { AccountHistoryResponse } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import { epochBreakdown } from "./epochBreakdown.ts";

const USD = "0x00000000000000000000000000000000000000aa";
const ETH = "0x00000000000000000000000000000000000000bb";
const epoch = (number: bigint, status: "finalised" | "revoked", payouts: [string, bigint][]) => ({
  number,
  status,
  payouts: payouts.map(([token, amount]) => ({ token, amount, previous: 0n, cumulative: 0n })),
});

describe("epochBreakdown", () => {
  test("what each paying epoch added in the token, summed; revoked epochs and other tokens left out", () => {
    const history = {
      epochs: [
        epoch(1n, "finalised", [
          [USD, 10n],
          [ETH, 7n],
        ]),
        epoch(2n, "revoked", [[USD, 99n]]),
        epoch(3n, "finalised", [[USD, 5n]]),
        epoch(4n, "finalised", [[ETH, 1n]]),
      ],
    } as unknown as AccountHistoryResponse;
    expect(epochBreakdown(history, USD.toUpperCase())).toEqual({
      rows: [
        { epoch: 1n, amount: 10n },
        { epoch: 3n, amount: 5n },
      ],
      total: 15n,
    });
  });
});
