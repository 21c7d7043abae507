import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keccak256, recoverTypedDataAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { heldContributionsHash, intakeApprovalTypedData } from "./typedData.ts";

const A = keccak256("0x01");
const B = keccak256("0x02");

describe("an intake approval", () => {
  test("binds one set of held contributions whatever order they are listed in", () => {
    assert.equal(heldContributionsHash([A, B]), heldContributionsHash([B, `0x${A.slice(2).toUpperCase()}`]));
    assert.notEqual(heldContributionsHash([A, B]), heldContributionsHash([A]), "a subset is another approval");
  });

  test("is signed in the intake's domain on the deployment's chain and recovers to its signer", async () => {
    const owner = privateKeyToAccount(`0x${"11".repeat(32)}`);
    const approval = {
      forge: "github",
      repository: "github.com/octo-org/lib",
      number: 7n,
      heldHash: heldContributionsHash([A]),
      deadline: 1_700_000_000n,
    };
    const typed = intakeApprovalTypedData(31337, approval);
    assert.deepEqual(typed.domain, { name: "CoherenceIntake", version: "1", chainId: 31337 });
    const signature = await owner.signTypedData(typed);
    assert.equal(await recoverTypedDataAddress({ ...typed, signature }), owner.address);
    const other = intakeApprovalTypedData(1, approval);
    assert.notEqual(await recoverTypedDataAddress({ ...other, signature }), owner.address, "another chain's is void");
  });
});
