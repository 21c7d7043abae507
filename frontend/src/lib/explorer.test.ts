import { arbitrum, arbitrumSepolia, hardhat } from "viem/chains";
import { describe, expect, test } from "vitest";

import { explorerPage } from "./explorer.ts";

const HASH = `0x${"ab".repeat(32)}`;
const ADDRESS = "0x00000000000000000000000000000000000000a1";

describe("explorerPage", () => {
  test("Arbitrum's transactions and addresses link to Arbiscan, Sepolia's to its own explorer", () => {
    expect(explorerPage(arbitrum, "tx", HASH)).toEqual({ url: `https://arbiscan.io/tx/${HASH}`, name: "Arbiscan" });
    expect(explorerPage(arbitrum, "address", ADDRESS)?.url).toBe(`https://arbiscan.io/address/${ADDRESS}`);
    expect(explorerPage(arbitrumSepolia, "tx", HASH)?.url).toMatch(/^https:\/\/sepolia\.arbiscan\.io\/tx\/0x/);
  });

  test("a local node has no explorer, so nothing links", () => {
    expect(explorerPage(hardhat, "tx", HASH)).toBeUndefined();
  });
});
