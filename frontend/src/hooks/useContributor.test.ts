import { describe, expect, test } from "vitest";

import { CONTRIBUTOR_QUERY } from "../lib/queries.ts";
import { OWNER, rawContribution } from "../test/indexerRows.ts";
import { standInIndexer } from "../test/standInIndexer.ts";
import { fetchContributor } from "./useContributor.ts";

describe("fetchContributor", () => {
  test("the summary counts revoked and struck contributions apart; each contribution has its status", async () => {
    const { asked, send } = standInIndexer([
      {
        contributor: {
          contributionCount: 3,
          activeContributionCount: 1,
          revokedContributionCount: 1,
          struckContributionCount: 1,
          assetCount: 1,
          totalCostMicroUsd: "1200000",
        },
        contributions: {
          items: [
            rawContribution({ attestationCount: 2 }),
            rawContribution({ status: "revoked", revokeReason: "wrong costs" }),
            rawContribution({ status: "struck", revokeReason: "plagiarised" }),
          ],
        },
        claims: { items: [] },
        claimTotals: { items: [] },
      },
    ]);
    const detail = await fetchContributor(OWNER.toUpperCase().replace("0X", "0x"), send);
    expect(asked).toEqual([{ query: CONTRIBUTOR_QUERY, variables: { account: OWNER } }]);
    expect(detail.summary).toEqual({
      contributionCount: 3,
      activeContributionCount: 1,
      revokedContributionCount: 1,
      struckContributionCount: 1,
      assetCount: 1,
      totalCostMicroUsd: 1_200_000n,
    });
    expect(detail.contributions.map((c) => [c.assetId, c.status, c.attestationCount, c.revokeReason])).toEqual([
      [7n, "attested", 2, null],
      [7n, "revoked", 1, "wrong costs"],
      [7n, "struck", 1, "plagiarised"],
    ]);
  });
});
