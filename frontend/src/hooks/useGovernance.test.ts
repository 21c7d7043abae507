import { describe, expect, test } from "vitest";

import { GOVERNANCE_CALLS_QUERY, GOVERNANCE_QUERY } from "../lib/queries.ts";
import { standInIndexer } from "../test/standInIndexer.ts";
import { fetchGovernance } from "./useGovernance.ts";

const ZERO = `0x${"0".repeat(64)}`;
const GOVERNOR = "0x8626f6940e2eb28930efb4cef49b2d1f2c9c1199";
const GUARDIAN = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const id = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

const operation = (n: number, status: string, callCount = 1) => ({
  id: id(n),
  status,
  callCount,
  predecessor: ZERO,
  salt: ZERO,
  delay: "7200",
  readyAt: String(10_000 + n),
  scheduledBy: GOVERNOR,
  scheduledAt: String(2_800 + n),
  scheduledTx: id(100 + n),
  executedBy: status === "executed" ? GUARDIAN : null,
  executedAt: status === "executed" ? "20000" : null,
  executedTx: status === "executed" ? id(200 + n) : null,
  cancelledBy: status === "cancelled" ? GUARDIAN : null,
  cancelledAt: status === "cancelled" ? "3000" : null,
  cancelledTx: status === "cancelled" ? id(300 + n) : null,
});

const call = (n: number, index: number, functionName: string) => ({
  governanceOperationId: id(n),
  index,
  target: "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0",
  targetName: "PayoutDistributor",
  value: "0",
  data: "0x3f4ba83a",
  functionName,
  signature: `${functionName}()`,
  argNames: [],
  argTypes: [],
  argValues: [],
});

describe("fetchGovernance", () => {
  test("the operations, then their calls over every page, each in its operation in index order; roles by contract", async () => {
    const { asked, send } = standInIndexer([
      {
        waiting: { totalCount: 1, items: [operation(1, "scheduled", 2)] },
        done: { totalCount: 2, items: [operation(2, "executed"), operation(3, "cancelled")] },
        networkTotal: { governanceDelay: "7200" },
        roleMembers: {
          items: [
            { contract: "CoherenceTimelock", roleName: "PROPOSER_ROLE", account: GOVERNOR },
            { contract: "CoherenceTimelock", roleName: "CANCELLER_ROLE", account: GUARDIAN },
            { contract: "CoherenceTimelock", roleName: "EXECUTOR_ROLE", account: `0x${"0".repeat(40)}` },
            { contract: "PayoutDistributor", roleName: "GUARDIAN_ROLE", account: GUARDIAN },
            { contract: "ForgeLinkRegistry", roleName: "LINKER_ROLE", account: GOVERNOR },
            // A role of the same name on another contract is not a governance role.
            { contract: "RevenueRouter", roleName: "PROPOSER_ROLE", account: GUARDIAN },
          ],
        },
      },
      {
        governanceCalls: {
          pageInfo: { hasNextPage: true, endCursor: "calls-2" },
          items: [call(1, 1, "setReserve"), call(2, 0, "unpause")],
        },
      },
      {
        governanceCalls: {
          pageInfo: { hasNextPage: false, endCursor: "calls-3" },
          items: [call(1, 0, "setTokenAllowed"), call(3, 0, "setThreshold")],
        },
      },
    ]);
    const governance = await fetchGovernance(send);
    expect(asked.map((a) => a.query)).toEqual([GOVERNANCE_QUERY, GOVERNANCE_CALLS_QUERY, GOVERNANCE_CALLS_QUERY]);
    expect(asked[1]!.variables).toEqual({ ids: [id(1), id(2), id(3)], after: undefined });
    expect(asked[2]!.variables).toEqual({ ids: [id(1), id(2), id(3)], after: "calls-2" });
    expect(governance.waiting.map((o) => o.calls.map((c) => c.functionName))).toEqual([
      ["setTokenAllowed", "setReserve"],
    ]);
    expect(governance.done.map((o) => [o.status, o.calls.map((c) => c.functionName)])).toEqual([
      ["executed", ["unpause"]],
      ["cancelled", ["setThreshold"]],
    ]);
    expect(governance.waiting[0]!.readyAt).toBe(10_001n);
    expect([governance.waitingCount, governance.doneCount, governance.delay]).toEqual([1, 2, 7200n]);
    expect(governance.roles).toEqual({
      governors: [GOVERNOR],
      cancellers: [GUARDIAN],
      executors: [`0x${"0".repeat(40)}`],
      guardians: [GUARDIAN],
      linkers: [GOVERNOR],
    });
  });

  test("no operation: one request, no delay before the indexer has seen the timelock", async () => {
    const { asked, send } = standInIndexer([
      {
        waiting: { totalCount: 0, items: [] },
        done: { totalCount: 0, items: [] },
        networkTotal: null,
        roleMembers: { items: [] },
      },
    ]);
    const governance = await fetchGovernance(send);
    expect(asked).toHaveLength(1);
    expect([governance.waiting, governance.done, governance.delay]).toEqual([[], [], undefined]);
  });
});
