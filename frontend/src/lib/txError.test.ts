import { createServer } from "node:net";

import { forgeLinkRegistryAbi, payoutDistributorAbi } from "@coherence/protocol";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  encodeErrorResult,
  type Hex,
  http,
  zeroHash,
} from "viem";
import { hardhat } from "viem/chains";
import { describe, expect, test } from "vitest";

import { IndexerError } from "./indexer.ts";
import { decodeTxError, isRejection } from "./txError.ts";
import { unreachablePart } from "./unreachable.ts";

const ACCOUNT: Address = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const DISTRIBUTOR: Address = "0x5fbdb2315678afecb367f032d7c3d6e4d27e7bfc";
const TOKEN: Address = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
const describeToken = () => ({ symbol: "dUSD", decimals: 6 });
const claim = {
  address: DISTRIBUTOR,
  abi: payoutDistributorAbi,
  functionName: "claim",
  args: [ACCOUNT, TOKEN, 1n, [zeroHash]],
  account: ACCOUNT,
  chain: hardhat,
} as const;
const unlink = {
  address: DISTRIBUTOR,
  abi: forgeLinkRegistryAbi,
  functionName: "unlink",
  args: ["github.com"],
  account: ACCOUNT,
  chain: hardhat,
} as const;

/** A loopback port nothing listens on: one the system gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What a wallet's `writeContract` of `call` throws when the wallet answers `error` (as an EIP-1193 provider does). */
async function walletFailure(
  error: { code: number; message: string; data?: Hex },
  call: typeof claim | typeof unlink = claim,
): Promise<unknown> {
  const wallet = createWalletClient({
    account: ACCOUNT,
    chain: hardhat,
    transport: custom(
      {
        request: async () => {
          throw error;
        },
      },
      { retryCount: 0 },
    ),
  });
  return (
    call === claim
      ? wallet.writeContract({ ...claim, gas: 100_000n })
      : wallet.writeContract({ ...unlink, gas: 100_000n })
  ).catch((e: unknown) => e);
}

describe("transaction errors in words", () => {
  test("a dead RPC under the pre-signing simulation is the network, not a revert", async () => {
    const client = createPublicClient({
      chain: hardhat,
      transport: http(`http://127.0.0.1:${await closedPort()}`, { retryCount: 0 }),
    });
    const error = await client.simulateContract(claim).catch((e: unknown) => e);
    expect(unreachablePart(error)).toBe("rpc");
    const failure = decodeTxError(error, describeToken);
    expect(failure.kind).toBe("unreachable");
    expect(failure.message).not.toMatch(/revert/);
  });

  test("a wallet whose RPC is down answers -32603, which viem reads as a revert: it is the network", async () => {
    const error = await walletFailure({ code: -32603, message: "Failed to fetch" });
    expect(decodeTxError(error, describeToken).kind).toBe("unreachable");
  });

  test("a real refusal of the contract still decodes as its error, and a rejection as a rejection", async () => {
    const data = encodeErrorResult({ abi: payoutDistributorAbi, errorName: "PayoutDistributorPaused" });
    const refused = decodeTxError(await walletFailure({ code: 3, message: "execution reverted", data }), describeToken);
    expect(refused).toMatchObject({ kind: "contract", errorName: "PayoutDistributorPaused" });
    expect(unreachablePart(refused)).toBeUndefined();
    const rejected = await walletFailure({ code: 4001, message: "User rejected the request." });
    expect(isRejection(rejected)).toBe(true);
    expect(decodeTxError(rejected, describeToken).kind).toBe("rejected");
  });

  test("an unlink of a link that already ended is named as such, not as a bare error name", async () => {
    const data = encodeErrorResult({
      abi: forgeLinkRegistryAbi,
      errorName: "ForgeLinkRegistryAccountNotLinked",
      args: [zeroHash, ACCOUNT],
    });
    const refused = decodeTxError(
      await walletFailure({ code: 3, message: "execution reverted", data }, unlink),
      describeToken,
    );
    expect(refused).toMatchObject({ kind: "contract", errorName: "ForgeLinkRegistryAccountNotLinked" });
    expect(refused.message).toContain("no active link on that forge any more");
  });

  test("the indexer unreachable is the indexer; its answers are not the network", () => {
    expect(
      unreachablePart(new IndexerError("NETWORK", "cannot be reached", { cause: new TypeError("Failed to fetch") })),
    ).toBe("indexer");
    expect(unreachablePart(new IndexerError("NO_LEAVES", "no leaves", { status: 404 }))).toBeUndefined();
    expect(unreachablePart(new TypeError("Failed to fetch"))).toBeUndefined();
  });
});
