import { describe, expect, test } from "vitest";

import { advance, initialProgress, type PaymentEvent, type StepProgress } from "./paymentProgress.ts";

const HASH_A = `0x${"a".repeat(64)}` as const;
const HASH_B = `0x${"b".repeat(64)}` as const;

const run = (progress: StepProgress[], events: PaymentEvent[]) => events.reduce(advance, progress);
const statuses = (progress: readonly StepProgress[]) => progress.map((p) => `${p.step}:${p.status}`);

describe("payment progress", () => {
  test("a permit payment is a signature, then one transaction, each followed to the end", () => {
    const start = initialProgress(["payWithPermit"]);
    expect(statuses(start)).toEqual(["permit:waiting", "payWithPermit:waiting"]);
    expect(statuses(advance(start, { type: "signing" }))).toEqual([
      "permit:awaiting-signature",
      "payWithPermit:waiting",
    ]);
    const sent = run(start, [
      { type: "signing" },
      { type: "signed" },
      { type: "writing" },
      { type: "sent", hash: HASH_A },
    ]);
    expect(sent).toEqual([
      { step: "permit", status: "done" },
      { step: "payWithPermit", status: "pending", hash: HASH_A },
    ]);
    expect(statuses(advance(sent, { type: "mined", hash: HASH_A }))).toEqual(["permit:done", "payWithPermit:done"]);
  });

  test("approve then pay: the approval is mined before the payment is asked for, each with its own hash", () => {
    const approved = run(initialProgress(["approve", "pay"]), [
      { type: "writing" },
      { type: "sent", hash: HASH_A },
      { type: "mined", hash: HASH_A },
    ]);
    expect(statuses(approved)).toEqual(["approve:done", "pay:waiting"]);
    const paid = run(approved, [{ type: "writing" }, { type: "sent", hash: HASH_B }, { type: "mined", hash: HASH_B }]);
    expect(paid.map((p) => p.hash)).toEqual([HASH_A, HASH_B]);
    expect(statuses(paid)).toEqual(["approve:done", "pay:done"]);
  });

  test("a failure marks the step under way, not the one done before it nor the one not reached", () => {
    const rejectedPermit = run(initialProgress(["payWithPermit"]), [{ type: "signing" }, { type: "failed" }]);
    expect(statuses(rejectedPermit)).toEqual(["permit:failed", "payWithPermit:waiting"]);
    const refusedPay = run(initialProgress(["approve", "pay"]), [
      { type: "writing" },
      { type: "sent", hash: HASH_A },
      { type: "mined", hash: HASH_A },
      { type: "failed" },
    ]);
    expect(statuses(refusedPay)).toEqual(["approve:done", "pay:failed"]);
  });

  test("a receipt waited for that is none of the steps' changes nothing", () => {
    const start = initialProgress(["pay"]);
    expect(advance(start, { type: "mined", hash: HASH_B })).toEqual(start);
  });
});
