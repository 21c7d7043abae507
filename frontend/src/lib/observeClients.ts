/**
 * The clients a payment is sent with, unchanged except that each signature asked for, transaction sent and receipt
 * waited for is reported first: how the page shows the steps of `sendPayment` without doing its work itself.
 */
import type { PublicClient, WalletClient } from "viem";

import type { PaymentEvent } from "./paymentProgress.ts";

/**
 * @example
 * const observed = observeClients({ publicClient, walletClient }, (event) => setProgress((p) => advance(p, event)));
 * await sendPayment(plan, { ...observed, deployment });
 */
export function observeClients(
  clients: { publicClient: PublicClient; walletClient: WalletClient },
  report: (event: PaymentEvent) => void,
): { publicClient: PublicClient; walletClient: WalletClient } {
  const { publicClient, walletClient } = clients;
  const signTypedData: WalletClient["signTypedData"] = async (args) => {
    report({ type: "signing" });
    const signature = await walletClient.signTypedData(args);
    report({ type: "signed" });
    return signature;
  };
  const writeContract: WalletClient["writeContract"] = async (args) => {
    report({ type: "writing" });
    const hash = await walletClient.writeContract(args);
    report({ type: "sent", hash });
    return hash;
  };
  const waitForTransactionReceipt: PublicClient["waitForTransactionReceipt"] = async (args) => {
    const receipt = await publicClient.waitForTransactionReceipt(args);
    report({ type: "mined", hash: args.hash });
    return receipt;
  };
  return {
    publicClient: { ...publicClient, waitForTransactionReceipt },
    walletClient: { ...walletClient, signTypedData, writeContract },
  };
}
