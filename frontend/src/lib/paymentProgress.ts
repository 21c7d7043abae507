/**
 * Where each step of a payment is while `sendPayment` (`@coherence/protocol/actions`) sends it: the permit to sign
 * or the approval, then the payment. The action itself says nothing until it returns, so the page follows what it
 * asks of the wallet and the chain (see `observeClients`): a signature asked for, a transaction sent, a receipt
 * waited for. This module turns those events into one status per step.
 */
import type { PaymentStep } from "@coherence/protocol/actions";
import type { Hex } from "viem";

/** A step as the page lists it: a permit is signed before `payWithPermit` is sent. */
export type ProgressStep = PaymentStep | "permit";

export type StepStatus = "waiting" | "awaiting-signature" | "pending" | "done" | "failed";

export type StepProgress = { step: ProgressStep; status: StepStatus; hash?: Hex };

/** What the payment asked of the wallet or the chain, in order. */
export type PaymentEvent =
  | { type: "signing" }
  | { type: "signed" }
  | { type: "writing" }
  | { type: "sent"; hash: Hex }
  | { type: "mined"; hash: Hex }
  | { type: "failed" };

/** Every step of a plan, none started. */
export function initialProgress(steps: readonly PaymentStep[]): StepProgress[] {
  return steps.flatMap((step): StepProgress[] =>
    step === "payWithPermit"
      ? [
          { step: "permit", status: "waiting" },
          { step, status: "waiting" },
        ]
      : [{ step, status: "waiting" }],
  );
}

const update = (progress: readonly StepProgress[], index: number, change: Partial<StepProgress>) =>
  index < 0 ? [...progress] : progress.map((p, i) => (i === index ? { ...p, ...change } : p));

/**
 * The progress after `event`.
 *
 * @example
 * advance(initialProgress(["approve", "pay"]), { type: "writing" })[0].status // "awaiting-signature"
 */
export function advance(progress: readonly StepProgress[], event: PaymentEvent): StepProgress[] {
  const firstWaitingTransaction = progress.findIndex((p) => p.step !== "permit" && p.status === "waiting");
  switch (event.type) {
    case "signing":
      return update(
        progress,
        progress.findIndex((p) => p.step === "permit"),
        { status: "awaiting-signature" },
      );
    case "signed":
      return update(
        progress,
        progress.findIndex((p) => p.step === "permit"),
        { status: "done" },
      );
    case "writing":
      return update(progress, firstWaitingTransaction, { status: "awaiting-signature" });
    case "sent":
      return update(
        progress,
        progress.findIndex((p) => p.step !== "permit" && p.status === "awaiting-signature"),
        { status: "pending", hash: event.hash },
      );
    case "mined":
      return update(
        progress,
        progress.findIndex((p) => p.hash === event.hash),
        { status: "done" },
      );
    case "failed":
      // The step under way failed; nothing after it started.
      return update(
        progress,
        progress.findIndex((p) => p.status !== "done"),
        { status: "failed" },
      );
  }
}

/** What a step is, for the list of steps. */
export function stepWords(step: ProgressStep, symbol: string): string {
  switch (step) {
    case "permit":
      return `Sign a permit for the router to take the ${symbol} (a signature, not a transaction)`;
    case "payWithPermit":
      return "Pay with the permit (payWithPermit, one transaction)";
    case "approve":
      return `Approve the router to take the ${symbol} (approve)`;
    case "pay":
      return "Pay (pay)";
  }
}
