import { describe, expect, test } from "vitest";

import { ASSET_QUERY } from "../lib/queries.ts";
import { ATTESTER, HASH, OWNER, rawAsset, rawContribution, VERIFIER } from "../test/indexerRows.ts";
import { standInIndexer } from "../test/standInIndexer.ts";
import { fetchAsset } from "./useAsset.ts";

const SQUATTER = "0x976ea74026e726554db657fa54763abd0c3a0aa9";

describe("fetchAsset", () => {
  test("a reclaimed asset: verified, taken back from the squatter, attesters restricted to those chosen", async () => {
    const { asked, send } = standInIndexer([
      {
        asset: rawAsset({
          registrant: SQUATTER,
          verified: true,
          verifiedBy: VERIFIER,
          verifiedAt: "1700",
          verifiedTx: HASH,
          reclaimedFrom: SQUATTER,
          attestersRestricted: true,
          attesters: { totalCount: 1, items: [{ attester: ATTESTER }] },
        }),
      },
    ]);
    const asset = await fetchAsset(7n, send);
    expect(asked).toEqual([{ query: ASSET_QUERY, variables: { id: "7" } }]);
    expect(asset).toMatchObject({
      id: 7n,
      owner: OWNER,
      registrant: SQUATTER,
      authorship: { verified: true, verifier: VERIFIER, verifiedAt: 1700n, reclaimedFrom: SQUATTER },
      attesters: { restricted: true, chosen: [ATTESTER], chosenCount: 1 },
    });
  });

  test("contributions keep their status apart: attested, corrected, revoked by its attester, struck", async () => {
    const contributions = [
      rawContribution(),
      rawContribution({ attestationCount: 2 }),
      rawContribution({ status: "revoked", revokeReason: "wrong costs" }),
      rawContribution({ status: "struck", revokeReason: "plagiarised" }),
    ];
    const { send } = standInIndexer([{ asset: rawAsset({ contributions: { totalCount: 4, items: contributions } }) }]);
    const asset = await fetchAsset(7n, send);
    expect(asset?.contributionCount).toBe(4);
    expect(asset?.contributions.map((c) => [c.status, c.attestationCount, c.revokeReason])).toEqual([
      ["attested", 1, null],
      ["attested", 2, null],
      ["revoked", 1, "wrong costs"],
      ["struck", 1, "plagiarised"],
    ]);
    expect(asset?.contributions[0]).toMatchObject({ attester: ATTESTER, costMicroUsd: 1_200_000n, attestedAt: 1600n });
    expect(asset?.authorship).toEqual({ verified: false });
  });

  test("no such asset: null", async () => {
    const { send } = standInIndexer([{ asset: null }]);
    expect(await fetchAsset(99n, send)).toBeNull();
  });
});
