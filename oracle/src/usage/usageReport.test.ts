import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Hex, type RecordOfRun, recordLeafHash } from "@coherence/protocol";
import { keccak256, stringToHex } from "viem";

import { type UsageEvents, usageReport } from "./usageReport.ts";

const runner = "0x71bE63f3384f5fb98995898A86B02Fb2426c5788";
const other = "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a";
const payers = ["0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec", "0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097"] as const;
const dUSD = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const dETH = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

const record = (assetId: bigint, payer: number, nonce: bigint, price: bigint, by: Hex = runner): RecordOfRun => ({
  assetId,
  bundleHash: keccak256(stringToHex(`bundle ${assetId}`)),
  inputHash: keccak256(stringToHex(`input ${nonce}`)),
  outputHash: keccak256(stringToHex(`output ${nonce}`)),
  runner: by,
  payer: payers[payer]!,
  units: 1n,
  price,
  nonce,
  time: 1_800_000_000n,
});

const period4 = [record(1n, 0, 1n, 0n), record(1n, 0, 2n, 0n), record(1n, 0, 3n, 10n), record(2n, 1, 1n, 0n)];
const events: UsageEvents = {
  anchors: [
    { runner, period: 4n, uri: "https://r.example/v1/records/a.json", records: period4 },
    { runner: other, period: 4n, uri: "https://o.example/b.json", records: [record(1n, 1, 1n, 10n, other)] },
    { runner, period: 5n, uri: "https://r.example/v1/records/c.json", unreadable: "RecordsUnreachableError: gone" },
  ],
  redemptions: [
    { assetId: 1n, token: dUSD, period: 4n, toAsset: 10n, toRunner: 1n },
    { assetId: 1n, token: dUSD, period: 4n, toAsset: 10n, toRunner: 1n },
    { assetId: 1n, token: dETH, period: 4n, toAsset: 2n ** 200n, toRunner: 3n },
    { assetId: 2n, token: dUSD, period: 5n, toAsset: 7n, toRunner: 0n },
  ],
  disputes: [
    { disputeId: 1n, runner, period: 4n, recordLeaf: recordLeafHash(period4[2]!) },
    { disputeId: 2n, runner, period: 4n, recordLeaf: recordLeafHash(period4[3]!) },
    { disputeId: 3n, runner: other, period: 4n, recordLeaf: recordLeafHash(record(1n, 1, 1n, 10n, other)) },
  ],
  resolutions: [
    { disputeId: 1n, upheld: true },
    { disputeId: 3n, upheld: false },
  ],
};

describe("the usage report", () => {
  test("counts runs, free runs, payers, units and anchors from the records; revenue per token from redemptions; disputes by the disputed record's asset", () => {
    const { periods, unreadableAnchors } = usageReport(events);
    assert.deepEqual(
      periods.map((p) => [p.assetId, p.period]),
      [
        [1n, 4n],
        [2n, 4n],
        [2n, 5n],
      ],
    );
    const [one, two, twoLater] = periods;
    assert.deepEqual(
      { runs: one!.runs, free: one!.freeRuns, payers: one!.payers, units: one!.units, redemptions: one!.redemptions },
      { runs: 4, free: 2, payers: 2, units: 4n, redemptions: 3 },
    );
    assert.deepEqual(one!.revenue, [
      { token: dUSD, toAsset: 20n, toRunner: 2n },
      { token: dETH, toAsset: 2n ** 200n, toRunner: 3n },
    ]);
    assert.deepEqual(
      one!.anchors.map((a) => [a.runner, a.records]),
      [
        [runner, 3],
        [other, 1],
      ],
    );
    assert.deepEqual(one!.disputes, { opened: 2, open: 0, upheld: 1, rejected: 1 });
    assert.deepEqual(two!.disputes, { opened: 1, open: 1, upheld: 0, rejected: 0 });
    assert.equal(two!.freeRuns, 1);
    assert.deepEqual(two!.revenue, []);
    // Paid in a period whose records file could not be read: revenue shows, runs do not.
    assert.deepEqual([twoLater!.runs, twoLater!.revenue], [0, [{ token: dUSD, toAsset: 7n, toRunner: 0n }]]);
    assert.deepEqual(unreadableAnchors, [
      { runner, period: 5n, uri: "https://r.example/v1/records/c.json", problem: "RecordsUnreachableError: gone" },
    ]);
  });

  test("--asset keeps that asset's periods alone; the same events give the same report", () => {
    const { periods } = usageReport(events, 2n);
    assert.deepEqual(
      periods.map((p) => [p.assetId, p.period, p.runs]),
      [
        [2n, 4n, 1],
        [2n, 5n, 0],
      ],
    );
    assert.deepEqual(usageReport(events), usageReport(structuredClone(events)));
    assert.deepEqual(usageReport({ anchors: [], redemptions: [], disputes: [], resolutions: [] }).periods, []);
  });
});
