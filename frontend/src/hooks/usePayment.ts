import { type PaymentPlan, type PaymentReceipt, planPayment, sendPayment } from "@coherence/protocol/actions";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";

import { deployment } from "../config/deployment.ts";
import { actionPublicClient, actionWalletClient } from "../lib/actionClients.ts";
import { errorText } from "../lib/errorText.ts";
import { observeClients } from "../lib/observeClients.ts";
import { advance, initialProgress, type StepProgress } from "../lib/paymentProgress.ts";
import { isRejection } from "../lib/txError.ts";

/** What the payer typed: an asset, a token of the deployment (address) and an amount in token units. */
export type PaymentInput = { assetId: bigint; token: Address; amount: string };

/** Where a payment is, from the review to the receipt. */
export type PaymentState =
  | { status: "idle" }
  /** Reading the chain: allowlist, asset, balance, allowance and the router's split. */
  | { status: "planning" }
  /** Refused by the checks before anything was sent. */
  | { status: "refused"; message: string }
  /** The split and the steps, shown before anything is sent. */
  | { status: "planned"; plan: PaymentPlan }
  | { status: "sending"; plan: PaymentPlan; progress: StepProgress[] }
  | { status: "paid"; receipt: PaymentReceipt; progress: StepProgress[] }
  /** Failed once the wallet was asked: rejected there, refused by the contract's simulation, or otherwise. */
  | { status: "failed"; plan: PaymentPlan; progress: StepProgress[]; rejected: boolean; message: string };

/**
 * A payment through `@coherence/protocol/actions`, the checks and transactions `ccn pay` uses: `review` plans it
 * (every refusal named, nothing sent), `pay` sends the reviewed plan (a permit and `payWithPermit`, or `approve` and
 * `pay`) and follows each step.
 *
 * @example
 * const payment = usePayment(account);
 * payment.review({ assetId: 3n, token, amount: "250" });
 * payment.state.status === "planned" && payment.pay();
 */
export function usePayment(payer: Address | undefined) {
  const config = useConfig();
  const queryClient = useQueryClient();
  const [state, setState] = useState<PaymentState>({ status: "idle" });
  const busy = useRef(false);

  const publicClient = useCallback(() => actionPublicClient(config), [config]);

  const review = useCallback(
    async (input: PaymentInput): Promise<void> => {
      if (busy.current || payer === undefined || deployment === undefined) return;
      busy.current = true;
      setState({ status: "planning" });
      try {
        const plan = await planPayment({
          publicClient: publicClient(),
          deployment,
          payer,
          assetId: input.assetId,
          token: input.token,
          amount: input.amount.trim(),
        });
        setState({ status: "planned", plan });
      } catch (error) {
        // The checks' refusals (a zero amount, too many decimals, an unknown asset...) say what to change.
        setState({ status: "refused", message: errorText(error) });
      } finally {
        busy.current = false;
      }
    },
    [payer, publicClient],
  );

  const pay = useCallback(
    async (plan: PaymentPlan): Promise<void> => {
      if (busy.current || deployment === undefined) return;
      busy.current = true;
      let progress = initialProgress(plan.steps);
      setState({ status: "sending", plan, progress });
      try {
        const walletClient = await actionWalletClient(config);
        const observed = observeClients({ publicClient: publicClient(), walletClient }, (event) => {
          progress = advance(progress, event);
          setState({ status: "sending", plan, progress });
        });
        const receipt = await sendPayment(plan, { ...observed, deployment });
        setState({ status: "paid", receipt, progress });
      } catch (error) {
        progress = advance(progress, { type: "failed" });
        setState({ status: "failed", plan, progress, rejected: isRejection(error), message: errorText(error) });
      } finally {
        busy.current = false;
        // Balances, allowances and the asset's revenue are what the chain says now.
        await queryClient.invalidateQueries();
      }
    },
    [config, publicClient, queryClient],
  );

  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, review, pay, reset };
}
