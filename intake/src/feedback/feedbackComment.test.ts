import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { Contribution, DueFeedback, RecordedRefusal } from "../store/intakeStore.ts";
import { feedbackComment, feedbackMarker, usd } from "./feedbackComment.ts";

const target: DueFeedback["target"] = {
  forge: "github",
  repository: "github.com/octo-org/lib",
  number: 12,
  scope: 99,
  owner: "octo-org",
  name: "lib",
};
const BASE = "1".repeat(40);
const MERGE = "2".repeat(40);
const TX = `0x${"ab".repeat(32)}` as const;

const contribution = (login: string, overrides: Partial<Contribution> = {}): Contribution => ({
  id: `0x${login.length.toString(16).padStart(64, "0")}`,
  deliveryId: "d-12",
  repository: target.repository,
  pullRequest: 12,
  login,
  assetId: 1n,
  contributor: "0x00000000000000000000000000000000000000a1",
  laborMicroUsd: 120_000_000n,
  toolsMicroUsd: 3_456_789n,
  computeMicroUsd: 0n,
  evidenceUri: `https://github.com/octo-org/lib.git#${BASE}..${MERGE};cost=0x${"cd".repeat(32)}`,
  evidenceHash: `0x${"ee".repeat(32)}`,
  mergedAt: 1,
  state: "attested",
  heldReason: undefined,
  transactionHash: TX,
  ...overrides,
});

let seq = 0;
const refusal = (r: Omit<RecordedRefusal, "seq" | "at" | "deliveryId">): RecordedRefusal => ({
  ...r,
  deliveryId: "d-12",
  seq: ++seq,
  at: 1,
});

describe("the comment on a decided change request", () => {
  test("dollars are whole cents rounded down, with thousands separated", () => {
    assert.equal(usd(0n), "$0.00");
    assert.equal(usd(9_999n), "$0.00", "less than a cent is not rounded up");
    assert.equal(usd(123_456_789_999n), "$123,456.78");
  });

  test("starts with the hidden marker of its delivery, so a lost post is found again", () => {
    const body = feedbackComment({ target, deliveryId: "d-12", contributions: [contribution("ada")], refusals: [] });
    assert.equal(body.split("\n")[0], "<!-- coherence-intake:d-12 -->");
    assert.ok(body.startsWith(feedbackMarker("d-12")));
  });

  test("an attested contribution names its cost from the report, its evidence range and its transaction", () => {
    const body = feedbackComment({ target, deliveryId: "d-12", contributions: [contribution("ada")], refusals: [] });
    assert.match(body, /github\.com\/octo-org\/lib#12/);
    assert.match(body, /- @ada: attested \$123\.45 \(labour \$120\.00, tools \$3\.45, compute \$0\.00\)/);
    assert.ok(body.includes(`\`${BASE}..${MERGE}\``), "the range, without the clone URL or the report hash");
    assert.ok(!body.includes(";cost="));
    assert.ok(body.includes(`in transaction \`${TX}\``));
  });

  test("each refusal says its reason and code, by contributor or for the whole pull request, quoted not mentioned", () => {
    const body = feedbackComment({
      target,
      deliveryId: "d-12",
      contributions: [],
      refusals: [
        refusal({ stage: "link", code: "unlinked", subject: "grace", reason: "grace has not linked an address" }),
        refusal({
          stage: "gate",
          code: "self-approved",
          subject: `${target.repository}#12`,
          reason: "approved only by its own author",
        }),
      ],
    });
    assert.match(body, /- `grace`: not attested: grace has not linked an address \(`unlinked`\)/);
    assert.match(body, /- the pull request: not attested: approved only by its own author \(`self-approved`\)/);
    assert.ok(!body.includes("@grace"), "a refused account is not pinged");
  });

  test("held work says it waits for /ccn approve and why, once; the ledger's refusal of a contribution says its reason", () => {
    const struck = contribution("linus", { state: "refused", transactionHash: undefined });
    const held = contribution("ada", {
      state: "held",
      transactionHash: undefined,
      heldReason: "claims too much a line",
    });
    const body = feedbackComment({
      target: { ...target, forge: "gitlab", repository: "gitlab.com/octo-org/lib" },
      deliveryId: "d-12",
      contributions: [held, struck],
      refusals: [
        refusal({
          stage: "gate",
          code: "held-for-approval",
          subject: `${target.repository}#12`,
          reason: "claims too much a line",
        }),
        refusal({ stage: "relay", code: "struck", subject: struck.id, reason: "struck by governance" }),
      ],
    });
    assert.match(body, /decided gitlab\.com\/octo-org\/lib!12:/, "a merge request as GitLab names it");
    assert.match(body, /- @ada: held \$123\.45 .* until a maintainer comments `\/ccn approve`: claims too much a line/);
    assert.equal(body.split("claims too much a line").length - 1, 1, "the hold is told beside the work, not twice");
    assert.match(body, /- @linus: not attested .*: struck by governance \(`struck`\)/);
    assert.equal(body.split("struck by governance").length - 1, 1);
  });

  test("a contribution still on its way to the chain is a bug in the caller, not a comment", () => {
    assert.throws(
      () =>
        feedbackComment({
          target,
          deliveryId: "d-12",
          contributions: [contribution("ada", { state: "sent" })],
          refusals: [],
        }),
      /still sent/,
    );
  });
});
