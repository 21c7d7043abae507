import { keccak256, stringToHex } from "viem";
import { describe, expect, test } from "vitest";

import {
  describeCall,
  type GovernanceCall,
  operationState,
  parseCall,
  parseOperation,
  roleWords,
} from "./governance.ts";

const DISTRIBUTOR = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
const TOKEN = "0x0165878a594ca255338adfa4d48449f69242eb8f";
const ACCOUNT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const OPERATION = `0x${"12".repeat(32)}`;

/** A call as the indexer answers it, decoded. */
function raw(functionName: string | null, args: [name: string, type: string, value: string][], extra = {}) {
  return {
    governanceOperationId: OPERATION,
    index: 0,
    target: DISTRIBUTOR,
    targetName: "PayoutDistributor",
    value: "0",
    data: "0x3f4ba83a",
    functionName,
    signature: functionName === null ? null : `${functionName}(${args.map((a) => a[1]).join(",")})`,
    argNames: args.map((a) => a[0]),
    argTypes: args.map((a) => a[1]),
    argValues: args.map((a) => a[2]),
    ...extra,
  };
}
const call = (...parts: Parameters<typeof raw>): GovernanceCall => parseCall(raw(...parts));

describe("what a governed call does, in plain words", () => {
  test("distributor parameters, the allowlist and pausing", () => {
    expect(describeCall(call("setChallengePeriod", [["challengePeriod", "uint32", "7200"]]))).toBe(
      "Set the challenge period to 7,200 s on PayoutDistributor",
    );
    expect(describeCall(call("setThreshold", [["threshold", "uint8", "4"]]))).toBe(
      "Require 4 oracle signatures per epoch proposal on PayoutDistributor",
    );
    expect(
      describeCall(
        call("setOracle", [
          ["oracle", "address", ACCOUNT],
          ["enabled", "bool", "false"],
        ]),
      ),
    ).toBe("Remove oracle 0x7099…79c8 on PayoutDistributor");
    const allow = call("setTokenAllowed", [
      ["token", "address", TOKEN],
      ["allowed", "bool", "true"],
    ]);
    expect(describeCall(allow, { tokenSymbol: (t) => (t === TOKEN ? "dEUR" : undefined) })).toBe(
      "Allow dEUR (0x0165…eb8f) to be paid in and funded on PayoutDistributor",
    );
    expect(
      describeCall(
        call("setTokenAllowed", [
          ["token", "address", TOKEN],
          ["allowed", "bool", "false"],
        ]),
      ),
    ).toBe("Remove token 0x0165…eb8f from the token allowlist on PayoutDistributor");
    expect(describeCall(call("unpause", []))).toBe("Resume claims on PayoutDistributor");
  });

  test("the router's split and recipients, roles, admin rules and the timelock's delay", () => {
    const router = { targetName: "RevenueRouter" };
    expect(
      describeCall(
        call(
          "setSplit",
          [
            ["feeBps_", "uint16", "300"],
            ["poolBps_", "uint16", "6000"],
          ],
          router,
        ),
      ),
    ).toBe("Set the fee to 3.00% and the contributor pool to 60.00% of revenue on RevenueRouter");
    expect(describeCall(call("setTreasury", [["treasury_", "address", ACCOUNT]], router))).toBe(
      "Set the treasury to 0x7099…79c8 on RevenueRouter",
    );
    const guardian = keccak256(stringToHex("GUARDIAN_ROLE"));
    expect(
      describeCall(
        call("grantRole", [
          ["role", "bytes32", guardian],
          ["account", "address", ACCOUNT],
        ]),
      ),
    ).toBe("Grant the guardian role to 0x7099…79c8 on PayoutDistributor");
    const canceller = keccak256(stringToHex("CANCELLER_ROLE"));
    const timelock = { targetName: "CoherenceTimelock" };
    expect(
      describeCall(
        call(
          "revokeRole",
          [
            ["role", "bytes32", canceller],
            ["account", "address", ACCOUNT],
          ],
          timelock,
        ),
      ),
    ).toBe("Revoke the canceller role from 0x7099…79c8 on CoherenceTimelock");
    expect(describeCall(call("updateDelay", [["newDelay", "uint256", "10800"]], timelock))).toBe(
      "Set the governance delay to 10,800 s on CoherenceTimelock",
    );
    expect(describeCall(call("changeDefaultAdminDelay", [["newDelay", "uint48", "600"]]))).toBe(
      "Set the admin handover delay to 600 s on PayoutDistributor",
    );
    const registry = { targetName: "AssetRegistry" };
    expect(
      describeCall(
        call(
          "grantRole",
          [
            ["role", "bytes32", keccak256(stringToHex("VERIFIER_ROLE"))],
            ["account", "address", ACCOUNT],
          ],
          registry,
        ),
      ),
    ).toBe("Grant the verifier role to 0x7099…79c8 on AssetRegistry");
    // Governance revoking an attestation strikes it for good.
    expect(
      describeCall(
        call(
          "revoke",
          [
            ["id", "bytes32", OPERATION],
            ["reason", "string", "plagiarised"],
          ],
          { targetName: "ContributionLedger" },
        ),
      ),
    ).toBe("Strike contribution 0x121212…121212 (“plagiarised”) on ContributionLedger");
    expect(roleWords(`0x${"0".repeat(64)}`)).toBe("the admin role");
    expect(roleWords(keccak256(stringToHex("INDEXER_TEST_ROLE")))).toMatch(/^role 0x[0-9a-f]{6}…[0-9a-f]{6}$/);
  });

  test("other decoded calls are named with their arguments; undecoded calldata says so, and value sent is shown", () => {
    expect(
      describeCall(
        call("fund", [
          ["token", "address", TOKEN],
          ["amount", "uint256", "5"],
        ]),
      ),
    ).toBe(`Call fund(token ${TOKEN}, amount 5) on PayoutDistributor`);
    const unknown = call(null, [], { targetName: null, target: ACCOUNT, data: "0xdeadbeef00", value: "7" });
    expect(describeCall(unknown)).toBe(
      "Call function 0xdeadbeef on 0x7099…79c8 (sending 7 wei) (calldata not decoded)",
    );
    expect(describeCall(call(null, [], { data: "0x" }))).toBe(
      "Call no function on PayoutDistributor (calldata not decoded)",
    );
  });
});

describe("where an operation stands", () => {
  const operation = (status: string, readyAt = 1000) =>
    parseOperation({
      id: OPERATION,
      status,
      callCount: 1,
      predecessor: `0x${"0".repeat(64)}`,
      salt: `0x${"0".repeat(64)}`,
      delay: "7200",
      readyAt: String(readyAt),
      scheduledBy: ACCOUNT,
      scheduledAt: String(readyAt - 7200),
      scheduledTx: OPERATION,
      executedBy: null,
      executedAt: null,
      executedTx: null,
      cancelledBy: null,
      cancelledAt: null,
      cancelledTx: null,
    });

  test("scheduled: waiting until its ready time (chain time), then ready; executed and cancelled stay so", () => {
    expect(operationState(operation("scheduled"), 999)).toBe("waiting");
    expect(operationState(operation("scheduled"), 1000)).toBe("ready");
    expect(operationState(operation("scheduled"), undefined)).toBe("waiting");
    expect(operationState(operation("executed"), 0)).toBe("executed");
    expect(operationState(operation("cancelled"), 5000)).toBe("cancelled");
    expect(operation("scheduled").readyAt).toBe(1000n);
    expect(operation("scheduled").executedAt).toBeNull();
  });
});
