import { describe, expect, test } from "vitest";

import { DISPUTER, HASH, rawDispute, rawEpoch } from "../test/indexerRows.ts";
import { disputeOutcome, latestDispute, parseDispute, parseEpoch } from "./epochs.ts";

describe("epochs as the indexer has them", () => {
  test("an expired epoch keeps its status and when and by which transaction it was cleared", () => {
    const epoch = parseEpoch(rawEpoch({ status: "expired", expiredAt: "8601", expiredTx: HASH }));
    expect(epoch.status).toBe("expired");
    expect(epoch.expiredAt).toBe(8601n);
    expect(epoch.expiredTx).toBe(HASH);
    expect(epoch.finalisedAt).toBeNull();
  });

  test("a revoked epoch keeps when it was finalised, when governance revoked it, why and which epoch it restored", () => {
    const epoch = parseEpoch(
      rawEpoch({
        status: "revoked",
        finalisedAt: "6000",
        revokedAt: "9000",
        revokedTx: HASH,
        revokeReason: "paid a stolen key",
        restoredEpoch: "2",
      }),
    );
    expect([epoch.status, epoch.finalisedAt, epoch.revokedAt, epoch.restoredEpoch]).toEqual([
      "revoked",
      6000n,
      9000n,
      2n,
    ]);
    expect([epoch.revokedTx, epoch.revokeReason]).toEqual([HASH, "paid a stolen key"]);
    expect(parseEpoch(rawEpoch({})).revokedAt).toBeNull();
  });

  test("a pending one has no expiry", () => {
    const epoch = parseEpoch(rawEpoch({}));
    expect([epoch.number, epoch.status, epoch.expiredAt, epoch.expiredTx]).toEqual([3n, "proposed", null, null]);
    expect(epoch.totals).toEqual([1000n]);
  });

  test("a disputed epoch keeps its dispute count and the latest dispute's status", () => {
    const epoch = parseEpoch(rawEpoch({ disputeCount: 2, disputeStatus: "open" }));
    expect([epoch.disputeCount, epoch.disputeStatus]).toEqual([2, "open"]);
    expect(parseEpoch(rawEpoch({})).disputeStatus).toBeNull();
  });
});

describe("disputes as the indexer has them", () => {
  test("an upheld dispute: who disputed, the bond, the reason, who resolved it and the reward", () => {
    const d = parseDispute(
      rawDispute("4", 1, {
        status: "upheld",
        resolvedBy: DISPUTER,
        reward: "25000000",
        resolutionReason: "confirmed",
        resolvedAt: "1600",
        resolvedTx: HASH,
      }),
    );
    expect(d).toMatchObject({ id: "4-1", epoch: 4n, status: "upheld", bond: 100_000_000n, reward: 25_000_000n });
    expect([d.reason, d.resolutionReason, d.resolvedAt]).toEqual(["epoch 4 is wrong", "confirmed", 1600n]);
  });

  test("an open one has no resolution", () => {
    const d = parseDispute(rawDispute("3", 1));
    expect([d.resolvedBy, d.reward, d.resolutionReason, d.resolvedAt, d.resolvedTx]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  test("an epoch's latest dispute is its last posted; other epochs' do not count", () => {
    const disputes = [rawDispute("2", 1), rawDispute("2", 2), rawDispute("3", 1)].map(parseDispute);
    expect(latestDispute(2n, disputes)?.id).toBe("2-2");
    expect(latestDispute(2n, [...disputes].reverse())?.id).toBe("2-2");
    expect(latestDispute(5n, disputes)).toBeUndefined();
  });

  test("each outcome in plain words", () => {
    expect(disputeOutcome({ status: "open" })).toMatch(/neither finalised nor cleared/);
    expect(disputeOutcome({ status: "upheld" })).toMatch(/vetoed.*bond back and the reward/);
    expect(disputeOutcome({ status: "rejected" })).toMatch(/bond went to the treasury/);
  });
});
