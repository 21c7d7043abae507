import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { concatHex, encodeFunctionData, type Hex } from "viem";

import { payoutDistributorAbi } from "../abis.ts";
import { manifestCidSuffix, manifestUriOf } from "./proposalCid.ts";

const CID = "bafybeigas5j6o2tf3cwvk7cvatfplens3jw5u2r7hbiyev4e2hrcljwphm";
const proposal = {
  epoch: 3n,
  fromBlock: 10n,
  toBlock: 20n,
  payoutRoot: `0x${"11".repeat(32)}`,
  scoresRoot: `0x${"22".repeat(32)}`,
  manifestHash: `0x${"33".repeat(32)}`,
  tokens: [`0x${"44".repeat(20)}`],
  totals: [5n],
} as const;
const input = encodeFunctionData({
  abi: payoutDistributorAbi,
  functionName: "propose",
  args: [proposal, [{ r: `0x${"55".repeat(32)}`, vs: `0x${"66".repeat(32)}` }]],
});

describe("the manifest CID in a proposal's calldata", () => {
  test("reads back the CID appended to a propose call", () => {
    assert.equal(manifestUriOf(concatHex([input, manifestCidSuffix(CID)])), `ipfs://${CID}`);
    const raw = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    assert.equal(manifestUriOf(concatHex([input, manifestCidSuffix(raw)])), `ipfs://${raw}`);
  });

  test("a call without one, or with a damaged one, records none", () => {
    assert.equal(manifestUriOf(input), undefined);
    const suffix = manifestCidSuffix(CID);
    // The length byte claims more than the calldata holds.
    const overlong: Hex = `0x${suffix.slice(2, -34)}ff${suffix.slice(-32)}`;
    assert.equal(manifestUriOf(overlong), undefined);
    // Bytes before the marker that are not a CID.
    assert.equal(manifestUriOf(`0x${"00".repeat(36)}24${suffix.slice(-32)}`), undefined);
  });
});
