import type { PublicClient, WalletClient } from "viem";
import { describe, expect, test } from "vitest";

import { observeClients } from "./observeClients.ts";
import type { PaymentEvent } from "./paymentProgress.ts";

const HASH = `0x${"c".repeat(64)}` as const;

describe("observeClients", () => {
  test("reports each signature, transaction and receipt around the real call, and passes its answer through", async () => {
    const calls: string[] = [];
    const events: PaymentEvent[] = [];
    const walletClient = {
      account: { address: "0x1" },
      signTypedData: async () => {
        calls.push("sign");
        return "0xsig";
      },
      writeContract: async () => {
        calls.push("write");
        return HASH;
      },
    } as unknown as WalletClient;
    const publicClient = {
      readContract: async () => 1n,
      waitForTransactionReceipt: async () => {
        calls.push("wait");
        return { status: "success" };
      },
    } as unknown as PublicClient;
    const observed = observeClients({ publicClient, walletClient }, (e) => events.push(e));
    expect(observed.walletClient.account).toBe(walletClient.account);
    expect(await observed.publicClient.readContract({} as never)).toBe(1n);
    expect(await observed.walletClient.signTypedData({} as never)).toBe("0xsig");
    expect(await observed.walletClient.writeContract({} as never)).toBe(HASH);
    expect(await observed.publicClient.waitForTransactionReceipt({ hash: HASH })).toEqual({ status: "success" });
    expect(calls).toEqual(["sign", "write", "wait"]);
    expect(events).toEqual([
      { type: "signing" },
      { type: "signed" },
      { type: "writing" },
      { type: "sent", hash: HASH },
      { type: "mined", hash: HASH },
    ]);
  });

  test("a rejected signature is reported as asked for and never as given", async () => {
    const events: PaymentEvent[] = [];
    const rejection = Object.assign(new Error("User rejected the request."), { code: 4001 });
    const walletClient = {
      signTypedData: async () => {
        throw rejection;
      },
    } as unknown as WalletClient;
    const observed = observeClients({ publicClient: {} as PublicClient, walletClient }, (e) => events.push(e));
    await expect(observed.walletClient.signTypedData({} as never)).rejects.toBe(rejection);
    expect(events).toEqual([{ type: "signing" }]);
  });
});
