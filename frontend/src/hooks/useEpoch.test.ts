import { describe, expect, test } from "vitest";

import { EPOCH_QUERY, EPOCHS_QUERY } from "../lib/queries.ts";
import { rawDispute, rawEpoch } from "../test/indexerRows.ts";
import { standInIndexer } from "../test/standInIndexer.ts";
import { fetchEpoch } from "./useEpoch.ts";
import { fetchEpochs } from "./useEpochs.ts";

const epoch = (id: string, disputeStatus: string | null = null) =>
  rawEpoch({
    id,
    status: disputeStatus === "upheld" ? "vetoed" : "proposed",
    disputeCount: disputeStatus === null ? 0 : 1,
    disputeStatus,
  });
const dispute = (epochId: string, status: string) => rawDispute(epochId, 1, { status });

describe("epochs with their disputes", () => {
  test("one epoch and its disputes in one request", async () => {
    const { asked, send } = standInIndexer([
      { epoch: epoch("4", "open"), disputes: { items: [dispute("4", "open")] } },
    ]);
    const row = await fetchEpoch(4n, send);
    expect(asked).toEqual([{ query: EPOCH_QUERY, variables: { id: "4" } }]);
    expect(row?.disputeStatus).toBe("open");
    expect(row?.disputes.map((d) => [d.id, d.reason, d.bond])).toEqual([["4-1", "epoch 4 is wrong", 100_000_000n]]);
  });

  test("no such epoch: null", async () => {
    const { send } = standInIndexer([{ epoch: null, disputes: { items: [] } }]);
    expect(await fetchEpoch(9n, send)).toBeNull();
  });

  test("the list: each epoch with its latest dispute from the top-level list, undisputed ones without", async () => {
    const { asked, send } = standInIndexer([
      {
        epochs: { totalCount: 3, items: [epoch("3", "upheld"), epoch("2", "rejected"), epoch("1")] },
        disputes: { items: [dispute("3", "upheld"), dispute("2", "rejected")] },
      },
    ]);
    const list = await fetchEpochs(send);
    expect(asked.map((a) => a.query)).toEqual([EPOCHS_QUERY]);
    expect(list.totalCount).toBe(3);
    expect(list.items.map((e) => [e.number, e.disputeStatus, e.dispute?.status])).toEqual([
      [3n, "upheld", "upheld"],
      [2n, "rejected", "rejected"],
      [1n, null, undefined],
    ]);
  });
});
