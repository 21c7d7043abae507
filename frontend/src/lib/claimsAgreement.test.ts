import { describe, expect, test } from "vitest";

import { claimsAgreement } from "./claimsAgreement.ts";

const ROOT = `0x${"ab".repeat(32)}` as const;
const OTHER = `0x${"cd".repeat(32)}` as const;

describe("claimsAgreement", () => {
  test("agrees when the indexer serves the chain's finalised epoch and root, in any case", () => {
    expect(claimsAgreement({ finalisedEpoch: 2n, finalisedRoot: ROOT }, { epoch: 2n, root: ROOT })).toEqual({
      kind: "agrees",
    });
    expect(
      claimsAgreement({ finalisedEpoch: 2n, finalisedRoot: ROOT }, { epoch: 2n, root: ROOT.toUpperCase() as never }),
    ).toEqual({ kind: "agrees" });
  });

  test("is behind when the chain finalised an epoch the indexer has not reached, with or without any epoch", () => {
    expect(claimsAgreement({ finalisedEpoch: 3n, finalisedRoot: ROOT }, { epoch: 2n, root: OTHER })).toEqual({
      kind: "behind",
      chainEpoch: 3n,
      indexedEpoch: 2n,
    });
    expect(claimsAgreement({ finalisedEpoch: 1n, finalisedRoot: ROOT }, { epoch: 0n, root: undefined }).kind).toBe(
      "behind",
    );
  });

  test("is behind when both name the same epoch with different roots; an account without leaves has no root to compare", () => {
    expect(claimsAgreement({ finalisedEpoch: 2n, finalisedRoot: ROOT }, { epoch: 2n, root: OTHER }).kind).toBe(
      "behind",
    );
    expect(claimsAgreement({ finalisedEpoch: 2n, finalisedRoot: ROOT }, { epoch: 2n, root: undefined }).kind).toBe(
      "agrees",
    );
  });

  test("before any finalisation both have nothing, and agree", () => {
    expect(
      claimsAgreement({ finalisedEpoch: 0n, finalisedRoot: `0x${"00".repeat(32)}` }, { epoch: 0n, root: undefined })
        .kind,
    ).toBe("agrees");
  });
});
