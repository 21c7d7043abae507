import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { Permission, Review } from "../forge/forge.ts";
import { approvalRefusal, isBot, plausibilityRefusal } from "./gates.ts";

const review = (login: string, state: string): Review => ({ login, accountId: "1", state });
const permissions: Record<string, Permission> = { maintainer: "write", owner: "admin", fan: "read", ada: "write" };
const permissionOf = async (login: string) => permissions[login] ?? "none";

describe("the approval gate", () => {
  test("passes with an approval by someone else with write access", async () => {
    assert.equal(await approvalRefusal([review("maintainer", "APPROVED")], ["ada"], permissionOf), undefined);
    assert.equal(await approvalRefusal([review("owner", "APPROVED")], ["ada"], permissionOf), undefined);
  });

  test("refuses a pull request approved only by its author or a co-author, even one with write access", async () => {
    const refusal = await approvalRefusal(
      [review("ada", "APPROVED"), review("Grace", "APPROVED")],
      ["ada", "grace"],
      permissionOf,
    );
    assert.equal(refusal?.code, "self-approved");
  });

  test("refuses an approval by someone without write access, and names them", async () => {
    const refusal = await approvalRefusal([review("fan", "APPROVED")], ["ada"], permissionOf);
    assert.equal(refusal?.code, "approved-without-write-access");
    assert.match(refusal!.reason, /fan/);
  });

  test("counts each reviewer's latest verdict: changes requested after an approval withdraw it, a comment does not", async () => {
    const withdrawn = [review("maintainer", "APPROVED"), review("maintainer", "CHANGES_REQUESTED")];
    assert.equal((await approvalRefusal(withdrawn, ["ada"], permissionOf))?.code, "not-approved");
    const commented = [review("maintainer", "APPROVED"), review("maintainer", "COMMENTED")];
    assert.equal(await approvalRefusal(commented, ["ada"], permissionOf), undefined);
  });
});

test("bots are told by their type or their [bot] login", () => {
  assert.equal(isBot({ login: "dependabot[bot]", type: "Bot" }), true);
  assert.equal(isBot({ login: "renovate[bot]" }), true);
  assert.equal(isBot({ login: "ada", type: "User" }), false);
});

test("a claim above the bound per changed line is held, at the bound it passes, integer arithmetic", () => {
  assert.equal(plausibilityRefusal(100n, 10, 10n), undefined);
  assert.equal(plausibilityRefusal(101n, 10, 10n)?.code, "held-for-approval");
  assert.equal(plausibilityRefusal(1n, 0, 10n)?.code, "held-for-approval", "no changed line justifies any cost");
});
