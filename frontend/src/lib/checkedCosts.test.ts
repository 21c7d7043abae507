import type { CostCheck, Manifest } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import { checkedCostsOf, formatPaidSplit, formatPaidTotal } from "./checkedCosts.ts";

const ID = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;
const contribution = (n: number) => ({
  assetId: 1n,
  computeMicroUsd: 20_000_000n,
  contributor: "0x71be63f3384f5fb98995898a86b02fb2426c5788" as const,
  id: ID(n),
  laborMicroUsd: 1_000_000_000n,
  toolsMicroUsd: 0n,
});
const capped: CostCheck = {
  approval: null,
  contributionId: ID(1),
  findings: [{ effect: "line", path: "labor.lines[0].start", reason: "overlaps labor.lines[0] of …" }],
  outcome: "capped",
  paid: { computeMicroUsd: 20_000_000n, laborMicroUsd: 250_000_000n, toolsMicroUsd: 0n },
  report: ID(9),
};

/** The parts of a manifest the costs are read from. */
const manifest = (format: Manifest["format"], costs: CostCheck[]) =>
  ({
    format,
    epoch: { number: 4n },
    inputs: { contributions: [contribution(1), contribution(2)], costs },
  }) as unknown as Manifest;

describe("a contribution's cost as an epoch weighed it", () => {
  test("a v2 manifest pairs each attested cost with its check by id; a contribution without one is not guessed", () => {
    const costs = checkedCostsOf(manifest("coherence-epoch-manifest-v2", [capped]));
    expect(costs.get(ID(1))).toEqual({
      epoch: 4n,
      attested: { computeMicroUsd: 20_000_000n, laborMicroUsd: 1_000_000_000n, toolsMicroUsd: 0n },
      paid: capped.paid,
      check: capped,
    });
    expect(costs.has(ID(2))).toBe(false);
  });

  test("a v1 manifest predates cost checks: every cost paid as attested, no check", () => {
    const costs = checkedCostsOf(manifest("coherence-epoch-manifest-v1", []));
    expect(costs.get(ID(2))).toMatchObject({ check: null, paid: costs.get(ID(2))?.attested });
  });

  test("both costs are shown when the paid one differs, the paid one alone when it does not", () => {
    const cost = checkedCostsOf(manifest("coherence-epoch-manifest-v2", [capped])).get(ID(1))!;
    expect(formatPaidTotal(cost)).toBe("attested $1,020.00, paid $270.00");
    expect(formatPaidSplit(cost)).toBe("attested $1,000.00 / $0.00 / $20.00, paid $250.00 / $0.00 / $20.00");
    const asAttested = checkedCostsOf(manifest("coherence-epoch-manifest-v1", [])).get(ID(1))!;
    expect(formatPaidTotal(asAttested)).toBe("$1,020.00");
    expect(formatPaidSplit(asAttested)).toBe("$1,000.00 / $0.00 / $20.00");
  });
});
