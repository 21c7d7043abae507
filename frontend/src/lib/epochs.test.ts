import { describe, expect, test } from "vitest";

import { parseEpoch } from "./epochs.ts";

const HASH = `0x${"ab".repeat(32)}`;
const row = (extra: Record<string, unknown>) => ({
  id: "3",
  status: "proposed",
  proposalHash: HASH,
  fromBlock: "10",
  toBlock: "20",
  payoutRoot: HASH,
  scoresRoot: HASH,
  manifestHash: HASH,
  tokens: ["0x0165878a594ca255338adfa4d48449f69242eb8f"],
  totals: ["1000"],
  signers: [],
  challengeDeadline: "5000",
  proposedAt: "1400",
  proposedTx: HASH,
  finalisedAt: null,
  finalisedTx: null,
  vetoedAt: null,
  vetoReason: null,
  expiredAt: null,
  expiredTx: null,
  ...extra,
});

describe("epochs as the indexer has them", () => {
  test("an expired epoch keeps its status and when and by which transaction it was cleared", () => {
    const epoch = parseEpoch(row({ status: "expired", expiredAt: "8601", expiredTx: HASH }));
    expect(epoch.status).toBe("expired");
    expect(epoch.expiredAt).toBe(8601n);
    expect(epoch.expiredTx).toBe(HASH);
    expect(epoch.finalisedAt).toBeNull();
  });

  test("a pending one has no expiry", () => {
    const epoch = parseEpoch(row({}));
    expect([epoch.number, epoch.status, epoch.expiredAt, epoch.expiredTx]).toEqual([3n, "proposed", null, null]);
    expect(epoch.totals).toEqual([1000n]);
  });
});
