import { describe, expect, test } from "vitest";

import { contributionStatusWords, parseContributionStatus } from "./contributionStatus.ts";

describe("contribution statuses", () => {
  test("the indexer's statuses parse; one this web app does not know fails", () => {
    expect(["attested", "revoked", "struck"].map(parseContributionStatus)).toEqual(["attested", "revoked", "struck"]);
    expect(() => parseContributionStatus("disputed")).toThrow(/"disputed", which this web app does not know/);
    expect(() => parseContributionStatus(undefined)).toThrow(/"undefined"/);
  });

  test("revoked by its attester (may be superseded) reads apart from struck by governance (final)", () => {
    expect(contributionStatusWords({ status: "attested", attestationCount: 1 })).toEqual({
      label: "attested",
      meaning: null,
    });
    expect(contributionStatusWords({ status: "attested", attestationCount: 2 })).toEqual({
      label: "corrected",
      meaning: "attested again with corrected costs, superseding its revoked attestation",
    });
    expect(contributionStatusWords({ status: "revoked", attestationCount: 1 })).toEqual({
      label: "revoked",
      meaning: "revoked by its attester; may be superseded",
    });
    expect(contributionStatusWords({ status: "struck", attestationCount: 2 })).toEqual({
      label: "struck",
      meaning: "struck by governance",
    });
  });
});
