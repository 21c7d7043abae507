import type { AssetFlow } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import { lineageHops } from "./lineageHops.ts";

const USD = "0x00000000000000000000000000000000000000aa";
const ETH = "0x00000000000000000000000000000000000000bb";
const flow = (assetId: bigint, fromChildren: [bigint, bigint][], token = USD) =>
  ({
    assetId,
    token,
    fromChildren: fromChildren.map(([id, amount]) => ({ assetId: id, amount })),
  }) as unknown as AssetFlow;

describe("lineageHops", () => {
  test("follows revenue down the lineage breadth first, each pair once, in the token asked for", () => {
    // 1 <- 2 <- 4, 1 <- 3 <- 4 (a diamond), and a flow in another token that must not show.
    const flows = [
      flow(1n, [
        [2n, 300n],
        [3n, 200n],
      ]),
      flow(2n, [[4n, 600n]]),
      flow(3n, [[4n, 400n]]),
      flow(4n, []),
      flow(1n, [[9n, 1n]], ETH),
    ];
    expect(lineageHops(flows, USD, 1n)).toEqual([
      { parent: 1n, child: 2n, amount: 300n },
      { parent: 1n, child: 3n, amount: 200n },
      { parent: 2n, child: 4n, amount: 600n },
      { parent: 3n, child: 4n, amount: 400n },
    ]);
  });

  test("an asset paid only directly has no hop; zero amounts are left out", () => {
    expect(lineageHops([flow(4n, [])], USD, 4n)).toEqual([]);
    expect(lineageHops([flow(1n, [[2n, 0n]])], USD.toUpperCase(), 1n)).toEqual([]);
  });
});
