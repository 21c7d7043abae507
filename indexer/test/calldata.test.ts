/**
 * Timelock calldata as the indexer stores it (src/lib/calldata.ts): decoded with the protocol's ABIs, arguments
 * as text (lists and tuples as JSON), and anything it cannot decode kept raw.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { coherenceTimelockAbi, payoutDistributorAbi, revenueRouterAbi } from "@coherence/protocol";
import { encodeFunctionData, keccak256, stringToHex } from "viem";

import { argumentText, decodeCall } from "../src/lib/calldata.ts";

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

test("a call with scalar arguments: name, signature, argument names, types and values", () => {
  const data = encodeFunctionData({
    abi: payoutDistributorAbi,
    functionName: "setTokenAllowed",
    args: [TOKEN, true],
  });
  assert.deepStrictEqual(decodeCall(payoutDistributorAbi, data), {
    functionName: "setTokenAllowed",
    signature: "setTokenAllowed(address,bool)",
    argNames: ["token", "allowed"],
    argTypes: ["address", "bool"],
    argValues: [TOKEN.toLowerCase(), "true"],
  });
  const split = decodeCall(
    revenueRouterAbi,
    encodeFunctionData({ abi: revenueRouterAbi, functionName: "setSplit", args: [300, 6000] }),
  );
  assert.deepStrictEqual(split.argValues, ["300", "6000"]);
  const role = keccak256(stringToHex("CANCELLER_ROLE"));
  const grant = decodeCall(
    coherenceTimelockAbi,
    encodeFunctionData({ abi: coherenceTimelockAbi, functionName: "grantRole", args: [role, TOKEN] }),
  );
  assert.deepStrictEqual(
    [grant.signature, grant.argValues],
    ["grantRole(bytes32,address)", [role, TOKEN.toLowerCase()]],
  );
});

test("tuples and arrays are JSON of the same text values, the signature in canonical form", () => {
  const proposal = {
    epoch: 3n,
    fromBlock: 10n,
    toBlock: 20n,
    payoutRoot: `0x${"ab".repeat(32)}`,
    scoresRoot: `0x${"cd".repeat(32)}`,
    manifestHash: `0x${"EF".repeat(32)}`,
    tokens: [TOKEN],
    totals: [12345678901234567890n],
  } as const;
  const decoded = decodeCall(
    payoutDistributorAbi,
    encodeFunctionData({ abi: payoutDistributorAbi, functionName: "finalise", args: [proposal] }),
  );
  assert.equal(decoded.signature, "finalise((uint64,uint64,uint64,bytes32,bytes32,bytes32,address[],uint256[]))");
  assert.deepStrictEqual(JSON.parse(decoded.argValues[0]!), {
    epoch: "3",
    fromBlock: "10",
    toBlock: "20",
    payoutRoot: proposal.payoutRoot,
    scoresRoot: proposal.scoresRoot,
    manifestHash: proposal.manifestHash.toLowerCase(),
    tokens: [TOKEN.toLowerCase()],
    totals: ["12345678901234567890"],
  });
  assert.equal(argumentText({ type: "uint16[]", name: "weights" }, [1, 2]), '["1","2"]');
  assert.equal(
    argumentText(
      {
        type: "tuple[]",
        name: "pairs",
        components: [
          { type: "address", name: "a" },
          { type: "uint8", name: "" },
        ],
      } as never,
      [[TOKEN, 7]],
    ),
    `[["${TOKEN.toLowerCase()}","7"]]`,
  );
});

test("what does not decode stays raw: no ABI, an unknown selector, short or malformed data", () => {
  const raw = { functionName: null, signature: null, argNames: [], argTypes: [], argValues: [] };
  const unpause = encodeFunctionData({ abi: payoutDistributorAbi, functionName: "unpause" });
  assert.deepStrictEqual(decodeCall(undefined, unpause), raw);
  assert.deepStrictEqual(decodeCall(revenueRouterAbi, unpause), raw, "the router has no unpause");
  assert.deepStrictEqual(decodeCall(payoutDistributorAbi, "0x"), raw);
  assert.deepStrictEqual(decodeCall(payoutDistributorAbi, "0x1234"), raw);
  const truncated = encodeFunctionData({ abi: payoutDistributorAbi, functionName: "setThreshold", args: [3] }).slice(
    0,
    20,
  );
  assert.deepStrictEqual(decodeCall(payoutDistributorAbi, truncated as `0x${string}`), raw);
  assert.equal(decodeCall(payoutDistributorAbi, unpause).signature, "unpause()");
});
